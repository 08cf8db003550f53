#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Steps 4 to 11 of ``Cleaner``: prepare, journal, stage and publish, check,
/// correct, commit, finish.
struct Fold {
    let cleaner: Cleaner
    let plan: CleanPlan
    let reader = DBFileReader()

    init(cleaner: Cleaner, plan: CleanPlan) {
        self.cleaner = cleaner
        self.plan = plan
    }

    /// One archive and the files folded into it.
    struct Group {
        var target: Compaction.Target
        var members: [CleanPlan.Candidate]
        /// The hash of each member's bytes, taken before it was folded.
        var fingerprints: [Int]
        var archive: DirectoryEntry?
        var temporary: String
        var final: String
        /// The hard link that keeps the old archive's content, if there was one.
        var old: String?
        var written = 0
    }

    func run() throws(CleanError) {
        guard !plan.candidates.isEmpty else { return }

        // 4. Prepare, with nothing visible changed: each new archive (old
        // archive + members, read in place) under a temporary name, fsynced.
        var groups: [Group] = []
        for target in plan.targets.sorted() {
            let members = plan.candidates.filter { $0.action == .fold && Compaction.Target($0.name) == target }
            if let group = prepare(target, members: members, archive: plan.archives[target]) { groups.append(group) }
        }
        let deletes = plan.candidates.filter { $0.action == .delete }
        guard !groups.isEmpty || !deletes.isEmpty else { return }

        // 5. The readers' lock: from here to the end, promkit's readers wait.
        cleaner.step("lock readers")
        let readers: DirectoryLock
        do {
            readers = try cleaner.readersLock()
        } catch {
            for group in groups { abandon(group, "not folded: \(error)") }
            throw error
        }
        let held = SystemClock.monotonicSeconds()
        defer {
            readers.release()
            let seconds = SystemClock.monotonicSeconds() - held
            cleaner.record { $0.readersHeldSeconds = seconds }
        }
        groups = groups.filter { group in
            guard archiveIsUnchanged(group) else {
                abandon(
                    group, "not folded: \(basename(group.final)) changed while the fold was prepared (another clean?)")
                return false
            }
            return true
        }
        let staged = groups.flatMap(\.members) + deletes
        guard !staged.isEmpty else { return }

        // 6. Journal `begin`: from here on a crash rolls back.
        var journal = CleanJournal(
            state: .begin, staged: staged.map { ($0.entry.name, basename($0.stagedPath)) },
            archives: groups.map {
                CleanJournal.Archive(
                    temporary: basename($0.temporary), final: basename($0.final), old: $0.old.map(basename))
            })
        try write(journal, step: "journal begin")
        for group in groups {
            // The old content stays reachable for a roll back.
            if let old = group.old, link(group.final, old) != 0 {
                let message = SystemText.error("cannot link \(basename(group.final)) aside")
                _ = journal.recover(in: cleaner.directory)
                throw .journal("\(cleaner.directory): \(message); nothing was changed")
            }
        }

        // 7. Stage and publish, back to back: a Python scrape misses the dead
        // share only between the first rename here and the last one below.
        var vanished: Set<String> = []
        for candidate in staged where !candidate.isStaged {
            cleaner.step("stage \(candidate.entry.name)")
            if rename(candidate.entry.path, candidate.stagedPath) != 0 { vanished.insert(candidate.stagedPath) }
        }
        for group in groups {
            cleaner.step("publish \(basename(group.final))")
            guard rename(group.temporary, group.final) == 0 else {
                let message = SystemText.error("cannot publish \(basename(group.final))")
                _ = journal.recover(in: cleaner.directory)
                throw .journal("\(cleaner.directory): \(message); the fold was rolled back, nothing was changed")
            }
        }
        AtomicFile.syncFolder(cleaner.directory)

        // 8. Check: no process writes the staged file, its bytes those that
        // were folded. A failure is corrected before commit.
        cleaner.step("check")
        let failures = check(staged, groups: groups, vanished: vanished)
        // A file to delete that vanished first (mark_process_dead got there) is done, not a failure.
        var done: [CleanPlan.Candidate] = deletes.filter {
            failures[$0.stagedPath] == nil && !vanished.contains($0.stagedPath)
        }
        for index in groups.indices {
            let failed = groups[index].members.filter { failures[$0.stagedPath] != nil }
            if !failed.isEmpty { correct(&groups[index], without: failed) }
            done += groups[index].members
        }
        for candidate in staged {
            if candidate.action == .delete, vanished.contains(candidate.stagedPath) { continue }
            if let reason = failures[candidate.stagedPath] {
                keep(candidate, reason, putBack: !vanished.contains(candidate.stagedPath))
            }
        }

        // 9. Journal `commit`: from here on a crash completes.
        journal.state = .commit
        journal.staged = done.map { ($0.entry.name, basename($0.stagedPath)) }
        try write(journal, step: "journal commit")

        // 10. Finish: staged files, old links, then the journal go.
        for candidate in done {
            cleaner.step("remove \(basename(candidate.stagedPath))")
            if unlink(candidate.stagedPath) != 0, errno != ENOENT {
                keep(candidate, SystemText.error("folded, but the staged copy cannot be deleted"), putBack: false)
            }
            let item = CleanReport.Item(path: candidate.entry.path, reason: cleaner.reason(for: candidate))
            cleaner.record {
                if candidate.action == .fold { $0.folded.append(item) } else { $0.deleted.append(item) }
                $0.bytesFreed += candidate.entry.size
            }
        }
        for group in groups {
            if let old = group.old { unlink(old) }
        }
        AtomicFile.syncFolder(cleaner.directory)
        cleaner.step("journal remove")
        CleanJournal.remove(in: cleaner.directory)
        cleaner.record {
            $0.archives = groups.filter { !$0.members.isEmpty }.map(\.final)
            $0.bytesFreed -= groups.reduce(0) { $0 + $1.written - ($1.archive?.size ?? 0) }
        }
    }

