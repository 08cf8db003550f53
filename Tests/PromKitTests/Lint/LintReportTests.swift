import Foundation
import Testing

@testable import PromKit

/// The diagnostic and JSON forms of findings.
@Suite struct LintReportTests {
    static let finding = LintFinding(
        rule: CardinalityRules.UngroupedStatusCodes().rule, metric: "http_requests_total",
        message: "label \"status\" holds status codes",
        label: "status", examples: ["200", "201"], line: 7)

    @Test func humanForm() {
        #expect(
            Self.finding.at("scrape.txt").diagnostic.description
                == "scrape.txt:7:1: warning: [ungrouped-status-codes] http_requests_total: label \"status\" holds "
                + "status codes; e.g. \"200\", \"201\"")
        let directory = LintFinding(
            rule: MultiprocessRules.MultiprocessSummary().rule, metric: "rt", message: "summary")
        #expect(
            directory.at("/run/prom").diagnostic.description == "/run/prom: warning: [multiprocess-summary] rt: summary"
        )
        let labelled = LintFinding(
            rule: PromlintRules.CamelCaseLabelName().rule, metric: "q", message: "camel", label: "userId", line: 2)
        #expect(
            labelled.at("-").diagnostic.description
                == "-:2:1: warning: [camelcase-label-name] q: camel (label \"userId\")")
    }

    /// `lint --json` keys, as `JSONOutput` writes them (snake_case): a diagnostic's, plus metric,
    /// label and examples.
    @Test func jsonForm() throws {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let bytes = try encoder.encode([Self.finding.at("scrape.txt")])
        let array = try #require(try JSONSerialization.jsonObject(with: bytes) as? [[String: Any]])
        #expect(array.count == 1)
        let object = try #require(array.first)
        #expect(object["metric"] as? String == "http_requests_total")
        #expect(object["rule"] as? String == "ungrouped-status-codes")
        #expect(object["message"] as? String == "label \"status\" holds status codes")
        #expect(object["severity"] as? String == "warning")
        #expect(object["label"] as? String == "status")
        #expect(object["examples"] as? [String] == ["200", "201"])
        #expect(object["source"] as? String == "scrape.txt")
        #expect(object["line"] as? Int == 7)
        #expect(object["column"] as? Int == 1)
        #expect(
            Set(object.keys) == [
                "source", "line", "column", "severity", "rule", "message", "metric", "label", "examples",
            ])
    }

    @Test func unknownRuleIsRefused() {
        #expect(throws: Linter.UnknownRule(id: "nope")) { try Linter(disable: ["nope"], enable: []) }
        #expect(throws: Never.self) { try Linter(disable: ["no-help"], enable: ["many-label-values"]) }
    }

    @Test func disabledRulesAreSilent() throws {
        let text = "# TYPE latency_ms gauge\nlatency_ms 1\n"
        let input = try LintLoader.expositionInput(Array(text.utf8), source: "t")
        let all = Linter().lint(input).findings.map(\.rule)
        #expect(all == ["no-help", "abbreviated-unit"])
        let some = try Linter(disable: ["no-help"], enable: []).lint(input).findings.map(\.rule)
        #expect(some == ["abbreviated-unit"])
    }
}
