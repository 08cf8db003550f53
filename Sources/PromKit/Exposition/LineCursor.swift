#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A read position in one line of an exposition (the line without its newline).
struct LineCursor {
    let bytes: UnsafeRawBufferPointer
    var index: Int = 0

    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    var atEnd: Bool { index >= bytes.count }
    var current: UInt8? { index < bytes.count ? bytes[index] : nil }
    var column: Int { index + 1 }

    @inline(__always)
    static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

    /// Skips spaces and tabs.
    mutating func skipBlanks() {
        while index < bytes.count, Self.isBlank(bytes[index]) { index += 1 }
    }

    /// The bytes from `start` to the current position.
    func slice(from start: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: bytes[start..<index])
    }

    /// Advances to the next space, tab or end and returns what it passed.
    mutating func tokenUntilBlank() -> UnsafeRawBufferPointer {
        let start = index
        while index < bytes.count, !Self.isBlank(bytes[index]) { index += 1 }
        return slice(from: start)
    }

    /// Advances over `[a-zA-Z_:][a-zA-Z0-9_:]*` (colons only when `allowColon`).
    mutating func legacyName(allowColon: Bool) -> UnsafeRawBufferPointer {
        let start = index
        guard index < bytes.count, NameEscaping.isLegacyByte(bytes[index], index: 0, allowColon: allowColon) else {
            return slice(from: start)
        }
        index += 1
        // [a-zA-Z0-9_] (and ':') as two 64-bit masks over the ASCII range.
        let low: UInt64 = 0x03FF_0000_0000_0000 | (allowColon ? 1 << 58 : 0)
        let high: UInt64 = 0x07FF_FFFE_87FF_FFFE
        while index < bytes.count {
            let byte = bytes[index]
            let inSet = byte < 64 ? (low >> UInt64(byte)) & 1 == 1 : byte < 128 && (high >> UInt64(byte - 64)) & 1 == 1
            if !inSet { break }
            index += 1
        }
        return slice(from: start)
    }

    /// Whether two byte runs are equal (memcmp).
    @inline(__always)
    static func same(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        guard a.count == b.count else { return false }
        guard let x = a.baseAddress, let y = b.baseAddress else { return a.count == 0 }
        return memcmp(x, y, a.count) == 0
    }

    /// The fast path of ``quoted(lax:)``: at a `"`, when the string has no
    /// backslash before its closing quote, its bytes as they are (and the
    /// position past the quote); nil otherwise, with the position unchanged.
    mutating func quotedPlain() -> UnsafeRawBufferPointer? {
        var end = index + 1
        while end < bytes.count {
            let byte = bytes[end]
            if byte == UInt8(ascii: "\"") {
                let text = UnsafeRawBufferPointer(rebasing: bytes[(index + 1)..<end])
                index = end + 1
                return text
            }
            if byte == UInt8(ascii: "\\") { return nil }
            end += 1
        }
        return nil
    }

    /// Reads a double-quoted string at the current `"`, unescaping `\\`, `\"`
    /// and `\n`. Unknown escapes are kept as written when `lax`, refused otherwise.
    /// Returns nil (with the position at the problem) when the line ends first or
    /// an escape is refused; the position ends past the closing quote.
    mutating func quoted(lax: Bool) -> (value: [UInt8], error: String?) {
        var out: [UInt8] = []
        index += 1
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return (out, nil)
            }
            if byte == UInt8(ascii: "\\") {
                guard index + 1 < bytes.count else { return (out, "unterminated quoted string") }
                let next = bytes[index + 1]
                switch next {
                case UInt8(ascii: "\\"), UInt8(ascii: "\""): out.append(next)
                case UInt8(ascii: "n"): out.append(0x0A)
                default:
                    if !lax { return (out, "invalid escape sequence '\\\(Character(Unicode.Scalar(next)))'") }
                    out.append(byte)
                    out.append(next)
                }
                index += 2
                continue
            }
            out.append(byte)
            index += 1
        }
        return (out, "unterminated quoted string")
    }
}

extension String {
    /// A string from bytes already known to be ASCII or valid UTF-8.
    init(bytes: UnsafeRawBufferPointer) {
        self.init(decoding: bytes, as: UTF8.self)
    }
}
