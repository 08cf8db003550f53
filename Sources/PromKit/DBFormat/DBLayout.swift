/// The byte layout of a `.db` file. Nothing in the file names it; the walk tells.
public enum DBLayout: String, Sendable, Codable, CaseIterable {
    /// prometheus_client 0.0.16 to 0.17.1: one double per entry.
    case v1
    /// prometheus_client 0.18.0 and later: value, then timestamp.
    case v2

    /// Bytes that follow each key's padding.
    public var valueBytes: Int { self == .v1 ? 8 : 16 }
}

/// Walks the entries of a `.db` file's used region.
///
/// Entries start at offset 8, each 8-aligned: an int32 key length, the key,
/// 1 to 8 spaces of padding, then the value (and the timestamp in v2).
enum DBWalk {
    /// The padding after a key of `length` bytes: `8 - (length + 4) % 8`, 1 to 8.
    @inline(__always)
    static func padding(forKeyLength length: Int) -> Int {
        8 - (length + 4) % 8
    }

    /// The size of a whole entry.
    @inline(__always)
    static func entrySize(keyLength: Int, layout: DBLayout) -> Int {
        4 + keyLength + padding(forKeyLength: keyLength) + layout.valueBytes
    }

    @inline(__always)
    static func int32(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> Int {
        Int(Int32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: Int32.self)))
    }

    @inline(__always)
    static func double(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> Double {
        Double(bitPattern: UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
    }

    /// Walks with `layout`'s stride; returns nil when the walk lands exactly on
    /// `bytes.count`, or the first structural problem and its offset.
    static func structuralProblem(
        _ bytes: UnsafeRawBufferPointer, layout: DBLayout
    ) -> (offset: Int, problem: DBFileError.Problem)? {
        let used = bytes.count
        var position = 8
        while position < used {
            guard position + 4 <= used else { return (position, .truncatedEntry) }
            let length = int32(bytes, at: position)
            if length < 0 { return (position, .negativeLength(length)) }
            if length > used - position - 4 { return (position, .lengthPastUsed(length: length, used: used)) }
            let size = entrySize(keyLength: length, layout: layout)
            guard size <= used - position else { return (position, .truncatedEntry) }
            position += size
        }
        return nil
    }

    /// Calls `body` for each entry: the entry's offset, the key's bytes, value
    /// and timestamp (0 in v1). The walk must already be known to be sound.
    @inline(__always)
    static func forEach(
        _ bytes: UnsafeRawBufferPointer, layout: DBLayout,
        _ body: (_ offset: Int, _ key: UnsafeRawBufferPointer, _ value: Double, _ timestamp: Double) throws -> Void
    ) rethrows {
        let used = bytes.count
        var position = 8
        while position < used {
            let length = int32(bytes, at: position)
            let keyStart = position + 4
            let valueStart = keyStart + length + padding(forKeyLength: length)
            let key = UnsafeRawBufferPointer(rebasing: bytes[keyStart..<(keyStart + length)])
            let value = double(bytes, at: valueStart)
            let timestamp = layout == .v2 ? double(bytes, at: valueStart + 8) : 0
            try body(position, key, value, timestamp)
            position = valueStart + layout.valueBytes
        }
    }

    /// Decides the layout of a used region (`bytes.count == used`).
    ///
    /// The v2 walk must land exactly on `used`, otherwise v1 is tried; where both
    /// land, the one whose keys all decode wins, v2 first. A single-entry v1 file
    /// fails the v2 walk, which is what tells it apart.
    static func detectLayout(_ bytes: UnsafeRawBufferPointer, path: String) throws(DBFileError) -> DBLayout {
        let v2Problem = structuralProblem(bytes, layout: .v2)
        let v1Problem = structuralProblem(bytes, layout: .v1)
        switch (v2Problem, v1Problem) {
        case (nil, nil):
            return keysDecode(bytes, layout: .v2) || !keysDecode(bytes, layout: .v1) ? .v2 : .v1
        case (nil, _):
            return .v2
        case (_, nil):
            return .v1
        case (.some(let problem), _):
            throw DBFileError(path: path, offset: problem.offset, problem: problem.problem)
        }
    }

    private static func keysDecode(_ bytes: UnsafeRawBufferPointer, layout: DBLayout) -> Bool {
        var ok = true
        forEach(bytes, layout: layout) { _, key, _, _ in
            if ok, (try? DBKey.decode(key)) == nil { ok = false }
        }
        return ok
    }
}
