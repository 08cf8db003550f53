#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Who writes the files of a multiprocess directory: one notion of liveness
/// for `clean`, `--wipe`, `inspect`, `doctor` and `serve`.
///
/// A file's writer is the process that maps it. The pid in a file's name is
/// only a hint: pids are reused (a container restart starts them again from
/// low numbers), a gunicorn master with `--preload` maps files of its own,
/// and a custom `process_identifier` names no pid at all. So a file is live
/// when
///
/// 1. a running process maps it (`/proc/PID/maps`, by device and inode), or
/// 2. the process named in it runs and started before the file was last
///    written (it may be the writer between `open` and `mmap`, or its maps
///    cannot be read): a process that started after the last write cannot
///    have written it.
///
/// Anything else is dead. Where `/proc` cannot be read at all, rule 2 falls
/// back to `kill(pid, 0)`.
public struct FileWriters: Sendable {
    /// Why a file counts as live or dead.
    public enum Verdict: Sendable, Hashable, CustomStringConvertible {
        /// Running processes map it.
        case mapped(by: [Int32])
        /// The process its name gives runs and started before the last write.
        case namedProcess(Int32)
        /// No running process maps it, and the pid in its name (if any) is gone
        /// or belongs to a process started after the file was last written.
        case dead

        /// Whether a live process may still write the file.
        public var isLive: Bool { self != .dead }

        /// The processes that may write the file: the ones to watch for its end.
        public var writers: [Int32] {
            switch self {
            case .mapped(let pids): return pids
            case .namedProcess(let pid): return [pid]
            case .dead: return []
            }
        }

        /// The liveness, for reports.
        public var state: ProcessState { isLive ? .alive : .dead }

        public var description: String {
            switch self {
            case .mapped(let pids):
                return "mapped by running process \(pids.map(String.init).joined(separator: ", "))"
            case .namedProcess(let pid): return "pid \(pid) runs and started before the file was last written"
            case .dead: return "no running process writes it"
            }
        }
    }

    /// The pids mapping each file asked about.
    public var mappedBy: [ProcessMaps.FileID: [Int32]]
    /// Processes whose maps could not be read.
    public var unreadableMaps: Int
    /// The start time of each pid named by a file, nil when no such process runs.
    var starts: [Int32: Double?]

    /// Slack for the process start time, which `/proc` gives in clock ticks
    /// from a boot time rounded to the second.
    static let startSlack = 1.0

    /// Looks at every visible process once for the `.db` files of `listing`.
    public static func survey(_ listing: MultiprocDirectory) -> FileWriters {
        survey(listing.dbFiles.map(\.entry))
    }

    /// Looks at every visible process once for `entries`.
    public static func survey(_ entries: [DirectoryEntry]) -> FileWriters {
        let maps = ProcessMaps.scan(for: Set(entries.map(\.identity)))
        var starts: [Int32: Double?] = [:]
        for entry in entries {
            guard let pid = entry.dbName?.processID ?? entry.stagedName?.processID, starts[pid] == nil else {
                continue
            }
            starts[pid] = ProcessClock.start(of: pid)
        }
        return FileWriters(mappedBy: maps.mappedBy, unreadableMaps: maps.unreadable, starts: starts)
    }

    /// The verdict for one file (as listed, or as staged under another name).
    public func verdict(for entry: DirectoryEntry) -> Verdict {
        if let pids = mappedBy[entry.identity] { return .mapped(by: pids.sorted()) }
        guard let pid = entry.dbName?.processID ?? entry.stagedName?.processID,
            let running = starts[pid], let start = running
        else { return .dead }
        return start <= entry.modified + Self.startSlack ? .namedProcess(pid) : .dead
    }

    /// Whether anything visible refers to the directory: a process maps one of
    /// its files, a file's named process may be its writer, or a process's
    /// environment names the directory as `PROMETHEUS_MULTIPROC_DIR`.
    ///
    /// When nothing does, this is either another pid namespace (a sidecar),
    /// or the app has stopped.
    public func seesDirectory(_ listing: MultiprocDirectory) -> Bool {
        if !mappedBy.isEmpty { return true }
        if listing.dbFiles.contains(where: { verdict(for: $0.entry).isLive }) { return true }
        return !ProcessClock.processesNaming(directory: listing.path).isEmpty
    }
}

