import Dispatch

/// Runs the server's own tasks (the accept loop and one task per connection)
/// on Dispatch threads of its own instead of the shared Swift concurrency pool.
///
/// That pool has one thread per core; anything else in the process that
/// blocks it (a synchronous call in a library user's task, a test runner's
/// synchronous tests) would otherwise hold scrapes back. Dispatch adds threads
/// when one blocks, so connections keep being answered. The scrapes
/// themselves run on the ``MetricsEndpoint``'s thread pool.
// Unchecked: the only state is a Dispatch queue, which is thread-safe.
final class ServerExecutor: TaskExecutor, @unchecked Sendable {
    private let queue = DispatchQueue(label: "promkit.serve.connections", attributes: .concurrent)

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }
}
