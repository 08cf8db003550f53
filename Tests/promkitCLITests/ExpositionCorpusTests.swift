import Foundation
import TestSupport
import Testing

/// `lint` and `validate` on the expositions people really scrape: the pages of
/// Tests/Fixtures/corpus, captured from real software by Tests/tools/capture_corpus.py.
///
/// On the stock exporters lint says exactly what `promtool check metrics` says and
/// nothing more; on the Python pages every promkit-only finding is listed here, with
/// why it is right; validate finds nothing wrong with any page that is metrics; an
/// empty body and an HTML page get one finding each.
@Suite struct ExpositionCorpusTests {
    struct Page: Sendable, CustomTestStringConvertible {
        var file: String
        var software: String
        var origin: String
        var format: String
        var expect: String
        var path: String { TestSupport.fixture("corpus/\(file)") }
        var testDescription: String { file }
        /// The text page of the same capture, for an OpenMetrics one.
        var stem: String {
            file.replacingOccurrences(of: ".om.txt", with: "").replacingOccurrences(of: ".txt", with: "")
        }
    }

    static let pages: [Page] = {
        let url = URL(fileURLWithPath: TestSupport.fixture("corpus/corpus.json"))
        guard let data = try? Data(contentsOf: url),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let list = object["pages"] as? [[String: Any]]
        else { return [] }
        return list.map {
            Page(
                file: $0["file"] as? String ?? "", software: $0["software"] as? String ?? "",
                origin: $0["origin"] as? String ?? "", format: $0["format"] as? String ?? "",
                expect: $0["expect"] as? String ?? "")
        }
    }()

    static var metricPages: [Page] { pages.filter { $0.expect == "metrics" } }

    /// promlint's rules, which promtool runs: the rest are promkit's own.
    static let promlintRules: Set<String> = [
        "no-help", "counter-total-suffix", "non-counter-total-suffix", "reserved-suffix", "reserved-label",
        "type-in-name", "colon-in-name", "camelcase-metric-name", "camelcase-label-name", "abbreviated-unit",
        "non-base-unit", "duplicate-series",
    ]

    /// Every promkit-only finding on the Python pages, by capture (text and OpenMetrics
    /// alike), as "rule metric", and why each is right.
    static let promkitOnly: [String: Set<String>] = [
        // django_http_responses_total_by_status_view_method_total{method,status,view}: exact
        // codes (200, 201, 404, 503) times every view and method.
        "django-prometheus": ["ungrouped-status-codes django_http_responses_total_by_status_view_method_total"],
        // prometheus-flask-exporter labels with the raw request path by default (group_by="path"):
        // /items/1, /items/2, /items/3 are three series, one more per id; and exact codes.
        "flask-exporter": [
            "unbounded-label-values flask_http_request_duration_seconds",
            "ungrouped-status-codes flask_http_request_duration_seconds",
            "ungrouped-status-codes flask_http_request_total",
        ],
        // A gauge left in the default multiprocess_mode ("all"): one series per worker pid.
        "prometheus-client-multiprocess": ["multiprocess-pid-series worker_resident_memory_bytes"],
        // Exact status codes times every path and method.
        "starlette-exporter": [
            "ungrouped-status-codes starlette_requests_total",
            "ungrouped-status-codes starlette_request_duration_seconds",
        ],
        // prometheus-fastapi-instrumentator groups codes ("2xx") and labels handlers by template.
        "fastapi-instrumentator": [], "fastapi-mounted": [], "prometheus-client": [],
    ]

    static func promtool() throws -> String? {
        try TestSupport.requireTool(
            "PROMTOOL",
            fallback: TestSupport.packageRoot.appendingPathComponent(".tools/prometheus/usr/bin/promtool").path)
    }

    /// `lint --json` of a page: its findings as (rule, "metric message").
    static func lint(_ path: String) throws -> (status: Int32, findings: [(rule: String, line: String)]) {
        let result = try TestSupport.promkit(["lint", "--json", path])
        let array = try JSONSerialization.jsonObject(with: result.stdout) as? [[String: Any]] ?? []
        return (
            result.status,
            array.map { ($0["rule"] as? String ?? "", "\($0["metric"] ?? "") \($0["message"] ?? "")") }
        )
    }

    @Test func theCorpusIsWhatTheScriptWrote() throws {
        let folder = TestSupport.fixture("corpus")
        let files = Set(try FileManager.default.contentsOfDirectory(atPath: folder))
        #expect(Set(Self.pages.map(\.file)).union(["corpus.json", "README.md"]) == files)
        #expect(FileManager.default.fileExists(atPath: TestSupport.tool("capture_corpus.py")))
        // The Debian exporters, prometheus_client and the four instrumentation libraries.
        let software = Set(Self.pages.map(\.software))
        for name in [
            "prometheus", "node_exporter", "pushgateway", "alertmanager", "prometheus_client",
            "prometheus-fastapi-instrumentator", "starlette-exporter", "django-prometheus",
            "prometheus-flask-exporter",
        ] {
            #expect(software.contains(name), "no page of \(name)")
        }
        #expect(Self.pages.contains { $0.format == "openmetrics" })
        #expect(Self.pages.contains { $0.expect == "empty" } && Self.pages.contains { $0.expect == "html" })
    }

