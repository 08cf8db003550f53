/// How findings name their sources, the same in `validate` and `lint`.
public enum SourceName {
    /// Standard input (`-`).
    public static let standardInput = "<stdin>"

    /// For a path that does not exist but reads like a URL without its
    /// scheme (`localhost:8000/metrics`): the hint to write the scheme.
    public static func urlHint(_ path: String) -> String {
        let authority = path.split(separator: "/", maxSplits: 1).first ?? ""
        let parts = authority.split(separator: ":")
        guard parts.count == 2, !parts[0].isEmpty, let port = Int(parts[1]), (1...65_535).contains(port) else {
            return ""
        }
        return "; for a URL, write http://\(path)"
    }
}
