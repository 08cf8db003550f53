/// What `promkit clean` may do: ``Cleaner``'s settings.
public struct CleanOptions: Sendable {
    /// Only files whose mtime is older than this count as candidates.
    public var olderThan: FileAge?
    /// In another pid namespace, how old a file must be for its process to count as dead.
    public var assumeDeadAfter: FileAge?
    /// Delete dead processes' `all`-mode gauge files instead of keeping them.
    public var dropDeadAllGauges = false
    /// Plan only; change nothing.
    public var dryRun = false
    /// Delete every `.db` file (the start-up wipe).
    public var wipe = false
    /// With `wipe`: even while processes of the directory are alive.
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
    /// Candidates kept, with the reason: a dead process's `all` gauges, a pid that came back, damage.
    public var kept: [Item] = []
    /// Entries never touched: links, folders, odd names.
    public var ignored: [Item] = []
    /// The archives written.
    public var archives: [String] = []
    /// Bytes no longer taken by `.db` files (sizes removed less archive growth).
    public var bytesFreed = 0
    /// Whether something could not be cleaned (exit 1): see `kept` reasons that say so.
    public var incomplete = false

    /// Creates an empty report.
    public init() {}
}

/// Why a clean could not run at all.
public enum CleanError: Error, Sendable, CustomStringConvertible {
    /// The directory could not be listed (exit 2).
    case unreadable(DirectoryError)
    /// Another run holds the lock, or the lock could not be taken (exit 1).
    case locked(DirectoryLock.Failure)
    /// Every pid looks dead yet files changed recently: another pid namespace (exit 1).
    case otherNamespace(recent: String, pids: Int)
    /// `--wipe` while processes of the directory are alive (exit 1).
    case wipeWhileAlive(pids: [Int32])
    /// The journal of an interrupted run could not be read or applied (exit 1).
    case journal(String)

    public var description: String {
        switch self {
        case .unreadable(let error): return error.description
        case .locked(let failure): return failure.description
        case .otherNamespace(let recent, let pids):
            return "none of the \(pids) pids in the directory is a visible process, yet \(recent) changed "
                + "within the last 10 minutes: this looks like a different pid namespace (a sidecar container), "
                + "where live workers look dead. Refusing; pass --assume-dead-after DURATION (say 1h) to treat "
                + "files unchanged for that long as dead"
        case .wipeWhileAlive(let pids):
            let shown = pids.prefix(10).map(String.init).joined(separator: ", ")
            return "refusing to wipe: \(pids.count) process(es) of the directory are alive (pid \(shown)); "
                + "their counters would restart from zero. Stop them first or pass --force"
        case .journal(let message): return message
        }
    }
}
