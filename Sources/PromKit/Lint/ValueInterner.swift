/// Distinct label values of one label name, each with a dense id: an open-addressing
/// table keyed by a fast hash of the UTF-8 bytes, every hit confirmed by comparing
/// the strings, so that counts are exact. Cheaper than `[String: Int32]`, whose
/// SipHash dominated the family scan.
struct ValueInterner {
    /// The distinct values, in first-seen order; a value's id is its index.
    private(set) var values: [String] = []
    private var hashes: [UInt64] = []
    /// Each slot holds an index into `values`, or -1 when empty.
    private var slots: [Int32] = Array(repeating: -1, count: 16)

    /// The number of distinct values.
    var count: Int { values.count }

    /// The id of `value`, and whether it was new.
    mutating func intern(_ value: String) -> (id: Int32, inserted: Bool) {
        var bytes = value
        let hash = bytes.withUTF8 { KeyTable.hash(UnsafeRawBufferPointer($0)) }
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] >= 0 {
            let index = Int(slots[slot])
            if hashes[index] == hash, values[index] == value { return (slots[slot], false) }
            slot = (slot + 1) & mask
        }
        let id = Int32(truncatingIfNeeded: values.count)
        slots[slot] = id
        values.append(value)
        hashes.append(hash)
        if values.count * 2 > slots.count { grow() }
        return (id, true)
    }

    private mutating func grow() {
        slots = Array(repeating: -1, count: slots.count * 4)
        let mask = slots.count - 1
        for (index, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(truncatingIfNeeded: index)
        }
    }
}
