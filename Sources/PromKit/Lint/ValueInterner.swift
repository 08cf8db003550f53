/// Distinct label values of one label name, each with a dense id. Values are
/// looked up by their bytes (``KeyTable``), so a value seen before costs a hash
/// and a compare, and a `String` is made only for a new one.
struct ValueInterner {
    /// The distinct values, in first-seen order; a value's id is its index.
    private(set) var values: [String] = []
    private var table = KeyTable(slots: 16)

    /// The number of distinct values.
    var count: Int { values.count }

    /// The id of the value with these UTF-8 bytes, and whether it was new.
    mutating func intern(_ bytes: UnsafeRawBufferPointer) -> (id: Int32, inserted: Bool) {
        let (index, inserted) = table.indexInserting(bytes, hash: KeyTable.hash(bytes))
        if inserted { values.append(String(decoding: bytes, as: UTF8.self)) }
        return (Int32(truncatingIfNeeded: index), inserted)
    }

    /// The id of `value`, and whether it was new.
    mutating func intern(_ value: String) -> (id: Int32, inserted: Bool) {
        var value = value
        return value.withUTF8 { intern(UnsafeRawBufferPointer($0)) }
    }
}
