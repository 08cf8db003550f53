#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

extension String {
    /// Whether both strings hold the same UTF-8 bytes (Swift's `==` also equates
    /// canonically equivalent text): a length check and `memcmp` for native strings.
    @inline(__always)
    func sameBytes(as other: String) -> Bool {
        let (left, right) = (utf8, other.utf8)
        guard left.count == right.count else { return false }
        let compared = left.withContiguousStorageIfAvailable { l in
            right.withContiguousStorageIfAvailable { r in
                guard let a = l.baseAddress, let b = r.baseAddress else { return true }
                return memcmp(a, b, l.count) == 0
            }
        }
        if let compared = compared ?? nil { return compared }
        return left.elementsEqual(right)
    }
}

/// Dense ids for values seen before.
struct Interner<Value: Hashable & Sendable>: Sendable {
    private(set) var values: [Value] = []
    private var ids: [Value: Int32] = [:]

    mutating func intern(_ value: Value) -> Int32 {
        if let id = ids[value] { return id }
        let id = Int32(values.count)
        values.append(value)
        ids[value] = id
        return id
    }
}

/// Dense ids for values told apart by their exact bytes: a ``KeyTable`` lookup
/// (a word-at-a-time hash, one `memcmp`) instead of hashing and comparing
/// `String`s, which also equates canonically equivalent text where Python does not.
struct ByteInterner<Value: Sendable>: Sendable {
    private(set) var values: [Value] = []
    private var table = KeyTable(slots: 64)

    /// The id of the value whose bytes are `bytes`; `make` makes the value when they are new.
    mutating func intern(bytes: UnsafeRawBufferPointer, _ make: () -> Value) -> Int32 {
        let (index, inserted) = table.indexInserting(bytes, hash: KeyTable.hash(bytes))
        if inserted { values.append(make()) }
        return Int32(index)
    }
}

extension ByteInterner where Value == String {
    /// The id of a string, by its UTF-8 bytes.
    mutating func intern(_ string: String) -> Int32 {
        string.withExactBytes { bytes in intern(bytes: bytes) { string } }
    }
}

extension String {
    /// Calls `body` with the string's UTF-8 bytes, in place for a native string.
    @inline(__always)
    func withExactBytes<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        if let done = utf8.withContiguousStorageIfAvailable({ body(UnsafeRawBufferPointer($0)) }) { return done }
        return Array(utf8).withUnsafeBytes(body)
    }
}
