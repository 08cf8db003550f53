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
struct KeyTable {
    private var arena: [UInt8] = []
    private var starts: [Int] = []
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

    /// Whether key `index` holds `bytes` (whose length and hash already match).
    @inline(__always)
    private func stores(_ bytes: UnsafeRawBufferPointer, at index: Int) -> Bool {
        let start = starts[index]
        return arena.withUnsafeBytes { arenaBytes in
            guard let stored = arenaBytes.baseAddress, let given = bytes.baseAddress else { return bytes.isEmpty }
            return memcmp(stored + start, given, bytes.count) == 0
        }
    }

    /// Stores `bytes` (not already stored) and returns its new index.
    mutating func insert(_ bytes: UnsafeRawBufferPointer, hash: UInt64) -> Int {
        let index = starts.count
        starts.append(arena.count)
        lengths.append(bytes.count)
        hashes.append(hash)
        arena.append(contentsOf: bytes)
        if starts.count * 2 > slots.count {
            rehash(capacity: slots.count * 2)
        } else {
            place(index)
        }
        return index
    }

    /// Forgets every key from index `count` on.
    mutating func truncate(to count: Int) {
        guard count < starts.count else { return }
        arena.removeLast(arena.count - (count > 0 ? starts[count] : 0))
        starts.removeLast(starts.count - count)
        lengths.removeLast(lengths.count - count)
        hashes.removeLast(hashes.count - count)
        rehash(capacity: slots.count)
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
