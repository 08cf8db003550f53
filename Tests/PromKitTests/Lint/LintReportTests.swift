import Foundation
import Testing

@testable import PromKit

/// The human and JSON forms of findings.
@Suite struct LintReportTests {
    static let finding = LintFinding(
        rule: .ungroupedStatus, metric: "http_requests_total", message: "label \"status\" holds status codes",
        label: "status", examples: ["200", "201"], line: 7)

    @Test func humanForm() {
        #expect(
            Self.finding.formatted(source: "scrape.txt")
                == "scrape.txt:7:1: warning: [ungrouped-status-codes] http_requests_total: label \"status\" holds "
                + "status codes; e.g. \"200\", \"201\"")
        let directory = LintFinding(rule: .multiprocessSummary, metric: "rt", message: "summary")
        #expect(directory.formatted(source: "/run/prom") == "/run/prom: warning: [multiprocess-summary] rt: summary")
        let labelled = LintFinding(rule: .camelCaseLabel, metric: "q", message: "camel", label: "userId", line: 2)
        #expect(labelled.formatted(source: "-") == "-:2:1: warning: [camelcase-label-name] q: camel (label \"userId\")")
    }

    @Test func controlCharactersStayOnOneLine() {
        let finding = LintFinding(rule: .noHelp, metric: "h3\nnewline\u{7}", message: "no help text")
        #expect(finding.formatted(source: "d") == "d: warning: [no-help] h3\\nnewline\\u{7}: no help text")
    }

    @Test func jsonForm() throws {
        let bytes = LintReport.json([("scrape.txt", Self.finding)])
        let array = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [[String: Any]])
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
        #expect(String(decoding: LintReport.json([]), as: UTF8.self) == "[]\n")
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
