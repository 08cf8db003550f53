/// What a clean would do with each entry of a directory: pure, given the
/// listing, the time and a liveness check, so that it can be tested alone.
struct CleanPlan {
    enum Action: Equatable {
        /// Fold into the type's (and mode's) archive, then remove.
        case fold
        /// Remove: live gauges of a dead process (what `mark_process_dead` does),
        /// empty files, and `all` gauges with `--drop-dead-all-gauges`.
        case delete
    }

    struct Candidate {
        var entry: DirectoryEntry
        var name: DBFileName
        var action: Action
        /// The pid to check again after staging; nil for an orphan left staged
        /// by an interrupted run whose name a new process took meanwhile.
        var pid: Int32?
        /// Where the file is while it is worked on (hidden, not `*.db`).
        var stagedPath: String
        var isStaged: Bool
    }

    var candidates: [Candidate] = []
    /// Existing archives, by what they hold.
    var archives: [Compaction.Target: DirectoryEntry] = [:]
    var kept: [CleanReport.Item] = []
    var ignored: [CleanReport.Item] = []
    /// Pids of the directory's `.db` files that are alive.
    var alivePids: [Int32] = []

    static let archiveLabel = "archive"
    /// A file changed this recently while no pid is visible means another pid namespace.
    static let namespaceWindow = 600.0

    static func make(
        _ listing: MultiprocDirectory, options: CleanOptions, now: Double,
        liveness: (Int32) -> ProcessState
    ) throws(CleanError) -> CleanPlan {
        var plan = CleanPlan()
        var states: [Int32: ProcessState] = [:]
        func state(_ pid: Int32) -> ProcessState {
            if let known = states[pid] { return known }
            let found = liveness(pid)
            states[pid] = found
            return found
        }
        let prefix = listing.path.hasSuffix("/") ? listing.path : listing.path + "/"
        let names = Set(listing.entries.map(\.name))
        var recent: DirectoryEntry?
        for entry in listing.entries {
            switch entry.kind {
            case .db(let name):
                guard let pid = name.processID else {
                    if name.pid == archiveLabel, Compaction.Target(name).pid == nil {
                        plan.archives[Compaction.Target(name)] = entry
                    }
                    continue
                }
                if state(pid) == .alive {
                    if !plan.alivePids.contains(pid) { plan.alivePids.append(pid) }
                } else if entry.modified > now - namespaceWindow, recent == nil {
                    recent = entry
                }
            case .misnamed(let problem):
                plan.ignored.append(.init(path: entry.path, reason: "name does not fit the scheme: \(problem)"))
            case .link:
                plan.ignored.append(.init(path: entry.path, reason: "symbolic link: never followed"))
            case .directory:
                plan.ignored.append(.init(path: entry.path, reason: "folder: never entered"))
            case .special:
                plan.ignored.append(.init(path: entry.path, reason: "not a regular file"))
            case .other:
                // An orphan staged by an interrupted run whose name was taken: fold it, no pid check.
                if let original = CleanJournal.originalName(ofStaged: entry.name), names.contains(original),
                    case .success(let name) = DBFileName.parse(original), name.processID != nil
                {
                    plan.candidates.append(
                        Candidate(
                            entry: entry, name: name,
                            action: action(for: name, entry: entry, options: options) ?? .fold,
                            pid: nil, stagedPath: entry.path, isStaged: true))
                }
            }
        }
        let pidCount = Set(listing.dbFiles.compactMap { $0.name.processID }).count
        if !options.wipe, options.assumeDeadAfter == nil, pidCount > 0, plan.alivePids.isEmpty, let recent {
            throw .otherNamespace(recent: recent.path, pids: pidCount)
        }
        for (entry, name) in listing.dbFiles {
            guard let pid = name.processID else { continue }
            switch state(pid) {
            case .alive: continue
            case .unknown:
                plan.kept.append(.init(path: entry.path, reason: "cannot tell whether pid \(pid) is alive"))
                continue
            case .dead: break
            }
            if let age = options.olderThan, entry.modified > now - age.seconds { continue }
            if let age = options.assumeDeadAfter, entry.modified > now - age.seconds { continue }
            guard let action = action(for: name, entry: entry, options: options) else {
                plan.kept.append(
                    .init(
                        path: entry.path,
                        reason: "gauge of dead pid \(pid) in mode 'all': its series carry its pid; "
                            + "kept (--drop-dead-all-gauges deletes it)"))
                continue
            }
            plan.candidates.append(
                Candidate(
                    entry: entry, name: name, action: action, pid: pid,
                    stagedPath: prefix + CleanJournal.stagedName(of: entry.name), isStaged: false))
        }
        return plan
    }

    /// Fold, delete, or nil for keep.
    private static func action(for name: DBFileName, entry: DirectoryEntry, options: CleanOptions) -> Action? {
        if entry.size == 0 { return .delete }
        guard let mode = name.mode else { return .fold }
        if mode.isLive { return .delete }
        if mode == .all { return options.dropDeadAllGauges ? .delete : nil }
        return .fold
    }
}
