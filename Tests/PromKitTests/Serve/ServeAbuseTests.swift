import Foundation
import PromKit
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Clients that hold connections without finishing requests: cut off by the
/// header and idle timeouts, and never able to lock `/healthz` out.
@Suite struct ServeAbuseTests {
    /// A client socket that sends what it is told, when it is told.
    final class Client: Sendable {
        let descriptor: Int32

        init(port: Int) throws {
            descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard descriptor >= 0 else { throw RawHTTPClient.Failure(description: "socket failed") }
            let result = RawHTTPClient.connectToLoopback(descriptor, port: port)
            guard result == 0 else {
                close(descriptor)
                throw RawHTTPClient.Failure(description: "connect failed: errno \(errno)")
            }
        }

        deinit {
            close(descriptor)
        }

        /// Sends `text`; false when the server has closed the connection.
        @discardableResult
        func send(_ text: String) -> Bool {
            let bytes = Array(text.utf8)
            let sent = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            return sent == bytes.count
        }

        /// ``closed(within:)`` on its own thread, so that waiting does not hold
        /// one of the few threads that run the tests.
        func closing(within seconds: Double) async -> Bool {
            await withCheckedContinuation { continuation in
                Thread.detachNewThread { continuation.resume(returning: self.closed(within: seconds)) }
            }
        }

        /// Reads what arrives for up to `seconds`; true when the server closed
        /// the connection within that time.
        func closed(within seconds: Double) -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            var chunk = [UInt8](repeating: 0, count: 65536)
            while Date() < deadline {
                var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
                let ready = poll(&poller, 1, Int32(max(1, deadline.timeIntervalSinceNow * 1000)))
                if ready < 0, errno == EINTR { continue }
                guard ready > 0 else { return false }
                let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
                if count < 0, errno == EINTR { continue }
                if count <= 0 { return true }
            }
            return false
        }
    }

    /// Sends one byte of a request head every 100 ms from another thread until
    /// the server closes the connection; returns the seconds that took, or nil.
    static func trickle(_ client: Client, for seconds: Double, head: String = "GET /metrics HTTP/1.1\r\n")
        async -> Double?
    {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                let started = Date()
                _ = client.send(head)
                while Date().timeIntervalSince(started) < seconds {
                    if client.closed(within: 0.1) {
                        continuation.resume(returning: Date().timeIntervalSince(started))
                        return
                    }
                    guard client.send("X") else {
                        continuation.resume(returning: Date().timeIntervalSince(started))
                        return
                    }
                }
                continuation.resume(returning: nil)
            }
        }
    }

    static let short = ConnectionLimits(headerTimeout: .milliseconds(800), idleTimeout: .seconds(30))

    /// A byte a second (here ten) never finishes a head: cut off at the header timeout.
    @Test func slowlorisIsCutOffByTheHeaderTimeout() async throws {
        try await LiveServer.with(directory: TestSupport.fixture("sample"), limits: Self.short) { client, _ in
            let slow = try Client(port: client.port)
            let took = await Self.trickle(slow, for: 10)
            let seconds = try #require(took, "the connection was still open after 10 s")
            #expect(seconds >= 0.5 && seconds < 3, "\(seconds)")
            #expect(try await client.request("GET", "/healthz").status == 200)
        }
    }

    /// After a response, a kept-alive connection may idle; once its next request
    /// begins, the header timeout applies again, not the idle one.
    @Test func nextRequestOnAKeptAliveConnectionHasTheHeaderTimeout() async throws {
        try await LiveServer.with(directory: TestSupport.fixture("sample"), limits: Self.short) { client, _ in
            let kept = try Client(port: client.port)
            #expect(kept.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"))
            #expect(!(await kept.closing(within: 1.5)))  // answered, then idle past the header timeout
            let took = await Self.trickle(kept, for: 10)
            let seconds = try #require(took, "the connection was still open after 10 s")
            #expect(seconds < 3, "\(seconds)")
        }
    }

    @Test func idleKeptAliveConnectionIsClosed() async throws {
        let limits = ConnectionLimits(headerTimeout: .seconds(30), idleTimeout: .milliseconds(800))
        try await LiveServer.with(directory: TestSupport.fixture("sample"), limits: limits) { client, _ in
            let kept = try Client(port: client.port)
            #expect(kept.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"))
            #expect(await kept.closing(within: 5))
        }
    }

    /// At the cap, a new connection closes the one that has waited longest for
    /// a request: `/healthz` and scrapes get in under a flood of silent clients.
    @Test func silentFloodCannotLockOutHealthz() async throws {
        let limits = ConnectionLimits(headerTimeout: .seconds(60), idleTimeout: .seconds(60), maxConnections: 8)
        try await LiveServer.with(directory: TestSupport.fixture("sample"), limits: limits) { client, _ in
            var silent: [Client] = []
            for _ in 0..<8 {
                silent.append(try Client(port: client.port))
                try await Task.sleep(for: .milliseconds(20))
            }
            try await Task.sleep(for: .milliseconds(200))
            for _ in 0..<3 {
                #expect(try await client.request("GET", "/healthz").status == 200)
                #expect(try await client.request("GET", "/metrics").status == 200)
            }
            // The oldest silent connections made room; the newest are still open.
            #expect(await silent[0].closing(within: 2))
            #expect(!(await silent[7].closing(within: 0.2)))
        }
    }

    @Test func capLeavesDescriptorsForScrapes() {
        #expect(ConnectionLimits().connectionCap(descriptorLimit: nil) == 512)
        #expect(ConnectionLimits().connectionCap(descriptorLimit: 1024) == 512)
        #expect(ConnectionLimits().connectionCap(descriptorLimit: 256) == 128)
        #expect(ConnectionLimits().connectionCap(descriptorLimit: 100) == 50)
        #expect(ConnectionLimits().connectionCap(descriptorLimit: 64) == 32)
        #expect(ConnectionLimits().connectionCap(descriptorLimit: 10) == 1)
        #expect(ConnectionLimits(maxConnections: 0).maxConnections == 1)
    }
}
