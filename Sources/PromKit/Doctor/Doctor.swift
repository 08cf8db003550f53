#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// `promkit doctor`: the production checklist and troubleshooting table for a
/// prometheus_client multiprocess deployment, as checks with fixes.
///
/// The checks cover the environment (the variable set, not lowercase, not
/// misspelt), the directory (exists, writable, not world-writable, local,
/// free space), its contents (dead processes' files, files older than the
/// oldest live writer, mixed layouts, 0-byte and unknown files, `all`-mode
/// gauges) and the live writers.
public struct Doctor: Sendable {
    /// The directory named on the command line, if any (else the environment's).
    public var explicitDirectory: String?
    /// The environment the application sees.
    public var environment: [String: String]
    /// Now, seconds since the epoch.
    public var now: Double
    /// When a pid started, seconds since the epoch.
    public var processStart: @Sendable (Int32) -> Double?
    /// The filesystem a path is on.
    public var fileSystem: @Sendable (String) -> FileSystemInfo?
    /// The processes that look like Python servers (for the live writers check).
    public var serverProcesses: @Sendable () -> [Int32]
    /// Less free space than this fails the free space check.
    public var minimumFreeBytes: UInt64 = 64 << 20

    /// A doctor for this machine: the real clock, `/proc`, `kill(pid, 0)` and `statfs`.
    public init(explicitDirectory: String?, environment: [String: String]) {
        self.explicitDirectory = explicitDirectory
        self.environment = environment
        self.now = SystemClock.wallSeconds()
        self.processStart = { SystemProbe.processStart($0) }
        self.fileSystem = { SystemProbe.fileSystem($0) }
        self.serverProcesses = { SystemProbe.serverProcesses() }
    }

    /// Runs every check.
    public func examine() -> DoctorReport {
        var checks = EnvironmentChecks.run(environment)
        let (resolved, _) = MultiprocDirectory.resolve(explicitDirectory, environment: environment)
        guard let path = resolved else {
            checks.append(
                .fail(
                    "directory.exists", "the multiprocess directory exists",
                    "no directory given and PROMETHEUS_MULTIPROC_DIR is not set",
                    fix: "promkit doctor /path/to/dir, or export PROMETHEUS_MULTIPROC_DIR=/path/to/dir"))
            checks += DirectoryChecks.skippedAfterMissing + ContentChecks.skippedAfterMissing
            return DoctorReport(directory: nil, checks: checks)
        }
        let directoryChecks = DirectoryChecks(path: path, fileSystem: fileSystem, minimumFreeBytes: minimumFreeBytes)
        let (found, exists) = directoryChecks.run()
        checks += found
        guard exists else {
            let missing = access(path, F_OK) != 0 && errno == ENOENT
            checks += ContentChecks.skipped(missing ? "the directory is missing" : "the directory cannot be looked at")
            return DoctorReport(directory: path, checks: checks)
        }
        let listing: MultiprocDirectory
        do {
            listing = try MultiprocDirectory.scan(path)
        } catch {
            checks += ContentChecks.skipped("the directory cannot be listed: \(error.message)")
            return DoctorReport(directory: path, checks: checks)
        }
        let contents = ContentChecks(
            listing: listing, now: now, processStart: processStart,
            serverProcesses: serverProcesses)
        checks += contents.run()
        return DoctorReport(directory: path, checks: checks)
    }

    /// `1 file`, `3 files`.
    static func count(_ number: Int, _ one: String, _ many: String) -> String {
        "\(number) \(number == 1 ? one : many)"
    }

    /// `3d 4h`, `12m`, `40s`: an age for people.
    static func age(_ seconds: Double) -> String {
        let value = Int(max(0, seconds))
        if value >= 86_400 { return "\(value / 86_400)d \(value % 86_400 / 3600)h" }
        if value >= 3600 { return "\(value / 3600)h \(value % 3600 / 60)m" }
        if value >= 60 { return "\(value / 60)m" }
        return "\(value)s"
    }

    /// A shell word: quoted when it holds anything but safe characters.
    /// `path` from the root, as a crontab line needs it (cron runs jobs in the home directory).
    static func absolute(_ path: String) -> String {
        guard !path.hasPrefix("/"), let buffer = getcwd(nil, 0) else { return path }
        defer { free(buffer) }
        let here = String(cString: buffer)
        let relative = path.hasPrefix("./") ? String(path.dropFirst(2)) : path
        return (here.hasSuffix("/") ? here : here + "/") + relative
    }

    static func shellWord(_ text: String) -> String {
        let safe = text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "/._-+:=@%".contains($0)) }
        return safe && !text.isEmpty
            ? text : "'" + text.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
    }
}
