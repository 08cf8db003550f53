import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The real Prometheus (Debian's, unpacked into .tools/ by .ci/setup.d) scrapes
/// `promkit serve`. It asks for `Accept-Encoding: gzip`, so the body it stores
/// went through NIO's HTTPResponseCompressor.
@Suite struct ServePrometheusCLITests {
    @Test func prometheusScrapesServeWithGzip() async throws {
        let fallback = TestSupport.packageRoot.appendingPathComponent(".tools/prometheus/usr/bin/prometheus").path
        guard let prometheus = try TestSupport.requireTool("PROMETHEUS", fallback: fallback),
            let python = try TestSupport.python()
        else { return }
        let server = try ServeCLITests.Server([TestSupport.fixture("sample"), "--listen", "127.0.0.1:0"])
        #expect(server.port > 0, "\(server.stderrText)")
        let folder = try TestSupport.temporaryDirectory("serve-prometheus")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let config = folder + "/prometheus.yml"
        try Data(
            """
            global:
              scrape_interval: 1s
            scrape_configs:
              - job_name: promkit
                static_configs:
                  - targets: ["127.0.0.1:\(server.port)"]

            """.utf8
        ).write(to: URL(fileURLWithPath: config))
        let port = try UvicornServer.freePort()
        let pid = try UvicornServer.spawnInNewGroup(
            [
                prometheus, "--config.file=\(config)", "--web.listen-address=127.0.0.1:\(port)",
                "--storage.tsdb.path=\(folder)/tsdb", "--web.console.templates=/nonexistent",
                "--web.console.libraries=/nonexistent",
            ], environment: ProcessInfo.processInfo.environment, output: folder + "/prometheus.log")
        defer {
            kill(-pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
        let query = "http://127.0.0.1:\(port)/api/v1/query?query="
        let bucket = "http_request_duration_seconds_bucket%7Ble%3D%220.005%22%7D"
        var up = ""
        var stored = ""
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, !(up.contains("\"1\"") && stored.contains("\"20\"")) {
            try await Task.sleep(for: .milliseconds(500))
            up = (try? LiveExporterTests.fetch(python, query + "up%7Bjob%3D%22promkit%22%7D").stdoutText) ?? ""
            stored = (try? LiveExporterTests.fetch(python, query + bucket).stdoutText) ?? ""
        }
        let log = (try? String(contentsOfFile: folder + "/prometheus.log", encoding: .utf8)) ?? ""
        #expect(up.contains("\"1\""), "up: \(up)\n\(log.suffix(2000))")
        #expect(stored.contains("\"20\""), "bucket: \(stored)")
        #expect(server.stop().status == 0)
    }
}