    /// The README's lint section lists every page with what lint says about it.
    @Test func theReadmeListsEveryPage() throws {
        let readme = try String(
            contentsOfFile: TestSupport.packageRoot.appendingPathComponent("README.md").path, encoding: .utf8)
        let heading = try #require(readme.range(of: "#### What lint says about the pages people scrape"))
        let end = readme.range(of: "<!-- section:", range: heading.upperBound..<readme.endIndex)
        let rows = readme[heading.upperBound..<(end?.lowerBound ?? readme.endIndex)]
        for page in Self.pages {
            let listed =
                rows.contains("| `\(page.file)`")
                || (page.file.hasSuffix(".om.txt") && rows.contains("| `\(page.stem).txt`, `.om.txt`"))
            #expect(listed, "README does not list \(page.file)")
        }
    }

    @Test(arguments: metricPages)
    func validateFindsNothingWrong(_ page: Page) throws {
        let result = try TestSupport.promkit(["validate", "--strict", page.path])
        #expect(result.status == 0, "\(result.stderrText)")
        #expect(result.stderrText.isEmpty)
    }

    /// Text pages: lint's promlint findings are promtool's, line for line.
    @Test(arguments: metricPages.filter { $0.format == "text" })
    func lintSaysWhatPromtoolSays(_ page: Page) throws {
        guard let promtool = try Self.promtool() else { return }
        let input = try Data(contentsOf: URL(fileURLWithPath: page.path))
        let checked = try TestSupport.run(promtool, ["check", "metrics"], input: input)
        #expect([0, 3].contains(checked.status), "\(checked.stderrText)")
        let expected = Set(checked.stderrText.split(separator: "\n").map(String.init))
        let (_, findings) = try Self.lint(page.path)
        let promlint = Set(findings.filter { Self.promlintRules.contains($0.rule) }.map(\.line))
        #expect(
            promlint == expected,
            "only promkit: \(promlint.subtracting(expected)), only promtool: \(expected.subtracting(promlint))")
    }

    /// OpenMetrics pages: the same promlint findings as the text page of the same software.
    @Test(arguments: metricPages.filter { $0.format == "openmetrics" })
    func openMetricsPagesLintAsTheirTextTwins(_ page: Page) throws {
        let twin = TestSupport.fixture("corpus/\(page.stem).txt")
        let promlint = { (findings: [(rule: String, line: String)]) in
            Set(findings.filter { Self.promlintRules.contains($0.rule) }.map(\.line))
        }
        #expect(try promlint(Self.lint(page.path).findings) == promlint(Self.lint(twin).findings))
    }

    /// No finding beyond promtool's on the stock exporters; on the Python pages, the ones listed.
    @Test(arguments: metricPages)
    func promkitOnlyFindings(_ page: Page) throws {
        let (status, findings) = try Self.lint(page.path)
        let own = findings.filter { !Self.promlintRules.contains($0.rule) }
        let shown = Set(own.map { "\($0.rule) \($0.line.prefix { $0 != " " })" })
        if page.origin == "debian" {
            #expect(shown.isEmpty, "\(own.map(\.line))")
        } else {
            #expect(shown == Self.promkitOnly[page.stem] ?? ["(no list for \(page.stem))"], "\(own.map(\.line))")
        }
        #expect(status == (findings.isEmpty ? 0 : 1))
        // Each says why: after what is wrong, what it costs or what to do.
        for finding in own {
            #expect(finding.line.contains(":") || finding.line.contains(";"), "\(finding.line)")
        }
    }

    /// All rules on, the stock exporters add only what the opt-in rules are for.
    @Test(arguments: metricPages.filter { $0.origin == "debian" })
    func optInRulesOnStockExporters(_ page: Page) throws {
        let result = try TestSupport.promkit([
            "lint", "--json", "--enable", "openmetrics-name-clash", "--enable", "many-label-values", page.path,
        ])
        let array = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [[String: Any]])
        let own = Set(array.compactMap { $0["rule"] as? String }).subtracting(Self.promlintRules)
        // client_golang's go_memstats_alloc_bytes and go_memstats_alloc_bytes_total.
        #expect(own == ["openmetrics-name-clash"])
    }

    @Test(arguments: pages.filter { $0.expect == "empty" })
    func emptyBodyIsOneWarning(_ page: Page) throws {
        let validated = try TestSupport.promkit(["validate", page.path])
        #expect(validated.status == 0)
        let lines = validated.stderrText.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix("\(page.path): warning: [empty-body] empty body, no metrics at all") == true)
        #expect(validated.stderrText.contains("curl -L"))
        #expect(try TestSupport.promkit(["validate", "--strict", page.path]).status == 1)
        let linted = try TestSupport.promkit(["lint", page.path])
        #expect(linted.status == 1)
        #expect(linted.stderrText == validated.stderrText)
        // Piped, as the README's curl example does.
        let piped = try TestSupport.promkit(["validate", "--strict", "-"], input: Data())
        #expect(piped.status == 1)
        #expect(piped.stderrText.hasPrefix("<stdin>: warning: [empty-body]"))
    }

    @Test(arguments: pages.filter { $0.expect == "html" })
    func htmlPageIsOneError(_ page: Page) throws {
        let validated = try TestSupport.promkit(["validate", page.path])
        #expect(validated.status == 1)
        #expect(validated.stderrText.split(separator: "\n").count == 1)
        #expect(validated.stderrText.hasPrefix("\(page.path):1:1: error: [html] an HTML page"))
        let linted = try TestSupport.promkit(["lint", page.path])
        #expect(linted.status == 2)
        #expect(linted.stderrText == validated.stderrText)
    }
}
