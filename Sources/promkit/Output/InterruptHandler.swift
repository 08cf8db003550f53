import Dispatch
import PromKit

#if canImport(Glibc)
    import Glibc
#endif

/// Ctrl-C: the first stops sending and drains, the second gives up on requests in flight.
final class InterruptHandler {
    private let source: DispatchSourceSignal

    init(run: LoadRun, _ console: Console) {
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        nonisolated(unsafe) var count = 0
        source.setEventHandler {
            count += 1
            if count == 1 {
                ProgressLine.clear()
                console.warning("interrupted: stopping, waiting for requests in flight (Ctrl-C again to give up)")
                run.stop()
            } else {
                run.abort()
            }
        }
        source.resume()
        self.source = source
    }

    func cancel() {
        source.cancel()
        signal(SIGINT, SIG_DFL)
    }
}
