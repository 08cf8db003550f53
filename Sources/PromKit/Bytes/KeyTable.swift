#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A hash table from raw key bytes to a dense index, for the keys that repeat
/// in every worker's file. Lookups hash the bytes in place: no `String`, no
/// array, no allocation per entry.
///
/// Stored bytes live in a ``KeyArena`` whose chunks never move, so a key's
/// address stays valid while more keys are added: a table that reads another
/// table's keys can point at them instead of copying them (``insert(borrowing:hash:)``).
struct KeyTable {
    /// Where copied keys live; nil until the first one. Shared by copies of the
    /// table until one of them stores a key (then it takes its own).
    private var arena: KeyArena?
    private var starts: [UnsafeRawPointer] = []
    private var lengths: [Int] = []
    private var hashes: [UInt64] = []
    /// Open addressing: each slot holds an index + 1, or 0 when empty.
    private var slots: [Int32]

    /// An empty table with `slots` places (a power of two) before it first grows.
    init(slots: Int = 1024) {
        self.slots = Array(repeating: 0, count: slots)
    }

    /// The number of keys stored.
    var count: Int { starts.count }

    /// A fast 64-bit hash of `bytes`, eight bytes at a time.
    @inline(__always)
    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        var offset = 0
        let count = bytes.count
        while offset + 8 <= count {
            let word = bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            h = (h ^ word) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 29
            offset += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while offset < count {
            tail |= UInt64(bytes[offset]) << shift
            shift += 8
            offset += 1
        }
        h = (h ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 32
        return h
    }

    /// The index of `bytes`, if stored.
    @inline(__always)
    func index(of bytes: UnsafeRawBufferPointer, hash: UInt64) -> Int? {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let stored = Int(slots[slot])
            if stored == 0 { return nil }
            let index = stored - 1
            if hashes[index] == hash, lengths[index] == bytes.count {
                if stores(bytes, at: index) { return index }
            }
            slot = (slot + 1) & mask
        }
    }

    /// The index of `bytes`, stored first when new.
    @inline(__always)
    mutating func indexInserting(_ bytes: UnsafeRawBufferPointer, hash: UInt64) -> (index: Int, inserted: Bool) {
        if let found = index(of: bytes, hash: hash) { return (found, false) }
        return (insert(bytes, hash: hash), true)
    }

    /// Whether key `index` is stored and holds exactly `bytes` (no hashing).
    @inline(__always)
    func holds(_ index: Int, _ bytes: UnsafeRawBufferPointer) -> Bool {
        index >= 0 && index < lengths.count && lengths[index] == bytes.count && stores(bytes, at: index)
    }

