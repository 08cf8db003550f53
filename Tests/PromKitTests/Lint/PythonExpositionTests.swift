import Foundation
import PromKit
import TestSupport
import Testing

/// What prometheus_client renders for well-named metrics of every kind lints clean,
/// in text and in OpenMetrics: the `_created` gauges of the text format, info and
/// enum metrics are not mistaken for misuse or clashes.
@Suite struct PythonExpositionTests {
    static let script = """
        import sys
        from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, Summary, Info, Enum
        from prometheus_client import generate_latest
        from prometheus_client.openmetrics.exposition import generate_latest as generate_openmetrics
        r = CollectorRegistry()
        Counter('http_requests', 'Requests.', ['method'], registry=r).labels('GET').inc()
        Histogram('request_duration_seconds', 'Latency.', registry=r).observe(0.2)
        Summary('payload_bytes', 'Payload.', registry=r).observe(3)
        Info('build', 'Build information.', registry=r).info({'version': '1.2.3'})
        Enum('task_state', 'State.', states=['running', 'stopped'], registry=r).state('running')
        Gauge('inprogress_requests', 'In progress.', registry=r).set(2)
        render = generate_openmetrics if sys.argv[1] == 'openmetrics' else generate_latest
        sys.stdout.write(render(r).decode())
        """

    @Test(arguments: ["text", "openmetrics"])
    func renderedMetricsLintClean(format: String) throws {
        guard let python = try TestSupport.python() else { return }
        let result = try TestSupport.run(python, ["-c", Self.script, format])
        #expect(result.status == 0, "\(result.stderrText)")
        let input = try LintLoader.expositionInput(Array(result.stdout), source: format)
        let report = Linter().lint(input)
        #expect(report.findings.isEmpty, "\(report.findings.map { $0.at(format).diagnostic.description })")
        #expect(report.cardinality.totalSeries == 27)
    }
}
