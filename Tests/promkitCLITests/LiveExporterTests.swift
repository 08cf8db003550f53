import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The stock Go exporters of Debian's packages (unpacked into .tools/ by
/// .ci/setup.d/10-promtool.sh and 20-exporters.sh), started on a loopback port and
/// scraped by `promkit lint URL` and `promkit validate URL` as they serve now: no
/// finding beyond promtool's on the same body, and nothing wrong with the format.
@Suite(.serialized) struct LiveExporterTests {
    struct Exporter: Sendable, CustomTestStringConvertible {
        var package: String
        var binary: String
        var testDescription: String { package }

        var path: String {
            TestSupport.packageRoot.appendingPathComponent(".tools/\(package)/usr/bin/\(binary)").path
        }

        /// The variable that may name the executable elsewhere.
        var variable: String { package.uppercased().replacingOccurrences(of: "-", with: "_") }

        /// The command that serves /metrics on `port` with `binary`, its scratch files in `folder`.
        func command(_ path: String, port: Int, folder: String) throws -> [String] {
            let listen = "--web.listen-address=127.0.0.1:\(port)"
            switch package {
            case "prometheus":
                let config = folder + "/prometheus.yml"
                try Data("global:\n  scrape_interval: 1m\n".utf8).write(to: URL(fileURLWithPath: config))
                return [
                    path, "--config.file=\(config)", listen, "--storage.tsdb.path=\(folder)/tsdb",
                    "--web.console.templates=/nonexistent", "--web.console.libraries=/nonexistent",
                ]
            case "prometheus-alertmanager":
                let config = folder + "/alertmanager.yml"
                try Data("route:\n  receiver: default\nreceivers:\n  - name: default\n".utf8).write(
                    to: URL(fileURLWithPath: config))
                // Debian's build reads its templates from /usr/share/prometheus/alertmanager:
                // bind the unpacked package's there, in a mount namespace of its own.
                let share = TestSupport.packageRoot.appendingPathComponent(
                    ".tools/prometheus-alertmanager/usr/share"
                ).path
                let inner =
                    "mount --bind '\(share)' /usr/share && exec '\(path)' \(listen) --cluster.listen-address= "
                    + "--storage.path='\(folder)/alertmanager' --config.file='\(config)'"
                let namespace =
                    geteuid() == 0 ? ["unshare", "--mount"] : ["unshare", "--user", "--map-root-user", "--mount"]
                return ["/usr/bin/env"] + namespace + ["sh", "-c", inner]
            default:
                return [path, listen]
            }
        }
    }

    static let exporters = [
        Exporter(package: "prometheus-node-exporter", binary: "prometheus-node-exporter"),
        Exporter(package: "prometheus-pushgateway", binary: "prometheus-pushgateway"),
        Exporter(package: "prometheus-alertmanager", binary: "prometheus-alertmanager"),
        Exporter(package: "prometheus", binary: "prometheus"),
    ]

    /// Fetches `url` with the venv's Python (Go answers large bodies chunked).
    static func fetch(_ python: String, _ url: String) throws -> TestSupport.Result {
        try TestSupport.run(
            python,
            [
                "-c",
                "import sys, urllib.request; sys.stdout.buffer.write(urllib.request.urlopen(sys.argv[1], timeout=10).read())",
                url,
            ])
    }

    @Test(arguments: exporters)
    func lintAndValidateALiveExporter(_ exporter: Exporter) async throws {
        guard let binary = try TestSupport.requireTool(exporter.variable, fallback: exporter.path),
            let promtool = try ExpositionCorpusTests.promtool(), let python = try TestSupport.python()
        else { return }
        let folder = try TestSupport.temporaryDirectory("live-\(exporter.package)")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let port = try UvicornServer.freePort()
        let url = "http://127.0.0.1:\(port)/metrics"
        let watchdog =
            FileManager.default.isExecutableFile(atPath: "/usr/bin/timeout")
            ? ["/usr/bin/timeout", "-k", "5", "120"] : []
        let log = folder + "/server.log"
        let pid = try UvicornServer.spawnInNewGroup(
            watchdog + exporter.command(binary, port: port, folder: folder),
            environment: ProcessInfo.processInfo.environment,
            output: log)
        defer {
            kill(-pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
        var body: TestSupport.Result?
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            let fetched = try Self.fetch(python, url)
            if fetched.status == 0 {
                body = fetched
                break
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        let scraped = try #require(
            body, "no answer on \(url): \((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
        #expect(!scraped.stdout.isEmpty)

        let validated = try TestSupport.promkit(["validate", "--strict", url])
        #expect(validated.status == 0, "\(validated.stderrText)")
        #expect(validated.stderrText.isEmpty)

        let linted = try TestSupport.promkit(["lint", "--json", url])
        let array = try #require(try JSONSerialization.jsonObject(with: linted.stdout) as? [[String: Any]])
        let own = array.filter { !ExpositionCorpusTests.promlintRules.contains($0["rule"] as? String ?? "") }
        #expect(own.isEmpty, "\(own)")

        // The promlint findings are promtool's on a body of the same server (series
        // may come and go between two scrapes; the names that promlint judges do not).
        let checked = try TestSupport.run(promtool, ["check", "metrics"], input: scraped.stdout)
        #expect([0, 3].contains(checked.status), "\(checked.stderrText)")
        let expected = Set(checked.stderrText.split(separator: "\n").map(String.init))
        let promlint = Set(array.map { "\($0["metric"] ?? "") \($0["message"] ?? "")" })
        #expect(
            promlint == expected,
            "only promkit: \(promlint.subtracting(expected)), only promtool: \(expected.subtracting(promlint))")
    }
}
