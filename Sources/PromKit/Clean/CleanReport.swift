/// What `promkit clean` may do: ``Cleaner``'s settings.
public struct CleanOptions: Sendable {
    /// Only files whose mtime is older than this count as candidates.
    public var olderThan: TimeSpan?
    /// In another pid namespace, how old a file must be for its process to count as dead.
    public var assumeDeadAfter: TimeSpan?
    /// Delete dead processes' `all`-mode gauge files instead of keeping them.
    public var dropDeadAllGauges = false
    /// Plan only; change nothing.
    public var dryRun = false
    /// Delete every `.db` file (the start-up wipe).
    public var wipe = false
    /// With `wipe`: even where no process of the directory is visible (another
    /// pid namespace), so that files live workers write are deleted too.
    public var force = false
    /// How long to wait for another run's lock, in seconds.
    public var lockWait = 2.0

    /// Creates options with the defaults.
    public init() {}
}

/// What a clean did (or, in a dry run, would do).
public struct CleanReport: Codable, Sendable {
    /// A file and what happened to it, or why it was left.
    public struct Item: Codable, Sendable, Hashable {
        /// The file's path.
        public var path: String
        /// Why (for kept and ignored files), or the archive it was folded into.
        public var reason: String
    }

    /// Whether nothing was changed.
    public var dryRun = false
    /// What the run did with an interrupted earlier run: `completed`, `rolled back`, or nil.
    public var recovered: String?
    /// Files folded into archives (and removed).
    public var folded: [Item] = []
    /// Files deleted: live gauges of dead processes, and with options, `all` gauges or everything.
    public var deleted: [Item] = []
    /// Files that could not be cleaned, with the reason: a process that came back, damage, a taken
    /// archive name. Any of these makes the run incomplete (exit 1).
    public var kept: [Item] = []
    /// Files left on purpose, with the reason: in use by a running process, or a dead process's
    /// gauges in mode `all` (their series carry its pid). Shown unless `--quiet`; no failure.
    public var retained: [Item] = []
    /// Entries never touched: links, folders, odd names.
    public var ignored: [Item] = []
    /// The archives written.
    public var archives: [String] = []
    /// Bytes no longer taken by `.db` files (sizes removed less archive growth).
    public var bytesFreed = 0
    /// How long promkit's readers were held up: the readers' lock held exclusively, in seconds.
    public var readersHeldSeconds = 0.0
    /// Whether something could not be cleaned (exit 1): see `kept` reasons that say so.
    public var incomplete = false

    /// Creates an empty report.
    public init() {}
}

/// Why a clean could not run at all.
public enum CleanError: Error, Sendable, CustomStringConvertible {
    /// The directory could not be listed (exit 2).
    case unreadable(DirectoryError)
    /// Another run holds the lock (exit 1), or the lock file cannot be opened (exit 2).
    case locked(DirectoryLock.Failure)
    /// Nothing visible refers to the directory, yet a file changed recently:
    /// another pid namespace, or an app that just stopped (exit 1).
    case otherNamespace(recent: String, age: Double, wipe: Bool)
    /// The journal of an interrupted run could not be read or applied (exit 1).
    case journal(String)

    public var description: String {
        switch self {
        case .unreadable(let error): return error.description
        case .locked(let failure): return failure.description
        case .otherNamespace(let recent, let age, let wipe):
            let seconds = Int(age.rounded())
            let override = wipe ? " (or --force, which deletes even files that live workers write)" : ""
            return "refusing: \(recent) changed \(seconds)s ago, yet no visible process maps a file of the "
                + "directory or names it in PROMETHEUS_MULTIPROC_DIR. Either the app stopped within the last "
                + "10 minutes (then wait, or pass --assume-dead-after 1m to treat files unchanged for a minute "
                + "as dead), or promkit runs in another pid namespace than the app, as a sidecar without "
                + "shareProcessNamespace: true does (then share the namespace, or pass --assume-dead-after 1h)"
                + override
        case .journal(let message): return message
        }
    }
}
