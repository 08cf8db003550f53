#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// An exclusive `flock` on a lock file inside a multiprocess directory, so
/// that two `promkit clean` runs never work on one directory at once.
///
/// The lock file is hidden (`.promkit-clean.lock`), so prometheus_client's
/// `*.db` glob never sees it, and it is never deleted: deleting a lock file
/// lets a third run lock a fresh inode while the second still holds the old.
/// The kernel drops the lock when the process ends, however it ends.
public final class DirectoryLock {
    /// The lock file's base name.
    public static let fileName = ".promkit-clean.lock"

    private let descriptor: Int32

    /// Why the lock was not taken.
    public enum Failure: Error, Hashable, Sendable, CustomStringConvertible {
        /// Another process held it for the whole wait.
        case busy(path: String, waited: Double)
        /// The lock file could not be opened.
        case unavailable(path: String, message: String)

        public var description: String {
            switch self {
            case .busy(let path, let waited):
                return "\(path): another promkit clean holds the lock (waited \(waited)s); try again later"
            case .unavailable(let path, let message): return "\(path): \(message)"
            }
        }
    }

    /// Takes the lock on `directory`, polling for up to `wait` seconds.
    public init(directory: String, wait: Double) throws(Failure) {
        let path = directory + "/" + Self.fileName
        let descriptor = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw .unavailable(path: path, message: DBFileReader.errorText("cannot open lock file"))
        }
        let deadline = Self.monotonic() + wait
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else {
                let message = DBFileReader.errorText("cannot lock")
                close(descriptor)
                throw .unavailable(path: path, message: message)
            }
            guard Self.monotonic() < deadline else {
                close(descriptor)
                throw .busy(path: path, waited: wait)
            }
            usleep(20_000)
        }
        self.descriptor = descriptor
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }

    static func monotonic() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
}
