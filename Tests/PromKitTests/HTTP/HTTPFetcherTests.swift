import NIOHTTP1
import PromKit
import Testing

/// HTTPFetcher against a real NIO server on 127.0.0.1.
@Suite struct HTTPFetcherTests {
    static let handler: LocalHTTPServer.Handler = { head in
        switch head.uri {
        case "/metrics":
            return (.temporaryRedirect, [("Location", "/metrics/")], "")
        case "/metrics/":
            let accept = head.headers["Accept"].first ?? ""
            return (.ok, [("Content-Type", "application/openmetrics-text; version=1.0.0")], "accept=\(accept)\n")
        case "/loop":
            return (.found, [("Location", "/loop")], "")
        case "/missing":
            return (.notFound, [], "no such page")
        case "/slow":
            return nil
        default:
            return (.ok, [], "root")
        }
    }

    @Test func followsTheFastAPIRedirectAndSendsAccept() async throws {
        let response = try await LocalHTTPServer.with(Self.handler) { base in
            try await HTTPFetcher.get(url: base + "/metrics", headers: [("Accept", HTTPFetcher.prometheusAccept)])
        }
        #expect(response.status == 200)
        #expect(response.url.hasSuffix("/metrics/"))
        #expect(response.header("content-type") == "application/openmetrics-text; version=1.0.0")
        #expect(String(decoding: response.body, as: UTF8.self) == "accept=\(HTTPFetcher.prometheusAccept)\n")
        #expect(HTTPFetcher.prometheusAccept.hasPrefix("application/openmetrics-text"))
    }

    @Test func nonSuccessStatusPutsTheStatusLineInTheError() async throws {
        await #expect {
            try await LocalHTTPServer.with(Self.handler) { base in
                try await HTTPFetcher.get(url: base + "/missing")
            }
        } throws: { error in
            "\(error)".hasSuffix("/missing: HTTP/1.1 404 Not Found")
        }
    }

    @Test func redirectLoopsStop() async throws {
        await #expect {
            try await LocalHTTPServer.with(Self.handler) { base in
                try await HTTPFetcher.get(url: base + "/loop", maxRedirects: 3)
            }
        } throws: { error in
            "\(error)".contains("more than 3 redirects")
        }
    }

    @Test func timeoutApplies() async throws {
        let start = ContinuousClock.now
        await #expect {
            try await LocalHTTPServer.with(Self.handler) { base in
                try await HTTPFetcher.get(url: base + "/slow", timeout: .milliseconds(300))
            }
        } throws: { error in
            "\(error)".contains("no complete response within 0.3 s")
        }
        #expect(ContinuousClock.now - start < .seconds(4))
    }

    @Test func streamHandsOverTheBodyAndKeepsNone() async throws {
        let (status, body, kept) = try await LocalHTTPServer.with(Self.handler) { base in
            var status = 0
            var body: [UInt8] = []
            let response = try await HTTPFetcher.stream(url: base + "/metrics", head: { status = $0.status }) {
                body += $0
            }
            return (status, body, response.body)
        }
        #expect(status == 200)
        #expect(String(decoding: body, as: UTF8.self) == "accept=\n")
        #expect(kept.isEmpty)
    }

    struct Refused: Error {}

    @Test func streamRethrowsWhatItsConsumerThrowsAndKeepsAFailedBody() async throws {
        await #expect(throws: Refused.self) {
            try await LocalHTTPServer.with(Self.handler) { base in
                try await HTTPFetcher.stream(url: base + "/", head: { _ in }) { _ in throw Refused() }
            }
        }
        await #expect {
            try await LocalHTTPServer.with(Self.handler) { base in
                try await HTTPFetcher.stream(url: base + "/missing", head: { _ in }) { _ in throw Refused() }
            }
        } throws: { error in
            guard case HTTPFetchError.status(_, let response) = error else { return false }
            return String(decoding: response.body, as: UTF8.self) == "no such page"
        }
    }

    @Test func refusedConnectionAndBadURLs() async throws {
        await #expect(throws: HTTPFetchError.self) {
            try await HTTPFetcher.get(url: "http://127.0.0.1:1/metrics", timeout: .seconds(2))
        }
        await #expect(throws: HTTPFetchError.self) {
            try await HTTPFetcher.get(url: "ftp://example.com/x")
        }
    }
}
