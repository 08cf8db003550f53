#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A `String` compared and hashed by its exact code points, as Python compares
/// `str`, not by Swift's canonical equivalence.
struct ExactString: Hashable {
    var value: String

    init(_ value: String) {
        self.value = value
    }

    static func == (lhs: ExactString, rhs: ExactString) -> Bool {
        lhs.value.sameBytes(as: rhs.value)
    }

    func hash(into hasher: inout Hasher) {
        var utf8 = value.utf8
        if let done = utf8.withContiguousStorageIfAvailable({ hasher.combine(bytes: UnsafeRawBufferPointer($0)) }) {
            return done
        }
        utf8 = value.utf8
        for byte in utf8 { hasher.combine(byte) }
    }
}

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
