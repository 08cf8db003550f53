/// A `String` compared and hashed by its exact code points, as Python compares
/// `str`, not by Swift's canonical equivalence.
struct ExactString: Hashable {
    var value: String

    init(_ value: String) {
        self.value = value
    }

    static func == (lhs: ExactString, rhs: ExactString) -> Bool {
        lhs.value.utf8.elementsEqual(rhs.value.utf8)
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

/// Dense ids for values seen before.
struct Interner<Value: Hashable> {
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
