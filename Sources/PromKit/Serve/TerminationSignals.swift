import Dispatch

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// SIGTERM and SIGINT, delivered to a closure instead of ending the process.
///
/// Keep the value alive for as long as the signals should be caught; the
/// default actions are restored by ``cancel()``.
// Unchecked: the sources never change after init, and Dispatch sources are thread-safe.
public final class TerminationSignals: @unchecked Sendable {
    private let sources: [any DispatchSourceSignal]

    /// Calls `handler` with the signal number on each SIGTERM or SIGINT.
    public init(_ handler: @escaping @Sendable (Int32) -> Void) {
        let queue = DispatchQueue(label: "promkit.signals")
        sources = [SIGTERM, SIGINT].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { handler(number) }
            source.resume()
            return source
        }
    }

    /// Stops catching the signals and restores their default actions.
    public func cancel() {
        for source in sources {
            source.cancel()
            signal(Int32(source.handle), SIG_DFL)
        }
    }
}