    /// The stored bytes of key `index`: valid while the table (or, for a
    /// borrowed key, its owner) stores it.
    func bytes(at index: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: starts[index], count: lengths[index])
    }

    /// Whether key `index` holds `bytes` (whose length and hash already match).
    @inline(__always)
    private func stores(_ bytes: UnsafeRawBufferPointer, at index: Int) -> Bool {
        guard let given = bytes.baseAddress else { return true }
        return memcmp(starts[index], given, bytes.count) == 0
    }

    /// Copies `bytes` (not already stored) in and returns its new index.
    mutating func insert(_ bytes: UnsafeRawBufferPointer, hash: UInt64) -> Int {
        add(ownArena().store(bytes), count: bytes.count, hash: hash)
    }

    /// Stores `bytes` (not already stored) without copying them and returns its
    /// new index: the caller keeps them alive and unchanged while the table is used.
    mutating func insert(borrowing bytes: UnsafeRawBufferPointer, hash: UInt64) -> Int {
        guard let start = bytes.baseAddress else { return insert(bytes, hash: hash) }
        return add(start, count: bytes.count, hash: hash)
    }

    /// Points key `index` at a copy of its bytes elsewhere (which the caller
    /// keeps alive), for a key first stored borrowing bytes that will not last.
    mutating func repoint(_ index: Int, to bytes: UnsafeRawBufferPointer) {
        if let start = bytes.baseAddress, bytes.count == lengths[index] { starts[index] = start }
    }

    private mutating func add(_ start: UnsafeRawPointer, count: Int, hash: UInt64) -> Int {
        let index = starts.count
        starts.append(start)
        lengths.append(count)
        hashes.append(hash)
        if starts.count * 2 > slots.count {
            rehash(capacity: slots.count * 2)
        } else {
            place(index)
        }
        return index
    }

    /// Forgets every key from index `count` on, and the room their bytes took.
    mutating func truncate(to count: Int) {
        guard count < starts.count else { return }
        let arena = ownArena()
        // The first forgotten key that the arena holds: the arena is rewound to it.
        if let first = (count..<starts.count).first(where: { arena.holds(starts[$0]) }) {
            arena.rewind(to: starts[first])
        }
        starts.removeLast(starts.count - count)
        lengths.removeLast(lengths.count - count)
        hashes.removeLast(hashes.count - count)
        rehash(capacity: slots.count)
    }

    /// The arena, this table's alone: a copy of the table that stores a key
    /// first copies the keys it shares.
    private mutating func ownArena() -> KeyArena {
        let unique = isKnownUniquelyReferenced(&arena)
        if unique, let arena { return arena }
        let shared = arena != nil
        let own = KeyArena()
        arena = own
        if shared {
            for index in starts.indices { starts[index] = own.store(bytes(at: index)) }
        }
        return own
    }

    private mutating func place(_ index: Int) {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hashes[index]) & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = Int32(index + 1)
    }

    private mutating func rehash(capacity: Int) {
        slots = Array(repeating: 0, count: capacity)
        for index in 0..<starts.count { place(index) }
    }
}

/// Append-only storage for key bytes, in chunks that never move, so that a key
/// stored once keeps its address. Each chunk is twice the last (up to 1 MiB),
/// so a small table takes little and a large one is copied never.
final class KeyArena {
    private var chunks: [UnsafeMutableRawBufferPointer] = []
    /// The chunk being filled, and the bytes used in it; chunks before it are
    /// full of live keys, chunks after it are kept for reuse after a rewind.
    private var current = -1
    private var used = 0

    deinit {
        for chunk in chunks { chunk.deallocate() }
    }

    /// Copies `bytes` in and returns where they are.
    func store(_ bytes: UnsafeRawBufferPointer) -> UnsafeRawPointer {
        // Every key, even an empty one, starts inside its chunk.
        let room = max(bytes.count, 1)
        if current < 0 || chunks[current].count - used < room { advance(toHold: room) }
        let target = chunks[current].baseAddress.unsafelyUnwrapped + used
        if let source = bytes.baseAddress { target.copyMemory(from: source, byteCount: bytes.count) }
        used += bytes.count
        return UnsafeRawPointer(target)
    }

    /// Whether `pointer` is in a chunk of this arena.
    func holds(_ pointer: UnsafeRawPointer) -> Bool {
        chunks.contains { chunk in
            let base = UnsafeRawPointer(chunk.baseAddress.unsafelyUnwrapped)
            return pointer >= base && pointer < base + chunk.count
        }
    }

    /// Gives back every byte from `pointer` (a key this arena stored) on.
    func rewind(to pointer: UnsafeRawPointer) {
        for (index, chunk) in chunks.enumerated() {
            let base = UnsafeRawPointer(chunk.baseAddress.unsafelyUnwrapped)
            if pointer >= base, pointer < base + chunk.count {
                current = index
                used = pointer - base
                return
            }
        }
    }

    private func advance(toHold count: Int) {
        let next = current + 1
        let size = max(count, min(chunks.last.map { $0.count * 2 } ?? 1024, 1 << 20))
        if next < chunks.count {
            if chunks[next].count < count {
                chunks[next].deallocate()
                chunks[next] = .allocate(byteCount: size, alignment: 8)
            }
        } else {
            chunks.append(.allocate(byteCount: size, alignment: 8))
        }
        current = next
        used = 0
    }
}

/// Threads may read one table at once, or each change its own copy.
// Sendable because: a copy that stores a key first takes its own arena (`ownArena()`), so none writes what another reads.
extension KeyTable: @unchecked Sendable {}
