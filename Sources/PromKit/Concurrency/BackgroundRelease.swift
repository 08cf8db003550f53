/// Frees large results on another thread. A merge of many files leaves tens of
/// thousands of small objects behind; freeing them takes milliseconds that the
/// caller, done with them (often a process about to write and exit), need not wait for.
enum BackgroundRelease {
    /// Takes `value` (the caller's last use of it) and lets it go on a
    /// background thread.
    static func release<Value>(_ value: consuming sending Value) {
        let handoff = Handoff(value)
        // Taken out and dropped there, so the freeing happens on that thread.
        _ = ThreadTask { _ = handoff.take() }
    }
}
