#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// `promkit clean`: folds the files of dead processes into archives, so that a
/// multiprocess directory stops growing while every total stays exact.
///
/// ## Steps, and why in this order
///
/// 1. **Lock.** `flock` on `.promkit-fold.lock` for the whole run: a second
///    fold waits briefly, then gives up. Readers never take this one.
/// 2. **Recover.** A journal left by a killed run is completed (it reached
///    `commit`) or rolled back (it did not), holding the readers' lock
///    exclusively; see ``CleanJournal``. Leftover temporary files of ours are
///    removed.
/// 3. **Plan.** List the directory (never following links) and decide per
///    file who writes it (``FileWriters``): a file a running process maps, or
///    whose named process started before its last write, is live and kept.
///    When nothing visible refers to the directory yet a file changed in the
///    last 10 minutes, refuse (another pid namespace, or an app just stopped).
///    An archive name held by anything but a regular file blocks its type.
/// 4. **Prepare.** For each type and mode, hash each candidate's bytes, then
///    read the existing archive and the candidates in place, merge them as
///    prometheus_client does, and write the new archive under a temporary
///    name (temporary file, fsync, rename) with the mode and owner of the
///    archive it replaces (or of the files folded). Nothing visible has
///    changed, and the slow part (reading, merging, writing) is done without
///    holding up any reader.
/// 5. **Readers' lock**, exclusively, waiting at most `--lock-wait` for
///    promkit's readers (`render`, `serve`, ...) to finish; then each archive
///    is checked to be the one the new content was folded from.
/// 6. **Journal `begin`**, fsynced, naming every candidate and archive; then
///    each old archive is hard-linked aside (`.counter_archive.db.promkit-old`)
///    so that a roll back can restore it.
/// 7. **Stage, then publish**, back to back: rename each candidate out of the
///    `*.db` namespace (`.counter_12.db.promkit-fold`), then rename each new
///    archive over the old one, every result checked (a failed publish rolls
///    the whole fold back). A concurrent Python scrape (which takes no lock)
///    can miss the dead processes' share only between the first and the last
///    of these renames; a promkit reader sees all of it or none.
/// 8. **Check**, now that the files are out of reach: who writes each staged
///    file, and its bytes against the hash taken before it was folded. A file
///    that fails (a reused pid that opened it in the moment between 3 and 7)
///    is taken out: its archive is folded again without it and published,
///    then the file is renamed back (or left staged if a new process took
///    its name).
/// 9. **Journal `commit`**, fsynced: the commit point.
/// 10. **Finish.** Delete the staged files and the old links, fsync the
///    directory, delete the journal, let go of the readers' lock.
///
/// A crash before 9 rolls back (old archives restored by rename, staged
/// files renamed back); from 9 on it completes: nothing is lost and nothing
/// counted twice. promkit's readers refuse to read a directory whose journal
/// says `begin` while no fold runs, rather than show a total that never was.
public final class Cleaner {
    /// The directory.
    public let directory: String
    /// The options.
    public let options: CleanOptions
    /// Called with the name of each step as it is about to happen (for tests
    /// that interrupt a run at a chosen moment).
    public var onStep: ((String) -> Void)?
    /// After a run: the processes that write the files it left in use (the
    /// ones whose end the next run waits for).
    public private(set) var writers: Set<Int32> = []
    private var report = CleanReport()

    /// Creates a cleaner for `directory`.
    public init(directory: String, options: CleanOptions) {
        self.directory = directory
        self.options = options
    }

    /// Runs the clean. Throws when it could not run at all; a report whose
    /// `incomplete` is set means some candidates were kept (see `kept`).
    public func run(now: Double = Cleaner.currentTime()) throws(CleanError) -> CleanReport {
        report = CleanReport()
        writers = []
        report.dryRun = options.dryRun
        if options.dryRun {
            let listing = try scan()
            let plan = try CleanPlan.make(listing, options: options, now: now, writers: .survey(listing))
            describe(plan)
            return report
        }
        var status = stat()
        guard stat(directory, &status) == 0 else {
            throw .unreadable(DirectoryError(path: directory, message: SystemText.error("cannot open directory")))
        }
        guard (status.st_mode & S_IFMT) == S_IFDIR else {
            throw .unreadable(DirectoryError(path: directory, message: "not a directory"))
        }
        let lock: DirectoryLock
        do {
            lock = try DirectoryLock(
                directory: directory, file: DirectoryLock.foldFileName, kind: .exclusive, wait: options.lockWait)
        } catch {
            throw .locked(error)
        }
        defer { lock.release() }
        step("locked")
        if let journal = try CleanJournal.read(in: directory) {
            let readers = try readersLock()
            report.recovered = journal.recover(in: directory)
            readers.release()
        }
        var listing = try scan()
        if try removeLeftovers(listing) { listing = try scan() }
        let plan = try CleanPlan.make(listing, options: options, now: now, writers: .survey(listing))
        writers = plan.writers
        step("planned")
        record {
            $0.kept = plan.kept
            $0.retained = plan.retained
            $0.ignored = plan.ignored
            $0.incomplete = !plan.kept.isEmpty
        }
        try Fold(cleaner: self, plan: plan).run()
        return report
    }

