import NIOCore
import NIOPosix
import Synchronization

/// Runs blocking work on a thread pool with a time limit.
///
/// The caller resumes with the work's result or, once the limit passes, with
/// ``Expired``; work that overruns finishes on its thread and its result is
/// dropped, as a synchronous merge cannot be interrupted. The limit is a timer
/// on the connection's event loop; whichever of the two comes first resumes
/// the caller, once.
enum Deadline {
    /// The limit passed before the work finished.
    struct Expired: Error, CustomStringConvertible {
        var timeout: Duration
        var description: String { "no result within --scrape-timeout \(timeout)" }
    }

    static func run<T: Sendable>(
        _ work: @escaping @Sendable () throws -> T, on pool: NIOThreadPool, eventLoop: any EventLoop,
        timeout: Duration
    ) async throws -> T {
        let (seconds, attoseconds) = timeout.components
        let nanoseconds = seconds * 1_000_000_000 + attoseconds / 1_000_000_000
        return try await withCheckedThrowingContinuation { continuation in
            let waiting = Mutex<CheckedContinuation<T, any Error>?>(continuation)
            let settle: @Sendable (Result<T, any Error>) -> Void = { result in
                let first = waiting.withLock { waiting in
                    defer { waiting = nil }
                    return waiting
                }
                first?.resume(with: result)
            }
            let timer = eventLoop.scheduleTask(in: .nanoseconds(nanoseconds)) {
                settle(.failure(Expired(timeout: timeout)))
            }
            pool.runIfActive(eventLoop: eventLoop, work).whenComplete { result in
                timer.cancel()
                settle(result)
            }
        }
    }
}
