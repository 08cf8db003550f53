import NIOCore
import NIOHTTP1
import NIOPosix

/// A real HTTP/1.1 server on 127.0.0.1 and a free port, for tests; `handler`
/// answers each request head with status, headers and body, or nil to never answer.
struct LocalHTTPServer {
    typealias Handler = @Sendable (HTTPRequestHead) -> (HTTPResponseStatus, [(String, String)], String)?

    /// Runs `body` with the server's base URL; the server stops when `body` returns.
    static func with<T: Sendable>(
        _ handler: @escaping Handler, _ body: @Sendable (String) async throws -> T
    ) async throws -> T {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    return try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(
                        wrappingChannelSynchronously: channel)
                }
            }
        let port = server.channel.localAddress?.port ?? 0
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await server.executeThenClose { connections in
                    try await withThrowingDiscardingTaskGroup { connectionGroup in
                        for try await connection in connections {
                            connectionGroup.addTask { try? await serve(connection, handler) }
                        }
                    }
                }
            }
            defer { group.cancelAll() }
            let result = try await body("http://127.0.0.1:\(port)")
            try await server.channel.close()
            return result
        }
    }

    private static func serve(
        _ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, _ handler: Handler
    ) async throws {
        try await connection.executeThenClose { inbound, outbound in
            for try await part in inbound {
                guard case .head(let head) = part else { continue }
                guard let (status, headers, body) = handler(head) else {
                    try await Task.sleep(for: .seconds(5))
                    return
                }
                var responseHead = HTTPResponseHead(version: .http1_1, status: status)
                for (name, value) in headers { responseHead.headers.add(name: name, value: value) }
                responseHead.headers.add(name: "Content-Length", value: "\(body.utf8.count)")
                try await outbound.write(.head(responseHead))
                try await outbound.write(.body(.byteBuffer(ByteBuffer(string: body))))
                try await outbound.write(.end(nil))
            }
        }
    }
}
