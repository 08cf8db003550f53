import Foundation
import PromKit
import TestSupport
import Testing

@Suite struct LoadVerifierTests {
    private func load(_ server: TestHTTPServer, _ count: Int) async throws -> LoadReport {
        var configuration = LoadConfiguration(target: try HTTPURL(parsing: server.url("/")))
        configuration.requests = count
        configuration.connections = 8
        configuration.threads = 2
        return try await LoadRun(configuration).run()
    }

    private func verifier(_ server: TestHTTPServer, _ selector: String, expect: Double? = nil) throws -> LoadVerifier {
        let target = try HTTPURL(parsing: server.url("/"))
        return LoadVerifier(
            selectors: [try MetricSelector(parsing: selector)], metrics: LoadVerifier.defaultMetrics(for: target),
            expect: expect, settle: .milliseconds(20))
    }

    @Test func verifiesExactCountsThroughARedirect() async throws {
        try await TestHTTPServer.with { server in
            let verifier = try verifier(server, "hits_total{endpoint=\"/\"}")
            let baseline = try await verifier.before()
            let report = try await load(server, 500)
            let results = try await verifier.after(baseline, answered: report.requests)
            #expect(results.count == 1)
            #expect(results[0].passed)
            #expect(results[0].observed == 500)
            #expect(results[0].expected == 500)
            #expect(results[0].diagnosis.isEmpty)
            // Every scrape (before, after, and three to compare processes) was redirected to /metrics/.
            #expect(server.requests("/metrics") >= 5)
            #expect(server.requests("/metrics/") == server.requests("/metrics"))
        }
    }

    @Test func missingSeriesCountAsZeroAndMismatchIsExplained() async throws {
        try await TestHTTPServer.with { server in
            let verifier = try verifier(server, "hits_total{endpoint=\"/other\"}")
            let baseline = try await verifier.before()
            let report = try await load(server, 50)
            let result = try #require(try await verifier.after(baseline, answered: report.requests).first)
            #expect(!result.passed)
            #expect(result.before == 0 && result.after == 0)
            #expect(result.diagnosis.first?.contains("no series matches the selector") == true)
        }
    }

    @Test func workersCountingAloneAreDiagnosed() async throws {
        try await TestHTTPServer.with(workers: 4) { server in
            let verifier = try verifier(server, "hits_total{endpoint=\"/\"}")
            let baseline = try await verifier.before()
            let report = try await load(server, 400)
            let result = try #require(try await verifier.after(baseline, answered: report.requests).first)
            #expect(!result.passed)
            #expect(result.diagnosis.first?.contains("PROMETHEUS_MULTIPROC_DIR is not set for the workers") == true)
            #expect(result.diagnosis.first?.contains("different processes") == true)
        }
    }

    @Test func moreThanExpectedPointsAtOtherTraffic() async throws {
        try await TestHTTPServer.with { server in
            let verifier = try verifier(server, "hits_total", expect: 90)
            let baseline = try await verifier.before()
            let report = try await load(server, 100)
            let result = try #require(try await verifier.after(baseline, answered: report.requests).first)
            #expect(!result.passed)
            #expect(result.observed == 100)
            #expect(result.diagnosis.contains { $0.contains("exceeds the expected count by 10") })
        }
    }

    /// The archives' share (ended workers' folded counts) reads as such, not as "pid archive".
    @Test func archiveShareIsNamed() throws {
        let selector = try MetricSelector(parsing: "x_total")
        func scrape(_ value: Double) -> [MetricFamily] {
            [MetricFamily(name: "x", type: .counter, samples: [Sample(name: "x_total", value: value)])]
        }
        let result = Verification(
            selector: selector, expected: 10, tolerance: 0, before: scrape(0), after: scrape(10),
            workers: [(pid: "4242", delta: 6), (pid: "archive", delta: 4)])
        #expect(result.text.contains("by worker: pid 4242: 6 (60%), the archives: 4 (40%)"), "\(result.text)")
        #expect(!result.text.contains("pid archive"))
    }

    @Test func toleranceAllowsASmallDifference() throws {
        let selector = try MetricSelector(parsing: "x_total")
        func scrape(_ value: Double) -> [MetricFamily] {
            [MetricFamily(name: "x", type: .counter, samples: [Sample(name: "x_total", value: value)])]
        }
        let close = Verification(selector: selector, expected: 100, tolerance: 2, before: scrape(5), after: scrape(103))
        #expect(close.passed)
        let far = Verification(selector: selector, expected: 100, tolerance: 2, before: scrape(5), after: scrape(80))
        #expect(!far.passed)
        let disagreeing = Verification(
            selector: selector, expected: 100, tolerance: 0, before: scrape(0), after: scrape(100),
            extraScrapes: [scrape(100), scrape(31)])
        #expect(disagreeing.observed == 100)
        #expect(!disagreeing.passed)
        #expect(disagreeing.diagnosis.first?.contains("disagree (100, 100, 31)") == true)
        let selfCounting = Verification(
            selector: selector, expected: 100, tolerance: 0, before: scrape(0), after: scrape(100),
            extraScrapes: [scrape(101), scrape(102)])
        #expect(selfCounting.passed)
        let quarter = Verification(
            selector: selector, expected: 100, tolerance: 0, before: scrape(0), after: scrape(25))
        #expect(quarter.diagnosis.first?.contains("close to 1/4 of the expected count") == true)
    }

    @Test func workerSharesComeFromTheDBFiles() throws {
        let selector = try MetricSelector(parsing: "http_requests_total{endpoint=\"/\"}")
        let shares = try WorkerShares.read(TestSupport.fixture("sample"), selector: selector)
        // The sum over the workers' files is what prometheus_client's MultiProcessCollector renders.
        let expected = try String(contentsOfFile: TestSupport.fixture("sample-expected/text.txt"), encoding: .utf8)
        let lines = expected.split(separator: "\n").filter { $0.hasPrefix("http_requests_total{endpoint=\"/\",") }
        let rendered = lines.compactMap { Double($0.split(separator: " ").last ?? "") }.reduce(0, +)
        #expect(rendered > 0)
        #expect(shares.byPid.values.reduce(0, +) == rendered)
        #expect(shares.byPid.count > 1)
        let delta = shares.delta(since: WorkerShares(byPid: [:]))
        #expect(delta.map { $0.delta }.reduce(0, +) == rendered)
    }
}
