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
/// that reading many files costs a `pread` or two each and no allocation.
///
/// Files are opened through ``RegularFile`` (no links, FIFOs or devices);
/// nothing is copied per entry. A region larger than ``wholeReadLimit`` is read
/// only as far as its entries hold up, so a damaged file whose `used` claims
/// gigabytes costs kilobytes.
public final class DBFileReader {
    private var buffer: UnsafeMutableRawBufferPointer

    /// Creates a reader.
    public init() {
        buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 16)
    }

    deinit {
        buffer.deallocate()
    }

    /// Makes room for `count` bytes, keeping the first `kept`.
    private func reserve(_ count: Int, keeping kept: Int = 0) {
        guard count > buffer.count else { return }
        var capacity = buffer.count
        while capacity < count { capacity *= 2 }
        let grown = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 16)
        if kept > 0 { grown.copyMemory(from: UnsafeRawBufferPointer(rebasing: buffer[0..<kept])) }
        buffer.deallocate()
        buffer = grown
    }

    /// Used regions up to this size are read whole. A larger one is read a step
    /// at a time behind the entry walks, so that a `used` that lies (a sparse file,
    /// a run of zeros) costs what its walks read, not what it claims.
    static let wholeReadLimit = 1 << 16
    /// How far ahead of the walks a large region is read.
    static let readStep = 1 << 20

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
        if used > first { try load(file, used: used, from: first, path: path) }
        let region = UnsafeRawBufferPointer(rebasing: buffer[0..<used])
        let layout: DBLayout? = used == 8 || !detectingLayout ? nil : try DBWalk.detectLayout(region, path: path)
        return try body(region, DBRegion(size: size, used: used, layout: layout))
    }

    private func readFully(_ descriptor: Int32, count: Int, path: String) throws(DBFileError) -> Int {
        try read(descriptor, from: 0, to: count, path: path)
    }

    /// Reads bytes `start..<end` of the file into the same place in the buffer,
    /// which must hold them; returns how many it read (fewer at the end of the file).
    private func read(_ descriptor: Int32, from start: Int, to end: Int, path: String) throws(DBFileError) -> Int {
        guard start < end else { return 0 }
        do {
            return try SystemCall.readFully(
                descriptor, into: UnsafeMutableRawBufferPointer(rebasing: buffer[start..<end]), at: start)
        } catch {
            throw DBFileError(path: path, offset: start, problem: .io(error.description))
        }
    }

    /// Reads the used region past the `first` bytes already read. A region up to
    /// ``wholeReadLimit`` is read in one go. A larger one is read a step at a time
    /// while the v2 or the v1 walk (``DBEntryProbe``) still finds entries; when
    /// both stop short of `used`, the file is damaged and the error is thrown
    /// without reading the rest.
    private func load(_ file: borrowing RegularFile, used: Int, from first: Int, path: String) throws(DBFileError) {
        let descriptor = file.descriptor
        let size = file.size
        var probes = used > Self.wholeReadLimit ? [DBEntryProbe(layout: .v2), DBEntryProbe(layout: .v1)] : []
        var have = first
        while have < used {
            var target = used
            if !probes.isEmpty {
                var need = 0
                for index in probes.indices {
                    let wanted = probes[index].advance(
                        UnsafeRawBufferPointer(buffer), available: have, used: used,
                        peek: { start, end in Self.peekKey(descriptor, from: start, to: end, size: size) })
                    need = max(need, wanted ?? 0)
                }
                if probes.allSatisfy({ $0.stop != nil }) { throw damage(probes, read: have, path: path) }
                target = need == 0 ? used : min(used, max(need, have + Self.readStep))
            }
            reserve(target, keeping: have)
            let got = try read(descriptor, from: have, to: target, path: path)
            have += got
            guard have == target else {
                throw DBFileError(path: path, offset: have, problem: .usedPastEnd(used: used, size: have))
            }
        }
    }

    /// The first and last bytes of a long key, and whether the key lies wholly
    /// in data: a key is never all zeros, so a hole inside one is damage.
    private static func peekKey(
        _ descriptor: Int32, from start: Int, to end: Int, size: Int
    ) -> (first: UInt8, last: UInt8, inData: Bool)? {
        var first: UInt8 = 0
        var last: UInt8 = 0
        guard withUnsafeMutableBytes(of: &first, { try? SystemCall.read(descriptor, into: $0, at: start) }) == 1,
            withUnsafeMutableBytes(of: &last, { try? SystemCall.read(descriptor, into: $0, at: end - 1) }) == 1
        else { return nil }
        let inData = RegularFile.nextHole(descriptor, from: start, size: size) >= min(end, size)
        return (first, last, inData)
    }

    /// The error of a large region whose walks both stopped short of `used`,
    /// named as a reader that goes entry by entry meets it: the first key on the
    /// walk that does not decode, else where the walk stopped. The v2 walk is the
    /// one told, unless it broke on structure where the v1 walk went on to a bad key.
    private func damage(_ probes: [DBEntryProbe], read: Int, path: String) -> DBFileError {
        var walk = probes[0]
        if case .structure = probes[0].stop, case .key = probes[1].stop { walk = probes[1] }
        let region = UnsafeRawBufferPointer(rebasing: buffer[0..<read])
        var position = 8
        while position < walk.position {
            let length = DBWalk.int32(region, at: position)
            let key = UnsafeRawBufferPointer(rebasing: region[(position + 4)..<(position + 4 + length)])
            do {
                _ = try DBKey.decode(key)
            } catch {
                return DBFile.keyError(error, entryOffset: position, path: path)
            }
            position += DBWalk.entrySize(keyLength: length, layout: walk.layout)
        }
        switch walk.stop {
        case .structure(let offset, let problem):
            return DBFileError(path: path, offset: offset, problem: problem)
        case .key(let offset):
            let length = DBWalk.int32(region, at: offset)
            if offset + 4 + length <= read {
                let key = UnsafeRawBufferPointer(rebasing: region[(offset + 4)..<(offset + 4 + length)])
                do {
                    _ = try DBKey.decode(key)
                } catch {
                    return DBFile.keyError(error, entryOffset: offset, path: path)
                }
            }
            return DBFileError(path: path, offset: offset + 4, problem: .invalidKey("not a JSON list"))
        case nil:
            return DBFileError(path: path, offset: walk.position, problem: .truncatedEntry)
        }
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
