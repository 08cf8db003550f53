#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Steps 4 to 10 of ``Cleaner``: journal, stage, check, fold, commit, publish, finish.
struct Fold {
    let cleaner: Cleaner
    let plan: CleanPlan

    private struct Written {
        var target: Compaction.Target
        var temporary: String
        var final: String
        var growth: Int
    }

    func run() throws(CleanError) {
        let directory = cleaner.directory
        cleaner.record {
            $0.kept = plan.kept
            $0.ignored = plan.ignored
        }
        guard !plan.candidates.isEmpty else { return }
        let targets = Set(plan.candidates.filter { $0.action == .fold }.map { Compaction.Target($0.name) })
        let archiveNames = targets.sorted().map { $0.fileName(label: CleanPlan.archiveLabel).fileName }

        // 4. Journal `begin`, before anything is renamed.
        var journal = CleanJournal(
            state: .begin,
            staged: plan.candidates.map { ($0.entry.name, basename($0.stagedPath)) },
            archives: archiveNames.map { (CleanJournal.temporaryName(of: $0), $0) })
        try write(journal, step: "journal begin")

        // 5. Stage: out of the `*.db` namespace.
        var staged: [CleanPlan.Candidate] = []
        for candidate in plan.candidates {
            if candidate.isStaged {
                staged.append(candidate)
                continue
            }
            cleaner.step("stage \(candidate.entry.name)")
            if rename(candidate.entry.path, candidate.stagedPath) == 0 {
                staged.append(candidate)
            } else if errno != ENOENT {  // vanished: mark_process_dead or the like got there first
                keep(candidate, DBFileReader.errorText("cannot rename"), putBack: false)
            }
        }
        AtomicFile.syncFolder(directory)

        // 6. Check: the pid still dead, no process mapping the file.
        cleaner.step("check")
        var identities: [Int: ProcessMaps.FileID] = [:]
        for (index, candidate) in staged.enumerated() {
            var status = stat()
            if lstat(candidate.stagedPath, &status) == 0 {
                identities[index] = ProcessMaps.FileID(device: UInt64(status.st_dev), inode: UInt64(status.st_ino))
            }
        }
        let maps = ProcessMaps.scan(for: Set(identities.values))
        var checked: [CleanPlan.Candidate] = []
        for (index, candidate) in staged.enumerated() {
            if let pid = candidate.pid, ProcessState.of(pid: pid) != .dead {
                keep(candidate, "pid \(pid) is alive again (reused): file put back, not folded", putBack: true)
            } else if let id = identities[index], let users = maps.mappedBy[id] {
                let list = users.map(String.init).joined(separator: ", ")
                keep(
                    candidate, "mapped by running process \(list) (a reused pid?): put back, not folded", putBack: true)
            } else {
                checked.append(candidate)
            }
        }

        // 7. Fold each target into a new archive under a temporary name.
        var written: [Written] = []
        var done: [CleanPlan.Candidate] = checked.filter { $0.action == .delete }
        for target in targets.sorted() {
            var members = checked.filter { $0.action == .fold && Compaction.Target($0.name) == target }
            guard !members.isEmpty else { continue }
            if let result = fold(target, &members) {
                written.append(result)
                done += members
            }
        }

        // 8. Journal `commit`: from here on a crash completes the fold.
        let begun = journal
        journal.state = .commit
        journal.staged = done.map { ($0.entry.name, basename($0.stagedPath)) }
        journal.archives = written.map { (basename($0.temporary), basename($0.final)) }
        do {
            try write(journal, step: "journal commit")
        } catch {
            // Without a commit record the fold cannot stand: roll back now, not at the next run.
            _ = begun.recover(in: directory)
            throw error
        }

        // 9. Publish the archives: each rename is atomic.
        for item in written {
            cleaner.step("publish \(basename(item.final))")
            rename(item.temporary, item.final)
        }
        AtomicFile.syncFolder(directory)

        // 10. Finish: the staged files go, then the journal.
        for candidate in done {
            cleaner.step("remove \(basename(candidate.stagedPath))")
            unlink(candidate.stagedPath)
            let item = CleanReport.Item(path: candidate.entry.path, reason: cleaner.reason(for: candidate))
            cleaner.record {
                if candidate.action == .fold { $0.folded.append(item) } else { $0.deleted.append(item) }
                $0.bytesFreed += candidate.entry.size
            }
        }
        AtomicFile.syncFolder(directory)
        cleaner.step("journal remove")
        CleanJournal.remove(in: directory)
        cleaner.record {
            $0.archives = written.map(\.final)
            $0.bytesFreed -= written.reduce(0) { $0 + $1.growth }
        }
    }

    /// Folds the archive (if any) and `members`; members that cannot be read
    /// are put back and dropped. Returns the archive written, or nil when the
    /// whole group was put back.
    private func fold(_ target: Compaction.Target, _ members: inout [CleanPlan.Candidate]) -> Written? {
        let final = cleaner.directoryPath(target.fileName(label: CleanPlan.archiveLabel).fileName)
        let archive = plan.archives[target]
        while !members.isEmpty {
            var inputs: [(path: String, name: DBFileName)] = []
            if let archive, let name = archive.dbName { inputs.append((archive.path, name)) }
            inputs += members.map { ($0.stagedPath, $0.name) }
            let outputs: [Compaction.Output]
            do {
                outputs = try Compaction.fold(inputs)
            } catch .unreadable(let error) {
                if let bad = members.firstIndex(where: { $0.stagedPath == error.path }) {
                    keep(members[bad], "cannot be read: \(error.problem) at byte \(error.offset)", putBack: true)
                    members.remove(at: bad)
                    continue
                }
                for member in members { keep(member, "archive \(error)", putBack: true) }
                return nil
            } catch {
                for member in members { keep(member, "\(error)", putBack: true) }
                return nil
            }
            let output = outputs.first
            let layout = output?.layout ?? .v2
            let temporary = cleaner.directoryPath(CleanJournal.temporaryName(of: basename(final)))
            let ownership =
                DBFileWriter.Ownership.of(archive?.path ?? "") ?? DBFileWriter.Ownership.of(members[0].stagedPath)
            cleaner.step("write \(basename(final))")
            do {
                try DBFileWriter.write(output?.entries ?? [], layout: layout, to: temporary, ownership: ownership)
            } catch {
                for member in members { keep(member, "cannot write archive: \(error)", putBack: true) }
                return nil
            }
            var status = stat()
            let size = lstat(temporary, &status) == 0 ? Int(status.st_size) : 0
            return Written(target: target, temporary: temporary, final: final, growth: size - (archive?.size ?? 0))
        }
        return nil
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

    private func basename(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}