    /// Whether the archive is still the one the group was folded from (or
    /// still absent): another fold, or an older promkit, may have replaced it.
    func archiveIsUnchanged(_ group: Group) -> Bool {
        var status = stat()
        guard lstat(group.final, &status) == 0 else { return errno == ENOENT && group.archive == nil }
        guard let archive = group.archive, (status.st_mode & S_IFMT) == S_IFREG else { return false }
        let modified = Double(status.st_mtim.tv_sec) + Double(status.st_mtim.tv_nsec) / 1e9
        return UInt64(status.st_dev) == archive.device && UInt64(status.st_ino) == archive.inode
            && Int(status.st_size) == archive.size && modified == archive.modified
    }

    /// Gives up a prepared group before anything is staged: its new archive
    /// is deleted and its members stay where they are.
    func abandon(_ group: Group, _ reason: String) {
        unlink(group.temporary)
        for member in group.members { keep(member, reason, putBack: false) }
    }

    /// Reasons for staged files that fail the checks, by staged path.
    func check(
        _ staged: [CleanPlan.Candidate], groups: [Group], vanished: Set<String>
    ) -> [String: String] {
        var failures: [String: String] = [:]
        var now: [String: DirectoryEntry] = [:]
        for candidate in staged where !vanished.contains(candidate.stagedPath) {
            var status = stat()
            guard lstat(candidate.stagedPath, &status) == 0 else { continue }
            var entry = candidate.entry
            entry.device = UInt64(status.st_dev)
            entry.inode = UInt64(status.st_ino)
            entry.size = Int(status.st_size)
            entry.modified = Double(status.st_mtim.tv_sec) + Double(status.st_mtim.tv_nsec) / 1e9
            now[candidate.stagedPath] = entry
        }
        let writers = FileWriters.survey(Array(now.values))
        var fingerprints: [String: Int] = [:]
        for group in groups {
            for (member, fingerprint) in zip(group.members, group.fingerprints) {
                fingerprints[member.stagedPath] = fingerprint
            }
        }
        for candidate in staged {
            let path = candidate.stagedPath
            if vanished.contains(path) {
                failures[path] = "vanished before it could be staged; the archive is folded without it"
            } else if let entry = now[path], case let verdict = writers.verdict(for: entry), verdict.isLive {
                failures[path] = "\(verdict) (a reused pid?): put back, not folded"
            } else if let expected = fingerprints[path], fingerprint(path) != expected {
                failures[path] = "changed while it was being folded (a reused pid?): put back, not folded"
            } else if candidate.action == .delete, let entry = now[path],
                entry.size != candidate.entry.size || entry.modified != candidate.entry.modified
            {
                // A file deleted unread was judged by its listing: a worker that
                // created it (0 bytes) just before the listing, wrote to it and died
                // before the survey looks empty and dead. Its counts are in the file.
                failures[path] = Self.writtenSinceListed
            }
        }
        return failures
    }

    /// Reports a candidate as kept and, if asked, renames it back (never over a
    /// file a new process created under the same name meanwhile).
    /// A check that fails with nothing wrong: the file goes back and the next run folds it.
    static let writtenSinceListed = "written since it was listed (its process just died): put back for the next run"

    func keep(_ candidate: CleanPlan.Candidate, _ reason: String, putBack: Bool) {
        var reason = reason
        var failed = reason != Self.writtenSinceListed
        if putBack, !Cleaner.renameNoReplace(candidate.stagedPath, candidate.entry.path) {
            reason += "; left staged as \(basename(candidate.stagedPath)) (its name is taken)"
            failed = true
        }
        cleaner.record {
            if failed {
                $0.kept.append(.init(path: candidate.entry.path, reason: reason))
                $0.incomplete = true
            } else {
                $0.retained.append(.init(path: candidate.entry.path, reason: reason))
            }
        }
    }

    func write(_ journal: CleanJournal, step: String) throws(CleanError) {
        cleaner.step(step)
        do { try journal.write(in: cleaner.directory) } catch { throw .journal("cannot write journal: \(error)") }
    }

    func list(_ pids: [Int32]) -> String { pids.map(String.init).joined(separator: ", ") }

    func basename(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}
