#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// An input file opened for reading, known to be a regular file.
///
/// Every file promkit reads as input is opened here: read-only, without
/// following a final link, without blocking (a FIFO opens at once instead of
/// waiting for a writer) and closed on exec. The open descriptor is checked
/// with `fstat`, so a name that was a regular file when listed and is a FIFO,
/// a device or a folder when opened (a rename race) is refused before a byte
/// is read.
struct RegularFile: ~Copyable {
    /// Why a file could not be opened.
    enum Failure: Error, CustomStringConvertible {
        /// Nothing is at the path.
        case missing
        /// The path is a link, a folder, a FIFO, a socket or a device.
        case notRegularFile
        /// The operating system refused: the message names the call and the reason.
        case system(String)

        var description: String {
            switch self {
            case .missing: "cannot open: No such file or directory"
            case .notRegularFile: "not a regular file"
            case .system(let message): message
            }
        }
    }

    /// The open descriptor, closed when the value ends.
    let descriptor: Int32
    /// The file's size when it was opened.
    let size: Int

    /// Opens `path`.
    init(path: String) throws(Failure) {
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else {
            switch errno {
            case ENOENT: throw .missing
            case ELOOP: throw .notRegularFile
            default: throw .system(DBFileReader.errorText("cannot open"))
            }
        }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let failure = Failure.system(DBFileReader.errorText("cannot stat"))
            close(descriptor)
            throw failure
        }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            close(descriptor)
            throw .notRegularFile
        }
        self.descriptor = descriptor
        self.size = Int(status.st_size)
    }

    deinit {
        close(descriptor)
    }
}
