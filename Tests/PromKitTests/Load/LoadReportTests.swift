import Foundation
import Testing

@testable import PromKit

@Suite struct LoadReportTests {
    private func report(latenciesMilliseconds: [UInt64]) throws -> LoadReport {
        var statistics = LoadStatistics()
        for value in latenciesMilliseconds { statistics.record(status: 200, nanoseconds: value * 1_000_000) }
        statistics.record(.timeout, "no complete response within 10000 ms")
        let configuration = LoadConfiguration(target: try HTTPURL(parsing: "http://127.0.0.1:8000/"))
        return LoadReport(
            statistics: statistics, seconds: 2, configuration: configuration, threads: 2, interrupted: false)
    }

    @Test func delayedAckStallsGetAHint() throws {
        let stalled = try report(
            latenciesMilliseconds: Array(repeating: 41, count: 80) + Array(repeating: 2, count: 20))
        #expect(stalled.latencyHint?.contains("uvicorn issue 3149") == true)
        let fast = try report(latenciesMilliseconds: Array(repeating: 2, count: 100))
        #expect(fast.latencyHint == nil)
        let slow = try report(latenciesMilliseconds: Array(repeating: 120, count: 100))
        #expect(slow.latencyHint == nil)
    }

    /// The histogram counts every answer once, in buckets from the fastest to
    /// the slowest; a long tail spaces them by ratio so the body keeps its shape.
    @Test func histogramCountsEveryAnswerOnce() throws {
        let body = Array(repeating: UInt64(2), count: 50) + Array(repeating: 3, count: 30) + [900]
        let wide = try report(latenciesMilliseconds: body)
        #expect(wide.histogram.map(\.count).reduce(0, +) == 81)
        #expect(wide.histogram.count == 10)
        #expect(wide.histogram.first?.count == 80, "\(wide.histogram)")
        #expect(wide.histogram.last?.count == 1)
        #expect(zip(wide.histogram, wide.histogram.dropFirst()).allSatisfy { $0.upTo < $1.upTo })
        // Ratios: the second bound is about 1.8 times the first (900/2 spread over ten steps).
        let ratio = wide.histogram[1].upTo / wide.histogram[0].upTo
        #expect(ratio > 1.6 && ratio < 2.0, "\(ratio)")

        let narrow = try report(latenciesMilliseconds: (10...19).map { UInt64($0) })
        #expect(narrow.histogram.map(\.count) == Array(repeating: 1, count: 10), "\(narrow.histogram)")
        let lines = narrow.text.split(separator: "\n").filter { $0.hasPrefix("           <= ") }
        #expect(lines.count == 10)
        #expect(lines.allSatisfy { $0.hasSuffix("  " + String(repeating: "#", count: 40)) })

        let single = try report(latenciesMilliseconds: [5, 5, 5])
        #expect(single.histogram.map(\.count) == [3])
    }

    /// 100 answers in 2 s is 50 req/s: short of a --rate of 100, not of 51.
    @Test func rateShortfallIsSaid() throws {
        var asked = try report(latenciesMilliseconds: Array(repeating: 2, count: 100))
        asked.rate = 100
        #expect(asked.rateShortfall?.contains("reached 50 req/s of the 100 asked") == true)
        asked.rate = 51
        #expect(asked.rateShortfall == nil)
        asked.rate = nil
        #expect(asked.rateShortfall == nil)
    }

    @Test func figuresAndJSON() throws {
        let result = try report(latenciesMilliseconds: (1...100).map { UInt64($0) })
        #expect(result.requests == 100)
        #expect(result.requestsPerSecond == 50)
        #expect(result.errors[.timeout] == 1)
        #expect(abs(result.latency.p50 - 0.050) < 0.001)
        #expect(abs(result.latency.p99 - 0.099) < 0.001)
        #expect(abs(result.latency.max - 0.100) < 0.001)
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys]
        let text = String(decoding: try encoder.encode(result), as: UTF8.self)
        #expect(text.contains("\"requests\":100"))
        #expect(text.contains("\"status_counts\":{\"200\":100}"))
        #expect(text.contains("\"timeout\":1"))
        #expect(text.contains("\"error_details\":{\"timeout\":\"no complete response within 10000 ms\"}"))
        #expect(result.text.contains("first timeout error: no complete response within 10000 ms"))
        #expect(text.contains("\"latency_histogram\":[{\"count\":"))
        #expect(text.contains("\"up_to_seconds\":"))
    }

    @Test(arguments: [
        ("http://127.0.0.1:8000/", "http", "127.0.0.1", 8000, "/"),
        ("https://example.test", "https", "example.test", 443, "/"),
        ("http://[::1]:9/metrics?x=1#frag", "http", "::1", 9, "/metrics?x=1"),
        ("HTTP://user@host/a", "http", "host", 80, "/a"),
    ])
    func targets(_ url: String, _ scheme: String, _ host: String, _ port: Int, _ path: String) throws {
        let target = try HTTPURL(parsing: url)
        #expect(target.scheme.rawValue == scheme)
        #expect(target.host == host)
        #expect(target.port == port)
        #expect(target.path == path)
    }

    @Test func requestBytes() throws {
        var configuration = LoadConfiguration(target: try HTTPURL(parsing: "http://127.0.0.1:8000/x"))
        configuration.method = "POST"
        configuration.headers = [try LoadConfiguration.header(parsing: "X-Test:  yes ")]
        configuration.body = Array("{}".utf8)
        configuration.disableKeepAlive = true
        let text = String(decoding: configuration.requestBytes(), as: UTF8.self)
        #expect(text.hasPrefix("POST /x HTTP/1.1\r\nHost: 127.0.0.1:8000\r\n"))
        #expect(text.contains("\r\nX-Test: yes\r\n"))
        #expect(text.contains("\r\nConnection: close\r\n"))
        #expect(text.hasSuffix("\r\nContent-Length: 2\r\n\r\n{}"))
    }
}
