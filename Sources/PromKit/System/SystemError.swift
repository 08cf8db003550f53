import Glibc

/// A system call that failed: its `errno` and what was being done. It reads
/// as a message does, `what: reason` (`cannot open: Permission denied`), the
/// reason in `strerror`'s words.
public struct SystemError: Error, Equatable, CustomStringConvertible {
    /// The `errno` value.
    public var code: Int32
    /// What was being done, as the message begins (`cannot read`).
    public var what: String

    /// The error of the call that has just failed, from `errno`.
    static func last(_ what: String) -> SystemError {
        SystemError(code: errno, what: what)
    }

    /// `strerror`'s words for the code (`Permission denied`).
    public var reason: String { Self.reason(code) }

    /// `strerror`'s words for `code`.
    public static func reason(_ code: Int32) -> String {
        String(cString: strerror(code))
    }

    /// `what: reason`.
    public var description: String { "\(what): \(reason)" }
}
