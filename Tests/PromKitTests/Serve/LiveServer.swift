import Foundation
import Logging
import NIOConcurrencyHelpers
import PromKit
import TestSupport

/// A ``MetricsServer`` running in this process on 127.0.0.1, port 0, for one test.
enum LiveServer {
    /// What the server logged.
    final class Log: Sendable {
        private let lines = NIOLockedValueBox<[String]>([])
        func append(_ line: String) { lines.withLockedValue { $0.append(line) } }
        var all: [String] { lines.withLockedValue { $0 } }

        /// A logger that appends every line at info and above, as `level: message`.
        var logger: Logger { Logger(label: "promkit.test") { _ in Handler(log: self) } }

        private struct Handler: LogHandler {
            let log: Log
            var logLevel = Logger.Level.info
            var metadata: Logger.Metadata = [:]
            subscript(metadataKey key: String) -> Logger.Metadata.Value? {
                get { metadata[key] }
                set { metadata[key] = newValue }
            }
            func log(event: LogEvent) { log.append("\(event.level): \(event.message)") }
        }
    }

    /// Starts a server for `directory`, runs `body` with a client, then shuts it down gracefully.
    static func with(
        directory: String, skipInvalid: Bool = false, selfMetrics: Bool = false,
        timeout: Duration = .seconds(10), limits: ConnectionLimits = .default,
        _ body: (RawHTTPClient, Log) async throws -> Void
    ) async throws {
        let log = Log()
        let configuration = ServeConfiguration(
            directory: directory, listen: ListenAddress(host: "127.0.0.1", port: 0), skipInvalid: skipInvalid,
            selfMetrics: selfMetrics, scrapeTimeout: timeout, renderThreads: 4)
        let server = MetricsServer(configuration: configuration, limits: limits, logger: log.logger)
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                defer { continuation.finish() }
                try await server.run { continuation.yield($0) }
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else {
                try await group.waitForAll()
                throw RawHTTPClient.Failure(description: "server did not start")
            }
            do {
                try await body(RawHTTPClient(port: port), log)
            } catch {
                server.shutdown()
                try await group.waitForAll()
                throw error
            }
            server.shutdown()
            try await group.waitForAll()
        }
    }
}
