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
/// 1. **Lock.** `flock` on `.promkit-clean.lock` in the directory; a second
///    run waits briefly, then gives up. Python takes no lock; this only keeps
///    two promkit runs apart.
/// 2. **Recover.** A journal left by a killed run is completed (it reached
///    `commit`) or rolled back (it did not); see ``CleanJournal``. Leftover
///    temporary files of ours are removed.
/// 3. **Plan.** List the directory (never following links), check each pid
///    with `kill(pid, 0)`, and refuse when no pid is visible yet files changed
///    in the last 10 minutes (another pid namespace). Nothing is changed yet.
/// 4. **Pre-check.** `/proc/*/maps` for the candidates' device and inode:
///    a file a running process maps (a reused pid that opened its
///    predecessor's file) is kept, untouched.
/// 5. **Prepare.** For each type and mode, hash each candidate's bytes, then
///    read the existing archive and the candidates in place, merge them as
///    prometheus_client does, and write the new archive under a temporary
///    name (temporary file, fsync, rename) with the mode and owner of the
///    archive it replaces (or of the files folded). Still nothing visible has
///    changed, and the slow part (reading, merging, writing) is done.
/// 6. **Journal `begin`**, fsynced, naming every candidate and archive; then
///    each old archive is hard-linked aside (`.counter_archive.db.promkit-old`)
///    so that a roll back can restore it.
/// 7. **Stage, then publish**, back to back: rename each candidate out of the
///    `*.db` namespace (`.counter_12.db.promkit-fold`), then rename each new
///    archive over the old one. A concurrent Python scrape can miss the dead
///    processes' share only between the first and the last of these renames,
///    and can never count it twice: a staged file is outside `*.db` before
///    the archive holding its share is published. From the staging on, a
///    process that starts with a reused pid creates a fresh file under the
///    old name; it can never open a file being folded.
/// 8. **Check**, now that the files are out of reach: each pid again with
///    `kill(pid, 0)`, `/proc/*/maps` for the staged files, and each staged
///    file's bytes against the hash taken before it was folded. A file that
///    fails (a pid that came back in the moment between 4 and 7) is taken
///    out: its archive is folded again without it and published, then the
///    file is renamed back (or left staged if a new process took its name).
/// 9. **Journal `commit`**, fsynced: the commit point.
/// 10. **Finish.** Delete the staged files and the old links, fsync the
///    directory, delete the journal.
///
/// A crash before 9 rolls back (old archives restored by rename, staged
/// files renamed back); from 9 on it completes: nothing is lost and nothing
/// counted twice. A Python scrape that globbed a candidate just before it was
/// staged fails once with FileNotFoundError (prometheus_client only forgives
/// that for live gauges); the next scrape is whole.
public final class Cleaner {
    /// The directory.
    public let directory: String
    /// The options.
    public let options: CleanOptions
    /// Called with the name of each step as it is about to happen (for tests
    /// that interrupt a run at a chosen moment).
    public var onStep: ((String) -> Void)?
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
        report.dryRun = options.dryRun
        if options.dryRun {
            let plan = try CleanPlan.make(try scan(), options: options, now: now, liveness: ProcessState.of(pid:))
            describe(plan)
            return report
        }
        var status = stat()
        guard stat(directory, &status) == 0 else {
            throw .unreadable(DirectoryError(path: directory, message: DBFileReader.errorText("cannot open directory")))
        }
        guard (status.st_mode & S_IFMT) == S_IFDIR else {
            throw .unreadable(DirectoryError(path: directory, message: "not a directory"))
        }
        let lock: DirectoryLock
        do { lock = try DirectoryLock(directory: directory, wait: options.lockWait) } catch { throw .locked(error) }
        defer { withExtendedLifetime(lock) {} }
        step("locked")
        if let journal = try CleanJournal.read(in: directory) {
            report.recovered = journal.recover(in: directory)
        }
        var listing = try scan()
        if removeLeftovers(listing) { listing = try scan() }
        let plan = try CleanPlan.make(listing, options: options, now: now, liveness: ProcessState.of(pid:))
        step("planned")
        if options.wipe {
            try wipe(listing, plan: plan)
        } else {
            try Fold(cleaner: self, plan: plan).run()
        }
        return report
    }

    /// Seconds since the epoch.
    public static func currentTime() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }

    func step(_ name: String) { onStep?(name) }

    func record(_ update: (inout CleanReport) -> Void) { update(&report) }

    private func scan() throws(CleanError) -> MultiprocDirectory {
        do { return try MultiprocDirectory.scan(directory) } catch { throw .unreadable(error) }
    }

    /// Removes temporary files of ours that no journal refers to, and renames
    /// staged orphans back where their name is free. Returns whether anything changed.
    private func removeLeftovers(_ listing: MultiprocDirectory) -> Bool {
        var changed = false
        for entry in listing.entries {
            guard case .other = entry.kind, entry.name.hasPrefix(".") else { continue }
            if CleanJournal.isScratch(entry.name) {
                unlink(entry.path)
                changed = true
            } else if let original = CleanJournal.originalName(ofStaged: entry.name),
                Self.renameNoReplace(entry.path, directoryPath(original))
            {
                changed = true
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

    private func describe(_ plan: CleanPlan) {
        report.kept = plan.kept
        report.ignored = plan.ignored
        for candidate in plan.candidates {
            let item = CleanReport.Item(path: candidate.entry.path, reason: reason(for: candidate))
            if candidate.action == .fold {
                report.folded.append(item)
            } else {
                report.deleted.append(item)
            }
            report.bytesFreed += candidate.entry.size
        }
    }

    func reason(for candidate: CleanPlan.Candidate) -> String {
        if candidate.action == .fold {
            return "into " + Compaction.Target(candidate.name).fileName(label: CleanPlan.archiveLabel).fileName
        }
        if candidate.entry.size == 0 { return "empty file" }
        if candidate.name.mode?.isLive == true { return "live gauge of a dead process" }
        return "gauge of a dead process (--drop-dead-all-gauges)"
    }

    /// `--wipe`: every `.db` file goes, once no process of the directory is alive (or `--force`).
    private func wipe(_ listing: MultiprocDirectory, plan: CleanPlan) throws(CleanError) {
        if !plan.alivePids.isEmpty, !options.force { throw .wipeWhileAlive(pids: plan.alivePids.sorted()) }
        report.ignored = plan.ignored.filter { !$0.reason.hasPrefix("name does not fit") }
        for entry in listing.entries {
            let isDB: Bool
            switch entry.kind {
            case .db, .misnamed: isDB = true
            case .other: isDB = CleanJournal.originalName(ofStaged: entry.name) != nil
            default: isDB = false
            }
            guard isDB else { continue }
            step("wipe \(entry.name)")
            if unlink(entry.path) == 0 {
                report.deleted.append(.init(path: entry.path, reason: "wipe"))
                report.bytesFreed += entry.size
            } else if errno != ENOENT {
                report.kept.append(.init(path: entry.path, reason: DBFileReader.errorText("cannot delete")))
                report.incomplete = true
            }
        }
        AtomicFile.syncFolder(directory)
    }
}
