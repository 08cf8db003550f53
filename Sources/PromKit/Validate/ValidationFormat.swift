/// How `validate` reads a source.
public enum ValidationFormat: String, Sendable, Codable, CaseIterable {
    /// A directory or a `.db` file as `.db`; other files and URLs by their content.
    case auto
    /// prometheus_client multiprocess `.db` files.
    case db
    /// Prometheus text 0.0.4 / 1.0.0.
    case text
    /// OpenMetrics 1.0.
    case openmetrics
}
