import Synchronization

/// One file read and its entries resolved to the merge's key indices: what the
/// summing side needs, without the file's bytes.
struct ResolvedFile: Sendable {
    var region: DBRegion
    /// Entries whose `key` is an index in the merge's ``KeyCatalog``.
    var entries: EntryBuffer
}

/// Every distinct key the reading threads have met, read once (scanned if
/// plain, else decoded), with a dense index that the summing side uses for it.
/// Shared by the readers under a lock, which they take twice per file that
/// holds keys they have not met themselves.
///
/// Keys are never forgotten: a valid key is kept even when the file it came in
/// turns out damaged (it adds nothing without entries). Their bytes stay where
/// they are stored, so the readers' own tables and the merge's label sets
/// point at them instead of copying them.
final class KeyCatalog: Sendable {
    /// Key bytes the catalog stores, for any thread to read.
    // Sendable because: its bytes are written once, under the catalog's lock, before it is made, and never again.
    struct StoredKey: @unchecked Sendable {
        let bytes: UnsafeRawBufferPointer
    }

    struct Entry: Sendable {
        /// The key's bytes, stored in the catalog.
        var stored: StoredKey
        /// Where its parts lie, for a plain key (most); else the decoded key.
        var plain: PlainKey?
        var key: DBKey?
        /// The offset of the entry where the key was first met, for error messages.
        var offset: Int

        var bytes: UnsafeRawBufferPointer { stored.bytes }
    }

    private struct State {
        var table = KeyTable()
        var entries: [Entry] = []
    }

    private let state = Mutex(State())

    /// A key a reader has not met before: its bytes (in the reader's buffer)
    /// and the offset of its first entry in the file.
    struct Request {
        var bytes: UnsafeRawBufferPointer
        var hash: UInt64
        var offset: Int
    }

    /// The indices of keys, decoding and adding the new ones, and their stored
    /// bytes, which stay valid as long as the catalog lives. Throws for the
    /// first key (in the order given) that does not decode.
    ///
    /// Keys are decoded outside the lock, so that the other reader, meeting the
    /// same new keys in its own file, is not held up (it may decode some too).
    func indices(of requests: [Request], path: String) throws(DBFileError) -> [(index: Int, stored: StoredKey)] {
        var found = state.withLock { state in
            requests.map { request in
                state.table.index(of: request.bytes, hash: request.hash).map {
                    (index: $0, stored: StoredKey(bytes: state.table.bytes(at: $0)))
                }
            }
        }
        var decoded: [(request: Int, plain: PlainKey?, key: DBKey?)] = []
        for (index, request) in requests.enumerated() where found[index] == nil {
            let plain = PlainKey.scan(request.bytes)
            var key: DBKey?
            if plain == nil {
                do {
                    key = try DBKey.decode(request.bytes)
                } catch {
                    throw DBFile.keyError(error, entryOffset: request.offset, path: path)
                }
            }
            decoded.append((index, plain, key))
        }
        if !decoded.isEmpty {
            let added = state.withLock { state in
                decoded.map { index, plain, key in
                    let request = requests[index]
                    if let raced = state.table.index(of: request.bytes, hash: request.hash) {
                        return (index: raced, stored: StoredKey(bytes: state.table.bytes(at: raced)))
                    }
                    let stored = state.table.insert(request.bytes, hash: request.hash)
                    let entry = Entry(
                        stored: StoredKey(bytes: state.table.bytes(at: stored)), plain: plain, key: key,
                        offset: request.offset)
                    state.entries.append(entry)
                    return (index: stored, stored: entry.stored)
                }
            }
            for (request, added) in zip(decoded.map(\.request), added) { found[request] = added }
        }
        return found.map { $0.unsafelyUnwrapped }
    }

    /// The keys from index `start` on (a copy, so that adding more never copies them all).
    func entries(from start: Int) -> [Entry] {
        state.withLock { state in start < state.entries.count ? Array(state.entries[start...]) : [] }
    }
}

/// Reads `.db` files and turns each entry's key bytes into the catalog's key
/// index, asking the catalog only for keys this reader has not met before.
///
/// Each reading thread has its own resolver, a value no other thread sees,
/// whose table maps key bytes to a local index with no lock. A damaged file is rolled back: the keys it taught
/// the resolver are forgotten, so that a later file with the same bytes asks
/// again (and fails again where the key is bad).
struct KeyResolver {
    private let reader = DBFileReader()
    private let catalog: KeyCatalog
    /// Its keys are borrowed from the catalog's.
    private var table = KeyTable()
    /// The catalog's index of each local key.
    private var catalogIndex: [Int32] = []
    private let spare: SpareBuffers
    /// The local key index of each entry of the last file of each type and mode:
    /// the workers of one app write the same keys in the same order, so the next
    /// file's entry is checked against that guess first, with no hashing.
    private var lastOrder: [String: [Int32]] = [:]

