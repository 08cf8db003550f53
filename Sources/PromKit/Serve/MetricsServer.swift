import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPCompression
import NIOPosix

/// The sidecar exporter: an HTTP/1.1 server that answers scrapes of a
/// multiprocess directory (see ``MetricsEndpoint`` for what it answers).
///
/// Built on NIO async channels: every connection is a child task on the
/// Swift concurrency pool, the blocking part of a scrape (listing, merging,
/// rendering) runs on a `NIOThreadPool` of its own, and an error on one
/// connection closes that connection only. ``shutdown()`` stops
/// accepting, closes idle connections, lets the scrapes in flight finish,
/// and then ``run(onListening:)`` returns.
///
/// ``ConnectionLimits`` hold it up under abuse: requests that arrive too
/// slowly and connections idle too long are closed, and the number of
/// connections stays under a cap that leaves descriptors for scrapes. When
/// descriptors run out all the same, accepting backs off for a second
/// (NIO's `AcceptBackoffHandler`) instead of spinning.
public final class MetricsServer: Sendable {
    private let configuration: ServeConfiguration
    private let limits: ConnectionLimits
    private let logger: Logger
    private let registry: ConnectionRegistry

    /// Creates a server that logs skipped files and failed scrapes through `logger`
    /// (see ``MetricsEndpoint/init(configuration:pool:logger:)``).
    /// The connection cap is `limits`' lowered to what the descriptor limit leaves
    /// (``ConnectionLimits/connectionCap(descriptorLimit:)``).
    public init(
        configuration: ServeConfiguration, limits: ConnectionLimits = .default,
        logger: Logger
    ) {
        self.configuration = configuration
        self.limits = limits
        self.logger = logger
        self.registry = ConnectionRegistry(
            cap: limits.connectionCap(descriptorLimit: ConnectionLimits.descriptorLimit()))
    }

    /// Why the server could not start.
    public struct StartError: Error, Sendable, CustomStringConvertible {
        /// The address.
        public var address: ListenAddress
        /// What went wrong.
        public var message: String
        public var description: String { "cannot listen on \(address): \(message)" }
    }

    /// Binds, calls `onListening` with the bound port, and serves until ``shutdown()``.
    public func run(onListening: @Sendable (Int) -> Void = { _ in }) async throws {
        let pool = NIOThreadPool(numberOfThreads: configuration.renderThreads)
        pool.start()
        do {
            try await serve(pool: pool, onListening: onListening)
        } catch {
            try? await pool.shutdownGracefully()
            throw error
        }
        try await pool.shutdownGracefully()
    }

    /// Begins a graceful shutdown; safe to call from any thread, more than once.
    public func shutdown() {
        registry.shutdown()
    }

    private func serve(pool: NIOThreadPool, onListening: @Sendable (Int) -> Void) async throws {
        let address = configuration.listen
        let limits = self.limits
        let registry = self.registry
        let listener: NIOAsyncChannel<NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, Never>
        do {
            listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .serverChannelOption(.backlog, value: 256)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
                .bind(host: address.host, port: address.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        // Counted as it is accepted, so that the cap bounds descriptors
                        // (accepted connections wait in a buffer before their task runs).
                        let admitted = registry.opened(channel)
                        let pipeline = channel.pipeline.syncOperations
                        try pipeline.addHandler(RequestDeadlineHandler.ByteArrival(), position: .first)
                        try pipeline.configureHTTPServerPipeline(withErrorHandling: true)
                        try pipeline.addHandler(GzipAcceptance())
                        try pipeline.addHandler(HTTPResponseCompressor())
                        try pipeline.addHandler(RequestDeadlineHandler(limits: limits))
                        let wrapped = try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(
                            wrappingChannelSynchronously: channel)
                        if !admitted { channel.close(promise: nil) }
                        return wrapped
                    }
                }
        } catch let error as IOError {
            // "Address already in use", not NIO's "bind(descriptor:ptr:bytes:): ... (errno: 98)".
            throw StartError(address: address, message: SystemError.reason(error.errnoCode))
        } catch {
            throw StartError(address: address, message: "\(error)")
        }
        registry.listening(on: listener.channel)
        onListening(listener.channel.localAddress?.port ?? address.port)
        let endpoint = MetricsEndpoint(configuration: configuration, pool: pool, logger: logger)
        try await withThrowingDiscardingTaskGroup { group in
            try await listener.executeThenClose { connections in
                for try await connection in connections {
                    group.addTask { await self.handle(connection, endpoint: endpoint) }
                }
            }
        }
    }

    private func handle(
        _ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, endpoint: MetricsEndpoint
    ) async {
        let channel = connection.channel
        guard registry.isOpen(channel) else {
            try? await channel.close()
            return
        }
        defer { registry.closed(channel) }
        do {
            try await connection.executeThenClose { inbound, outbound in
                var request: HTTPRequestHead?
                for try await part in inbound {
                    switch part {
                    case .head(let head):
                        registry.busy(channel)
                        request = head
                    case .body:
                        continue
                    case .end:
                        guard let head = request else { continue }
                        request = nil
                        let response = await endpoint.respond(to: head, on: channel.eventLoop)
                        let closing = !head.isKeepAlive || registry.isShuttingDown
                        try await write(response, for: head, closing: closing, to: outbound)
                        if registry.idle(channel) || closing { return }
                    }
                }
            }
        } catch {
            // One connection's failure (reset, garbage) ends that connection only.
        }
    }

    private func write(
        _ response: MetricsEndpoint.Response, for request: HTTPRequestHead, closing: Bool,
        to outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>
    ) async throws {
        var headers = response.headers
        if closing { headers.replaceOrAdd(name: "Connection", value: "close") }
        let head = HTTPResponseHead(version: request.version, status: response.status, headers: headers)
        var parts: [HTTPServerResponsePart] = [.head(head)]
        if !response.body.isEmpty {
            parts.append(.body(.byteBuffer(ByteBuffer(bytes: response.body))))
        }
        parts.append(.end(nil))
        try await outbound.write(contentsOf: parts)
    }
}
