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
        let descriptor: Int32
        do {
            descriptor = try SystemCall.open(path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW)
        } catch {
            switch error.code {
            case ENOENT: throw .missing
            case ELOOP: throw .notRegularFile
            default: throw .system(error.description)
            }
        }
        let status: stat
        do {
            status = try SystemCall.status(descriptor)
        } catch {
            close(descriptor)
            throw .system(error.description)
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

    /// Reads up to `count` bytes at `offset` into `destination`, retrying
    /// after signals and short reads; returns the bytes read (fewer at the end).
    func read(into destination: UnsafeMutableRawPointer, count: Int, at offset: Int) throws(Failure) -> Int {
        do {
            return try SystemCall.readFully(
                descriptor, into: UnsafeMutableRawBufferPointer(start: destination, count: count), at: offset)
        } catch {
            throw .system(error.description)
        }
    }

    /// The offset of the first byte at or after `offset` of `descriptor` that
    /// lies in data, not in a hole; nil when only holes follow. A file system
    /// that does not tell holes reports the whole file as data.
    static func nextData(_ descriptor: Int32, from offset: Int) -> Int? {
        let found = lseek(descriptor, off_t(offset), seekData)
        if found >= 0 { return Int(found) }
        return errno == ENXIO ? nil : offset
    }

    /// The offset of the first hole at or after `offset` (the end of the file
    /// when there is none, or when the file system does not tell holes).
    func nextHole(from offset: Int) -> Int {
        Self.nextHole(descriptor, from: offset, size: size)
    }

    /// ``nextHole(from:)`` for a descriptor of a file of `size` bytes.
    static func nextHole(_ descriptor: Int32, from offset: Int, size: Int) -> Int {
        let found = lseek(descriptor, off_t(offset), seekHole)
        return found >= 0 ? Int(found) : size
    }

    /// `SEEK_DATA` and `SEEK_HOLE` of Linux's `<unistd.h>`, which the Glibc
    /// module leaves out (they need `_GNU_SOURCE`).
    private static let seekData: Int32 = 3
    private static let seekHole: Int32 = 4
}
