import Logging
import Synchronization

/// A ``MetricsServer`` serving in a task of its own, for commands that do
/// something else meanwhile (`promkit run`).
public struct RunningServer: Sendable {
    private let server: MetricsServer
    private let task: Task<Void, any Error>
    /// The port it listens on.
    public let port: Int

    /// Binds and starts serving; throws ``MetricsServer/StartError`` when it cannot listen.
    public static func start(
        _ configuration: ServeConfiguration, limits: ConnectionLimits = .default,
        logger: Logger
    ) async throws -> RunningServer {
        let server = MetricsServer(configuration: configuration, limits: limits, logger: logger)
        let waiter = Waiter()
        let port: Int = try await withCheckedThrowingContinuation { continuation in
            waiter.set(continuation)
            let task = Task {
                do {
                    try await server.run { port in waiter.resume(with: .success(port)) }
                } catch {
                    waiter.resume(with: .failure(error))
                    throw error
                }
            }
            waiter.keep(task)
        }
        guard let task = waiter.task else { throw CancellationError() }
        return RunningServer(server: server, task: task, port: port)
    }

    /// Stops accepting, lets the scrapes in flight finish, and returns when it has stopped.
    public func stop() async {
        server.shutdown()
        _ = try? await task.value
    }

    /// The one resumption of the start's continuation, whichever of listening and failing comes first.
    private final class Waiter: Sendable {
        private let state = Mutex<(continuation: CheckedContinuation<Int, any Error>?, task: Task<Void, any Error>?)>(
            (nil, nil))

        var task: Task<Void, any Error>? { state.withLock { $0.task } }

        func set(_ continuation: CheckedContinuation<Int, any Error>) {
            state.withLock { $0.continuation = continuation }
        }

        func keep(_ task: Task<Void, any Error>) { state.withLock { $0.task = task } }

        func resume(with result: Result<Int, any Error>) {
            let continuation = state.withLock { state in
                defer { state.continuation = nil }
                return state.continuation
            }
            continuation?.resume(with: result)
        }
    }
}
