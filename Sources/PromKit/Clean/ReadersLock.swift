#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

extension MultiprocDirectory {
    /// Runs `body`, which lists and reads the directory at `path`, holding the
    /// readers' lock shared (see ``DirectoryLock``), so that it sees every fold
    /// whole or not at all.
    ///
    /// Waits at most `wait` seconds for a fold to finish, then throws
    /// ``FoldInProgress``. A directory with no lock file has never seen a
    /// fold begin: `body` runs without a lock and, should a fold have created
    /// the lock file meanwhile, once more under it. A fold that was
    /// interrupted before its commit point (a journal that says `begin`) left
    /// totals that never existed, so the read is refused until `promkit clean`
    /// rolls it back.
    public static func withReadersLock<T>(on path: String, wait: Double, _ body: () throws -> T) throws -> T {
        guard isDirectory(path) else { return try body() }  // The listing says what is wrong, in its own words.
        while true {
            let lock = try readersLock(path, wait: wait)
            defer { lock?.release() }
            let result = try body()
            if lock != nil || !DirectoryLock.exists(in: path) { return result }
        }
    }

    /// The readers' lock on the directory at `path`, held shared until released;
    /// nil where the directory has no lock file.
    static func readersLock(_ path: String, wait: Double) throws(FoldInProgress) -> DirectoryLock? {
        let lock: DirectoryLock?
        do {
            lock = try DirectoryLock.reading(path, wait: wait)
        } catch {
            throw FoldInProgress(description: "\(error)")
        }
        if let journal = try? CleanJournal.read(in: path), journal.state == .begin {
            lock?.release()
            throw FoldInProgress(
                description: "\(path): a promkit clean was interrupted in the middle of a fold, so the totals "
                    + "here are not whole; run promkit clean on the directory to roll it back")
        }
        return lock
    }

    static func isDirectory(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
    }
}

/// Why a reader did not read: a fold held the readers' lock for the whole
/// wait, the lock file could not be used, or an interrupted fold left the
/// directory half folded. Nothing was read; a later try may succeed.
public struct FoldInProgress: Error, Hashable, Sendable, CustomStringConvertible {
    /// What happened, with the path.
    public var description: String
}
