import PromKit

#if canImport(Glibc)
    import Glibc
#endif

extension Console {
    /// `promkit: message` on stderr: progress that is neither a result nor a problem.
    /// Control characters in `message` are escaped, as in every diagnostic.
    static func note(_ message: String) {
        let bytes = Array("promkit: \(TerminalText.escaped(message))\n".utf8)
        _ = bytes.withUnsafeBytes { Glibc.write(2, $0.baseAddress, $0.count) }
    }
}
