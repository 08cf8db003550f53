import NIOCore
import NIOPosix
import NIOSSL
import Synchronization
import TestSupport

/// A small HTTP/1.1 server on 127.0.0.1 (port 0) that counts what it receives and answers
/// by path, for testing the load generator against exact numbers:
///
/// - `/`: 200 "ok" with Content-Length; `/chunked`: a chunked body; `/close`: Connection: close;
/// - `/extra`: a response followed by stray bytes; `/eof`: HTTP/1.0 with the body ended by closing; `/slow`: 200 after `slowDelay`;
/// - `/hang`: never answers; `/reset`: closes without answering; `/garbage`: not HTTP;
/// - `/metrics`: 307 to `/metrics/`, which serves `hits_total{endpoint="/"}`, the requests to `/`
///   seen by the worker of the connection (connections are dealt to `workers` fake processes).
final class TestHTTPServer: Sendable {
    let port: Int
    let workers: Int
    private let channel: Channel
    private let group: MultiThreadedEventLoopGroup
    private let counts = Mutex<[String: Int]>([:])
    private let hitsByWorker: Mutex<[Int]>
    private let connectionCount = Atomic<Int>(0)
    let slowDelay: TimeAmount

    /// Requests to `path` read in full so far.
    func requests(_ path: String) -> Int { counts.withLock { $0[path] ?? 0 } }
    /// Connections accepted so far.
    var connections: Int { connectionCount.load(ordering: .relaxed) }

    private init(
        channel: Channel, group: MultiThreadedEventLoopGroup, workers: Int, slowDelay: TimeAmount,
        port: Int
    ) {
        self.channel = channel
        self.group = group
        self.workers = workers
        self.slowDelay = slowDelay
        self.port = port
        self.hitsByWorker = Mutex([Int](repeating: 0, count: workers))
    }

    /// Runs `body` with a fresh server, shutting it down afterwards even when `body` throws.
    static func with<T>(
        workers: Int = 1, slowDelay: TimeAmount = .milliseconds(300), tls: Bool = false,
        _ body: (TestHTTPServer) async throws -> T
    ) async throws -> T {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let holder = Mutex<TestHTTPServer?>(nil)
        let sslContext = tls ? try Self.tlsContext() : nil
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    guard let server = holder.withLock({ $0 }) else { throw ChannelError.ioOnClosedChannel }
                    let index = server.connectionCount.wrappingAdd(1, ordering: .relaxed).oldValue
                    if let sslContext {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: sslContext))
                    }
                    try channel.pipeline.syncOperations.addHandler(
                        TestHTTPConnection(server: server, worker: index % server.workers))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let server = TestHTTPServer(
            channel: channel, group: group, workers: workers, slowDelay: slowDelay,
            port: channel.localAddress?.port ?? 0)
        holder.withLock { $0 = server }
        do {
            let result = try await body(server)
            try? await channel.close()
            try? await group.shutdownGracefully()
            return result
        } catch {
            try? await channel.close()
            try? await group.shutdownGracefully()
            throw error
        }
    }

    /// `http://127.0.0.1:PORT` + path.
    func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    /// The self-signed certificate for `localhost` in `Tests/Fixtures/tls`.
    private static func tlsContext() throws -> NIOSSLContext {
        let certificates = try NIOSSLCertificate.fromPEMFile(TestSupport.fixture("tls/cert.pem"))
        let key = try NIOSSLPrivateKey(file: TestSupport.fixture("tls/key.pem"), format: .pem)
        let configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: certificates.map { .certificate($0) }, privateKey: .privateKey(key))
        return try NIOSSLContext(configuration: configuration)
    }

    func record(_ path: String, worker: Int) {
        counts.withLock { $0[path, default: 0] += 1 }
        if path == "/" || path == "/slow" { hitsByWorker.withLock { $0[worker] += 1 } }
    }

    func metricsText(worker: Int) -> String {
        let hits = hitsByWorker.withLock { workers > 1 ? $0[worker] : $0.reduce(0, +) }
        return """
            # HELP hits_total Requests seen.
            # TYPE hits_total counter
            hits_total{endpoint="/"} \(hits).0
            # HELP process_start_time_seconds Start time of the process since unix epoch in seconds.
            # TYPE process_start_time_seconds gauge
            process_start_time_seconds \(1_700_000_000 + worker).0

            """
    }
}
