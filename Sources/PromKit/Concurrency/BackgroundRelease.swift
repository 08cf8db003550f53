import Dispatch

/// Frees large results on another thread. A merge of many files leaves tens of
/// thousands of small objects behind; freeing them takes milliseconds that the
/// caller, done with them (often a process about to write and exit), need not wait for.
enum BackgroundRelease {
    /// Takes `value` (the caller's last use of it) and lets it go on a
    /// background thread.
    static func release<Value>(_ value: consuming Value) {
        let box = Box(value)
        DispatchQueue.global(qos: .utility).async {
            // Emptied here, so the freeing happens on this thread whichever
            // thread drops the box last.
            box.value = nil
        }
    }

    private final class Box<Value>: @unchecked Sendable {
        var value: Value?

        init(_ value: consuming Value) {
            self.value = value
        }
    }
}
