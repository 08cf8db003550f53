/// The kind of a metric family, as OpenMetrics names it.
public enum MetricType: String, Sendable, Codable, CaseIterable {
    case counter
    case gauge
    case histogram
    case summary
    case info
    case stateset
    case gaugehistogram
    case unknown
}

/// One label: a name and its value.
public struct Label: Hashable, Sendable, Codable {
    /// The label name.
    public var name: String
    /// The label value.
    public var value: String

    /// Creates a label.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// An exemplar attached to a sample (OpenMetrics).
public struct Exemplar: Hashable, Sendable, Codable {
    /// The exemplar's labels, in the order they were given.
    public var labels: [Label]
    /// The exemplar's value.
    public var value: Double
    /// The exemplar's timestamp in seconds, if any.
    public var timestamp: Double?

    /// Creates an exemplar.
    public init(labels: [Label], value: Double, timestamp: Double? = nil) {
        self.labels = labels
        self.value = value
        self.timestamp = timestamp
    }
}

/// One sample line: a sample name, labels, a value and optional extras.
public struct Sample: Sendable {
    /// The full sample name, for example `http_requests_total` or `latency_bucket`.
    public var name: String
    /// The labels, in the order they were given (renderers sort them).
    public var labels: [Label]
    /// The value.
    public var value: Double
    /// The timestamp in seconds, if any.
    public var timestamp: Double?
    /// The exemplar, if any.
    public var exemplar: Exemplar?

    /// Creates a sample.
    public init(
        name: String,
        labels: [Label] = [],
        value: Double,
        timestamp: Double? = nil,
        exemplar: Exemplar? = nil
    ) {
        self.name = name
        self.labels = labels
        self.value = value
        self.timestamp = timestamp
        self.exemplar = exemplar
    }

    /// The value of the label called `name`, if the sample has one.
    public func label(_ name: String) -> String? {
        labels.last { $0.name.sameBytes(as: name) }?.value
    }
}

/// A metric family: the one model every input produces and every output consumes.
///
/// The `.db` reader and merge, and the exposition parser, produce families;
/// the renderers, the linter, the verifier and the server consume them.
public struct MetricFamily: Sendable {
    /// The family name, without the `_total` suffix that counters carry in text 0.0.4.
    public var name: String
    /// The family's type.
    public var type: MetricType
    /// The help text, unescaped.
    public var help: String
    /// The unit (OpenMetrics `# UNIT`), empty when none.
    public var unit: String
    /// The samples, in the order they are rendered.
    public var samples: [Sample]

    /// Creates a family.
    public init(
        name: String,
        type: MetricType,
        help: String = "",
        unit: String = "",
        samples: [Sample] = []
    ) {
        self.name = name
        self.type = type
        self.help = help
        self.unit = unit
        self.samples = samples
    }
}

extension Sample: Equatable {
    /// Samples are equal when names, labels and timestamps match and the
    /// values are the same bits, so that `NaN == NaN` and `-0.0 != 0.0`.
    public static func == (lhs: Sample, rhs: Sample) -> Bool {
        lhs.name.sameBytes(as: rhs.name)
            && lhs.labels.count == rhs.labels.count
            && zip(lhs.labels, rhs.labels).allSatisfy {
                $0.name.sameBytes(as: $1.name) && $0.value.sameBytes(as: $1.value)
            }
            && lhs.value.bitPattern == rhs.value.bitPattern
            && lhs.timestamp?.bitPattern == rhs.timestamp?.bitPattern
            && lhs.exemplar == rhs.exemplar
    }
}

extension MetricFamily: Equatable {}
