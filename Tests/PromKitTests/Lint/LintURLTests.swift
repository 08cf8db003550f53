import PromKit
import Testing

/// Lint on a scrape fetched from a real NIO server on 127.0.0.1.
@Suite struct LintURLTests {
    static let handler: LocalHTTPServer.Handler = { head in
        switch head.uri {
        case "/metrics":
            let body = "# HELP jobs Jobs.\n# TYPE jobs counter\njobs_total{userId=\"1\"} 1\n# EOF\n"
            return (.ok, [("Content-Type", "application/openmetrics-text; version=1.0.0; charset=utf-8")], body)
        case "/broken":
            return (.ok, [("Content-Type", "text/plain; version=0.0.4")], "jobs_total{ 1\n")
        default:
            return (.notFound, [], "no")
        }
    }

    @Test func lintsAnOpenMetricsScrapeWithLines() async throws {
        let findings = try await LocalHTTPServer.with(Self.handler) { base in
            Linter().lint(try await LintLoader.load(.url(base + "/metrics"))).findings
        }
        let camel = try #require(findings.of("camelcase-label-name").first)
        #expect(camel.metric == "jobs_total")
        #expect(camel.line == 3)
        #expect(findings.of("no-help").isEmpty)
    }

    @Test func unparsableScrapeAndHTTPErrors() async throws {
        let errors = try await LocalHTTPServer.with(Self.handler) { base -> [String] in
            var lines: [String] = []
            for path in ["/broken", "/missing"] {
                do {
                    _ = try await LintLoader.load(.url(base + path))
                } catch {
                    lines.append((error as? LintSourceError)?.lines.joined(separator: "\n") ?? "\(error)")
                }
            }
            return lines
        }
        #expect(errors.count == 2)
        #expect(errors.first?.contains("/broken:1:") == true)
        #expect(errors.last?.contains("404") == true)
    }

    @Test(arguments: [
        ("-", LintSource.standardInput), ("http://x/metrics", .url("http://x/metrics")),
        ("/nonexistent/counter_1.db", .dbFile("/nonexistent/counter_1.db")), ("/tmp", .directory("/tmp")),
        ("scrape.txt", .exposition("scrape.txt")),
    ])
    func classifiesArguments(argument: String, source: LintSource) {
        #expect(LintSource(argument: argument) == source)
    }
}
