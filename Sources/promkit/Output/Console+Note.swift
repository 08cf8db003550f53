import PromKit

extension Console {
    /// `promkit: message` on stderr: progress that is neither a result nor a problem.
    /// Control characters in `message` are escaped, as in every diagnostic.
    static func note(_ message: String) {
        let bytes = Array("promkit: \(TerminalText.escaped(message))\n".utf8)
        write(bytes, to: 2)
    }
}
