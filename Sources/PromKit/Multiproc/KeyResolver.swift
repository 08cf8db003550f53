import Foundation

/// One file read and its entries resolved to key indices: what the summing
/// side needs, without the file's bytes.
struct ResolvedFile: Sendable {
    var region: DBRegion
    var entries: [MergeState.RawSample]
    /// Keys met for the first time, in the order of their new indices.
    var newKeys: [MergeState.KeyDetail]
}

/// Reads `.db` files and turns each entry's key bytes into a dense key index,
/// decoding only keys not seen before.
///
/// It assigns indices in file order, as the merge takes keys in, so it can run
/// ahead on another thread. A damaged file is rolled back: its new keys are
/// forgotten, so indices stay in step with the files actually added.
final class KeyResolver: @unchecked Sendable {
    private let reader = DBFileReader()
    private var table = KeyTable()
    /// Per key: the family name, and its `le` where that is not a number.
    private var keyMetric: [ExactString] = []
    private var keyBadBound: [String?] = []
    /// The type each family has, fixed by the first file that names it.
    private var familyTypes: [ExactString: DBFileType] = [:]

    /// Entry buffers handed back by the summing side, reused so that reading
    /// many files does not fault in fresh memory for each.
    private let spare = SpareBuffers()

    /// Takes back a file's entry buffer once it has been summed.
    func recycle(_ entries: consuming [MergeState.RawSample]) {
        spare.put(entries)
    }

    func resolve(path: String, name: DBFileName) -> Result<ResolvedFile, DBFileError> {
        let keysBefore = table.count
        do {
            let resolved = try reader.withRegion(of: path) { bytes, region in
                guard let layout = region.layout else {
                    return ResolvedFile(region: region, entries: [], newKeys: [])
                }
                return try resolveEntries(bytes, layout: layout, region: region, type: name.type, path: path)
            }
            // Families first named by this file take its type.
            for key in keysBefore..<table.count where familyTypes[keyMetric[key]] == nil {
                familyTypes[keyMetric[key]] = name.type
            }
            return .success(resolved)
        } catch {
            table.truncate(to: keysBefore)
            keyMetric.removeLast(keyMetric.count - keysBefore)
            keyBadBound.removeLast(keyBadBound.count - keysBefore)
            if let error = error as? DBFileError { return .failure(error) }
            return .failure(DBFileError(path: path, offset: 0, problem: .io(String(describing: error))))
        }
    }

    /// The loop is written out because this is where the time goes: one hash
    /// and one probe per entry.
    private func resolveEntries(
        _ bytes: UnsafeRawBufferPointer, layout: DBLayout, region: DBRegion, type: DBFileType, path: String
    ) throws(DBFileError) -> ResolvedFile {
        var table = self.table
        self.table = KeyTable()
        defer { self.table = table }
        var entries = spare.take()
        entries.reserveCapacity(bytes.count / 16 + 1)
        var newKeys: [MergeState.KeyDetail] = []
        let used = bytes.count
        let valueBytes = layout.valueBytes
        var position = 8
        while position < used {
            let length = DBWalk.int32(bytes, at: position)
            let keyStart = position + 4
            let valueStart = keyStart + length + DBWalk.padding(forKeyLength: length)
            let keyBytes = UnsafeRawBufferPointer(rebasing: bytes[keyStart..<(keyStart + length)])
            let hash = KeyTable.hash(keyBytes)
            let keyIndex: Int
            if let found = table.index(of: keyBytes, hash: hash) {
                keyIndex = found
            } else {
                let key = try DBFile.decodeKey(keyBytes, entryOffset: position, path: path)
                keyIndex = table.insert(keyBytes, hash: hash)
                keyMetric.append(ExactString(key.metricName))
                let le = key.labels.first { $0.name.utf8.elementsEqual("le".utf8) }?.value
                keyBadBound.append(le.flatMap { PythonFloat.parse($0) == nil ? $0 : nil })
                newKeys.append(MergeState.KeyDetail(key: key, path: path, offset: position))
            }
            if let bound = keyBadBound[keyIndex], (familyTypes[keyMetric[keyIndex]] ?? type) == .histogram {
                // Python's float(le) fails the scrape.
                throw DBFileError(path: path, offset: position, problem: .invalidBucketBound(bound))
            }
            entries.append(
                MergeState.RawSample(
                    key: Int32(keyIndex), file: -1, value: DBWalk.double(bytes, at: valueStart),
                    timestamp: valueBytes == 16 ? DBWalk.double(bytes, at: valueStart + 8) : 0))
            position = valueStart + valueBytes
        }
        return ResolvedFile(region: region, entries: entries, newKeys: newKeys)
    }
}

/// A few emptied entry buffers, shared by the reading and the summing thread.
private final class SpareBuffers: @unchecked Sendable {
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
