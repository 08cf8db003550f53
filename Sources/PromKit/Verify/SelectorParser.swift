/// Parses the text of a `MetricSelector`.
struct SelectorParser {
    private let text: String
    private let chars: [Character]
    private var index = 0

    init(_ text: String) {
        self.text = text
        self.chars = Array(text)
    }

    mutating func parse() throws(SelectorError) -> [MetricSelector.Matcher] {
        var matchers: [MetricSelector.Matcher] = []
        skipSpaces()
        if index < chars.count, chars[index] != "{" {
            let name = identifier(allowColon: true)
            guard !name.isEmpty else { throw error("expected a metric name or {") }
            matchers.append(try matcher("__name__", .equal, name))
            skipSpaces()
        }
        if index < chars.count, chars[index] == "{" {
            index += 1
            try labelMatchers(into: &matchers)
        }
        skipSpaces()
        guard index == chars.count else { throw error("unexpected '\(chars[index])'") }
        guard !matchers.isEmpty else { throw error("empty selector") }
        guard matchers.contains(where: { !$0.matches("") }) else {
            throw error("the selector must contain a matcher that does not match the empty string")
        }
        return matchers
    }

    private mutating func labelMatchers(into matchers: inout [MetricSelector.Matcher]) throws(SelectorError) {
        while true {
            skipSpaces()
            guard index < chars.count else { throw error("unclosed {") }
            if chars[index] == "}" {
                index += 1
                return
            }
            let name: String
            if chars[index] == "\"" || chars[index] == "'" || chars[index] == "`" {
                name = try quoted()
                skipSpaces()
                if index < chars.count, chars[index] == "," || chars[index] == "}" {
                    matchers.append(try matcher("__name__", .equal, name))  // {"utf8.metric", ...}
                    if chars[index] == "," { index += 1 }
                    continue
                }
            } else {
                name = identifier(allowColon: false)
                guard !name.isEmpty else { throw error("expected a label name") }
            }
            skipSpaces()
            let op = try comparison()
            skipSpaces()
            let value = try quoted()
            matchers.append(try matcher(name, op, value))
            skipSpaces()
            guard index < chars.count else { throw error("unclosed {") }
            if chars[index] == "," {
                index += 1
            } else if chars[index] != "}" {
                throw error("expected , or }")
            }
        }
    }

    private func matcher(_ label: String, _ op: MetricSelector.Operator, _ value: String) throws(SelectorError)
        -> MetricSelector.Matcher
    {
        do {
            return try MetricSelector.Matcher(label: label, op: op, value: value)
        } catch {
            throw SelectorError(text: text, column: index + 1, problem: error.problem)
        }
    }

    private mutating func comparison() throws(SelectorError) -> MetricSelector.Operator {
        let rest = chars[index...].prefix(2)
        if rest.starts(with: ["=", "~"]) {
            index += 2
            return .matches
        }
        if rest.starts(with: ["!", "~"]) {
            index += 2
            return .notMatches
        }
        if rest.starts(with: ["!", "="]) {
            index += 2
            return .notEqual
        }
        if rest.starts(with: ["="]) {
            index += 1
            return .equal
        }
        throw error("expected =, !=, =~ or !~")
    }

    private mutating func quoted() throws(SelectorError) -> String {
        guard index < chars.count, let quote = chars[index] as Character?, quote == "\"" || quote == "'" || quote == "`"
        else { throw error("expected a quoted string") }
        index += 1
        var value = ""
        while index < chars.count {
            let char = chars[index]
            index += 1
            if char == quote { return value }
            if char == "\\" && quote != "`" {
                guard index < chars.count else { break }
                let escaped = chars[index]
                index += 1
                switch escaped {
                case "n": value.append("\n")
                case "t": value.append("\t")
                case "r": value.append("\r")
                case "\\", "\"", "'": value.append(escaped)
                default:
                    value.append("\\")
                    value.append(escaped)
                }
            } else {
                value.append(char)
            }
        }
        throw error("unterminated string")
    }

    private mutating func identifier(allowColon: Bool) -> String {
        var name = ""
        while index < chars.count {
            let char = chars[index]
            let ok =
                char == "_" || (char.isASCII && char.isLetter) || (allowColon && char == ":")
                || (!name.isEmpty && char.isASCII && char.isNumber)
            guard ok else { break }
            name.append(char)
            index += 1
        }
        return name
    }

    private mutating func skipSpaces() {
        while index < chars.count, chars[index].isWhitespace { index += 1 }
    }

    private func error(_ problem: String) -> SelectorError {
        SelectorError(text: text, column: index + 1, problem: problem)
    }
}
