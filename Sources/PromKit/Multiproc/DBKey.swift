#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

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

    /// Decodes key bytes as ``decode(_:)`` does, through a fast path for keys
    /// exactly as `json.dumps(..., sort_keys=True)` writes them from ASCII text
    /// (no escapes, label names in order), which reuses the strings of the
    /// last key where they repeat (workers' keys share family, sample and help).
    static func decode(_ bytes: UnsafeRawBufferPointer, reusing strings: inout KeyStrings) throws(KeyError) -> DBKey {
        if let key = CommonKey.decode(bytes, strings: &strings) { return key }
        return try decode(bytes)
    }

    /// Python's `dict`: a repeated name keeps its first position and its last value.
    private static func dedupe(_ pairs: [(String, String)]) -> [Label] {
        var labels: [Label] = []
        labels.reserveCapacity(pairs.count)
        for (name, value) in pairs {
            if let index = labels.firstIndex(where: { $0.name.sameBytes(as: name) }) {
                labels[index].value = value
            } else {
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

/// The strings of the last key decoded, with their bytes, for the next key to reuse.
struct KeyStrings {
    fileprivate var metric = CachedString()
    fileprivate var sample = CachedString()
    fileprivate var help = CachedString()

    fileprivate struct CachedString {
        var bytes: [UInt8] = []
        var text = ""

        mutating func string(_ slice: UnsafeRawBufferPointer) -> String {
            let same = bytes.withUnsafeBytes { stored in
                stored.count == slice.count
                    && (slice.isEmpty
                        || memcmp(
                            stored.baseAddress.unsafelyUnwrapped, slice.baseAddress.unsafelyUnwrapped, slice.count) == 0)
            }
            if !same {
                bytes = Array(slice)
                text = String(decoding: slice, as: UTF8.self)
            }
            return text
        }
    }
}

/// The key shape every current prometheus_client writes:
/// `["metric", "sample", {"name": "value", ...}, "help"]` with `", "` and
/// `": "` between items, label names sorted, all text ASCII without escapes.
/// Anything else returns nil, for the general decoder to read (or reject).
private struct CommonKey {
    private let bytes: UnsafeRawBufferPointer
    private var position = 0

    static func decode(_ bytes: UnsafeRawBufferPointer, strings: inout KeyStrings) -> DBKey? {
        var reader = CommonKey(bytes: bytes)
        guard reader.take("[\""), let metric = reader.plainString(), reader.take(", \""),
            let sample = reader.plainString(), reader.take(", {"), !metric.isEmpty, !sample.isEmpty
        else { return nil }
        var labels: [Label] = []
        var previousName = UnsafeRawBufferPointer(start: nil, count: 0)
        if !reader.take("}") {
            while true {
                guard reader.take("\""), let name = reader.plainString(), reader.take(": \""),
                    let value = reader.plainString(), Self.precedes(previousName, name)
                else { return nil }
                previousName = name
                labels.append(
                    Label(String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self)))
                if reader.take("}") { break }
                guard reader.take(", ") else { return nil }
            }
        }
        guard reader.take(", \""), let help = reader.plainString(), reader.take("]"),
            reader.position == bytes.count
        else { return nil }
        var key = DBKey(metricName: "", sampleName: "", labels: [], help: "", shape: .current)
        key.metricName = strings.metric.string(metric)
        key.sampleName = strings.sample.string(sample)
        key.labels = labels
        key.help = strings.help.string(help)
        return key
    }

    /// Whether label name `left` sorts strictly before `right` (byte order, which
    /// is code-point order for ASCII); the first name follows nothing.
    private static func precedes(_ left: UnsafeRawBufferPointer, _ right: UnsafeRawBufferPointer) -> Bool {
        guard let leftBase = left.baseAddress else { return true }
        let common = min(left.count, right.count)
        let order = common == 0 ? 0 : memcmp(leftBase, right.baseAddress.unsafelyUnwrapped, common)
        return order < 0 || (order == 0 && left.count < right.count)
    }

    /// Takes `literal` if the bytes continue with it.
    private mutating func take(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard bytes.count - position >= count,
            memcmp(bytes.baseAddress.unsafelyUnwrapped + position, literal.utf8Start, count) == 0
        else { return false }
        position += count
        return true
    }

    /// The bytes of a string whose opening quote is taken, up to its closing
    /// quote (taken): nil if it holds an escape, a control or a non-ASCII byte.
    private mutating func plainString() -> UnsafeRawBufferPointer? {
        let start = position
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                position += 1
                return UnsafeRawBufferPointer(rebasing: bytes[start..<(position - 1)])
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 || byte >= 0x80 { return nil }
            position += 1
        }
        return nil
    }
}
