import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Synchronization

/// A small HTTP/1.1 client for scraping: GET with headers, redirects, an
/// overall timeout and a body limit, over plain TCP or TLS (SwiftNIO and
/// swift-nio-ssl).
public enum HTTPFetcher {
    /// The `Accept` header Prometheus 3 sends: OpenMetrics first, then text 1.0.0 and 0.0.4.
    public static let prometheusAccept =
        "application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.5,"
        + "application/openmetrics-text;version=0.0.1;q=0.4,"
        + "text/plain;version=1.0.0;escaping=allow-utf-8;q=0.3,"
        + "text/plain;version=0.0.4;q=0.2,*/*;q=0.1"

    /// GETs `url`, following up to `maxRedirects` redirects (301, 302, 303, 307,
    /// 308), within `timeout` overall. Throws ``HTTPFetchError/status(url:response:)``
    /// (its description is the status line) when the final status is not 2xx.
    public static func get(
        url: String, headers: [(name: String, value: String)] = [], timeout: Duration = .seconds(10),
        maxRedirects: Int = 5, maxBodyBytes: Int = 1 << 30
    ) async throws -> HTTPResponse {
        var target = try HTTPTarget(url)
        let deadline = ContinuousClock.now + timeout
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        var redirects = 0
        while true {
            let current = target
            let response = try await withDeadline(deadline, url: current.url, seconds: seconds) { slot in
                try await exchange(
                    current, headers: headers, maxBodyBytes: maxBodyBytes, deadline: deadline, slot: slot)
            }
            if [301, 302, 303, 307, 308].contains(response.status) {
                guard let location = response.header("location") else {
                    throw HTTPFetchError.redirects(url: current.url, problem: "\(response.statusLine) without Location")
                }
                redirects += 1
                guard redirects <= maxRedirects else {
                    throw HTTPFetchError.redirects(url: url, problem: "more than \(maxRedirects) redirects")
                }
                target = try current.resolve(location)
                continue
            }
            guard (200..<300).contains(response.status) else {
                throw HTTPFetchError.status(url: current.url, response: response)
            }
            return response
        }
    }

    /// Holds the open channel so that a timeout can close it.
    final class ChannelSlot: Sendable {
        let channel = Mutex<(any Channel)?>(nil)
        let timedOut = Mutex(false)
    }

    private static func withDeadline(
        _ deadline: ContinuousClock.Instant, url: String, seconds: Double,
        _ body: @escaping @Sendable (ChannelSlot) async throws -> HTTPResponse
    ) async throws -> HTTPResponse {
        let slot = ChannelSlot()
        return try await withThrowingTaskGroup(of: HTTPResponse?.self) { group in
            group.addTask { try await body(slot) }
            group.addTask {
                try? await Task.sleep(until: deadline, clock: .continuous)
                if Task.isCancelled { return nil }
                slot.timedOut.withLock { $0 = true }
                slot.channel.withLock { $0?.close(promise: nil) }
                throw HTTPFetchError.timeout(url: url, seconds: seconds)
            }
            defer { group.cancelAll() }
            do {
                while let next = try await group.next() {
                    if let response = next { return response }
                }
            } catch {
                if slot.timedOut.withLock({ $0 }) { throw HTTPFetchError.timeout(url: url, seconds: seconds) }
                throw error
            }
            throw HTTPFetchError.timeout(url: url, seconds: seconds)
        }
    }

    private static func exchange(
        _ target: HTTPTarget, headers: [(name: String, value: String)], maxBodyBytes: Int,
        deadline: ContinuousClock.Instant, slot: ChannelSlot
    ) async throws -> HTTPResponse {
        let remaining = ContinuousClock.now.duration(to: deadline)
        let milliseconds = max(
            1, remaining.components.seconds * 1000 + remaining.components.attoseconds / 1_000_000_000_000_000)
        let sslContext = try target.secure ? NIOSSLContext(configuration: .makeClientConfiguration()) : nil
        let channel: NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>
        do {
            channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.milliseconds(milliseconds))
                .connect(host: target.host, port: target.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if let sslContext {
                            let handler = try NIOSSLClientHandler(
                                context: sslContext, serverHostname: target.isIPAddress ? nil : target.host)
                            try channel.pipeline.syncOperations.addHandler(handler)
                        }
                        try channel.pipeline.syncOperations.addHTTPClientHandlers()
                        return try NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>(
                            wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            throw HTTPFetchError.connection(url: target.url, problem: "cannot connect: \(error)")
        }
        slot.channel.withLock { $0 = channel.channel }
        do {
            return try await channel.executeThenClose { inbound, outbound in
                var head = HTTPRequestHead(version: .http1_1, method: .GET, uri: target.pathAndQuery)
                head.headers.add(name: "Host", value: target.hostHeader)
                head.headers.add(name: "User-Agent", value: "promkit/\(PromKitVersion.current)")
                for header in headers { head.headers.add(name: header.name, value: header.value) }
                head.headers.add(name: "Connection", value: "close")
                // Head and end in one write: a server that answers and closes at
                // once must not find half a request (the second write would fail
                // with "I/O on closed channel").
                try await outbound.write(contentsOf: [.head(head), .end(nil)])
                return try await read(inbound, url: target.url, maxBodyBytes: maxBodyBytes)
            }
        } catch let error as HTTPFetchError {
            throw error
        } catch {
            throw HTTPFetchError.connection(url: target.url, problem: "\(error)")
        }
    }

    private static func read(
        _ inbound: NIOAsyncChannelInboundStream<HTTPClientResponsePart>, url: String, maxBodyBytes: Int
    ) async throws -> HTTPResponse {
        var response: HTTPResponse?
        var body: [UInt8] = []
        for try await part in inbound {
            switch part {
            case .head(let head):
                response = HTTPResponse(
                    url: url, status: Int(head.status.code), reason: head.status.reasonPhrase,
                    version: "HTTP/\(head.version.major).\(head.version.minor)",
                    headers: head.headers.map { (name: $0.name, value: $0.value) }, body: [])
            case .body(let buffer):
                guard body.count + buffer.readableBytes <= maxBodyBytes else {
                    throw HTTPFetchError.bodyTooLarge(url: url, limit: maxBodyBytes)
                }
                buffer.withUnsafeReadableBytes { body.append(contentsOf: $0) }
            case .end:
                guard var complete = response else { break }
                complete.body = body
                return complete
            }
        }
        throw HTTPFetchError.connection(url: url, problem: "the connection closed before the response was complete")
    }
}
