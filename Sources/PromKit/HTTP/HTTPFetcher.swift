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
    /// (its description is the status line) when the final status is not 2xx, and
    /// ``HTTPFetchError/bodyTooLarge(url:limit:)`` when a 2xx body passes `maxBodyBytes`.
    /// To read a body of any size in bounded memory, use
    /// ``stream(url:headers:timeout:maxRedirects:head:body:)``.
    public static func get(
        url: String, headers: [(name: String, value: String)] = [], timeout: Duration = .seconds(10),
        maxRedirects: Int = 5, maxBodyBytes: Int = 1 << 30
    ) async throws -> HTTPResponse {
        var answered = url
        var body: [UInt8] = []
        var response = try await fetch(
            url: url, headers: headers, timeout: timeout, maxRedirects: maxRedirects, heldBodyLimit: maxBodyBytes,
            head: { answered = $0.url },
            body: { piece in
                guard body.count + piece.count <= maxBodyBytes else {
                    throw HTTPFetchError.bodyTooLarge(url: answered, limit: maxBodyBytes)
                }
                body.append(contentsOf: piece)
            })
        response.body = body
        return response
    }

    /// GETs `url` as ``get(url:headers:timeout:maxRedirects:maxBodyBytes:)`` does,
    /// but hands the body of the final 2xx response to `body` piece by piece as it
    /// arrives and never holds it, so memory stays bounded whatever the body's
    /// size; `timeout` bounds the time, `body`'s own work included. `head` gets
    /// the response (status and headers, an empty body) before the first piece.
    /// Returns that response. The body of a redirect or of a failed status is
    /// kept in the response (its first 64 KiB; the rest is read and dropped).
    /// An error thrown by `head` or `body` ends the fetch and is rethrown as it is.
    public static func stream(
        url: String, headers: [(name: String, value: String)] = [], timeout: Duration = .seconds(10),
        maxRedirects: Int = 5, head: (HTTPResponse) throws -> Void, body: (UnsafeRawBufferPointer) throws -> Void
    ) async throws -> HTTPResponse {
        try await fetch(
            url: url, headers: headers, timeout: timeout, maxRedirects: maxRedirects, heldBodyLimit: 64 << 10,
            head: head, body: body)
    }

    private static func fetch(
        url: String, headers: [(name: String, value: String)], timeout: Duration, maxRedirects: Int,
        heldBodyLimit: Int, head: (HTTPResponse) throws -> Void, body: (UnsafeRawBufferPointer) throws -> Void
    ) async throws -> HTTPResponse {
        var target: HTTPURL
        do {
            target = try HTTPURL(parsing: url)
        } catch {
            throw HTTPFetchError.invalidURL(error)
        }
        let deadline = ContinuousClock.now + timeout
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        var redirects = 0
        while true {
            let current = target
            let response = try await withDeadline(deadline, url: current.description, seconds: seconds) { slot in
                try await exchange(
                    current, headers: headers, deadline: deadline, slot: slot, heldBodyLimit: heldBodyLimit,
                    head: head, body: body)
            }
            if [301, 302, 303, 307, 308].contains(response.status) {
                guard let location = response.header("location") else {
                    throw HTTPFetchError.redirects(
                        url: current.description, problem: "\(response.statusLine) without Location")
                }
                redirects += 1
                guard redirects <= maxRedirects else {
                    throw HTTPFetchError.redirects(url: url, problem: "more than \(maxRedirects) redirects")
                }
                do {
                    target = try current.resolving(location)
                } catch {
                    throw HTTPFetchError.redirects(
                        url: current.description,
                        problem: "redirect to an unusable Location \"\(location)\": \(error.reason)")
                }
                continue
            }
            guard (200..<300).contains(response.status) else {
                throw HTTPFetchError.status(url: current.description, response: response)
            }
            return response
        }
    }

    /// An error thrown by the caller's `head` or `body`, carried out unchanged.
    private struct ConsumerFailure: Error {
        var error: any Error
    }

    /// Holds the open channel so that the deadline can close it, and whether
    /// the deadline has passed.
    final class ChannelSlot: Sendable {
        private let state = Mutex<(channel: (any Channel)?, expired: Bool)>((nil, false))

        /// Keeps `channel` to close at the deadline; closes it at once if the deadline has passed.
        func attach(_ channel: any Channel) {
            let expired = state.withLock { state in
                state.channel = channel
                return state.expired
            }
            if expired { channel.close(promise: nil) }
        }

        /// Marks the deadline as passed and closes the channel, if any.
        func expire() {
            let channel = state.withLock { state in
                state.expired = true
                return state.channel
            }
            channel?.close(promise: nil)
        }

        var hasExpired: Bool { state.withLock { $0.expired } }
    }

    /// Runs `body` in this task; at the deadline the channel is closed, which
    /// ends whatever `body` is waiting for, and its error reads as a timeout.
    private static func withDeadline(
        _ deadline: ContinuousClock.Instant, url: String, seconds: Double,
        _ body: (ChannelSlot) async throws -> HTTPResponse
    ) async throws -> HTTPResponse {
        let slot = ChannelSlot()
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try? await Task.sleep(until: deadline, clock: .continuous)
                if !Task.isCancelled { slot.expire() }
            }
            defer { group.cancelAll() }
            do {
                return try await body(slot)
            } catch {
                if slot.hasExpired { throw HTTPFetchError.timeout(url: url, seconds: seconds) }
                throw error
            }
        }
    }

    /// One request and its response. A 2xx response's head and body go to
    /// `head` and `body`; any other response's body is held up to `heldBodyLimit`.
    private static func exchange(
        _ target: HTTPURL, headers: [(name: String, value: String)], deadline: ContinuousClock.Instant,
        slot: ChannelSlot, heldBodyLimit: Int, head: (HTTPResponse) throws -> Void,
        body: (UnsafeRawBufferPointer) throws -> Void
    ) async throws -> HTTPResponse {
        let remaining = ContinuousClock.now.duration(to: deadline)
        let milliseconds = max(
            1, remaining.components.seconds * 1000 + remaining.components.attoseconds / 1_000_000_000_000_000)
        let sslContext = try target.scheme == .https ? NIOSSLContext(configuration: .makeClientConfiguration()) : nil
        let channel: NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>
        do {
            channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.milliseconds(milliseconds))
                .connect(host: target.host, port: target.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if let sslContext {
                            let handler = try NIOSSLClientHandler(
                                context: sslContext, serverHostname: target.hostIsAddress ? nil : target.host)
                            try channel.pipeline.syncOperations.addHandler(handler)
                        }
                        try channel.pipeline.syncOperations.addHTTPClientHandlers()
                        return try NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>(
                            wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            throw HTTPFetchError.connection(
                url: target.description, problem: "cannot connect: \(ErrorText.describe(error))")
        }
        slot.attach(channel.channel)
        do {
            return try await channel.executeThenClose { inbound, outbound in
                var request = HTTPRequestHead(version: .http1_1, method: .GET, uri: target.path)
                request.headers.add(name: "Host", value: target.hostHeader)
                request.headers.add(name: "User-Agent", value: "promkit/\(PromKitVersion.current)")
                for header in headers { request.headers.add(name: header.name, value: header.value) }
                request.headers.add(name: "Connection", value: "close")
                // Head and end in one write: a server that answers and closes at
                // once must not find half a request (the second write would fail
                // with "I/O on closed channel").
                try await outbound.write(contentsOf: [.head(request), .end(nil)])
                return try await read(
                    inbound, url: target.description, heldBodyLimit: heldBodyLimit, head: head, body: body)
            }
        } catch let error as HTTPFetchError {
            throw error
        } catch let failure as ConsumerFailure {
            throw failure.error
        } catch {
            throw HTTPFetchError.connection(url: target.description, problem: "\(error)")
        }
    }

    /// Reads one response. The body of a 2xx response goes to `body` piece by
    /// piece as NIO reads it (the channel's back-pressure holds the rest in the
    /// socket); any other body is held, up to `heldBodyLimit` bytes.
    private static func read(
        _ inbound: NIOAsyncChannelInboundStream<HTTPClientResponsePart>, url: String, heldBodyLimit: Int,
        head: (HTTPResponse) throws -> Void, body: (UnsafeRawBufferPointer) throws -> Void
    ) async throws -> HTTPResponse {
        var response: HTTPResponse?
        var held: [UInt8] = []
        var streaming = false
        for try await part in inbound {
            switch part {
            case .head(let received):
                let started = HTTPResponse(
                    url: url, status: Int(received.status.code), reason: received.status.reasonPhrase,
                    version: "HTTP/\(received.version.major).\(received.version.minor)",
                    headers: received.headers.map { (name: $0.name, value: $0.value) }, body: [])
                response = started
                streaming = (200..<300).contains(started.status)
                if streaming {
                    do { try head(started) } catch { throw ConsumerFailure(error: error) }
                }
            case .body(let buffer):
                if streaming {
                    do {
                        try buffer.withUnsafeReadableBytes { try body($0) }
                    } catch {
                        throw ConsumerFailure(error: error)
                    }
                } else if held.count < heldBodyLimit {
                    buffer.withUnsafeReadableBytes { held.append(contentsOf: $0.prefix(heldBodyLimit - held.count)) }
                }
            case .end:
                guard var complete = response else { break }
                complete.body = held
                return complete
            }
        }
        throw HTTPFetchError.connection(url: url, problem: "the connection closed before the response was complete")
    }
}
