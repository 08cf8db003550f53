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
        text.withExactBytes { bytes.append(contentsOf: $0) }
    }

    /// `text` with `\\`, newline and `"` backslash-escaped, as label values are
    /// written (``NameEscaping/backslashEscaped(_:)``), with no string between.
    mutating func writeBackslashEscaped(_ text: String) {
        writeEscaped(text, quote: true)
    }

    /// `text` with `\\` and newline backslash-escaped, and `"` too with `quote`.
    mutating func writeEscaped(_ text: String, quote: Bool) {
        text.withExactBytes { raw in
            var start = 0
            for index in 0..<raw.count {
                let byte = raw[index]
                guard byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "\n") || (quote && byte == UInt8(ascii: "\""))
                else { continue }
                bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[start..<index]))
                bytes.append(UInt8(ascii: "\\"))
                bytes.append(byte == UInt8(ascii: "\n") ? UInt8(ascii: "n") : byte)
                start = index + 1
            }
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[start...]))
        }
    }

    /// `FloatFormatting.goString(value)`, written: whole numbers of up to six
    /// digits (most counts) directly, others through the general formatting.
    mutating func writeGoFloat(_ value: Double) {
        guard value.magnitude < 1_000_000, value.rounded(.towardZero) == value, value != 0 else {
            write(FloatFormatting.goString(value))
            return
        }
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var whole = Int(value.magnitude)
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[5 - count] = UInt8(ascii: "0") + UInt8(whole % 10)
                whole /= 10
                count += 1
            } while whole > 0
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[(6 - count)...]))
        }
        bytes.append(UInt8(ascii: "."))
        bytes.append(UInt8(ascii: "0"))
    }

    @inline(__always)
    mutating func write(byte: UInt8) {
        bytes.append(byte)
    }

    /// Labels sorted by name (then value) in code-point order, as Python's `sorted(labels.items())`.
    static func sortedLabels(_ labels: [Label]) -> [Label] {
        if labels.count < 2 { return labels }
        let precedes: (Label, Label) -> Bool = {
            let names = SampleOrder.compareBytes($0.name, $1.name)
            return names != 0 ? names < 0 : SampleOrder.compareBytes($0.value, $1.value) < 0
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
            writeBackslashEscaped(label.value)
            write(byte: UInt8(ascii: "\""))
        }
    }
}
