/// A regular expression matched against a whole string, as PromQL matches label values
/// (`^(?s:re)$`: anchored at both ends, `.` matching newlines too).
struct AnchoredPattern: @unchecked Sendable {
    // Regex<AnyRegexOutput> is immutable once built; it is only read here.
    private let regex: Regex<AnyRegexOutput>

    init(_ pattern: String) throws(SelectorError) {
        do {
            regex = try Regex(pattern).dotMatchesNewlines()
        } catch {
            throw SelectorError(text: pattern, column: 1, problem: "invalid regular expression: \(error)")
        }
    }

    func matches(_ value: String) -> Bool {
        (try? regex.wholeMatch(in: value)) != nil
    }
}
