extension ByteHash {
    /// One label's hash from strings.
    static func label(_ label: Label) -> UInt64 {
        var name = label.name
        var value = label.value
        return name.withUTF8 { n in
            value.withUTF8 { v in Self.label(name: UnsafeRawBufferPointer(n), value: UnsafeRawBufferPointer(v)) }
        }
    }
}
