#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The directory itself: exists, writable, not world-writable, local, with space.
struct DirectoryChecks {
    var path: String
    var fileSystem: @Sendable (String) -> FileSystemInfo?
    var minimumFreeBytes: UInt64

    static let titles = [
        ("directory.exists", "the multiprocess directory exists and is a directory"),
        ("directory.writable", "the directory is writable by this user"),
        ("directory.world-writable", "the directory is not world-writable"),
        ("directory.local", "the directory is on a local filesystem, not NFS"),
        ("directory.free-space", "the directory's filesystem has free space"),
    ]

    static var skippedAfterMissing: [DoctorCheck] { skipped(after: ENOENT) }

    /// The checks after the first, skipped because the directory could not be looked at.
    static func skipped(after code: Int32) -> [DoctorCheck] {
        let reason = code == ENOENT ? "the directory is missing" : "the directory cannot be looked at"
        return titles.dropFirst().map { DoctorCheck.skipped($0.0, $0.1, reason) }
    }

    /// The checks, and whether the directory exists (so its contents can be checked).
    func run() -> (checks: [DoctorCheck], exists: Bool) {
        let word = Doctor.shellWord(path)
        var info = stat()
        guard stat(path, &info) == 0 else {
            let code = errno
            let reason = SystemError.reason(code)
            // Only a name that is not there is missing; a folder on the way that
            // this user cannot enter is a permission problem.
            let check: DoctorCheck
            if code == ENOENT {
                check = .fail(
                    Self.titles[0].0, Self.titles[0].1, "\(path): \(reason)",
                    fix: "mkdir -p \(word) && chmod 750 \(word)   # and wipe it before every start-up")
            } else {
                check = .fail(
                    Self.titles[0].0, Self.titles[0].1, "\(path) cannot be looked at: \(reason)",
                    fix: "chmod o+x on each folder above \(word), or run doctor as the user the workers run as")
            }
            return ([check] + Self.skipped(after: code), false)
        }
        guard (info.st_mode & S_IFMT) == S_IFDIR else {
            let check = DoctorCheck.fail(
                Self.titles[0].0, Self.titles[0].1, "\(path) exists but is not a directory",
                fix: "rm \(word) && mkdir -p \(word) && chmod 750 \(word)")
            return ([check] + Self.skippedAfterMissing, false)
        }
        var checks = [DoctorCheck.pass(Self.titles[0].0, Self.titles[0].1, path)]
        if access(path, W_OK | X_OK) == 0 {
            checks.append(.pass(Self.titles[1].0, Self.titles[1].1))
        } else if errno == EROFS {
            checks.append(
                .fail(
                    Self.titles[1].0, Self.titles[1].1,
                    "\(path) is on a read-only filesystem: every worker fails on its first metric",
                    fix: "mount a writable volume there (a tmpfs, or an emptyDir with medium: Memory)"))
        } else {
            checks.append(
                .fail(
                    Self.titles[1].0, Self.titles[1].1,
                    "user \(getuid()) cannot create files in \(path) (owner \(info.st_uid), mode "
                        + "\(String(info.st_mode & 0o7777, radix: 8))): every worker fails on its first metric",
                    fix: "chown $(id -u):$(id -g) \(word) && chmod 750 \(word)   # as the user the workers run as"))
        }
        let mode = info.st_mode & 0o7777
        if mode & 0o002 == 0 {
            checks.append(.pass(Self.titles[2].0, Self.titles[2].1, "mode \(String(mode, radix: 8))"))
        } else {
            checks.append(
                .fail(
                    Self.titles[2].0, Self.titles[2].1,
                    "mode \(String(mode, radix: 8)): any user can add, replace or (without the sticky bit) "
                        + "delete .db files and so change or break every scrape",
                    fix: "chmod 750 \(word)   # or a directory of its own instead of /tmp"))
        }
        checks.append(contentsOf: fileSystemChecks(word))
        return (checks, true)
    }

    private func fileSystemChecks(_ word: String) -> [DoctorCheck] {
        guard let system = fileSystem(path) else {
            return [
                .skipped(Self.titles[3].0, Self.titles[3].1, "statfs failed"),
                .skipped(Self.titles[4].0, Self.titles[4].1, "statvfs failed"),
            ]
        }
        var checks: [DoctorCheck] = []
        if let remote = system.remoteKind {
            checks.append(
                .fail(
                    Self.titles[3].0, Self.titles[3].1,
                    "\(path) is on \(remote) (statfs magic 0x\(String(system.magic, radix: 16))): "
                        + "prometheus_client mmaps its files, which is not safe across hosts or through network caches",
                    fix: "point PROMETHEUS_MULTIPROC_DIR at a local disk or tmpfs (Kubernetes: an emptyDir, "
                        + "medium: Memory)"))
        } else {
            checks.append(
                .pass(Self.titles[3].0, Self.titles[3].1, "statfs magic 0x\(String(system.magic, radix: 16))"))
        }
        let free = "\(system.freeBytes >> 20) MiB and \(system.freeInodes) inodes free"
        if system.freeBytes >= minimumFreeBytes && system.freeInodes >= 1000 {
            checks.append(.pass(Self.titles[4].0, Self.titles[4].1, free))
        } else {
            checks.append(
                .fail(
                    Self.titles[4].0, Self.titles[4].1,
                    "\(free) (want at least \(minimumFreeBytes >> 20) MiB and 1000 inodes): each worker's file grows "
                        + "in 1 MiB steps and a full disk can kill a worker with SIGBUS",
                    fix: "promkit clean \(word)   # folds dead workers' files; or give the filesystem more space"))
        }
        return checks
    }
}
