/// The longest one scrape may take: `10s`, `500ms`, `1m`, or a bare number of seconds.
public struct ScrapeTimeout: Hashable, Sendable, CustomStringConvertible {
    /// The limit.
    public var duration: Duration
    /// The text it was written as.
    public var text: String

    /// Ten seconds, Prometheus's own default scrape timeout.
    public static let tenSeconds = ScrapeTimeout(duration: .seconds(10), text: "10s")

    /// A limit of whole seconds, written `<seconds>s`: a default for the other
    /// time limits of `promkit serve` (`--idle-timeout 60s`), which share this grammar.
    public init(seconds: Int) {
        self.init(duration: .seconds(seconds), text: "\(seconds)s")
    }

    private init(duration: Duration, text: String) {
        self.duration = duration
        self.text = text
    }

    /// Why a text is not a timeout.
    public struct ParseError: Error, Hashable, Sendable, CustomStringConvertible {
        /// The text as given.
        public var text: String
        public var description: String {
            "invalid timeout '\(text)': expected a positive number with unit ms, s or m (e.g. 10s, 500ms)"
        }
    }

    /// Parses `<number><unit>` with unit `ms`, `s` or `m` (seconds when none).
    public static func parse(_ text: String) throws(ParseError) -> ScrapeTimeout {
        let units: [(suffix: String, seconds: Double)] = [("ms", 0.001), ("s", 1), ("m", 60)]
        var number = Substring(text)
        var scale = 1.0
        for unit in units where text.hasSuffix(unit.suffix) {
            number = text.dropLast(unit.suffix.count)
            scale = unit.seconds
            break
        }
        guard !number.isEmpty, number.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
            let value = Double(number), value > 0, value * scale <= 86_400
        else { throw ParseError(text: text) }
        return ScrapeTimeout(duration: .nanoseconds(Int64(value * scale * 1e9)), text: text)
    }

    /// The text as given.
    public var description: String { text }
}
