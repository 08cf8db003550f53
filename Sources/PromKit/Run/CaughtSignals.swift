import Dispatch
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Signals delivered to a closure instead of taking their default actions:
/// `promkit run` passes on every signal a process manager sends
/// (``ChildProcess/forwardedSignals``).
///
/// `promkit serve` needs only SIGTERM and SIGINT, for a graceful shutdown,
/// and takes them through swift-service-lifecycle's `ServiceGroup`; its
/// `UnixSignal` has no SIGTTIN or SIGTTOU, which gunicorn acts on, so `run`
/// keeps this.
///
/// Keep the value alive for as long as the signals should be caught; the
/// default actions are restored by ``cancel()``.
public final class CaughtSignals: Sendable {
    private let sources: Mutex<[any DispatchSourceSignal]>

    /// Calls `handler` with the signal number on each of `signals`, in the order they come.
    public init(_ signals: [Int32], _ handler: @escaping @Sendable (Int32) -> Void) {
        let queue = DispatchQueue(label: "promkit.signals")
        sources = Mutex(
            signals.map { number in
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
                source.setEventHandler { handler(number) }
                source.resume()
                return source
            })
    }

    /// Stops catching the signals and restores their default actions.
    public func cancel() {
        let cancelled = sources.withLock { sources in
            defer { sources = [] }
            return sources.map { source in
                source.cancel()
                return Int32(source.handle)
            }
        }
        for number in cancelled { signal(number, SIG_DFL) }
    }
}
