#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes a whole file or nothing: a temporary file beside the target, fsync,
/// rename over the target, fsync of the folder.
public enum AtomicFile {
    /// What a temporary file's name holds, before the writer's pid.
    public static let temporaryMarker = ".promkit-tmp-"

    /// A write that failed; the target is untouched.
    public struct WriteError: Error, Hashable, Sendable, CustomStringConvertible {
        /// The target path.
        public var path: String
        /// What failed.
        public var message: String
        public var description: String { "\(path): \(message)" }
    }

    /// Writes `bytes` to `path` atomically with permission bits `mode`, and
    /// owner and group `owner` when given (as root; otherwise a failed chown is ignored).
    public static func write(
        _ bytes: [UInt8], to path: String, mode: mode_t = 0o644, owner: (uid_t, gid_t)? = nil
    ) throws(WriteError) {
        let folder = parentFolder(of: path)
        let base = path.split(separator: "/").last.map(String.init) ?? path
        let temporary = folder + "/." + base + temporaryMarker + "\(getpid())"
        var descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode)
        if descriptor < 0, errno == EEXIST {
            // Left by a killed process that had this pid: no live process owns it.
            unlink(temporary)
            descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode)
        }
        guard descriptor >= 0 else {
            throw WriteError(path: path, message: SystemText.error("cannot create temporary file"))
        }
        var ok = false
        defer {
            if !ok { unlink(temporary) }
        }
        do {
            try SystemCall.writeAll(descriptor, bytes)
        } catch {
            close(descriptor)
            throw WriteError(path: path, message: error.description)
        }
        if let owner { _ = fchown(descriptor, owner.0, owner.1) }
        guard fchmod(descriptor, mode) == 0, fsync(descriptor) == 0 else {
            let message = SystemText.error("cannot sync")
            close(descriptor)
            throw WriteError(path: path, message: message)
        }
        close(descriptor)
        guard rename(temporary, path) == 0 else {
            throw WriteError(path: path, message: SystemText.error("cannot rename into place"))
        }
        ok = true
        syncFolder(folder)
    }

    /// fsyncs a folder so that a rename in it is durable.
    public static func syncFolder(_ folder: String) {
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }

    /// The folder part of a path (`.` for a bare name).
    public static func parentFolder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let folder = String(path[..<slash])
        return folder.isEmpty ? "/" : folder
    }
}
