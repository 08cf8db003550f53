/// File names that are not UTF-8, carried in a Swift `String`.
///
/// prometheus_client reads a `counter_\xff.db` like any other file (Python
/// lists names with `surrogateescape`). A Swift string cannot hold the byte
/// 0xFF, so a name's bytes that are not UTF-8 are each written as the
/// private-use scalar U+10FF00 + byte when the directory is listed, and
/// turned back into that byte when the path is opened. Names that are UTF-8
/// pass through unchanged, except that a name holding U+10FF00...U+10FFFF
/// itself has those scalars' bytes escaped too, so that the round trip is
/// exact for every name (the directory-scan fuzzer found the exception).
public enum SystemPath {
    static let base: UInt32 = 0x10_FF00

    /// The name of `bytes`: their UTF-8 text, bytes that are not UTF-8 (or that
    /// spell a scalar of the escape range) escaped.
    public static func name(_ bytes: [UInt8]) -> String {
        if let text = String(validating: bytes, as: UTF8.self), !isEscaped(text) { return text }
        var text = ""
        var index = 0
        while index < bytes.count {
            let lead = bytes[index]
            let length =
                lead < 0x80 ? 1 : lead >> 5 == 0b110 ? 2 : lead >> 4 == 0b1110 ? 3 : lead >> 3 == 0b11110 ? 4 : 0
            if length > 0, index + length <= bytes.count,
                let valid = String(validating: bytes[index..<(index + length)], as: UTF8.self), !isEscaped(valid)
            {
                text += valid
                index += length
            } else {
                if let escaped = Unicode.Scalar(base + UInt32(lead)) { text.unicodeScalars.append(escaped) }
                index += 1
            }
        }
        return text
    }

    /// Whether `name` holds escaped bytes (it came from a name that is not UTF-8).
    public static func isEscaped(_ name: String) -> Bool {
        name.unicodeScalars.contains { $0.value >= base && $0.value <= base + 0xFF }
    }

    /// Calls `body` with the bytes of `path` as the kernel knows them.
    public static func withCString<T>(_ path: String, _ body: (UnsafePointer<CChar>) -> T) -> T {
        guard isEscaped(path) else { return path.withCString(body) }
        var bytes: [UInt8] = []
        for scalar in path.unicodeScalars {
            if scalar.value >= base, scalar.value <= base + 0xFF {
                bytes.append(UInt8(scalar.value - base))
            } else {
                bytes += Array(String(scalar).utf8)
            }
        }
        bytes.append(0)
        return bytes.withUnsafeBufferPointer { raw in
            raw.withMemoryRebound(to: CChar.self) { chars in
                // Never empty: it holds at least the terminating zero.
                guard let start = chars.baseAddress else { return path.withCString(body) }
                return body(start)
            }
        }
    }
}
