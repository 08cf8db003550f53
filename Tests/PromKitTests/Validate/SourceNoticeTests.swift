import Foundation
import NIOHTTP1
import PromKit
import TestSupport
import Testing

/// Input that is not what the user meant gets one finding, from `validate` and `lint`
/// alike: an empty body, an HTML page, an empty directory. And `validate` finds a
/// series repeated anywhere in an exposition.
@Suite struct SourceNoticeTests {
    static let page = """
        <html>
        <head><title>Node
          Exporter</title></head>
        <body><h1>Node Exporter</h1><p><a href="/metrics">Metrics</a></p></body>
        </html>
        """

    static func write(_ text: String, _ name: String, in folder: String) throws -> String {
        let path = folder + "/" + name
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func sniffer() {
        var blank = BodySniffer()
        blank.feed(Array(" \n\r\t".utf8))
        #expect(blank.isBlank && !blank.isDecided)
        #expect(blank.notice(fetched: false)?.rule == "empty-body")
        var html = BodySniffer()
        html.feed(Array("\u{FEFF}\n  ".utf8))
        html.feed(Array(Self.page.utf8))
        #expect(html.isHTML)
        #expect(html.notice(fetched: true)?.message.hasPrefix("an HTML page (\"Node Exporter\"), not metrics") == true)
        var metrics = BodySniffer()
        metrics.feed(Array("# HELP a A.\n".utf8))
        #expect(metrics.isDecided && metrics.notice(fetched: false) == nil)
        var braces = BodySniffer()
        braces.feed(Array("{\"a.b\"} 1\n".utf8))
        #expect(braces.notice(fetched: false) == nil)
    }

    @Test(arguments: [ValidationFormat.auto, .text, .openmetrics])
    func emptyFileIsOneWarning(format: ValidationFormat) async throws {
        let folder = try TestSupport.temporaryDirectory("notice")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = try Self.write("\n\n", "empty.txt", in: folder)
        let result = await Validation.validate(path, format: format)
        #expect(result.findings.map(\.rule) == ["empty-body"])
        #expect(result.warningCount == 1 && result.errorCount == 0)
        #expect(result.findings.first?.description.hasPrefix("\(path): warning: [empty-body] empty body") == true)
        #expect(result.findings.first?.message.contains("curl -L") == true)
        let linted = try LintLoader.loadLocal(.exposition(path))
        let findings = Linter().lint(linted).findings
        #expect(findings.map(\.rule) == ["empty-body"])
        #expect(findings.first?.at(path).diagnostic.description == result.findings.first?.description)
    }

    @Test func htmlFileIsOneError() async throws {
        let folder = try TestSupport.temporaryDirectory("notice")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = try Self.write(Self.page + String(repeating: "<p>more</p>\n", count: 2000), "page.html", in: folder)
        let result = await Validation.validate(path, format: .auto)
        #expect(result.findings.count == 1)
        #expect(result.errorCount == 1)
        #expect(result.findings.first?.rule == "html")
        #expect(result.findings.first?.location == "\(path):1:1")
        #expect {
            try LintLoader.loadLocal(.exposition(path))
        } throws: { error in
            guard case .unparsable(_, let findings, let count) = error as? LintSourceError else { return false }
            return count == 1 && findings.map(\.rule) == ["html"]
        }
    }

    @Test func emptyDirectoryIsSaid() async throws {
        let folder = try TestSupport.temporaryDirectory("notice-dir")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = try Self.write("not a db file", "notes.txt", in: folder)
        let result = await Validation.validate(folder, format: .auto)
        #expect(result.findings.map(\.rule) == ["empty-directory"])
        #expect(result.findings.first?.severity == .warning)
        #expect(
            result.findings.first?.description.hasPrefix("\(folder): warning: [empty-directory] empty: no .db") == true)
        let linted = try LintLoader.loadLocal(.directory(folder))
        #expect(Linter().lint(linted).findings.map(\.rule) == ["empty-directory"])
        let sample = await Validation.validate(TestSupport.fixture("sample"), format: .auto)
        #expect(sample.findings.isEmpty)
    }

    /// The issue's case: a series, another family, the series again (no second TYPE line).
    @Test func repeatedSeriesAnywhere() async throws {
        let folder = try TestSupport.temporaryDirectory("notice")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = try Self.write(
            "# TYPE a gauge\na{x=\"1\"} 1\n# TYPE b gauge\nb 2\nb{y=\"1\"} 2\na{x=\"1\"} 3\na{x=\"2\"} 3\n", "dup.txt",
            in: folder)
        let result = await Validation.validate(path, format: .auto)
        #expect(result.findings.map(\.rule) == ["duplicate-series"])
        #expect(result.findings.first?.line == 6)
        #expect(result.findings.first?.severity == .warning)
        let linted = Linter().lint(try LintLoader.loadLocal(.exposition(path)))
        let repeats = linted.findings.filter { $0.rule == "duplicate-series" }
        #expect(repeats.map(\.line) == [6])
        #expect(repeats.map(\.severity.rawValue) == ["warning"])
    }

    static let handler: LocalHTTPServer.Handler = { head in
        switch head.uri {
        case "/metrics": (.temporaryRedirect, [("Location", "/metrics/")], "")
        case "/metrics/": (.ok, [("Content-Type", "text/plain; version=0.0.4; charset=utf-8")], "")
        case "/": (.ok, [("Content-Type", "text/html; charset=utf-8")], page)
        default: (.notFound, [], "")
        }
    }

    static func lintError(_ url: String) async -> LintSourceError? {
        do {
            _ = try await LintLoader.load(.url(url))
            return nil
        } catch {
            return error
        }
    }

    @Test func urlsGetTheSameNotices() async throws {
        let (empty, html, lintEmpty, lintHTML) = try await LocalHTTPServer.with(Self.handler) { base in
            (
                await Validation.validate(base + "/metrics", format: .auto),
                await Validation.validate(base + "/", format: .auto),
                try await LintLoader.load(.url(base + "/metrics")),
                await Self.lintError(base + "/")
            )
        }
        // Redirect followed: the app itself sent nothing.
        #expect(empty.findings.map(\.rule) == ["empty-body"])
        #expect(empty.findings.first?.message.contains("no metric registered yet") == true)
        #expect(html.findings.map(\.rule) == ["html"])
        #expect(html.errorCount == 1)
        #expect(Linter().lint(lintEmpty).findings.map(\.rule) == ["empty-body"])
        guard case .unparsable(_, let findings, _) = lintHTML else {
            Issue.record("lint of an HTML page: \(String(describing: lintHTML))")
            return
        }
        #expect(findings.map(\.rule) == ["html"])
    }
}
