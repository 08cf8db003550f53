import Synchronization

/// A regular expression matched against a whole string, as PromQL matches label values
/// (`^(?s:re)$`: anchored at both ends, `.` matching newlines too).
struct AnchoredPattern: Sendable {
    /// `Regex` is not `Sendable`, so matches take turns under a lock: a selector
    /// matches a few series per scrape, never from two threads at once in practice.
    private final class Compiled: Sendable {
        let regex: Mutex<Regex<AnyRegexOutput>>

        init(_ regex: consuming sending Regex<AnyRegexOutput>) {
            self.regex = Mutex(regex)
        }
    }

    private let compiled: Compiled

    init(_ pattern: String) throws(SelectorError) {
        do {
            compiled = Compiled(try Regex(pattern).dotMatchesNewlines())
        } catch {
            throw SelectorError(text: pattern, column: 1, problem: "invalid regular expression: \(error)")
        }
    }

    func matches(_ value: String) -> Bool {
        compiled.regex.withLock { (try? $0.wholeMatch(in: value)) != nil }
    }
}
