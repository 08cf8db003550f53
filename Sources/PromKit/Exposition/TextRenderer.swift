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
        let weight = { (index: Int) in families[index].samples.count }
        let halves = Halves.map(families.count, weight: weight) { range in
            var out = ByteWriter(capacity: 64 * 1024)
            for family in families[range] {
                write(family, to: &out)
            }
            return out.bytes
        }
        return halves.count == 1 ? halves[0] : halves.flatMap { $0 }
    }

    private func write(_ family: MetricFamily, to out: inout ByteWriter) {
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
        out.write("# HELP ")
        out.write(escapedName)
        out.write(byte: UInt8(ascii: " "))
        out.write(NameEscaping.helpEscaped(family.help))
        out.write("\n# TYPE ")
        out.write(escapedName)
        out.write(byte: UInt8(ascii: " "))
        out.write(type)
        out.write(byte: UInt8(ascii: "\n"))

        // OpenMetrics-only samples go into gauges of their own after the family.
        let specialSuffixes = ["_created", "_gsum", "_gcount"]
        let specialNames = specialSuffixes.map { family.name + $0 }
        var special: [String: [Sample]] = [:]
        var lastName = ("", "")
        for sample in family.samples {
            if let index = specialNames.firstIndex(where: { sample.name == $0 }) {
                special[specialSuffixes[index], default: []].append(sample)
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
        out.write(FloatFormatting.goString(sample.value))
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
