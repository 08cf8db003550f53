#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The multiprocess directory of `promkit run`: the one named (created when
/// missing), or a private one (mode 0700) that is removed at the end.
public struct RunDirectory: Sendable {
    /// The directory's absolute path, as the command gets it.
    public var path: String
    /// Whether promkit made it for this run (and removes it at the end).
    public var isPrivate: Bool

    /// `named`, created (mode 0755, less the umask) when missing; or, when
    /// nil, a new private directory under `$TMPDIR` (or `/tmp`).
    public static func prepare(_ named: String?, temporary: String?) throws(DirectoryError) -> RunDirectory {
        guard let named else {
            let base = temporary.flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
            var template = Array((base.hasSuffix("/") ? base : base + "/").utf8CString.dropLast())
            template += Array("promkit-run-XXXXXX".utf8CString)
            let made = template.withUnsafeMutableBufferPointer { buffer in
                buffer.baseAddress.flatMap { mkdtemp($0) }.map { String(cString: $0) }
            }
            guard let made else {
                throw DirectoryError(path: base, message: SystemText.error("cannot create a directory in"))
            }
            return RunDirectory(path: made, isPrivate: true)
        }
        if mkdir(named, 0o755) != 0, errno != EEXIST {
            throw DirectoryError(path: named, message: SystemText.error("cannot create directory"))
        }
        var status = stat()
        guard stat(named, &status) == 0 else {
            throw DirectoryError(path: named, message: SystemText.error("cannot open directory"))
        }
        guard (status.st_mode & S_IFMT) == S_IFDIR else {
            throw DirectoryError(path: named, message: "not a directory")
        }
        guard let resolved = realpath(named, nil) else {
            throw DirectoryError(path: named, message: SystemText.error("cannot resolve"))
        }
        defer { free(resolved) }
        return RunDirectory(path: String(cString: resolved), isPrivate: false)
    }

    /// Removes a private directory and the files in it; a named one is left.
    /// Returns what could not be removed, if anything.
    public func removeIfPrivate() -> String? {
        guard isPrivate else { return nil }
        if let listing = try? MultiprocDirectory.scan(path) {
            for entry in listing.entries {
                if case .directory = entry.kind { continue }
                _ = SystemPath.withCString(entry.path) { unlink($0) }
            }
        }
        guard rmdir(path) == 0 else { return SystemText.error("\(path): cannot remove") }
        return nil
    }

    /// `environment` (`NAME=value` strings) with `PROMETHEUS_MULTIPROC_DIR` set
    /// to this directory and nothing else changed.
    public func environment(from environment: [String]) -> [String] {
        let key = "PROMETHEUS_MULTIPROC_DIR="
        let setting = key + path
        var result = environment.map { $0.hasPrefix(key) ? setting : $0 }
        if !result.contains(setting) { result.append(setting) }
        return result
    }
}
