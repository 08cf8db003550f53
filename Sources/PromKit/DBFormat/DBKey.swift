/// A decoded `.db` entry key:
/// `json.dumps([metric_name, sample_name, labels, help_text], sort_keys=True)`.
public struct DBKey: Hashable, Sendable {
    /// Which of the shapes prometheus_client has written over the years.
    public enum Shape: String, Hashable, Sendable, Codable {
        /// `[metric, sample, {labels}, help]` (0.16 and later; earlier 4-element keys with an object too).
        case current
        /// `[metric, sample, {labels}]` (0.4 to 0.15, no help text).
        case withoutHelp
        /// `[metric, sample, [label names], [label values]]` (before 0.4).
        case labelLists
    }

    /// The family name without suffix.
    public var metricName: String
    /// The sample name (`x_total`, `x_bucket`, …).
    public var sampleName: String
    /// The labels sorted by name in code-point order, as Python's `sorted(labels.items())`.
    public var labels: [Label]
    /// The help text; empty for shapes that have none.
    public var help: String
    /// The shape the key was written in.
    public var shape: Shape

    /// Creates a key.
    public init(metricName: String, sampleName: String, labels: [Label], help: String, shape: Shape = .current) {
        self.metricName = metricName
        self.sampleName = sampleName
        self.labels = ByteWriter.sortedLabels(labels)
        self.help = help
        self.shape = shape
    }

    /// The key as prometheus_client writes it: `json.dumps(..., sort_keys=True)`
    /// with `ensure_ascii=True`, in the current shape.
    public var encoded: [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "[")]
        PythonJSON.appendString(metricName, to: &out)
        out.append(contentsOf: ", ".utf8)
        PythonJSON.appendString(sampleName, to: &out)
        out.append(contentsOf: ", {".utf8)
        for (index, label) in labels.enumerated() {
            if index > 0 { out.append(contentsOf: ", ".utf8) }
            PythonJSON.appendString(label.name, to: &out)
            out.append(contentsOf: ": ".utf8)
            PythonJSON.appendString(label.value, to: &out)
        }
        out.append(contentsOf: "}, ".utf8)
        PythonJSON.appendString(help, to: &out)
        out.append(UInt8(ascii: "]"))
        return out
    }

    /// Decodes key bytes. Throws ``KeyError`` with the offset within the key.
    public static func decode(_ bytes: UnsafeRawBufferPointer) throws(KeyError) -> DBKey {
        var parser = PythonJSON(bytes)
        let value = try parser.parseDocument()
        guard case .array(let items) = value else {
            throw KeyError(offset: 0, reason: "not a JSON array")
        }
        guard items.count == 3 || items.count == 4,
            case .string(let metricName) = items[0], case .string(let sampleName) = items[1]
        else {
            throw KeyError(offset: 0, reason: "expected [metric, sample, labels, help]")
        }
        guard !metricName.isEmpty, !sampleName.isEmpty else {
            throw KeyError(offset: 0, reason: "empty metric or sample name")
        }
        switch (items[2], items.count == 4 ? items[3] : nil) {
        case (.object(let pairs), .some(.string(let help))):
            return DBKey(
                metricName: metricName, sampleName: sampleName, labels: dedupe(pairs), help: help, shape: .current)
        case (.object(let pairs), .none):
            return DBKey(
                metricName: metricName, sampleName: sampleName, labels: dedupe(pairs), help: "", shape: .withoutHelp)
        case (.array(let names), .some(.array(let values))) where names.count == values.count:
            var pairs: [(String, String)] = []
            for (name, value) in zip(names, values) {
                guard case .string(let n) = name, case .string(let v) = value else {
                    throw KeyError(offset: 0, reason: "label names and values must be strings")
                }
                pairs.append((n, v))
            }
            return DBKey(
                metricName: metricName, sampleName: sampleName, labels: dedupe(pairs), help: "", shape: .labelLists)
        default:
            throw KeyError(offset: 0, reason: "expected [metric, sample, labels, help]")
        }
    }

    /// Python's `dict`: a repeated name keeps its first position and its last value.
    private static func dedupe(_ pairs: [(String, String)]) -> [Label] {
        var labels: [Label] = []
        labels.reserveCapacity(pairs.count)
        // Names compared by their bytes (as Python does); through a table once
        // there are many, so that a key with a million labels costs linear time.
        var positions: [[UInt8]: Int] = [:]
        let many = pairs.count > 16
        for (name, value) in pairs {
            let index =
                many
                ? positions[Array(name.utf8)] : labels.firstIndex(where: { $0.name.sameBytes(as: name) })
            if let index {
                labels[index].value = value
            } else {
                if many { positions[Array(name.utf8)] = labels.count }
                labels.append(Label(name, value))
            }
        }
        return labels
    }
}

/// A key that could not be decoded, with the offset within the key's bytes.
public struct KeyError: Error, Hashable, Sendable {
    /// The byte offset within the key.
    public var offset: Int
    /// What is wrong.
    public var reason: String
}
