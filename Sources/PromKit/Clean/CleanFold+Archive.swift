#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Step 4 (prepare) and step 8 (correct) of ``Fold``: the new archives'
/// bytes, written under temporary names, and what is read to make them.
extension Fold {
    /// Reads, fingerprints and folds a group in place and writes its new
    /// archive under a temporary name. Members that cannot be read are kept
    /// (untouched); nil when nothing is left to fold.
    func prepare(
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
    func correct(_ group: inout Group, without failed: [CleanPlan.Candidate]) {
        let failedPaths = Set(failed.map(\.stagedPath))
        let keepIndices = group.members.indices.filter { !failedPaths.contains(group.members[$0].stagedPath) }
        group.members = keepIndices.map { group.members[$0] }
        group.fingerprints = keepIndices.map { group.fingerprints[$0] }
        if !group.members.isEmpty {
            var inputs: [(path: String, name: DBFileName)] = []
            if let old = group.old, let name = group.archive?.dbName { inputs.append((old, name)) }
            inputs += group.members.map { ($0.stagedPath, $0.name) }
            let ownership = ownership(group.old, group.members)
            if case .success(let size) = write(inputs, to: group.temporary, ownership: ownership),
                rename(group.temporary, group.final) == 0
            {
                group.written = size
                AtomicFile.syncFolder(cleaner.directory)
                return
            }
            for member in group.members { keep(member, "cannot fold again after a failed check", putBack: true) }
            group.members = []
        }
        // Nothing left to fold: the old content comes back, or no archive.
        if let old = group.old {
            // `rename` of the old link over the archive; the link goes at finish.
            unlink(group.temporary)
            if link(old, group.temporary) != 0 || rename(group.temporary, group.final) != 0 {
                for member in failed {
                    keep(member, SystemText.error("cannot restore \(basename(group.final))"), putBack: false)
                }
            }
        } else {
            unlink(group.final)
        }
        group.written = group.archive?.size ?? 0
        AtomicFile.syncFolder(cleaner.directory)
    }

    enum WriteFailure: Error {
        case unreadable(DBFileError)
        case other(String)
    }

    func write(
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

    func fingerprint(_ path: String) -> Int? {
        try? reader.withRegion(of: path) { bytes, region in
            var hasher = Hasher()
            hasher.combine(region.size)
            hasher.combine(bytes: bytes)
            return hasher.finalize()
        }
    }

    func readError(_ path: String) -> String {
        do {
            _ = try DBFile.read(path, reader: reader)
            return "unknown error"
        } catch {
            return "\(error.problem) at byte \(error.offset)"
        }
    }

    func ownership(_ archive: String?, _ members: [CleanPlan.Candidate]) -> DBFileWriter.Ownership? {
        if let archive, let found = DBFileWriter.Ownership.of(archive) { return found }
        return members.first.flatMap { DBFileWriter.Ownership.of($0.isStaged ? $0.stagedPath : $0.entry.path) }
    }
}
