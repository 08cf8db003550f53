import Dispatch
import Foundation
import Synchronization

/// Work started on a thread of its own, whose result the starting thread
/// takes with ``join()``. It is how the library does two things at once: the
/// second of ``Halves``, the lint scan's worker, the merge's readers and
/// ``BackgroundRelease`` all run on one.
///
/// A thread, not a task: the work blocks (on files, on a ``BoundedChannel``)
/// and is CPU-bound, and callers are synchronous.
final class ThreadTask<Result: Sendable>: Sendable {
    private let result = Mutex<Result?>(nil)
    private let done = DispatchSemaphore(value: 0)

    /// Starts `body` on a new thread.
    init(_ body: @escaping @Sendable () -> Result) {
        let thread = Thread { [self] in
            let value = body()
            result.withLock { $0 = value }
            done.signal()
        }
        thread.start()
    }

    /// Waits for the work to end and returns its result; call it once.
    func join() -> Result {
        done.wait()
        // The thread stored the result before it signalled.
        guard let value = result.withLock({ $0.take() }) else { preconditionFailure("join() called twice") }
        return value
    }
}

/// A value that one thread hands to another: it lives under a lock, so the
/// two never reach it at once, and the receiver takes it out.
final class Handoff<Value>: Sendable {
    private let value: Mutex<Value?>

    init(_ value: consuming sending Value) {
        self.value = Mutex(Optional(value))
    }

    /// Takes the value out, leaving nothing behind (nil if already taken).
    func take() -> sending Value? {
        value.withLock { $0.take() }
    }
}
