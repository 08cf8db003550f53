/// What validating one source found.
public struct SourceValidation: Sendable {
    /// The source as given.
    public var source: String
    /// How it was read: `db`, `directory`, `text` or `openmetrics`.
    public var readAs: String
    /// The findings (at most the limit per source).
    public var findings: [Diagnostic]
    /// All errors, including any past the limit.
    public var errorCount: Int
    /// All warnings, including any past the limit.
    public var warningCount: Int
    /// Why the source could not be read or fetched, if it could not.
    public var failure: String?

    /// Whether some of it could not be read: the source itself (``failure``) or a
    /// `.db` file in it (an `io` finding, such as a file this user may not open).
    public var hasUnreadableParts: Bool {
        failure != nil || findings.contains { $0.rule == DBFileCheck.ioRule }
    }
}
