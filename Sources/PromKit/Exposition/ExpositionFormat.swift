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

/// Appends text to a byte buffer without intermediate strings where it can.
struct ByteWriter {
    var bytes: [UInt8] = []

    init(capacity: Int = 4096) {
        bytes.reserveCapacity(capacity)
    }

    @inline(__always)
    mutating func write(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    @inline(__always)
    mutating func write(byte: UInt8) {
        bytes.append(byte)
    }

    /// Labels sorted by name (then value) in code-point order, as Python's `sorted(labels.items())`.
    static func sortedLabels(_ labels: [Label]) -> [Label] {
        if labels.count < 2 { return labels }
        let precedes: (Label, Label) -> Bool = {
            if $0.name.sameBytes(as: $1.name) {
                return $0.value.utf8.lexicographicallyPrecedes($1.value.utf8)
            }
            return $0.name.utf8.lexicographicallyPrecedes($1.name.utf8)
        }
        // Most label sets arrive sorted already (keys store them sorted).
        if zip(labels, labels.dropFirst()).allSatisfy({ !precedes($1, $0) }) { return labels }
        return labels.sorted(by: precedes)
    }

    /// `name="value",...` with names escaped by `escaping` and values backslash-escaped.
    mutating func writeLabelPairs(_ labels: [Label], escaping: NameEscaping) {
        for (index, label) in Self.sortedLabels(labels).enumerated() {
            if index > 0 { write(byte: UInt8(ascii: ",")) }
            if escaping != .dots, NameEscaping.isLegacyLabelName(label.name) {
                write(label.name)
            } else {
                write(escaping.labelName(label.name))
            }
            write("=\"")
            write(NameEscaping.backslashEscaped(label.value))
            write(byte: UInt8(ascii: "\""))
        }
    }
}
