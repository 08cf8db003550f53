import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// An `flock` on a lock file inside a multiprocess directory.
///
/// Two lock files, both hidden so that prometheus_client's `*.db` glob never
/// sees them, and never deleted (deleting a lock file lets a third process
/// lock a fresh inode while the second still holds the old):
///
/// - `.promkit-clean.lock` orders folds and readers. A fold holds it
///   exclusively from its journal's `begin` through its first staging rename
///   to its last unlink; every promkit reader of the directory holds it shared
///   while it lists and reads, so that no reader sees half a fold.
/// - `.promkit-fold.lock` keeps folds apart (`clean`, `run`, `serve --fold`):
///   held exclusively for a whole run, never by readers, so that a fold's slow
///   part (reading, merging, writing the new archives) holds up no reader.
///
/// The kernel drops a lock when its process ends, however it ends.
public final class DirectoryLock: Sendable {
    /// The readers' and folds' lock file.
    public static let fileName = ".promkit-clean.lock"
    /// The folds' own lock file.
    public static let foldFileName = ".promkit-fold.lock"

    private let descriptor: Int32
    private let held: Mutex<Bool>

    /// How the lock is held.
    public enum Kind: Sendable {
        /// By readers, many at once.
        case shared
        /// By one fold.
        case exclusive
    }

    /// Why the lock was not taken.
    public enum Failure: Error, Hashable, Sendable, CustomStringConvertible {
        /// Another process held it for the whole wait.
        case busy(path: String, waited: Double, kind: Kind)
        /// The lock file could not be opened.
        case unavailable(path: String, message: String)

        public var description: String {
            switch self {
            case .busy(let path, let waited, let kind):
                let holder =
                    kind == .shared
                    ? "a promkit clean is folding files"
                    : path.hasSuffix(DirectoryLock.foldFileName)
                        ? "another promkit clean holds the lock" : "promkit readers (render, serve) held the lock"
                return "\(path): \(holder) (waited \(TimeSpan(seconds: waited).text)); try again later"
            case .unavailable(let path, let message): return "\(path): \(message)"
            }
        }
    }

    /// Takes the lock `file` in `directory`, polling for up to `wait` seconds.
    /// The file is created when missing.
    public init(directory: String, file: String = fileName, kind: Kind, wait: Double) throws(Failure) {
        let path = directory.hasSuffix("/") ? directory + file : directory + "/" + file
        descriptor = try Self.open(path, create: true)
        do {
            try Self.lock(descriptor, path: path, kind: kind, wait: wait)
        } catch {
            close(descriptor)
            throw error
        }
        held = Mutex(true)
    }

    private init(descriptor: Int32) {
        self.descriptor = descriptor
        held = Mutex(true)
    }

    /// The shared lock for a reader of `directory`, or nil when the directory
    /// has no lock file. A reader never creates it (reading leaves the
    /// directory as it was): a fold creates it before it changes anything
    /// visible, so a reader that finds none before and after its read saw no
    /// fold (``MultiprocDirectory/withReadersLock(on:wait:_:)``).
    public static func reading(_ directory: String, wait: Double) throws(Failure) -> DirectoryLock? {
        let path = directory.hasSuffix("/") ? directory + fileName : directory + "/" + fileName
        let descriptor: Int32
        do {
            descriptor = try open(path, create: false)
        } catch .unavailable(_, let message) where message.hasSuffix("(ENOENT)") {
            return nil
        }
        do {
            try lock(descriptor, path: path, kind: .shared, wait: wait)
        } catch {
            close(descriptor)
            throw error
        }
        return DirectoryLock(descriptor: descriptor)
    }

    /// Whether `directory` has a readers' lock file.
    public static func exists(in directory: String) -> Bool {
        var status = stat()
        let path = directory.hasSuffix("/") ? directory + fileName : directory + "/" + fileName
        return lstat(path, &status) == 0
    }

    /// Lets go of the lock now (it also goes when the value does).
    public func release() {
        let wasHeld = held.withLock { held in
            defer { held = false }
            return held
        }
        guard wasHeld else { return }
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }

    deinit { release() }

    /// Opens (or creates) a lock file: never through a link, never blocking on
    /// a FIFO, and only a regular file.
    private static func open(_ path: String, create: Bool) throws(Failure) -> Int32 {
        var descriptor = Glibc.open(path, (create ? O_RDWR : O_RDONLY) | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        if descriptor < 0, errno == ENOENT, create {
            descriptor = Glibc.open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK, 0o644)
        }
        if descriptor < 0, create, errno == EACCES || errno == EROFS {
            // A lock file made by another user: flock works on a read-only descriptor.
            let first = errno
            descriptor = Glibc.open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
            if descriptor < 0, errno == ENOENT { errno = first }
        }
        guard descriptor >= 0 else {
            let code = errno
            let name = [EROFS: "EROFS", EACCES: "EACCES", ENOENT: "ENOENT"][code] ?? "errno \(code)"
            let why = code == ELOOP ? "is a symbolic link; lock files are never followed" : SystemError.reason(code)
            throw .unavailable(path: path, message: "cannot open lock file: \(why) (\(name))")
        }
        guard let status = try? SystemCall.status(descriptor), (status.st_mode & S_IFMT) == S_IFREG else {
            close(descriptor)
            throw .unavailable(path: path, message: "cannot open lock file: not a regular file")
        }
        return descriptor
    }

    private static func lock(_ descriptor: Int32, path: String, kind: Kind, wait: Double) throws(Failure) {
        let operation = (kind == .shared ? LOCK_SH : LOCK_EX) | LOCK_NB
        let deadline = SystemClock.monotonicSeconds() + wait
        var pause: UInt32 = 500
        while flock(descriptor, operation) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else {
                throw .unavailable(path: path, message: SystemError.last("cannot lock").description)
            }
            guard SystemClock.monotonicSeconds() < deadline else { throw .busy(path: path, waited: wait, kind: kind) }
            usleep(pause)
            pause = min(pause * 2, 10_000)
        }
    }
}
