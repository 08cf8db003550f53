import Foundation

/// Runs blocking work (waiting for a child process) on its own thread, so that it does not
/// hold one of Swift concurrency's few cooperative threads while other tests await.
func offThePool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread {
            continuation.resume(with: Result { try body() })
        }
    }
}