    init(catalog: KeyCatalog, spare: SpareBuffers) {
        self.catalog = catalog
        self.spare = spare
    }

    mutating func resolve(path: String, name: DBFileName) -> Result<ResolvedFile, DBFileError> {
        let keysBefore = table.count
        do {
            return .success(
                try reader.withRegion(of: path, detectingLayout: false) { bytes, region in
                    var region = region
                    guard region.used > 8 else { return ResolvedFile(region: region, entries: spare.take()) }
                    let kind = name.type.rawValue + (name.mode?.rawValue ?? "")
                    let guesses = lastOrder.removeValue(forKey: kind) ?? []
                    var order: [Int32] = []
                    order.reserveCapacity(guesses.count)
                    defer { lastOrder[kind] = order }
                    // Most files are v2, which one walk shows when it lands exactly
                    // on `used` and every key reads: then the keys are resolved in it.
                    region.layout = .v2
                    if let resolved = try? resolveEntries(
                        bytes, layout: .v2, region: region, path: path, guesses: guesses, order: &order)
                    {
                        return resolved
                    }
                    // Otherwise the layout is told as `DBWalk.detectLayout` tells it
                    // (with its errors), and the keys resolved again.
                    forget(from: keysBefore)
                    order.removeAll(keepingCapacity: true)
                    region.layout = try DBWalk.detectLayout(bytes, path: path)
                    let layout = region.layout ?? .v2
                    guard
                        let resolved = try resolveEntries(
                            bytes, layout: layout, region: region, path: path, guesses: guesses, order: &order)
                    else { throw DBFileError(path: path, offset: 8, problem: .truncatedEntry) }
                    return resolved
                })
        } catch {
            forget(from: keysBefore)
            if let error = error as? DBFileError { return .failure(error) }
            return .failure(DBFileError(path: path, offset: 0, problem: .io(String(describing: error))))
        }
    }

    /// Forgets the keys met since the table held `count`: a damaged file, or a
    /// walk with the wrong layout, teaches nothing.
    private mutating func forget(from count: Int) {
        table.truncate(to: count)
        catalogIndex.removeLast(catalogIndex.count - count)
    }

    /// The entries walked with `layout`, or nil when that walk does not land
    /// exactly on `used` (``DBWalk/structuralProblem(_:layout:)`` would say why).
    ///
    /// The loop is written out because this is where the time goes: per entry,
    /// one compare with the guess from the last file, else one hash and one probe.
    /// Keys new to this reader point into the file's bytes until, after the
    /// walk, the catalog gives them an index (all at once) and bytes of its own.
    private mutating func resolveEntries(
        _ bytes: UnsafeRawBufferPointer, layout: DBLayout, region: DBRegion, path: String, guesses: [Int32],
        order: inout [Int32]
    ) throws(DBFileError) -> ResolvedFile? {
        // Every entry takes at least 16 bytes, so this much room always suffices.
        let buffer = spare.take()
        buffer.reserve(bytes.count / 16 + 1)
        let entries = buffer.base
        var count = 0
        var requests: [KeyCatalog.Request] = []
        let used = bytes.count
        let valueBytes = layout.valueBytes
        var position = 8
        while position < used {
            guard used - position >= 4 else { break }
            let length = DBWalk.int32(bytes, at: position)
            guard length >= 0, length <= used - position - 4,
                DBWalk.entrySize(keyLength: length, layout: layout) <= used - position
            else { break }
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
                    keyIndex = table.insert(borrowing: keyBytes, hash: hash)
                    requests.append(KeyCatalog.Request(bytes: keyBytes, hash: hash, offset: position))
                }
            }
            order.append(Int32(keyIndex))
            (entries + count).initialize(
                to: MergeState.RawSample(
                    key: Int32(keyIndex), file: -1, value: DBWalk.double(bytes, at: valueStart),
                    timestamp: valueBytes == 16 ? DBWalk.double(bytes, at: valueStart + 8) : 0))
            count += 1
            position = valueStart + valueBytes
        }
        buffer.count = count
        guard position == used else {
            spare.put(buffer)
            return nil
        }
        if !requests.isEmpty {
            let firstNew = table.count - requests.count
            for (offset, found) in try catalog.indices(of: requests, path: path).enumerated() {
                table.repoint(firstNew + offset, to: found.stored.bytes)
                catalogIndex.append(Int32(found.index))
            }
        }
        catalogIndex.withUnsafeBufferPointer { catalogIndex in
            for index in 0..<count { entries[index].key = catalogIndex[Int(entries[index].key)] }
        }
        return ResolvedFile(region: region, entries: buffer)
    }
}