    /// The readers' lock, exclusively: promkit's readers wait while a fold
    /// changes what they would see.
    func readersLock() throws(CleanError) -> DirectoryLock {
        do {
            return try DirectoryLock(directory: directory, kind: .exclusive, wait: options.lockWait)
        } catch {
            throw .locked(error)
        }
    }

    /// Seconds since the epoch.
    public static func currentTime() -> Double { SystemClock.wallSeconds() }

    func step(_ name: String) { onStep?(name) }

    func record(_ update: (inout CleanReport) -> Void) { update(&report) }

    private func scan() throws(CleanError) -> MultiprocDirectory {
        do { return try MultiprocDirectory.scan(directory) } catch { throw .unreadable(error) }
    }

    /// Removes temporary files of ours that no journal refers to, and renames
    /// staged orphans back where their name is free. Returns whether anything changed.
    private func removeLeftovers(_ listing: MultiprocDirectory) throws(CleanError) -> Bool {
        var changed = false
        var readers: DirectoryLock?
        defer { readers?.release() }
        for entry in listing.entries {
            guard case .other = entry.kind, entry.name.hasPrefix(".") else { continue }
            if CleanJournal.isScratch(entry.name) {
                if unlink(entry.path) == 0 { changed = true }
            } else if let original = CleanJournal.originalName(ofStaged: entry.name) {
                // A file coming back into view changes what readers see.
                if readers == nil { readers = try readersLock() }
                if Self.renameNoReplace(entry.path, directoryPath(original)) { changed = true }
            }
        }
        if changed { AtomicFile.syncFolder(directory) }
        return changed
    }

    func directoryPath(_ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    /// `rename` that fails rather than replace an existing name:
    /// `renameat2(RENAME_NOREPLACE)`, which Glibc's module map leaves out, so
    /// it is looked up at run time; where the kernel or file system lacks it,
    /// a check just before a plain rename.
    static func renameNoReplace(_ from: String, _ to: String) -> Bool {
        if let renameat2 = Self.renameat2 {
            let result = renameat2(AT_FDCWD, from, AT_FDCWD, to, 1)  // RENAME_NOREPLACE
            if result == 0 { return true }
            if errno != EINVAL && errno != ENOSYS { return false }
        }
        guard access(to, F_OK) != 0 else { return false }
        return rename(from, to) == 0
    }

    private typealias RenameAt2 =
        @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32

    private static let renameat2: RenameAt2? = {
        guard let symbol = dlsym(nil, "renameat2") else { return nil }
        return unsafeBitCast(symbol, to: RenameAt2.self)
    }()

    /// A dry run's report: what the real run would do, with the archives'
    /// sizes computed (not written) so that the bytes freed are the real run's.
    private func describe(_ plan: CleanPlan) {
        report.kept = plan.kept
        report.retained = plan.retained
        report.ignored = plan.ignored
        report.incomplete = !plan.kept.isEmpty
        for candidate in plan.candidates {
            let item = CleanReport.Item(path: candidate.entry.path, reason: reason(for: candidate))
            if candidate.action == .fold {
                report.folded.append(item)
            } else {
                report.deleted.append(item)
            }
            report.bytesFreed += candidate.entry.size
        }
        for target in plan.targets.sorted() {
            let final = directoryPath(target.fileName(label: CleanPlan.archiveLabel).fileName)
            report.archives.append(final)
            var inputs: [(path: String, name: DBFileName)] = []
            if let archive = plan.archives[target], let name = archive.dbName { inputs.append((archive.path, name)) }
            inputs += plan.candidates.filter { $0.action == .fold && Compaction.Target($0.name) == target }.map {
                ($0.entry.path, $0.name)
            }
            let size = (try? Compaction.fold(inputs).first).flatMap { output in
                try? DBFileWriter.encode(output.entries, layout: output.layout ?? .v2).count
            }
            report.bytesFreed -= (size ?? 0) - (plan.archives[target]?.size ?? 0)
        }
    }

    func reason(for candidate: CleanPlan.Candidate) -> String {
        if options.wipe { return "wipe: no running process writes it" }
        if candidate.action == .fold {
            return "into " + Compaction.Target(candidate.name).fileName(label: CleanPlan.archiveLabel).fileName
        }
        if candidate.entry.size == 0 { return "empty file" }
        if candidate.name.mode?.isLive == true { return "live gauge of a dead process" }
        return "gauge of a dead process (--drop-dead-all-gauges)"
    }
}
