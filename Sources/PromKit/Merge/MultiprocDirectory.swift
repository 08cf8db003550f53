#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// One entry of a multiprocess directory, as listed: never followed if a link.
public struct DirectoryEntry: Sendable {
    /// What the entry is.
    public enum Kind: Sendable {
        /// A regular file whose name parses: prometheus_client reads it.
        case db(DBFileName)
        /// A regular file named `*.db` that does not fit the scheme.
        case misnamed(DBFileName.Problem)
        /// A regular file that prometheus_client never reads (not `*.db`, or hidden).
        case other
        /// A symbolic link: never followed.
        case link
        /// A folder: never entered.
        case directory
        /// A socket, pipe or device.
        case special
    }

    /// The base name.
    public var name: String
    /// The path: the directory's path joined with the name.
    public var path: String
    /// What the entry is.
    public var kind: Kind
    /// The size in bytes (of the link itself, for a link).
    public var size: Int
    /// The modification time, seconds since the epoch.
    public var modified: Double
    /// The device and inode, which identify the file whatever its name.
    public var device: UInt64
    /// The inode number.
    public var inode: UInt64
    /// Permission bits.
    public var permissions: UInt32
    /// The owner's user id.
    public var owner: UInt32
    /// The owner's group id.
    public var group: UInt32

    /// The parsed name, for a `.db` file.
    public var dbName: DBFileName? {
        if case .db(let name) = kind { return name }
        return nil
    }
}

/// Why a multiprocess directory could not be listed.
public struct DirectoryError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The path.
    public var path: String
    /// What is wrong.
    public var message: String

    public var description: String { "\(path): \(message)" }
}

/// A multiprocess directory (`PROMETHEUS_MULTIPROC_DIR`), listed once.
///
/// Entries keep the directory's own order, which is the order Python's `glob`
/// returns and so the order in which its collector merges. Links and folders
/// are listed, never followed.
public struct MultiprocDirectory: Sendable {
    /// The directory's path.
    public var path: String
    /// Every entry but `.` and `..`, in directory order.
    public var entries: [DirectoryEntry]

    /// Lists `path`.
    public static func scan(_ path: String) throws(DirectoryError) -> MultiprocDirectory {
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw DirectoryError(path: path, message: SystemText.error("cannot open directory"))
        }
        guard (status.st_mode & S_IFMT) == S_IFDIR else {
            throw DirectoryError(path: path, message: "not a directory")
        }
        var listing: FolderListing
        do {
            listing = try FolderListing(path)
        } catch {
            throw DirectoryError(path: path, message: error.description)
        }
        var entries: [DirectoryEntry] = []
        var seen: Set<[UInt8]> = []
        let prefix = path.hasSuffix("/") ? path : path + "/"
        while let bytes = listing.next() {
            // A name that is not UTF-8 is read as Python reads it (see SystemPath).
            let name = SystemPath.name(bytes)
            // tmpfs can return a name twice when entries are renamed during the listing.
            guard seen.insert(bytes).inserted, let info = listing.status(of: bytes) else { continue }
            let kind: DirectoryEntry.Kind
            switch info.st_mode & S_IFMT {
            case S_IFREG:
                switch DBFileName.parse(name) {
                case .success(let parsed): kind = .db(parsed)
                case .failure(.notDB), .failure(.hidden): kind = .other
                case .failure(let problem): kind = .misnamed(problem)
                }
            case S_IFLNK: kind = .link
            case S_IFDIR: kind = .directory
            default: kind = .special
            }
            entries.append(
                DirectoryEntry(
                    name: name, path: prefix + name, kind: kind, size: Int(info.st_size),
                    modified: Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9,
                    device: UInt64(info.st_dev), inode: UInt64(info.st_ino),
                    permissions: UInt32(info.st_mode) & 0o7777, owner: info.st_uid, group: info.st_gid))
        }
        if let failure = listing.failure { throw DirectoryError(path: path, message: failure.description) }
        return MultiprocDirectory(path: path, entries: entries)
    }

    /// The `.db` files prometheus_client reads, in directory order.
    public var dbFiles: [(entry: DirectoryEntry, name: DBFileName)] {
        entries.compactMap { entry in entry.dbName.map { (entry, $0) } }
    }

    /// What a merge of the directory produced.
    public struct Merged: Sendable {
        /// The families, sorted by name.
        public var families: [MetricFamily]
        /// The files left out because they are damaged or misnamed (only with `skipInvalid`).
        public var skipped: [DBFileError]
        /// Entries named like `.db` files that were not read: links, folders, other non-files.
        public var notRead: [DirectoryEntry]
        /// The number of files read.
        public var filesRead: Int
    }

    /// Merges every `.db` file as prometheus_client's collector would.
    ///
    /// Files that vanish between listing and reading are passed over, as a
    /// worker's exit or a `clean` can remove them at any time. A damaged or
    /// misnamed file throws, as it fails Python's scrape, unless `skipInvalid`.
    public func merged(skipInvalid: Bool = false, cumulative: Bool = true) throws(DBFileError) -> Merged {
        let merge = MultiprocMerge()
        var skipped: [DBFileError] = []
        var notRead: [DirectoryEntry] = []
        var files: [(path: String, name: DBFileName)] = []
        func fail(_ error: DBFileError) throws(DBFileError) {
            if case .vanished = error.problem { return }
            guard skipInvalid else { throw error }
            skipped.append(error)
        }
        for entry in entries {
            switch entry.kind {
            case .db(let name):
                files.append((entry.path, name))
            case .misnamed(let problem):
                try fail(DBFileError(path: entry.path, offset: 0, problem: .misnamed(problem)))
            case .link, .directory, .special:
                if entry.name.hasSuffix(".db"), !entry.name.hasPrefix(".") { notRead.append(entry) }
            case .other:
                break
            }
        }
        for outcome in merge.add(files) {
            if case .failure(let error) = outcome { try fail(error) }
        }
        let families = merge.families(cumulative: cumulative)
        let filesRead = merge.fileCount
        BackgroundRelease.release(consume merge)
        return Merged(families: families, skipped: skipped, notRead: notRead, filesRead: filesRead)
    }

    /// The directory to use: `explicit` if given, else `PROMETHEUS_MULTIPROC_DIR`,
    /// else the deprecated lowercase `prometheus_multiproc_dir` (with a warning to show).
    public static func resolve(
        _ explicit: String?, environment: [String: String]
    ) -> (path: String?, warning: String?) {
        if let explicit, !explicit.isEmpty { return (explicit, nil) }
        if let path = environment["PROMETHEUS_MULTIPROC_DIR"], !path.isEmpty { return (path, nil) }
        if let path = environment["prometheus_multiproc_dir"], !path.isEmpty {
            return (
                path,
                "prometheus_multiproc_dir is deprecated; set PROMETHEUS_MULTIPROC_DIR instead (as prometheus_client does)"
            )
        }
        return (nil, nil)
    }
}
