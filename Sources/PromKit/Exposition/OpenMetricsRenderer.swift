/// Renders families as `prometheus_client.openmetrics.exposition.generate_latest`
/// does: OpenMetrics 1.0 text ending in `# EOF`.
public struct OpenMetricsRenderer: Sendable {
    /// How names outside the legacy character set are written.
    public var escaping: NameEscaping

    /// Creates a renderer.
    public init(escaping: NameEscaping = .underscores) {
        self.escaping = escaping
    }

    /// The exposition bytes for `families`, in the order given, then `# EOF`.
    public func render(_ families: [MetricFamily]) -> [UInt8] {
        let runs = Halves.sampleRuns(families.map(\.samples.count)) { _ in true }
        var halves = Halves.map(runs.count, weight: Halves.evenly) { range in
            render(runs[range].joined(), of: families)
        }
        halves.append(Array("# EOF\n".utf8))
        return halves.flatMap { $0 }
    }

    private func render(_ pieces: some Sequence<Halves.Piece>, of families: [MetricFamily]) -> [UInt8] {
        var out = ByteWriter(capacity: 64 * 1024)
        for piece in pieces {
            let family = families[piece.family]
            if piece.header { writeHeader(family, to: &out) }
            for sample in family.samples[piece.samples] {
                writeSample(sample, to: &out)
            }
        }
        return out.bytes
    }

    private func writeHeader(_ family: MetricFamily, to out: inout ByteWriter) {
        let name = escaping.metricName(family.name)
        out.write("# HELP ")
        out.write(name)
        out.write(byte: UInt8(ascii: " "))
        out.write(NameEscaping.backslashEscaped(family.help))
        out.write("\n# TYPE ")
        out.write(name)
        out.write(byte: UInt8(ascii: " "))
        out.write(family.type.rawValue)
        out.write(byte: UInt8(ascii: "\n"))
        if !family.unit.isEmpty {
            out.write("# UNIT \(name) \(family.unit)\n")
        }
    }

    private func writeSample(_ sample: Sample, to out: inout ByteWriter) {
        let quoted = escaping == .allowUTF8 && !NameEscaping.isLegacyMetricName(sample.name)
        if !quoted {
            // The library escapes sample names with the label-name character set,
            // so a ':' becomes '_' here even where the HELP line keeps it.
            out.write(escaping.escapeRunes(sample.name, allowColon: false))
        }
        if quoted || !sample.labels.isEmpty {
            out.write(byte: UInt8(ascii: "{"))
            if quoted {
                out.write(escaping.metricName(sample.name))
                if !sample.labels.isEmpty { out.write(byte: UInt8(ascii: ",")) }
            }
            out.writeLabelPairs(sample.labels, escaping: escaping)
            out.write(byte: UInt8(ascii: "}"))
        }
        out.write(byte: UInt8(ascii: " "))
        out.writeGoFloat(sample.value)
        if let timestamp = sample.timestamp {
            out.write(byte: UInt8(ascii: " "))
            out.write(FloatFormatting.repr(timestamp))
        }
        if let exemplar = sample.exemplar {
            out.write(" # {")
            for (index, label) in ByteWriter.sortedLabels(exemplar.labels).enumerated() {
                if index > 0 { out.write(byte: UInt8(ascii: ",")) }
                out.write(label.name)
                out.write("=\"")
                out.write(NameEscaping.backslashEscaped(label.value))
                out.write(byte: UInt8(ascii: "\""))
            }
            out.write("} ")
            out.write(FloatFormatting.goString(exemplar.value))
            if let timestamp = exemplar.timestamp {
                out.write(byte: UInt8(ascii: " "))
                out.write(FloatFormatting.repr(timestamp))
            }
        }
        out.write(byte: UInt8(ascii: "\n"))
    }
}
