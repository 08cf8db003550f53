import Foundation
import TestSupport
import Testing

@Suite struct LintCLITests {
    static let problems = Data(
        """
        # HELP http_requests_total Requests.
        # TYPE http_requests_total counter
        http_requests_total{path="/items/1",status="200"} 1
        http_requests_total{path="/items/2",status="201"} 1
        # TYPE latency_ms gauge
        latency_ms 3

        """.utf8)

    @Test func cleanDirectoryExitsZero() throws {
        let result = try TestSupport.promkit(["lint", TestSupport.fixture("sample")])
        #expect(result.status == 0)
        #expect(result.stderrText.isEmpty)
        #expect(result.stdoutText.hasPrefix("cardinality: 96 series in 3 families\n"))
    }

    /// A directory and the scrape prometheus_client rendered from it lint alike.
    @Test func directoryAndItsScrapeAgree() throws {
        for fixture in ["v2-0.26.0", "v1-0.17.1"] {
            let directory = try TestSupport.promkit(["lint", "--json", TestSupport.fixture("\(fixture)/db")])
            let scrape = try TestSupport.promkit([
                "lint", "--json", TestSupport.fixture("\(fixture)/expected/text.txt"),
            ])
            #expect(directory.status == 1)
            func promlint(_ result: TestSupport.Result) throws -> Set<String> {
                let array = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [[String: Any]])
                let names: Set<String> = [
                    "no-help", "counter-total-suffix", "non-counter-total-suffix", "reserved-suffix", "reserved-label",
                    "type-in-name", "colon-in-name", "camelcase-metric-name", "camelcase-label-name",
                    "abbreviated-unit", "non-base-unit", "duplicate-series",
                ]
                return Set(
                    array.filter { names.contains($0["rule"] as? String ?? "") }.map {
                        "\($0["metric"] ?? "") \($0["message"] ?? "")"
                    })
            }
            #expect(try promlint(directory) == promlint(scrape))
            #expect(try !promlint(directory).isEmpty)
        }
    }

    @Test func severalSourcesNameTheirTables() throws {
        let result = try TestSupport.promkit([
            "lint", TestSupport.fixture("sample"), TestSupport.fixture("sample-expected/text.txt"),
        ])
        #expect(result.status == 0)
        #expect(result.stdoutText.contains("cardinality of \(TestSupport.fixture("sample")): 96 series in 3 families"))
        #expect(
            result.stdoutText.contains(
                "cardinality of \(TestSupport.fixture("sample-expected/text.txt")): 96 series in 3 families"))
    }

    @Test func directoryFromTheEnvironment() throws {
        var environment = ProcessInfo.processInfo.environment
        environment["PROMETHEUS_MULTIPROC_DIR"] = TestSupport.fixture("sample")
        let result = try TestSupport.promkit(["lint"], environment: environment)
        #expect(result.status == 0)
        environment["PROMETHEUS_MULTIPROC_DIR"] = nil
        environment["prometheus_multiproc_dir"] = nil
        let missing = try TestSupport.promkit(["lint"], environment: environment)
        #expect(missing.status == 64, "nothing to lint is a usage error")
        #expect(missing.stdout.isEmpty)
    }

    /// Findings go to stderr, as validate's do; stdout has the cardinality table alone.
    @Test func problemsOnStandardInput() throws {
        let result = try TestSupport.promkit(["lint", "-"], input: Self.problems)
        #expect(result.status == 1)
        #expect(result.stdoutText.hasPrefix("cardinality: 3 series in 2 families\n"))
        let lines = result.stderrText.split(separator: "\n").map(String.init)
        #expect(lines.contains("<stdin>:5:1: warning: [no-help] latency_ms: no help text"))
        #expect(
            lines.contains(
                "<stdin>:5:1: warning: [abbreviated-unit] latency_ms: metric names should not contain abbreviated units"
            ))
        #expect(lines.contains { $0.hasPrefix("<stdin>:3:1: warning: [unbounded-label-values] http_requests_total:") })
        #expect(lines.contains { $0.hasPrefix("<stdin>:3:1: warning: [ungrouped-status-codes] http_requests_total:") })
        #expect(lines.count == 4)
    }

    /// lint and validate: one stream, one shape, one check id and severity for a repeated series.
    @Test func sameShapeAsValidate() throws {
        let input = Data(
            "# HELP a A.\n# TYPE a gauge\na{x=\"1\"} 1\n# HELP b B.\n# TYPE b gauge\nb 1\na{x=\"1\"} 2\n".utf8)
        let linted = try TestSupport.promkit(["lint", "-"], input: input)
        let validated = try TestSupport.promkit(["validate", "-"], input: input)
        #expect(linted.status == 1)
        #expect(validated.status == 0)
        #expect(linted.stderrText == "<stdin>:7:1: warning: [duplicate-series] a: metric not unique\n")
        #expect(
            validated.stderrText
                == "<stdin>:7:1: warning: [duplicate-series] duplicate series a; Prometheus keeps only one of them\n")
        #expect(!linted.stdoutText.contains("duplicate"))
    }

    @Test func jsonAndDisable() throws {
        let result = try TestSupport.promkit(
            ["lint", "--json", "--disable", "no-help", "--disable", "unbounded-label-values", "-"], input: Self.problems
        )
        #expect(result.status == 1)
        let array = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [[String: Any]])
        let rules = array.compactMap { $0["rule"] as? String }
        #expect(Set(rules) == ["abbreviated-unit", "ungrouped-status-codes"])
        let status = try #require(array.first { $0["rule"] as? String == "ungrouped-status-codes" })
        #expect(status["metric"] as? String == "http_requests_total")
        #expect(status["severity"] as? String == "warning")
        #expect(status["label"] as? String == "status")
        #expect(status["examples"] as? [String] == ["200", "201"])
        #expect(status["line"] as? Int == 3)
        let abbreviation = try #require(array.first { $0["rule"] as? String == "abbreviated-unit" })
        #expect(abbreviation["message"] as? String == "metric names should not contain abbreviated units")
        #expect(abbreviation["label"] == nil)
    }

    @Test func emptyJSONArrayWhenClean() throws {
        let result = try TestSupport.promkit(["lint", "--json", TestSupport.fixture("sample")])
        #expect(result.status == 0)
        #expect(result.stdoutText == "[]\n")
    }

    @Test func maxSeriesAndEnable() throws {
        let result = try TestSupport.promkit(
            ["lint", "--max-series", "1", "--enable", "many-label-values", "--json", "-"], input: Self.problems)
        #expect(result.status == 1)
        let array = try JSONSerialization.jsonObject(with: result.stdout) as? [[String: Any]]
        #expect(array?.contains { $0["rule"] as? String == "max-series" } == true)
    }

    @Test func unparsableInputExitsTwoWithLineAndColumn() throws {
        let result = try TestSupport.promkit(["lint", "-"], input: Data("# TYPE a gauge\na{b=\"1\" 1\n".utf8))
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderrText.contains("<stdin>:2:"))
        let missing = try TestSupport.promkit(["lint", "/nonexistent/scrape.txt"])
        #expect(missing.status == 2)
        #expect(missing.stderrText.contains("/nonexistent/scrape.txt"))
        let damaged = try TestSupport.promkit(["lint", TestSupport.fixture("damaged/truncated_entry")])
        #expect(damaged.status == 2)
        #expect(damaged.stderrText.contains("counter_7.db: byte "))
    }

    @Test func usageErrorsExit64() throws {
        #expect(try TestSupport.promkit(["lint", "--disable", "no-such-rule", "-"]).status == 64)
        #expect(try TestSupport.promkit(["lint", "--max-series", "0", "-"]).status == 64)
    }

    @Test func listRules() throws {
        let result = try TestSupport.promkit(["lint", "--list-rules"])
        #expect(result.status == 0)
        let lines = result.stdoutText.split(separator: "\n")
        #expect(lines.count >= 28)
        #expect(lines.contains { $0.hasPrefix("no-help") && $0.contains("warning") && $0.contains("promlint") })
        #expect(lines.contains { $0.hasPrefix("many-label-values") && $0.contains("(off by default)") })
        let json = try TestSupport.promkit(["lint", "--list-rules", "--json"])
        let rules = try #require(try JSONSerialization.jsonObject(with: json.stdout) as? [[String: Any]])
        #expect(rules.count == lines.count)
        #expect(rules.allSatisfy { ($0["rationale"] as? String)?.isEmpty == false })
        #expect(rules.first { $0["id"] as? String == "duplicate-series" }?["severity"] as? String == "warning")
        #expect(
            rules.first { $0["id"] as? String == "openmetrics-name-clash" }?["enabled_by_default"] as? Bool == false)
        // The former id still names the rule.
        #expect(try TestSupport.promkit(["lint", "--disable", "metric-not-unique", "--list-rules"]).status == 0)
    }
}
