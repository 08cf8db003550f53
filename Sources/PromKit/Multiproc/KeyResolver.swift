import Foundation

/// One file read and its entries resolved to the reading thread's own key
/// indices: what the summing side needs, without the file's bytes.
struct ResolvedFile: Sendable {
    var region: DBRegion
    /// Entries whose `key` is a local index of the resolver that read them.
    var entries: [MergeState.RawSample]
    /// Keys this resolver met for the first time, in the order of their local indices.
    var newKeys: [NewKey]

    struct NewKey: Sendable {
        var bytes: [UInt8]
        var key: DBKey
        var offset: Int
    }
}

/// Reads `.db` files and turns each entry's key bytes into a dense local key
/// index, decoding only keys it has not seen before.
///
/// Each reading thread has its own resolver, so nothing is shared while
/// reading; the summing side maps local indices to its own once per key. A
/// damaged file is rolled back: its new keys are forgotten, so the local
/// indices stay in step with the files handed over.
final class KeyResolver: @unchecked Sendable {
    private let reader = DBFileReader()
    private var table = KeyTable()
    private let spare: SpareBuffers
    /// The local key index of each entry of the last file of each type and mode:
    /// the workers of one app write the same keys in the same order, so the next
    /// file's entry is checked against that guess first, with no hashing.
    private var lastOrder: [String: [Int32]] = [:]

    init(spare: SpareBuffers) {
        self.spare = spare
    }

    func resolve(path: String, name: DBFileName) -> Result<ResolvedFile, DBFileError> {
        let keysBefore = table.count
        do {
            return .success(
                try reader.withRegion(of: path) { bytes, region in
                    guard let layout = region.layout else {
                        return ResolvedFile(region: region, entries: [], newKeys: [])
                    }
                    let kind = name.type.rawValue + (name.mode?.rawValue ?? "")
                    let guesses = lastOrder.removeValue(forKey: kind) ?? []
                    var order: [Int32] = []
                    order.reserveCapacity(guesses.count)
                    defer { lastOrder[kind] = order }
                    return try resolveEntries(
                        bytes, layout: layout, region: region, path: path, guesses: guesses, order: &order)
                })
        } catch {
            table.truncate(to: keysBefore)
            if let error = error as? DBFileError { return .failure(error) }
            return .failure(DBFileError(path: path, offset: 0, problem: .io(String(describing: error))))
        }
    }

    /// The loop is written out because this is where the time goes: per entry,
    /// one compare with the guess from the last file, else one hash and one probe.
    private func resolveEntries(
        _ bytes: UnsafeRawBufferPointer, layout: DBLayout, region: DBRegion, path: String, guesses: [Int32],
        order: inout [Int32]
    ) throws(DBFileError) -> ResolvedFile {
        var table = self.table
        self.table = KeyTable()
        defer { self.table = table }
        var entries = spare.take()
        entries.reserveCapacity(bytes.count / 16 + 1)
        var newKeys: [ResolvedFile.NewKey] = []
        let used = bytes.count
        let valueBytes = layout.valueBytes
        var position = 8
        while position < used {
            let length = DBWalk.int32(bytes, at: position)
            let keyStart = position + 4
            let valueStart = keyStart + length + DBWalk.padding(forKeyLength: length)
            let keyBytes = UnsafeRawBufferPointer(rebasing: bytes[keyStart..<(keyStart + length)])
            let ordinal = order.count
            let keyIndex: Int
            if ordinal < guesses.count, table.holds(Int(guesses[ordinal]), keyBytes) {
                keyIndex = Int(guesses[ordinal])
            } else {
                let hash = KeyTable.hash(keyBytes)
                if let found = table.index(of: keyBytes, hash: hash) {
                    keyIndex = found
                } else {
                    let key = try DBFile.decodeKey(keyBytes, entryOffset: position, path: path)
                    keyIndex = table.insert(keyBytes, hash: hash)
                    newKeys.append(ResolvedFile.NewKey(bytes: Array(keyBytes), key: key, offset: position))
                }
            }
            order.append(Int32(keyIndex))
            entries.append(
                MergeState.RawSample(
                    key: Int32(keyIndex), file: -1, value: DBWalk.double(bytes, at: valueStart),
                    timestamp: valueBytes == 16 ? DBWalk.double(bytes, at: valueStart + 8) : 0))
            position = valueStart + valueBytes
        }
        return ResolvedFile(region: region, entries: entries, newKeys: newKeys)
    }
}

/// A few emptied entry buffers, shared by the reading and the summing threads,
/// reused so that reading many files does not fault in fresh memory for each.
final class SpareBuffers: @unchecked Sendable {
    private let lock = NSLock()
    private var buffers: [[MergeState.RawSample]] = []

    func take() -> [MergeState.RawSample] {
        lock.lock()
        defer { lock.unlock() }
        return buffers.popLast() ?? []
    }

    func put(_ buffer: consuming [MergeState.RawSample]) {
        var buffer = buffer
        buffer.removeAll(keepingCapacity: true)
        lock.lock()
        defer { lock.unlock() }
        if buffers.count < 8 { buffers.append(buffer) }
    }
}
