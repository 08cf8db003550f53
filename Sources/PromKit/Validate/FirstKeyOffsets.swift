/// Where each distinct key of a `.db` file first appears, by a hash of its
/// bytes: open addressing over one flat array of 8-byte slots (a 32-bit tag
/// of the hash, which also places the slot, and the entry's offset, which is
/// at least 8 and fits 32 bits as `used` does; 0 is an empty slot), at most
/// three quarters full, so that the duplicate check costs 11 to 21 bytes a key
/// whatever the keys' length. Keys whose tags match are compared byte for byte.
struct FirstKeyOffsets {
    private var slots = [UInt64](repeating: 0, count: 256)
    private var count = 0

    /// The offset of an earlier entry that `isKey` confirms holds the same
    /// key, among those with the same hash; otherwise records `offset` and returns nil.
    mutating func earlier(hash: UInt64, offset: Int, isKey: (_ earlierOffset: Int) -> Bool) -> Int? {
        let tag = hash >> 32
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: tag) & mask
        while slots[slot] != 0 {
            if slots[slot] >> 32 == tag, case let earlier = Int(slots[slot] & 0xFFFF_FFFF), isKey(earlier) {
                return earlier
            }
            slot = (slot + 1) & mask
        }
        slots[slot] = tag << 32 | UInt64(UInt32(truncatingIfNeeded: offset))
        count += 1
        if count * 4 > slots.count * 3 { grow() }
        return nil
    }

    /// Doubles the table; a slot's place comes from its tag.
    private mutating func grow() {
        let old = slots
        slots = [UInt64](repeating: 0, count: old.count * 2)
        let mask = slots.count - 1
        for value in old where value != 0 {
            var slot = Int(truncatingIfNeeded: value >> 32) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = value
        }
    }
}
