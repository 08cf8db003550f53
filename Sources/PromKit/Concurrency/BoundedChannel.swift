import Dispatch
import Synchronization

/// Values handed from one thread to another in order, with at most
/// `capacity` waiting: the sender waits when the receiver falls that far
/// behind, so memory stays flat however much flows through.
final class BoundedChannel<Element: Sendable>: Sendable {
    private let queue = Mutex<[Element]>([])
    /// One signal per free place and per waiting element.
    private let free = DispatchSemaphore(value: 0)
    private let waiting = DispatchSemaphore(value: 0)

    init(capacity: Int) {
        // Signalled up from 0, not created at `capacity`: libdispatch traps when
        // a semaphore is freed below its starting value, as a channel left with
        // elements in it would be.
        for _ in 0..<capacity { free.signal() }
    }

    /// Queues `element`, waiting while `capacity` are waiting already.
    func put(_ element: Element) {
        free.wait()
        queue.withLock { $0.append(element) }
        waiting.signal()
    }

    /// Queues `element` if there is room now; drops it and returns false if not.
    @discardableResult
    func offer(_ element: Element) -> Bool {
        guard free.wait(timeout: .now()) == .success else { return false }
        queue.withLock { $0.append(element) }
        waiting.signal()
        return true
    }

    /// The oldest element, waiting for one if none is there.
    func take() -> Element {
        waiting.wait()
        return taken()
    }

    /// The oldest element if one is there now.
    func poll() -> Element? {
        guard waiting.wait(timeout: .now()) == .success else { return nil }
        return taken()
    }

    /// Removes the oldest element, which a `waiting` signal says is there.
    private func taken() -> Element {
        let element = queue.withLock { $0.removeFirst() }
        free.signal()
        return element
    }
}
