import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `promkit serve --log-level`: swift-log's levels, printed as every other promkit line.
@Suite struct ServeLogLevelCLITests {
    /// At debug, each scrape adds a line; the info lines stay.
    @Test func debugAddsALinePerScrape() async throws {
        let server = try ServeCLITests.Server([
            TestSupport.fixture("sample"), "--listen", "127.0.0.1:0", "--log-level", "debug",
        ])
        #expect(server.port > 0, "\(server.stderrText)")
        let response = try await RawHTTPClient(port: server.port).request("GET", "/metrics")
        #expect(response.status == 200)
        let (status, stderr, _) = server.stop()
        #expect(status == 0, "\(stderr)")
        #expect(stderr.contains("promkit: debug: scraped 11 file(s) in "), "\(stderr)")
        #expect(stderr.contains("promkit: shutting down: finishing the scrapes in flight"), "\(stderr)")
    }

    /// At warning, the info lines (listening, shutting down) are hidden; warnings still show.
    @Test func warningHidesInfoLines() async throws {
        let port = try UvicornServer.freePort()
        let missing = try TestSupport.temporaryDirectory("serve-log-level") + "/missing"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestSupport.promkitBinary)
        process.arguments = ["serve", missing, "--listen", "127.0.0.1:\(port)", "--log-level", "warning"]
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        process.environment = environment
        let stderr = Pipe()
        process.standardError = stderr
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        var answered = false
        for _ in 0..<200 where !answered && process.isRunning {
            if let health = try? await RawHTTPClient(port: port).request("GET", "/healthz") {
                answered = health.status == 200
            } else {
                try await Task.sleep(for: .milliseconds(50))
            }
        }
        #expect(answered, "no answer on port \(port)")
        let scrape = try await RawHTTPClient(port: port).request("GET", "/metrics")
        #expect(scrape.status == 500)
        kill(process.processIdentifier, SIGTERM)
        let text = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.contains("promkit: warning: "), "\(text)")
        #expect(text.contains("scrapes answer 500 until it can be listed"), "\(text)")
        #expect(text.contains("promkit: error: scrape failed: "), "\(text)")
        #expect(!text.contains("serving"), "\(text)")
        #expect(!text.contains("shutting down"), "\(text)")
    }

    @Test func unknownLevelIsAUsageError() throws {
        let result = try TestSupport.promkit(["serve", TestSupport.fixture("sample"), "--log-level", "loud"])
        #expect(result.status == 64, "\(result.stderrText)")
    }
}
