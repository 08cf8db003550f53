/// Small non-cryptographic hashes of label bytes for the warning checks: the
/// word-at-a-time ``KeyTable/hash(_:)`` of name and value, finished with a
/// multiply-xorshift, summed per label so that the order of labels does not matter.
enum ByteHash {
    @inline(__always)
    static func mix(_ value: UInt64) -> UInt64 {
        var x = value
        x ^= x >> 33
        x = x &* 0xff51_afd7_ed55_8ccd
        x ^= x >> 33
        x = x &* 0xc4ce_b9fe_1a85_ec53
        x ^= x >> 33
        return x
    }

    /// One label's hash: name, a separator, value.
    @inline(__always)
    static func label(name: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) -> UInt64 {
        mix(KeyTable.hash(value) ^ (KeyTable.hash(name) &* 0x9E37_79B9_7F4A_7C15))
    }

}
