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
    private let reader = DBFileReader()

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
        cleaner.record {
            $0.kept = plan.kept
            $0.ignored = plan.ignored
        }
        // 4. Nothing a running process maps is a candidate (a reused pid that
        // already opened its predecessor's file).
        let maps = ProcessMaps.scan(for: Set(plan.candidates.map(identity)))
        var candidates: [CleanPlan.Candidate] = []
        for candidate in plan.candidates {
            if let users = maps.mappedBy[identity(candidate)] {
                keep(candidate, "mapped by running process \(list(users)) (a reused pid?)", putBack: false)
            } else {
                candidates.append(candidate)
            }
        }
        guard !candidates.isEmpty else { return }

        // 5. Prepare, with nothing visible changed: each new archive (old
        // archive + members, read in place) under a temporary name, fsynced.
        var groups: [Group] = []
        let targets = Set(candidates.filter { $0.action == .fold }.map { Compaction.Target($0.name) })
        for target in targets.sorted() {
            let members = candidates.filter { $0.action == .fold && Compaction.Target($0.name) == target }
            if let group = prepare(target, members: members, archive: plan.archives[target]) { groups.append(group) }
        }
        let deletes = candidates.filter { $0.action == .delete }
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
                let message = DBFileReader.errorText("cannot link \(basename(group.final)) aside")
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
            rename(group.temporary, group.final)
        }
        AtomicFile.syncFolder(cleaner.directory)

        // 8. Check: the pid still dead, no process mapping the staged file, its
        // bytes those that were folded. A failure is corrected before commit.
        cleaner.step("check")
        let failures = check(staged, groups: groups, vanished: vanished)
        var done: [CleanPlan.Candidate] = deletes.filter { failures[$0.stagedPath] == nil }
        for index in groups.indices {
            let failed = groups[index].members.filter { failures[$0.stagedPath] != nil }
            if !failed.isEmpty { correct(&groups[index], without: failed) }
            done += groups[index].members
        }
        for candidate in staged {
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
            unlink(candidate.stagedPath)
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

    /// Reasons for staged files that fail the checks, by staged path.
    private func check(
        _ staged: [CleanPlan.Candidate], groups: [Group], vanished: Set<String>
    ) -> [String: String] {
        var failures: [String: String] = [:]
        var identities: [String: ProcessMaps.FileID] = [:]
        for candidate in staged where !vanished.contains(candidate.stagedPath) {
            var status = stat()
            if lstat(candidate.stagedPath, &status) == 0 {
                identities[candidate.stagedPath] = .init(device: UInt64(status.st_dev), inode: UInt64(status.st_ino))
            }
        }
        let maps = ProcessMaps.scan(for: Set(identities.values))
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
            } else if let pid = candidate.pid, ProcessState.of(pid: pid) != .dead {
                failures[path] = "pid \(pid) is alive again (reused): put back, not folded"
            } else if let id = identities[path], let users = maps.mappedBy[id] {
                failures[path] = "mapped by running process \(list(users)) (a reused pid?): put back, not folded"
            } else if let expected = fingerprints[path], fingerprint(path) != expected {
                failures[path] = "changed while it was being folded (a reused pid?): put back, not folded"
            }
        }
        return failures
    }

    /// Reads, fingerprints and folds a group in place and writes its new
    /// archive under a temporary name. Members that cannot be read are kept
    /// (untouched); nil when nothing is left to fold.
    private func prepare(
        _ target: Compaction.Target, members: [CleanPlan.Candidate], archive: DirectoryEntry?
    ) -> Group? {
        let final = cleaner.directoryPath(target.fileName(label: CleanPlan.archiveLabel).fileName)
        var group = Group(
            target: target, members: [], fingerprints: [], archive: archive,
            temporary: cleaner.directoryPath(CleanJournal.temporaryName(of: basename(final))), final: final,
            old: archive.map { _ in cleaner.directoryPath(CleanJournal.oldName(of: basename(final))) })
        for member in members {
            // The fingerprint is taken before the fold reads: any later write shows.
            let current = member.isStaged ? member.stagedPath : member.entry.path
            if let fingerprint = fingerprint(current) {
                group.members.append(member)
                group.fingerprints.append(fingerprint)
            } else {
                keep(member, "cannot be read: \(readError(current))", putBack: false)
            }
        }
        cleaner.step("write \(basename(final))")
        while !group.members.isEmpty {
            var inputs: [(path: String, name: DBFileName)] = []
            if let archive, let name = archive.dbName { inputs.append((archive.path, name)) }
            inputs += group.members.map { ($0.isStaged ? $0.stagedPath : $0.entry.path, $0.name) }
            switch write(inputs, to: group.temporary, ownership: ownership(archive?.path, group.members)) {
            case .success(let size):
                group.written = size
                return group
            case .failure(.unreadable(let error)):
                if let bad = group.members.firstIndex(where: { [$0.entry.path, $0.stagedPath].contains(error.path) }) {
                    keep(group.members[bad], "cannot be read: \(error.problem) at byte \(error.offset)", putBack: false)
                    group.members.remove(at: bad)
                    group.fingerprints.remove(at: bad)
                    continue
                }
                for member in group.members { keep(member, "archive \(error)", putBack: false) }
                return nil
            case .failure(let error):
                for member in group.members { keep(member, "\(error)", putBack: false) }
                return nil
            }
        }
        return nil
    }

    /// A published archive that holds members which failed the checks: fold
    /// the old content and the members that passed again, and publish that
    /// (or the old content alone) before the failed files are put back.
    private func correct(_ group: inout Group, without failed: [CleanPlan.Candidate]) {
        let failedPaths = Set(failed.map(\.stagedPath))
        let keepIndices = group.members.indices.filter { !failedPaths.contains(group.members[$0].stagedPath) }
        group.members = keepIndices.map { group.members[$0] }
        group.fingerprints = keepIndices.map { group.fingerprints[$0] }
        if !group.members.isEmpty {
            var inputs: [(path: String, name: DBFileName)] = []
            if let old = group.old, let name = group.archive?.dbName { inputs.append((old, name)) }
            inputs += group.members.map { ($0.stagedPath, $0.name) }
            let ownership = ownership(group.old, group.members)
            if case .success(let size) = write(inputs, to: group.temporary, ownership: ownership) {
                group.written = size
                rename(group.temporary, group.final)
                AtomicFile.syncFolder(cleaner.directory)
                return
            }
            for member in group.members { keep(member, "cannot fold again after a failed check", putBack: true) }
            group.members = []
        }
        // Nothing left to fold: the old content comes back, or no archive.
        if let old = group.old {
            link(old, group.temporary)
            rename(group.temporary, group.final)
        } else {
            unlink(group.final)
        }
        group.written = group.archive?.size ?? 0
        AtomicFile.syncFolder(cleaner.directory)
    }

    private enum WriteFailure: Error {
        case unreadable(DBFileError)
        case other(String)
    }

    private func write(
        _ inputs: [(path: String, name: DBFileName)], to path: String, ownership: DBFileWriter.Ownership?
    ) -> Result<Int, WriteFailure> {
        let outputs: [Compaction.Output]
        do {
            outputs = try Compaction.fold(inputs)
        } catch .unreadable(let error) {
            return .failure(.unreadable(error))
        } catch {
            return .failure(.other(error.description))
        }
        let output = outputs.first
        do {
            try DBFileWriter.write(output?.entries ?? [], layout: output?.layout ?? .v2, to: path, ownership: ownership)
        } catch {
            return .failure(.other("cannot write archive: \(error)"))
        }
        var status = stat()
        return .success(lstat(path, &status) == 0 ? Int(status.st_size) : 0)
    }

    private func fingerprint(_ path: String) -> Int? {
        try? reader.withRegion(of: path) { bytes, region in
            var hasher = Hasher()
            hasher.combine(region.size)
            hasher.combine(bytes: bytes)
            return hasher.finalize()
        }
    }

    private func readError(_ path: String) -> String {
        do {
            _ = try DBFile.read(path, reader: reader)
            return "unknown error"
        } catch {
            return "\(error.problem) at byte \(error.offset)"
        }
    }

    private func ownership(_ archive: String?, _ members: [CleanPlan.Candidate]) -> DBFileWriter.Ownership? {
        if let archive, let found = DBFileWriter.Ownership.of(archive) { return found }
        return members.first.flatMap { DBFileWriter.Ownership.of($0.isStaged ? $0.stagedPath : $0.entry.path) }
    }

    private func identity(_ candidate: CleanPlan.Candidate) -> ProcessMaps.FileID {
        ProcessMaps.FileID(device: candidate.entry.device, inode: candidate.entry.inode)
    }

    /// Reports a candidate as kept and, if asked, renames it back (never over a
    /// file a new process created under the same name meanwhile).
    private func keep(_ candidate: CleanPlan.Candidate, _ reason: String, putBack: Bool) {
        var reason = reason
        if putBack, !Cleaner.renameNoReplace(candidate.stagedPath, candidate.entry.path) {
            reason += "; left staged as \(basename(candidate.stagedPath)) (its name is taken)"
        }
        cleaner.record {
            $0.kept.append(.init(path: candidate.entry.path, reason: reason))
            $0.incomplete = true
        }
    }

    private func write(_ journal: CleanJournal, step: String) throws(CleanError) {
        cleaner.step(step)
        do { try journal.write(in: cleaner.directory) } catch { throw .journal("cannot write journal: \(error)") }
    }

    private func list(_ pids: [Int32]) -> String { pids.map(String.init).joined(separator: ", ") }

    private func basename(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}
