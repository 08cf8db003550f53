import Foundation
import PromKit
import TestSupport
import Testing

/// The multiprocess rules on directories written by the real prometheus_client,
/// two worker processes that disagree the way a mixed deploy does.
@Suite struct MultiprocessPythonTests {
    /// One worker: `buckets` and `help` differ between the two.
    static func worker(buckets: String, help: String) -> String {
        """
        from prometheus_client import Counter, Gauge, Histogram, Summary
        Gauge('inprogress_requests', 'Requests in progress.').inc()
        Gauge('workers_busy', 'Busy workers.', multiprocess_mode='livesum').inc()
        Histogram('request_latency_seconds', 'Latency.', buckets=\(buckets)).observe(0.05)
        Counter('jobs', '\(help)').inc()
        Counter('events', 'Events.').inc()
        Counter('retries', 'Retries.')
        Summary('payload_bytes', 'Payload size.').observe(10)
        """
    }

    /// Writes the directory with two worker processes; nil when Python is not available (outside CI).
    static func writeDirectory() throws -> String? {
        guard let python = try TestSupport.python() else { return nil }
        let directory = try TestSupport.temporaryDirectory("lint-multiproc")
        var environment = ProcessInfo.processInfo.environment
        environment["PROMETHEUS_MULTIPROC_DIR"] = directory
        for code in [worker(buckets: "[0.1, 1.0]", help: "Jobs."), worker(buckets: "[0.5, 5.0]", help: "Jobs run.")] {
            let result = try TestSupport.run(python, ["-c", code], environment: environment)
            #expect(result.status == 0, "\(result.stderrText)")
        }
        return directory
    }

    @Test func rulesOnARealDirectory() throws {
        guard let directory = try Self.writeDirectory() else { return }
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let findings = Linter().lint(try LintLoader.loadLocal(.directory(directory))).findings
        func metrics(_ rule: String) -> Set<String> { Set(findings.of(rule).map(\.metric)) }

        #expect(metrics("multiprocess-pid-series") == ["inprogress_requests"])
        #expect(findings.of("multiprocess-pid-series").first?.examples.count == 2)
        #expect(metrics("multiprocess-inconsistent-buckets") == ["request_latency_seconds"])
        let buckets = findings.of("multiprocess-inconsistent-buckets").first?.message ?? ""
        #expect(buckets.contains("[0.1, 1.0, +Inf]") && buckets.contains("[0.5, 5.0, +Inf]"), "\(buckets)")
        #expect(metrics("multiprocess-inconsistent-help") == ["jobs_total"])
        #expect(metrics("multiprocess-summary") == ["payload_bytes"])
        #expect(metrics("multiprocess-counter-never-incremented") == ["retries_total"])
        #expect(metrics("multiprocess-inconsistent-type").isEmpty)
        #expect(metrics("multiprocess-inconsistent-labels").isEmpty)
    }

    @Test func oneDBFileIsLintedAlone() throws {
        guard let directory = try Self.writeDirectory() else { return }
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let listing = try MultiprocDirectory.scan(directory)
        let gauge = try #require(listing.dbFiles.first { $0.name.mode == .all })
        let findings = Linter().lint(try LintLoader.loadLocal(LintSource(argument: gauge.entry.path))).findings
        #expect(findings.map(\.rule) == ["multiprocess-pid-series"])
    }
}
