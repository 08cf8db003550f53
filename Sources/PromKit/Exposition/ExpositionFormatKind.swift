/// Which exposition grammar a parser applies.
public enum ExpositionFormatKind: String, Sendable, Codable, CaseIterable {
    /// Prometheus text format 0.0.4, and 1.0.0 with quoted UTF-8 names.
    case text
    /// OpenMetrics 1.0, ending in `# EOF`.
    case openmetrics
    /// Decide from the input: OpenMetrics when its last line is `# EOF`, text otherwise.
    case auto

    /// The format an HTTP `Content-Type` names: OpenMetrics for
    /// `application/openmetrics-text`, text for anything else (as Prometheus falls back).
    public init(contentType: String) {
        let mediaType = contentType.split(separator: ";", maxSplits: 1).first.map(String.init) ?? ""
        let trimmed = mediaType.trimmingSpaces().lowercased()
        self = trimmed == "application/openmetrics-text" ? .openmetrics : .text
    }

    /// The format of a whole input judged by its end: `.openmetrics` when the
    /// last non-empty line is `# EOF`, `.text` otherwise. `tail` may be just the
    /// last few bytes of the input.
    public static func sniff(tail: some Collection<UInt8>) -> ExpositionFormatKind {
        var bytes = Array(tail.suffix(64))
        while let last = bytes.last, last == UInt8(ascii: "\n") || last == UInt8(ascii: "\r") || last == 0x20 {
            bytes.removeLast()
        }
        let marker = Array("# EOF".utf8)
        guard bytes.count >= marker.count, Array(bytes.suffix(marker.count)) == marker else { return .text }
        let before = bytes.count - marker.count
        return before == 0 || bytes[before - 1] == UInt8(ascii: "\n") ? .openmetrics : .text
    }
}

extension String {
    func trimmingSpaces() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return String(scalars)
    }
}
