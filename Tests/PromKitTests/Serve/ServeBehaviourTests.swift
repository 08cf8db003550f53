import Foundation
import PromKit
import TestSupport
import Testing

/// Paths, methods, bad requests, damaged files and parallel scrapes against the live server.
@Suite struct ServeBehaviourTests {
    @Test func pathsAndMethods() async throws {
        try await LiveServer.with(directory: TestSupport.fixture("sample")) { client, _ in
            let health = try await client.request("GET", "/healthz")
            #expect(health.status == 200)
            #expect(health.text == "ok\n")
            let get = try await client.request("GET", "/metrics")
            let head = try await client.request("HEAD", "/metrics")
            #expect(head.status == 200)
            #expect(head.body.isEmpty)
            #expect(head.header("Content-Length") == String(get.body.count))
            #expect(head.header("Content-Type") == get.header("Content-Type"))
            let headHealth = try await client.request("HEAD", "/healthz")
            #expect(headHealth.status == 200 && headHealth.body.isEmpty)
            for path in ["/", "/metrics/", "/metricsx", "/healthz/x", "/../metrics"] {
                let response = try await client.request("GET", path)
                #expect(response.status == 404, "\(path)")
            }
            for method in ["POST", "PUT", "DELETE", "OPTIONS", "PATCH"] {
                let response = try await client.request(method, "/metrics")
                #expect(response.status == 405, "\(method)")
                #expect(response.header("Allow") == "GET, HEAD")
            }
            // The query selects samples by name, as prometheus_client's name[] does.
            let one = try await client.request("GET", "/metrics?name[]=http_requests_total")
            #expect(one.status == 200)
            let families = TestSupport.familyBlocks(one.text)
            #expect(Array(families.keys) == ["http_requests_total"])
        }
    }

    /// Garbage, truncated and oversized requests get 400 or a closed
    /// connection, and never stop the server answering others.
    @Test func badRequestsDoNotStopTheServer() async throws {
        try await LiveServer.with(directory: TestSupport.fixture("sample")) { client, _ in
            let garbage: [[UInt8]] = [
                Array("\u{1}\u{2}\u{3}garbage\r\n\r\n".utf8),
                Array("GET /metrics HTTP/9.9\r\n\r\n".utf8),
                Array("BREW /metrics HTTP/1.1\r\nHost: x\r\n\r\n".utf8),
                Array("GET /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n".utf8),
                Array("GET /metrics HTTP/1.1\r\nBad Header Line\r\n\r\n".utf8),
                (0..<4096).map { UInt8(truncatingIfNeeded: $0 * 7919) },
                Array("GET /met".utf8),
            ]
            for bytes in garbage {
                let raw = try await client.exchange(bytes, halfClose: true, timeout: 10)
                if !raw.isEmpty {
                    let response = try RawHTTPClient.parse(raw)
                    #expect(response.status == 400, "\(String(decoding: bytes.prefix(30), as: UTF8.self))")
                }
                let after = try await client.request("GET", "/healthz")
                #expect(after.status == 200)
            }
            // Two pipelined requests on one connection are both answered, in order.
            let pipelined = Array(
                ("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .utf8)
            let raw = String(decoding: try await client.exchange(pipelined), as: UTF8.self)
            #expect(raw.hasPrefix("HTTP/1.1 200 OK"))
            #expect(raw.contains("HTTP/1.1 404 Not Found"))
        }
    }

    /// A damaged file fails the scrape with 500 naming the file and byte
    /// offset; with skipInvalid it is left out, logged and counted.
    @Test func damagedFile() async throws {
        let directory = try TestSupport.temporaryDirectory("serve-damaged")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for name in try FileManager.default.contentsOfDirectory(atPath: TestSupport.fixture("sample")) {
            try FileManager.default.copyItem(
                atPath: TestSupport.fixture("sample/" + name), toPath: directory + "/" + name)
        }
        let damaged = TestSupport.fixture("damaged/truncated_entry")
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: damaged).first)
        try FileManager.default.copyItem(atPath: damaged + "/" + name, toPath: directory + "/" + name)
        let expectedJSON = try JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: TestSupport.fixture("damaged/expected.json"))))
        let offset = try #require(
            ((expectedJSON as? [String: Any])?["truncated_entry"] as? [String: Any])?["offset"] as? Int)

        try await LiveServer.with(directory: directory) { client, _ in
            let response = try await client.request("GET", "/metrics")
            #expect(response.status == 500)
            #expect(response.text.contains(directory + "/" + name))
            #expect(response.text.contains("byte \(offset)"))
        }
        try await LiveServer.with(directory: directory, skipInvalid: true, selfMetrics: true) { client, log in
            let response = try await client.request("GET", "/metrics")
            #expect(response.status == 200)
            #expect(response.text.contains("promkit_skipped_files 1.0\n"))
            #expect(response.text.contains("promkit_scrape_files 11.0\n"))
            #expect(response.text.contains("# TYPE promkit_scrape_duration_seconds gauge\n"))
            #expect(log.all.contains { $0.contains(name) && $0.contains("byte \(offset)") })
            let sample = try String(contentsOfFile: TestSupport.fixture("sample-expected/text.txt"), encoding: .utf8)
            var blocks = TestSupport.familyBlocks(response.text)
            for own in ["promkit_skipped_files", "promkit_scrape_files", "promkit_scrape_duration_seconds"] {
                #expect(blocks.removeValue(forKey: own) != nil)
            }
            #expect(blocks == TestSupport.familyBlocks(sample))
        }
    }

    /// Many scrapes at once are all answered, in parallel on the render threads.
    @Test func parallelScrapes() async throws {
        let fixture = TestSupport.fixture("v2-0.26.0")
        let expected = TestSupport.familyBlocks(
            try String(contentsOfFile: fixture + "/expected/text.txt", encoding: .utf8))
        try await LiveServer.with(directory: fixture + "/db") { client, _ in
            try await withThrowingTaskGroup(of: RawHTTPClient.Response.self) { group in
                for _ in 0..<16 { group.addTask { try await client.request("GET", "/metrics") } }
                var count = 0
                for try await response in group {
                    #expect(response.status == 200)
                    #expect(TestSupport.familyBlocks(response.text) == expected)
                    count += 1
                }
                #expect(count == 16)
            }
        }
    }

    /// A scrape that outlasts the timeout is answered 503 at the timeout.
    @Test func scrapeTimeout() async throws {
        let directory = try TestSupport.temporaryDirectory("serve-timeout")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let source = TestSupport.fixture("v2-0.26.0/db/counter_9031.db")
        for index in 0..<400 {
            try FileManager.default.copyItem(atPath: source, toPath: directory + "/counter_\(100_000 + index).db")
        }
        try await LiveServer.with(directory: directory, timeout: .microseconds(50)) { client, log in
            let response = try await client.request("GET", "/metrics")
            #expect(response.status == 503)
            #expect(response.text.contains("scrape-timeout"))
            #expect(log.all.contains { $0.contains("timed out") })
            let health = try await client.request("GET", "/healthz")
            #expect(health.status == 200)
        }
    }
}
