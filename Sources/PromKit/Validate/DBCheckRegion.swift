#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The bytes of a `.db` file as its checks read them: bytes already in memory,
/// or an open file read a window at a time, so that a used region of any size
/// costs one window (1 MiB, or one entry when an entry is longer), never the
/// region. The walks read forward, entry by entry.
final class DBCheckRegion {
    /// Bytes `0..<count` can be asked for.
    let count: Int
    private let memory: UnsafeRawBufferPointer?
    private let descriptor: Int32
    private var window: [UInt8] = []
    private var windowStart = 0
    private var windowCount = 0
    private let windowBytes: Int
    /// Why a read failed, once one has; nothing more is read after it.
    private(set) var failure: String?

    /// How much is read at once.
    static let windowBytes = 1 << 20
    /// The longest entry held whole: a longer one (its key, in practice) is a
    /// finding and is not read, the bound the parser puts on a line.
    static let maxEntryBytes = ExpositionParser.maxLineLength

    /// The bytes `bytes`, which must outlive the region.
    init(bytes: UnsafeRawBufferPointer) {
        memory = bytes
        count = bytes.count
        descriptor = -1
        windowBytes = Self.windowBytes
    }

    /// The first `count` bytes of the open file `descriptor`, which must stay
    /// open, read `windowBytes` at a time (the fuzz target makes it small).
    init(descriptor: Int32, count: Int, windowBytes: Int = DBCheckRegion.windowBytes) {
        memory = nil
        self.count = count
        self.descriptor = descriptor
        self.windowBytes = max(1, windowBytes)
    }

    /// Calls `body` with the bytes in `range` (its index 0 is `range.lowerBound`);
    /// nil when they cannot be read (see ``failure``).
    func withBytes<R>(_ range: Range<Int>, _ body: (UnsafeRawBufferPointer) -> R) -> R? {
        guard range.lowerBound >= 0, range.upperBound <= count else { return nil }
        if let memory { return body(UnsafeRawBufferPointer(rebasing: memory[range])) }
        if range.lowerBound < windowStart || range.upperBound > windowStart + windowCount {
            guard load(from: range.lowerBound, atLeast: range.count) else { return nil }
        }
        let start = range.lowerBound - windowStart
        return window.withUnsafeBytes { all in
            body(UnsafeRawBufferPointer(rebasing: all[start..<(start + range.count)]))
        }
    }

    /// The int32 at `offset`; nil when it cannot be read.
    func int32(at offset: Int) -> Int? {
        withBytes(offset..<(offset + 4)) { DBWalk.int32($0, at: 0) }
    }

    /// A copy of the bytes in `range`, read beside the window so that a look
    /// back does not move it; nil when they cannot be read.
    func copy(_ range: Range<Int>) -> [UInt8]? {
        guard range.lowerBound >= 0, range.upperBound <= count else { return nil }
        if let memory { return Array(memory[range]) }
        if range.lowerBound >= windowStart, range.upperBound <= windowStart + windowCount {
            return Array(window[(range.lowerBound - windowStart)..<(range.upperBound - windowStart)])
        }
        var bytes = [UInt8](repeating: 0, count: range.count)
        let problem = bytes.withUnsafeMutableBytes { read(into: $0, at: range.lowerBound) }
        if let problem {
            failure = problem
            return nil
        }
        return bytes
    }

    /// Reads the window starting at `start`: 1 MiB, or `wanted` bytes when more.
    private func load(from start: Int, atLeast wanted: Int) -> Bool {
        guard failure == nil else { return false }
        let length = min(count - start, max(wanted, windowBytes))
        if window.count < length { window = [UInt8](repeating: 0, count: length) }
        let problem = window.withUnsafeMutableBytes {
            read(into: UnsafeMutableRawBufferPointer(rebasing: $0[0..<length]), at: start)
        }
        if let problem {
            failure = problem
            windowCount = 0
            return false
        }
        windowStart = start
        windowCount = length
        return true
    }

    /// Fills `buffer` from the file at `offset`; returns what went wrong, if anything.
    private func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) -> String? {
        do {
            let got = try SystemCall.readFully(descriptor, into: buffer, at: offset)
            return got < buffer.count ? "the file shrank while it was being read" : nil
        } catch {
            return error.description
        }
    }
}

extension DBCheckRegion {
    /// ``DBWalk/structuralProblem(_:layout:)`` over bytes `0..<used`, read a
    /// window at a time. A read that fails stops the walk (see ``failure``).
    func structuralProblem(used: Int, layout: DBLayout) -> (offset: Int, problem: DBFileError.Problem)? {
        var position = 8
        while position < used {
            guard position + 4 <= used, let length = int32(at: position) else { return (position, .truncatedEntry) }
            if length < 0 { return (position, .negativeLength(length)) }
            if length > used - position - 4 { return (position, .lengthPastUsed(length: length, used: used)) }
            let size = DBWalk.entrySize(keyLength: length, layout: layout)
            guard size <= used - position else { return (position, .truncatedEntry) }
            position += size
        }
        return nil
    }

    /// Calls `body` for each entry of bytes `0..<used` with `layout`'s stride,
    /// while the walk holds up and `body` returns true: the entry's offset, its
    /// key's length and its bytes (length, key, padding, value), or nil for an
    /// entry longer than ``maxEntryBytes``, which is not read.
    func forEachEntry(
        used: Int, layout: DBLayout,
        _ body: (_ offset: Int, _ keyLength: Int, _ entry: UnsafeRawBufferPointer?) -> Bool
    ) {
        var position = 8
        while position + 4 <= used, let length = int32(at: position), length >= 0, length <= used - position - 4 {
            let size = DBWalk.entrySize(keyLength: length, layout: layout)
            guard size <= used - position else { return }
            let goOn: Bool?
            if size > Self.maxEntryBytes {
                goOn = body(position, length, nil)
            } else {
                goOn = withBytes(position..<(position + size)) { body(position, length, $0) }
            }
            guard goOn == true else { return }
            position += size
        }
    }

    /// Whether every key of the walk with `layout` decodes.
    func keysDecode(used: Int, layout: DBLayout) -> Bool {
        var ok = true
        forEachEntry(used: used, layout: layout) { _, length, entry in
            guard let entry else {
                ok = false
                return false
            }
            ok = (try? DBKey.decode(UnsafeRawBufferPointer(rebasing: entry[4..<(4 + length)]))) != nil
            return ok
        }
        return ok && failure == nil
    }

    /// How many entries from the start walk soundly and decode with `layout`'s
    /// stride: the layout of a damaged file is the one that reads further.
    func goodEntries(used: Int, layout: DBLayout) -> Int {
        var count = 0
        forEachEntry(used: used, layout: layout) { _, length, entry in
            guard let entry, (try? DBKey.decode(UnsafeRawBufferPointer(rebasing: entry[4..<(4 + length)]))) != nil
            else { return false }
            count += 1
            return true
        }
        return count
    }
}
