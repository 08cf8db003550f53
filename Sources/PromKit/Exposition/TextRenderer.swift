/// Renders families as prometheus_client's `generate_latest` does (text 0.0.4,
/// or 1.0.0 when names are quoted under `allow-utf-8`).
public struct TextRenderer: Sendable {
    /// How names outside the legacy character set are written.
    public var escaping: NameEscaping

    /// Creates a renderer.
    public init(escaping: NameEscaping = .underscores) {
        self.escaping = escaping
    }

    /// The exposition bytes for `families`, in the order given.
    public func render(_ families: [MetricFamily]) -> [UInt8] {
        // A family may be cut in two unless it has samples that go after the rest.
        let runs = Halves.sampleRuns(families.map(\.samples.count)) { index in
            !families[index].samples.contains { Self.specialSuffix($0.name, of: families[index].name) != nil }
        }
        let halves = Halves.map(runs.count, weight: Halves.evenly) { range in
            var out = ByteWriter(capacity: 64 * 1024)
            for piece in runs[range].joined() {
                write(families[piece.family], samples: piece.samples, header: piece.header, to: &out)
            }
            return out.bytes
        }
        return halves.count == 1 ? halves[0] : halves.flatMap { $0 }
    }

    /// The suffixes of OpenMetrics-only samples, which go into gauges of their own after the family.
    private static let specialSuffixes = ["_created", "_gcount", "_gsum"]

    /// The special suffix `name` has after the family's name, if any.
    private static func specialSuffix(_ name: String, of family: String) -> String? {
        let extra = name.utf8.count - family.utf8.count
        guard extra >= 5, extra <= 8 else { return nil }
        return specialSuffixes.first { suffix in
            suffix.utf8.count == extra && name.utf8.reversed().starts(with: suffix.utf8.reversed())
                && name.utf8.starts(with: family.utf8)
        }
    }

    private func write(_ family: MetricFamily, samples range: Range<Int>, header: Bool, to out: inout ByteWriter) {
        var name = family.name
        var type: String
        switch family.type {
        case .counter:
            name += "_total"
            type = "counter"
        case .info:
            name += "_info"
            type = "gauge"
        case .stateset: type = "gauge"
        case .gaugehistogram: type = "histogram"
        case .unknown: type = "untyped"
        case .gauge, .histogram, .summary: type = family.type.rawValue
        }
        let escapedName = escaping.metricName(name)
        if header {
            writeHeader(escapedName, type: type, help: family.help, to: &out)
        }

        var special: [String: [Sample]] = [:]
        var lastName = ("", "")
        for sample in family.samples[range] {
            if let suffix = Self.specialSuffix(sample.name, of: family.name) {
                special[suffix, default: []].append(sample)
            } else {
                writeSample(sample, to: &out, names: &lastName)
            }
        }
        for suffix in special.keys.sorted() {
            let specialName = escaping.metricName(family.name + suffix)
            out.write("# HELP \(specialName) \(NameEscaping.helpEscaped(family.help))\n")
            out.write("# TYPE \(specialName) gauge\n")
            for sample in special[suffix] ?? [] {
                writeSample(sample, to: &out, names: &lastName)
            }
        }
    }

    private func writeHeader(_ escapedName: String, type: String, help: String, to out: inout ByteWriter) {
        out.write("# HELP ")
        out.write(escapedName)
        out.write(byte: UInt8(ascii: " "))
        out.write(NameEscaping.helpEscaped(help))
        out.write("\n# TYPE ")
        out.write(escapedName)
        out.write(byte: UInt8(ascii: " "))
        out.write(type)
        out.write(byte: UInt8(ascii: "\n"))
    }

    /// `names` holds the last sample name and its escaped form: samples of a
    /// family repeat a few names.
    private func writeSample(_ sample: Sample, to out: inout ByteWriter, names: inout (String, String)) {
        if !names.0.sameBytes(as: sample.name) {
            names = (sample.name, escaping.metricName(sample.name))
        }
        let quoted = escaping == .allowUTF8 && !NameEscaping.isLegacyMetricName(sample.name)
        if quoted {
            out.write(byte: UInt8(ascii: "{"))
            out.write(escaping.metricName(sample.name))
            if !sample.labels.isEmpty { out.write(byte: UInt8(ascii: ",")) }
            out.writeLabelPairs(sample.labels, escaping: escaping)
            out.write(byte: UInt8(ascii: "}"))
        } else {
            out.write(names.1)
            if !sample.labels.isEmpty {
                out.write(byte: UInt8(ascii: "{"))
                out.writeLabelPairs(sample.labels, escaping: escaping)
                out.write(byte: UInt8(ascii: "}"))
            }
        }
        out.write(byte: UInt8(ascii: " "))
        out.writeGoFloat(sample.value)
        if let timestamp = sample.timestamp {
            // Python: int(float(timestamp) * 1000), truncated toward zero.
            let millis = timestamp * 1000
            if millis.isFinite, let whole = Int64(exactly: millis.rounded(.towardZero)) {
                out.write(" \(whole)")
            }
        }
        out.write(byte: UInt8(ascii: "\n"))
    }
}