/// What `/proc` says of a process's start and environment.
public enum ProcessClock {
    /// When process `pid` started, seconds since the epoch, from `/proc/PID/stat`
    /// and `btime`; where `/proc` cannot be read, `-infinity` for a process
    /// that `kill(pid, 0)` finds (it may be the writer) and nil for none.
    /// A zombie (exited, not yet reaped by its parent) counts as none: it has
    /// no memory left to write with.
    public static func start(of pid: Int32, proc: String = "/proc") -> Double? {
        guard pid > 0 else { return nil }
        if let stat = SystemText.read("\(proc)/\(pid)/stat") { return start(stat: stat, proc: proc) }
        if kill(pid, 0) == 0 || errno == EPERM { return -Double.infinity }
        return nil
    }

    /// When process `pid` started, seconds since the epoch, from `/proc/PID/stat`
    /// and `btime`; nil when `/proc` does not show it running (a zombie included).
    public static func startInProc(of pid: Int32, proc: String = "/proc") -> Double? {
        SystemText.read("\(proc)/\(pid)/stat").flatMap { start(stat: $0, proc: proc) }
    }

    /// The start time a `/proc/PID/stat` line gives, nil for a zombie or a dead task.
    private static func start(stat: String, proc: String) -> Double? {
        guard let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // Field 3 of the whole line (the state) is the first after the command's ')'.
        guard let state = fields.first, state != "Z", state != "X", state != "x" else { return nil }
        // Field 22 of the whole line (starttime) is the 20th after the command's ')'.
        let hertz = Double(sysconf(Int32(_SC_CLK_TCK)))
        guard fields.count > 19, let ticks = Double(fields[19]), let boot = bootTime(proc: proc), hertz > 0 else {
            return nil
        }
        return boot + ticks / hertz
    }

    /// The system's boot time, seconds since the epoch (`btime` in `/proc/stat`).
    static func bootTime(proc: String = "/proc") -> Double? {
        guard let text = SystemText.read("\(proc)/stat") else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("btime ") {
            return Double(line.dropFirst(6))
        }
        return nil
    }

    /// The visible processes whose environment sets `PROMETHEUS_MULTIPROC_DIR`
    /// (or the older lowercase name) to `directory`, compared by device and
    /// inode so that relative paths and links match too.
    public static func processesNaming(directory: String, proc: String = "/proc") -> [Int32] {
        var target = stat()
        guard stat(directory, &target) == 0, var listing = try? FolderListing(proc) else { return [] }
        var found: [Int32] = []
        while let name = listing.nextName() {
            guard let pid = Int32(name), pid > 0, let environment = SystemText.read("\(proc)/\(name)/environ") else {
                continue
            }
            for variable in environment.split(separator: "\0") {
                guard let equals = variable.firstIndex(of: "=") else { continue }
                let key = variable[..<equals]
                guard key == "PROMETHEUS_MULTIPROC_DIR" || key == "prometheus_multiproc_dir" else { continue }
                var value = String(variable[variable.index(after: equals)...])
                if !value.hasPrefix("/") { value = "\(proc)/\(name)/cwd/" + value }
                var status = stat()
                if stat(value, &status) == 0, status.st_dev == target.st_dev, status.st_ino == target.st_ino {
                    found.append(pid)
                    break
                }
            }
        }
        return found
    }
}

extension DirectoryEntry {
    /// The file's device and inode.
    public var identity: ProcessMaps.FileID { ProcessMaps.FileID(device: device, inode: inode) }

    /// For a file staged by an interrupted or running clean
    /// (`.counter_12.db.promkit-fold`): the parsed name it had.
    var stagedName: DBFileName? {
        guard case .other = kind, let original = CleanJournal.originalName(ofStaged: name),
            case .success(let parsed) = DBFileName.parse(original)
        else { return nil }
        return parsed
    }
}
