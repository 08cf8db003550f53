#if canImport(Glibc)
    import Glibc
#endif

extension ResponseParser {
    /// One header line: only `Content-Length`, `Transfer-Encoding` and `Connection` matter.
    mutating func header(_ text: UnsafeRawBufferPointer) -> Outcome {
        guard let base = text.baseAddress, let first = text.first else { return .needMore }
        if first == 0x20 || first == 0x09 { return .needMore }  // folded line
        guard let found = memchr(base, 0x3A, text.count) else { return .malformed("header line without ':'") }
        let colon = UnsafeRawPointer(found) - base
        // Only three headers matter; skip the rest by the length of their names.
        guard colon == 10 || colon == 14 || colon == 17 else { return .needMore }
        let name = UnsafeRawBufferPointer(rebasing: text[..<colon])
        var valueStart = colon + 1
        var valueEnd = text.count
        while valueStart < valueEnd, text[valueStart] == 0x20 || text[valueStart] == 0x09 { valueStart += 1 }
        while valueEnd > valueStart, text[valueEnd - 1] == 0x20 || text[valueEnd - 1] == 0x09 { valueEnd -= 1 }
        let value = UnsafeRawBufferPointer(rebasing: text[valueStart..<valueEnd])
        switch name.count {
        case 14 where Self.equalsLowercased(name, Self.contentLengthName):
            var length = 0
            guard !value.isEmpty else { return .malformed("empty Content-Length") }
            for byte in value {
                guard byte >= 0x30, byte <= 0x39, length < Int.max / 10 - 9 else {
                    return .malformed("invalid Content-Length")
                }
                length = length * 10 + Int(byte - 0x30)
            }
            if contentLength >= 0 && contentLength != length { return .malformed("conflicting Content-Length") }
            contentLength = length
        case 17 where Self.equalsLowercased(name, Self.transferEncodingName):
            chunked = Self.lastToken(value, is: Self.chunkedToken)
        case 10 where Self.equalsLowercased(name, Self.connectionName):
            if value.count == 10 && Self.equalsLowercased(value, Self.keepAliveToken) {
                keepAlive = true  // the common case, without splitting tokens
            } else {
                if Self.containsToken(value, Self.closeToken) { keepAlive = false }
                if Self.containsToken(value, Self.keepAliveToken) { keepAlive = true }
            }
        default:
            break
        }
        return .needMore
    }

    /// The blank line after the headers: decides how the body is delimited.
    mutating func endOfHeaders() -> Outcome {
        if status < 200 && status != 101 {
            state = .statusLine  // 100 Continue and friends: the real response follows
            return .needMore
        }
        if status == 101 {
            keepAlive = false
            state = .done
            return .complete(consumed: 0)
        }
        if !expectsBody || status == 204 || status == 304 {
            state = .done
            return .complete(consumed: 0)
        }
        if chunked {
            state = .chunkSize
            return .needMore
        }
        if contentLength >= 0 {
            if contentLength == 0 {
                state = .done
                return .complete(consumed: 0)
            }
            remaining = contentLength
            state = .body
            return .needMore
        }
        keepAlive = false
        state = .untilClose
        return .needMore
    }

    /// A chunk-size line: hexadecimal, optionally followed by `;extensions`.
    mutating func chunkSize(_ text: UnsafeRawBufferPointer) -> Outcome {
        var size = 0
        var digits = 0
        for byte in text {
            let digit: Int
            switch byte {
            case 0x30...0x39: digit = Int(byte - 0x30)
            case 0x41...0x46: digit = Int(byte - 0x41 + 10)
            case 0x61...0x66: digit = Int(byte - 0x61 + 10)
            case 0x3B, 0x20, 0x09: digit = -1
            default: return .malformed("invalid chunk size")
            }
            if digit < 0 { break }
            guard size < Int.max >> 8 else { return .malformed("chunk size too large") }
            size = size << 4 | digit
            digits += 1
        }
        guard digits > 0 else { return .malformed("invalid chunk size") }
        if size == 0 {
            state = .trailers
        } else {
            remaining = size
            state = .chunkData
        }
        return .needMore
    }

    static let contentLengthName: [UInt8] = Array("content-length".utf8)
    static let transferEncodingName: [UInt8] = Array("transfer-encoding".utf8)
    static let connectionName: [UInt8] = Array("connection".utf8)
    static let chunkedToken: [UInt8] = Array("chunked".utf8)
    static let closeToken: [UInt8] = Array("close".utf8)
    static let keepAliveToken: [UInt8] = Array("keep-alive".utf8)

    /// ASCII case-insensitive comparison against a lowercase name.
    static func equalsLowercased(_ bytes: UnsafeRawBufferPointer, _ lowercase: [UInt8]) -> Bool {
        guard bytes.count == lowercase.count else { return false }
        for index in 0..<bytes.count where bytes[index] | 0x20 != lowercase[index] {
            return false
        }
        return true
    }

    /// Whether a comma-separated header value contains `token` (case-insensitive).
    static func containsToken(_ value: UnsafeRawBufferPointer, _ token: [UInt8]) -> Bool {
        var found = false
        forEachToken(value) { if equalsLowercased($0, token) { found = true } }
        return found
    }

    /// Whether the last comma-separated token is `token` (case-insensitive).
    static func lastToken(_ value: UnsafeRawBufferPointer, is token: [UInt8]) -> Bool {
        var isLast = false
        forEachToken(value) { isLast = equalsLowercased($0, token) }
        return isLast
    }

    private static func forEachToken(_ value: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) -> Void) {
        var start = 0
        for index in 0...value.count where index == value.count || value[index] == 0x2C {
            var lower = start
            var upper = index
            while lower < upper, value[lower] == 0x20 || value[lower] == 0x09 { lower += 1 }
            while upper > lower, value[upper - 1] == 0x20 || value[upper - 1] == 0x09 { upper -= 1 }
            if upper > lower { body(UnsafeRawBufferPointer(rebasing: value[lower..<upper])) }
            start = index + 1
        }
    }
}
