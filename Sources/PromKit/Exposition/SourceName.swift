/// How findings name their sources, the same in `validate` and `lint`.
public enum SourceName {
    /// Standard input (`-`).
    public static let standardInput = "<stdin>"
}
