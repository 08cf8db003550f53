import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A test-only hook into `promkit clean`'s steps, set by the hidden variable
/// `PROMKIT_TEST_CLEAN_HOOK`, so that tests can interrupt a real run at a
/// chosen moment:
///
/// - `kill:N` sends SIGKILL to the process at its N-th step (1-based);
/// - `pause:PREFIX:FILE` at the first step whose name starts with PREFIX
///   creates `FILE.reached`, then waits (at most 20 s) until FILE exists.
///
/// Debug builds only (the ones the tests run): a released binary ignores the
/// variable, so no environment can make it kill itself.
enum CleanTestHook {
    static func fromEnvironment() -> ((String) -> Void)? {
        #if DEBUG
            return hook()
        #else
            return nil
        #endif
    }

    private static func hook() -> ((String) -> Void)? {
        guard let spec = ProcessInfo.processInfo.environment["PROMKIT_TEST_CLEAN_HOOK"] else { return nil }
        let parts = spec.split(separator: ":", maxSplits: 2).map(String.init)
        if parts.count == 2, parts[0] == "kill", let target = Int(parts[1]) {
            nonisolated(unsafe) var count = 0
            return { _ in
                count += 1
                if count == target { kill(getpid(), SIGKILL) }
            }
        }
        if parts.count == 3, parts[0] == "pause" {
            nonisolated(unsafe) var done = false
            let prefix = parts[1]
            let file = parts[2]
            return { step in
                guard !done, step.hasPrefix(prefix) else { return }
                done = true
                _ = FileManager.default.createFile(atPath: file + ".reached", contents: Data())
                for _ in 0..<2000 where !FileManager.default.fileExists(atPath: file) { usleep(10_000) }
            }
        }
        return nil
    }
}
