import Foundation
import NIOHTTP1
import PromKit
import TestSupport
import Testing

/// `Validation.validate` on URLs (parser picked by Content-Type, FastAPI's
/// redirect followed, status line on failure) and on files.
@Suite struct ValidationSourceTests {
    static let handler: LocalHTTPServer.Handler = { head in
        switch head.uri {
        case "/metrics":
            return (.temporaryRedirect, [("Location", "/metrics/")], "")
        case "/metrics/":
            return (.ok, [("Content-Type", "application/openmetrics-text; version=1.0.0; charset=utf-8")], "a 1\n")
        case "/text":
            return (.ok, [("Content-Type", "text/plain; version=0.0.4; charset=utf-8")], "a 1\n")
        default:
            return (.internalServerError, [], "boom")
        }
    }

    @Test func urlFormatComesFromContentType() async throws {
        let (openMetrics, text, broken) = try await LocalHTTPServer.with(Self.handler) { base in
            (
                await Validation.validate(base + "/metrics", format: .auto),
                await Validation.validate(base + "/text", format: .auto),
                await Validation.validate(base + "/boom", format: .auto)
            )
        }
        // The same body: fine as text, but OpenMetrics needs # EOF.
        #expect(openMetrics.readAs == "openmetrics")
        #expect(openMetrics.findings.map(\.rule) == ["missing-eof"])
        #expect(text.readAs == "text")
        #expect(text.findings.isEmpty)
        #expect(broken.failure?.hasSuffix("HTTP/1.1 500 Internal Server Error") == true)
    }

    @Test func filesAreSniffedByTheirEnd() async throws {
        let folder = try TestSupport.temporaryDirectory("validate-files")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Data("a_total 1\n# EOF\n".utf8).write(to: URL(fileURLWithPath: folder + "/om.txt"))
        try Data("a 1\n".utf8).write(to: URL(fileURLWithPath: folder + "/text.txt"))
        let openMetrics = await Validation.validate(folder + "/om.txt", format: .auto)
        let text = await Validation.validate(folder + "/text.txt", format: .auto)
        let forced = await Validation.validate(folder + "/text.txt", format: .openmetrics)
        #expect(openMetrics.readAs == "openmetrics" && openMetrics.errorCount == 0)
        #expect(text.readAs == "text" && text.errorCount == 0)
        #expect(forced.errorCount == 1)
        #expect(
            forced.findings.first?.description
                == "\(folder)/text.txt:1:1: error: [missing-eof] the exposition does not end with # EOF")
    }
}
