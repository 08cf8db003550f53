#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// What the header and the walk say about a file.
public struct DBRegion: Sendable, Hashable {
    /// The file's size in bytes.
    public var size: Int
    /// `used`, the bytes in use, header included (8 for a file with no entries).
    public var used: Int
    /// The layout; nil when there are no entries to tell it by.
    public var layout: DBLayout?
}

/// Reads the used region of `.db` files into one buffer that it reuses, so
/// that reading many files costs one `pread` each and no allocation.
///
/// Files are opened through ``RegularFile`` (no links, FIFOs or devices) and
/// read in one go; nothing is copied per entry.
public final class DBFileReader {
    private var buffer: UnsafeMutableRawBufferPointer

    /// Creates a reader.
    public init() {
        buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 16)
    }

    deinit {
        buffer.deallocate()
    }

    private func reserve(_ count: Int) {
        guard count > buffer.count else { return }
        buffer.deallocate()
        var capacity = buffer.count
        while capacity < count { capacity *= 2 }
        buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 16)
    }

    /// Reads `path` and calls `body` with the used region (its count is `used`)
    /// and what the header and walk tell. Without `detectingLayout`, the layout
    /// is left nil for the caller to work out (``DBWalk/detectLayout(_:path:)``).
    public func withRegion<R>(
        of path: String, detectingLayout: Bool = true,
        _ body: (UnsafeRawBufferPointer, DBRegion) throws -> R
    ) throws -> R {
        let file: RegularFile
        do {
            file = try RegularFile(path: path)
        } catch {
            throw DBFileError(path: path, offset: 0, problem: error.problem)
        }
        let size = file.size
        let descriptor = file.descriptor
        if size == 0 { throw DBFileError(path: path, offset: 0, problem: .emptyFile) }
        if size < 8 { throw DBFileError(path: path, offset: 0, problem: .shorterThanHeader(size: size)) }

        reserve(4096)
        let first = try readFully(descriptor, count: min(size, 4096), path: path)
        guard first >= 8 else { throw DBFileError(path: path, offset: 0, problem: .shorterThanHeader(size: first)) }
        let used = DBWalk.int32(UnsafeRawBufferPointer(buffer), at: 0)
        if used == 0 {
            // A file whose header is not written yet: Python reads no entries.
            return try body(UnsafeRawBufferPointer(rebasing: buffer[0..<0]), DBRegion(size: size, used: 0, layout: nil))
        }
        if used < 8 { throw DBFileError(path: path, offset: 0, problem: .usedInsideHeader(used: used)) }
        if used > size { throw DBFileError(path: path, offset: 0, problem: .usedPastEnd(used: used, size: size)) }
        if used > first {
            reserve(used)
            let got = try readFully(descriptor, count: used, path: path)
            guard got == used else {
                throw DBFileError(path: path, offset: got, problem: .usedPastEnd(used: used, size: got))
            }
        }
        let region = UnsafeRawBufferPointer(rebasing: buffer[0..<used])
        let layout: DBLayout? = used == 8 || !detectingLayout ? nil : try DBWalk.detectLayout(region, path: path)
        return try body(region, DBRegion(size: size, used: used, layout: layout))
    }

    private func readFully(_ descriptor: Int32, count: Int, path: String) throws(DBFileError) -> Int {
        var done = 0
        while done < count {
            let got = pread(descriptor, buffer.baseAddress! + done, count - done, off_t(done))
            if got < 0 {
                if errno == EINTR { continue }
                throw DBFileError(path: path, offset: done, problem: .io(Self.errorText("cannot read")))
            }
            if got == 0 { break }
            done += got
        }
        return done
    }

    static func errorText(_ what: String) -> String {
        "\(what): \(String(cString: strerror(errno)))"
    }
}

extension RegularFile.Failure {
    /// The same failure as a `.db` file's problem.
    var problem: DBFileError.Problem {
        switch self {
        case .missing: .vanished
        case .notRegularFile: .notRegularFile
        case .system(let message): .io(message)
        }
    }
}
