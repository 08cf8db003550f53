/// Appends text to a byte buffer without intermediate strings where it can.
struct ByteWriter {
    var bytes: [UInt8] = []

    init(capacity: Int = 4096) {
        bytes.reserveCapacity(capacity)
    }

    @inline(__always)
    mutating func write(_ text: String) {
        text.withExactBytes { bytes.append(contentsOf: $0) }
    }

    /// `text` with `\\`, newline and `"` backslash-escaped, as label values are
    /// written (``NameEscaping/backslashEscaped(_:)``), with no string between.
    mutating func writeBackslashEscaped(_ text: String) {
        writeEscaped(text, quote: true)
    }

    /// `text` with `\\` and newline backslash-escaped, and `"` too with `quote`.
    mutating func writeEscaped(_ text: String, quote: Bool) {
        text.withExactBytes { raw in
            var start = 0
            for index in 0..<raw.count {
                let byte = raw[index]
                guard byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "\n") || (quote && byte == UInt8(ascii: "\""))
                else { continue }
                bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[start..<index]))
                bytes.append(UInt8(ascii: "\\"))
                bytes.append(byte == UInt8(ascii: "\n") ? UInt8(ascii: "n") : byte)
                start = index + 1
            }
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[start...]))
        }
    }

    @inline(__always)
    mutating func write(byte: UInt8) {
        bytes.append(byte)
    }
}
