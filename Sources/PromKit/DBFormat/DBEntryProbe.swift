/// One layout's entry walk over a used region that is read a piece at a time,
/// so that reading can stop where the walk stops.
///
/// The walk checks what ``DBWalk/structuralProblem(_:layout:)`` checks, entry by
/// entry, and also that each key could be JSON (a `[` first and a `]` last,
/// whitespace aside): a stretch of zeros, or a hole in a sparse file, stops it at
/// its first entry, whatever `used` claims.
struct DBEntryProbe {
    /// Where and why a walk stopped short of `used`.
    enum Stop: Equatable {
        /// A structural problem, exactly as the whole-region walk reports it.
        case structure(offset: Int, problem: DBFileError.Problem)
        /// The entry at `offset` has a key that is not a JSON list.
        case key(offset: Int)
    }

    /// Keys longer than this are judged by their first and last bytes before
    /// they are read.
    static let peekLength = 1 << 16

    let layout: DBLayout
    /// The offset of the next entry.
    private(set) var position = 8
    /// Where the walk stopped, if it did.
    private(set) var stop: Stop?
    /// The entry whose long key was already judged by its ends.
    private var peeked = -1

    init(layout: DBLayout) {
        self.layout = layout
    }

    /// Walks the entries that lie within the first `available` bytes of
    /// `bytes`; returns the offset the next entry needs read up to, or nil when
    /// the walk has stopped or landed on `used`. `peek` reads a long key's first
    /// and last bytes and tells whether the key lies entirely in data.
    mutating func advance(
        _ bytes: UnsafeRawBufferPointer, available: Int, used: Int,
        peek: (_ keyStart: Int, _ keyEnd: Int) -> (first: UInt8, last: UInt8, inData: Bool)?
    ) -> Int? {
        while stop == nil, position < used {
            guard position + 4 <= used else {
                stop = .structure(offset: position, problem: .truncatedEntry)
                break
            }
            guard position + 4 <= available else { return position + 4 }
            let length = DBWalk.int32(bytes, at: position)
            if length < 0 {
                stop = .structure(offset: position, problem: .negativeLength(length))
                break
            }
            if length > used - position - 4 {
                stop = .structure(offset: position, problem: .lengthPastUsed(length: length, used: used))
                break
            }
            let size = DBWalk.entrySize(keyLength: length, layout: layout)
            guard size <= used - position else {
                stop = .structure(offset: position, problem: .truncatedEntry)
                break
            }
            let keyStart = position + 4
            let keyEnd = keyStart + length
            if keyEnd > available {
                if length > Self.peekLength, peeked != position {
                    peeked = position
                    guard let ends = peek(keyStart, keyEnd), ends.inData,
                        Self.mayOpen(ends.first), Self.mayClose(ends.last)
                    else {
                        stop = .key(offset: position)
                        break
                    }
                }
                return keyEnd
            }
            guard Self.looksLikeList(UnsafeRawBufferPointer(rebasing: bytes[keyStart..<keyEnd])) else {
                stop = .key(offset: position)
                break
            }
            position += size
        }
        return nil
    }

    /// Whether a key, whitespace aside, starts with `[` and ends with `]`: every
    /// key that decodes does.
    static func looksLikeList(_ key: UnsafeRawBufferPointer) -> Bool {
        guard let first = key.firstIndex(where: { !isWhitespace($0) }),
            let last = key.lastIndex(where: { !isWhitespace($0) }), first < last
        else { return false }
        return key[first] == UInt8(ascii: "[") && key[last] == UInt8(ascii: "]")
    }

    private static func mayOpen(_ byte: UInt8) -> Bool { byte == UInt8(ascii: "[") || isWhitespace(byte) }
    private static func mayClose(_ byte: UInt8) -> Bool { byte == UInt8(ascii: "]") || isWhitespace(byte) }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}
