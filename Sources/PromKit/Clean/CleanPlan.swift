/// What a clean would do with each entry of a directory: pure, given the
/// listing, the time and who writes each file, so that it can be tested alone.
struct CleanPlan {
    enum Action: Equatable {
        /// Fold into the type's (and mode's) archive, then remove.
        case fold
        /// Remove: live gauges of a dead process (what `mark_process_dead` does),
        /// empty files, `all` gauges with `--drop-dead-all-gauges`, and every
        /// file no process writes under `--wipe`.
        case delete
    }

    struct Candidate {
        var entry: DirectoryEntry
        var name: DBFileName
        var action: Action
        /// Where the file is while it is worked on (hidden, not `*.db`).
        var stagedPath: String
        var isStaged: Bool
    }

    var candidates: [Candidate] = []
    /// Existing archives, by what they hold.
    var archives: [Compaction.Target: DirectoryEntry] = [:]
    /// Files that could not be cleaned, with the reason (exit 1).
    var kept: [CleanReport.Item] = []
    /// Files left on purpose: in use, or gauges in mode `all` of dead processes.
    var retained: [CleanReport.Item] = []
    var ignored: [CleanReport.Item] = []
    /// The processes that write the files left in use.
    var writers: Set<Int32> = []

    static let archiveLabel = "archive"
    /// A file changed this recently while nothing visible refers to the
    /// directory means another pid namespace, or an app that just stopped.
    static let namespaceWindow = 600.0

    static func make(
        _ listing: MultiprocDirectory, options: CleanOptions, now: Double, writers: FileWriters
    ) throws(CleanError) -> CleanPlan {
        var plan = CleanPlan()
        let prefix = listing.path.hasSuffix("/") ? listing.path : listing.path + "/"
        let names = Set(listing.entries.map(\.name))
        var blocked: [Compaction.Target: String] = [:]
        var recent: DirectoryEntry?
        var dead: [(entry: DirectoryEntry, name: DBFileName)] = []
        for entry in listing.entries {
            if SystemPath.isEscaped(entry.name) {
                // Read as Python reads it, but never renamed or deleted by promkit.
                if entry.name.hasSuffix(".db"), !entry.name.hasPrefix(".") {
                    plan.ignored.append(.init(path: entry.path, reason: "name is not UTF-8: read, never touched"))
                }
                continue
            }
            switch entry.kind {
            case .db(let name):
                let verdict = writers.verdict(for: entry)
                if verdict.isLive {
                    plan.retained.append(.init(path: entry.path, reason: "in use: \(verdict)"))
                    plan.writers.formUnion(verdict.writers)
                } else if name.processID == nil, !options.wipe {
                    if name.pid == archiveLabel, Compaction.Target(name).pid == nil {
                        plan.archives[Compaction.Target(name)] = entry
                    }
                } else {
                    dead.append((entry, name))
                    if name.processID != nil, entry.modified > now - namespaceWindow,
                        entry.modified > recent?.modified ?? -.infinity
                    {
                        recent = entry
                    }
                }
            case .misnamed(let problem):
                if options.wipe {
                    plan.candidates.append(candidate(entry, name: nil, action: .delete, prefix: prefix))
                } else {
                    plan.ignored.append(.init(path: entry.path, reason: "name does not fit the scheme: \(problem)"))
                }
            case .link, .directory, .special:
                let what = describe(entry.kind)
                plan.ignored.append(.init(path: entry.path, reason: what.reason))
                // Something other than a regular file under an archive's name:
                // that type cannot be folded (Python may follow a link there).
                if case .success(let name) = DBFileName.parse(entry.name), name.pid == archiveLabel {
                    blocked[Compaction.Target(name)] =
                        "\(entry.name) is \(what.noun), not an archive of ours; not folded: move it away, then run again"
                }
            case .other:
                // An orphan staged by an interrupted run whose name was taken meanwhile.
                guard let name = entry.stagedName,
                    let original = CleanJournal.originalName(ofStaged: entry.name), names.contains(original)
                else { continue }
                let verdict = writers.verdict(for: entry)
                if verdict.isLive {
                    plan.retained.append(.init(path: entry.path, reason: "in use: \(verdict)"))
                    plan.writers.formUnion(verdict.writers)
                } else if options.wipe {
                    plan.candidates.append(candidate(entry, name: name, action: .delete, prefix: prefix))
                } else {
                    plan.candidates.append(
                        candidate(
                            entry, name: name, action: action(for: name, entry: entry, options: options) ?? .fold,
                            prefix: prefix))
                }
            }
        }
        if let recent, options.assumeDeadAfter == nil, !(options.wipe && options.force),
            !writers.seesDirectory(listing)
        {
            throw .otherNamespace(recent: recent.path, age: now - recent.modified, wipe: options.wipe)
        }
        for (entry, name) in dead {
            if let age = options.olderThan, entry.modified > now - age.seconds { continue }
            if let age = options.assumeDeadAfter, entry.modified > now - age.seconds {
                plan.retained.append(.init(path: entry.path, reason: "changed within --assume-dead-after"))
                continue
            }
            if options.wipe {
                plan.candidates.append(candidate(entry, name: name, action: .delete, prefix: prefix))
                continue
            }
            guard let action = action(for: name, entry: entry, options: options) else {
                plan.retained.append(
                    .init(
                        path: entry.path,
                        reason: "gauge of a dead process in mode 'all': its series carry its pid; "
                            + "kept (--drop-dead-all-gauges deletes it)"))
                continue
            }
            if action == .fold, let reason = blocked[Compaction.Target(name)] {
                plan.kept.append(.init(path: entry.path, reason: reason))
                continue
            }
            plan.candidates.append(candidate(entry, name: name, action: action, prefix: prefix))
        }
        return plan
    }

    /// The archives the fold candidates go into.
    var targets: Set<Compaction.Target> {
        Set(candidates.filter { $0.action == .fold }.map { Compaction.Target($0.name) })
    }

    private static func candidate(
        _ entry: DirectoryEntry, name: DBFileName?, action: Action, prefix: String
    ) -> Candidate {
        let staged = CleanJournal.originalName(ofStaged: entry.name) != nil
        let fallback = DBFileName(type: .counter, mode: nil, pid: "")
        return Candidate(
            entry: entry, name: name ?? fallback, action: action,
            stagedPath: staged ? entry.path : prefix + CleanJournal.stagedName(of: entry.name), isStaged: staged)
    }

    private static func describe(_ kind: DirectoryEntry.Kind) -> (noun: String, reason: String) {
        switch kind {
        case .link: return ("a symbolic link", "symbolic link: never followed")
        case .directory: return ("a folder", "folder: never entered")
        default: return ("not a regular file", "not a regular file")
        }
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
