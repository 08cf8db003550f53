/// The statuses a load's answers must have, for CI smoke tests: codes and
/// classes, as in `200,204` or `2xx,304`.
public struct StatusExpectation: Hashable, Sendable, CustomStringConvertible {
    /// Exact codes allowed.
    public var codes: Set<Int>
    /// Classes allowed, by hundreds digit (2 for `2xx`).
    public var classes: Set<Int>
    /// The text it was written as.
    public var text: String

    /// Why a text is not a list of statuses.
    public struct ParseError: Error, Hashable, Sendable, CustomStringConvertible {
        /// The text.
        public var text: String
        public var description: String {
            "'\(text)' is not a list of statuses: use codes and classes, as in 200,204 or 2xx,304"
        }
    }

    /// Parses a comma-separated list of codes (100 to 599) and classes (`1xx` to `5xx`).
    public static func parse(_ text: String) throws(ParseError) -> StatusExpectation {
        var expectation = StatusExpectation(codes: [], classes: [], text: text)
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let word = item.lowercased()
            if word.count == 3, word.hasSuffix("xx"), let digit = Int(word.prefix(1)), (1...5).contains(digit) {
                expectation.classes.insert(digit)
            } else if word.count == 3, let code = Int(word), (100...599).contains(code) {
                expectation.codes.insert(code)
            } else {
                throw ParseError(text: text)
            }
        }
        return expectation
    }

    /// Whether `status` is one of them.
    public func allows(_ status: Int) -> Bool {
        codes.contains(status) || classes.contains(status / 100)
    }

    /// The answers in `counts` (status to count) that it does not allow, as `404: 100, 500: 3`; nil when none.
    public func unexpected(in counts: [Int: Int]) -> String? {
        let wrong = counts.filter { !allows($0.key) && $0.value > 0 }.sorted { $0.key < $1.key }
        guard !wrong.isEmpty else { return nil }
        return wrong.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
    }

    public var description: String { text }
}
