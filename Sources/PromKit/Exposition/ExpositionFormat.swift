/// An output format for metric families.
public enum ExpositionFormat: String, Sendable, Codable, CaseIterable {
    /// Prometheus text format (0.0.4, and 1.0.0 with `escaping=allow-utf-8`).
    case text
    /// OpenMetrics 1.0 text, ending in `# EOF`.
    case openmetrics
    /// promkit's JSON form of the families (see ``JSONRenderer``).
    case json

    /// The HTTP content type of this format.
    public func contentType(escaping: NameEscaping = .underscores) -> String {
        switch self {
        case .text:
            return escaping == .underscores
                ? "text/plain; version=0.0.4; charset=utf-8"
                : "text/plain; version=1.0.0; charset=utf-8; escaping=\(escaping.rawValue)"
        case .openmetrics:
            return "application/openmetrics-text; version=1.0.0; charset=utf-8; escaping=\(escaping.rawValue)"
        case .json:
            return "application/json"
        }
    }

    /// Renders `families` in this format.
    public func render(_ families: [MetricFamily], escaping: NameEscaping = .underscores) -> [UInt8] {
        switch self {
        case .text: return TextRenderer(escaping: escaping).render(families)
        case .openmetrics: return OpenMetricsRenderer(escaping: escaping).render(families)
        case .json: return JSONRenderer().render(families)
        }
    }
}
