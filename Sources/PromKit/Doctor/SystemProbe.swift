import CPromKitSystem

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// What the kernel says about a filesystem.
public struct FileSystemInfo: Sendable, Hashable {
    /// The `statfs` magic number (`f_type`).
    public var magic: UInt64
    /// Bytes free to an unprivileged user.
    public var freeBytes: UInt64
    /// Inodes free to an unprivileged user.
    public var freeInodes: UInt64

    /// Creates a description.
    public init(magic: UInt64, freeBytes: UInt64, freeInodes: UInt64) {
        self.magic = magic
        self.freeBytes = freeBytes
        self.freeInodes = freeInodes
    }

    /// The names of network and FUSE filesystems, by magic: mmap-ed files are not safe on them.
    public static let remoteKinds: [UInt64: String] = [
        0x6969: "NFS", 0x517B: "SMB", 0xFF53_4D42: "CIFS", 0xFE53_4D42: "SMB2", 0x0C36_400: "Ceph",
        0x5346_414F: "AFS", 0x6573_5546: "FUSE (sshfs, gcsfuse, s3fs...)", 0x0102_1997: "9P",
        0x1937_0120: "GlusterFS", 0x0BD0_0BD0: "Lustre",
    ]

    /// Whether the filesystem is one of ``remoteKinds``.
    public var remoteKind: String? { Self.remoteKinds[magic] }
}

/// Reads the kernel's view of files, filesystems and processes (Linux `/proc`).
public enum SystemProbe {
    /// `statfs` and `statvfs` of `path`, or nil when they fail.
    public static func fileSystem(_ path: String) -> FileSystemInfo? {
        var fs = statfs()
        var vfs = statvfs()
        guard statfs(path, &fs) == 0, statvfs(path, &vfs) == 0 else { return nil }
        return FileSystemInfo(
            magic: UInt64(UInt32(truncatingIfNeeded: fs.f_type)),
            freeBytes: UInt64(vfs.f_bavail) * UInt64(vfs.f_frsize),
            freeInodes: UInt64(vfs.f_favail))
    }

    /// When process `pid` started, in seconds since the epoch, from `/proc/PID/stat` and `btime`.
    public static func processStart(_ pid: Int32) -> Double? { ProcessClock.startInProc(of: pid) }

    /// The processes whose command line names uvicorn, gunicorn or hypercorn (this one excepted).
    public static func serverProcesses() -> [Int32] {
        guard var listing = try? FolderListing("/proc") else { return [] }
        var pids: [Int32] = []
        let own = getpid()
        while let name = listing.nextName() {
            guard let pid = Int32(name), pid != own, let command = SystemText.read("/proc/\(pid)/cmdline") else {
                continue
            }
            let words = command.split(separator: "\0")
            if words.contains(where: { $0.contains("promkit") }) { continue }
            if words.contains(where: { $0.contains("uvicorn") || $0.contains("gunicorn") || $0.contains("hypercorn") })
            {
                pids.append(pid)
            }
        }
        return pids.sorted()
    }
}
