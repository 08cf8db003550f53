/// An age such as `30m` or `7d`, for `--older-than` and `--assume-dead-after`.
///
/// A whole or decimal number followed by a unit: `ms`, `s`, `m`, `h`, `d` or
/// `w`. A bare number is seconds.
public struct FileAge: Hashable, Sendable, CustomStringConvertible {
    /// The age in seconds.
    public var seconds: Double
    /// The text it was parsed from.
    public var text: String

    /// Creates an age of `seconds`.
    public init(seconds: Double) {
        self.seconds = seconds
        self.text = seconds == seconds.rounded() && abs(seconds) < 1e15 ? "\(Int(seconds))s" : "\(seconds)s"
    }

    /// Why a text is not an age.
    public struct ParseError: Error, Hashable, Sendable, CustomStringConvertible {
        /// The text.
        public var text: String
        public var description: String {
            "'\(text)' is not an age: use a number and a unit, as in 500ms, 90s, 30m, 12h, 7d or 2w"
        }
    }

    private static let units: [(suffix: String, seconds: Double)] = [
        ("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86400), ("w", 604_800),
    ]

    /// Parses `30m`, `7d`, `1.5h`, `500ms`, `90`.
    public static func parse(_ text: String) throws(ParseError) -> FileAge {
        let trimmed = text.trimmingSpaces()
        var number = Substring(trimmed)
        var scale = 1.0
        for unit in units where trimmed.hasSuffix(unit.suffix) {
            let stem = trimmed.dropLast(unit.suffix.count)
            // "ms" must not be read as "m" followed by garbage, nor "5m" as "5" + "m"s.
            if unit.suffix == "s", stem.hasSuffix("m") { continue }
            number = stem
            scale = unit.seconds
            break
        }
        guard !number.isEmpty, number.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || $0 == 46 }),
            let value = Double(number), value.isFinite
        else { throw ParseError(text: text) }
        var age = FileAge(seconds: value * scale)
        age.text = trimmed
        return age
    }

    public var description: String { text }
}
