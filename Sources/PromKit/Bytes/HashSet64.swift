/// A set of 64-bit hashes: open addressing with linear probing. The values are
/// hashes already, so unlike `Set<UInt64>` it does not hash them again.
struct HashSet64 {
    /// Each slot holds a value, or 0 when empty (0 itself is tracked apart).
    private var slots: [UInt64] = Array(repeating: 0, count: 64)
    private var hasZero = false
    private(set) var count = 0

    /// Inserts `value`; false when it was there already.
    mutating func insert(_ value: UInt64) -> Bool {
        if value == 0 {
            defer { hasZero = true }
            if hasZero { return false }
            count += 1
            return true
        }
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: value ^ (value >> 32)) & mask
        while true {
            let stored = slots[slot]
            if stored == value { return false }
            if stored == 0 { break }
            slot = (slot + 1) & mask
        }
        slots[slot] = value
        count += 1
        if count * 2 > slots.count { grow() }
        return true
    }

    /// Empties the set in time proportional to what it held: the storage is
    /// cleared when well used, and replaced by a small one otherwise.
    mutating func removeAll() {
        if count == 0 && !hasZero { return }
        if count * 8 < slots.count {
            slots = Array(repeating: 0, count: 64)
        } else {
            slots.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        }
        hasZero = false
        count = 0
    }

    private mutating func grow() {
        let old = slots
        slots = Array(repeating: 0, count: old.count * 4)
        let mask = slots.count - 1
        for value in old where value != 0 {
            var slot = Int(truncatingIfNeeded: value ^ (value >> 32)) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = value
        }
    }
}
