/// One decoded entry of a `.db` file.
public struct DBEntry: Sendable, Hashable {
    /// The byte offset of the entry (its length field) in the file.
    public var offset: Int
    /// The decoded key.
    public var key: DBKey
    /// The value.
    public var value: Double
    /// The timestamp (v2 only; 0 unless set by `Gauge.set` in a `mostrecent` mode).
    public var timestamp: Double
}

/// A whole `.db` file, decoded: for inspection and tests. The merge reads
/// files through ``MultiprocMerge`` instead, which keeps no per-entry values.
public struct DBFile: Sendable {
    /// The file's path.
    public var path: String
    /// What the header and the walk tell.
    public var region: DBRegion
    /// The entries, in file order.
    public var entries: [DBEntry]

    /// Reads and decodes the file at `path`.
    public static func read(_ path: String, reader: DBFileReader = DBFileReader()) throws(DBFileError) -> DBFile {
        do {
            return try reader.withRegion(of: path) { bytes, region in
                var entries: [DBEntry] = []
                guard let layout = region.layout else {
                    return DBFile(path: path, region: region, entries: entries)
                }
                try DBWalk.forEach(bytes, layout: layout) { offset, keyBytes, value, timestamp in
                    let key = try decodeKey(keyBytes, entryOffset: offset, path: path)
                    entries.append(DBEntry(offset: offset, key: key, value: value, timestamp: timestamp))
                }
                return DBFile(path: path, region: region, entries: entries)
            }
        } catch let error as DBFileError {
            throw error
        } catch {
            throw DBFileError(path: path, offset: 0, problem: .io(String(describing: error)))
        }
    }

    /// Decodes a key, turning a key error into a file error at the key's offset.
    static func decodeKey(
        _ keyBytes: UnsafeRawBufferPointer, entryOffset: Int, path: String
    ) throws(DBFileError) -> DBKey {
        do {
            return try DBKey.decode(keyBytes)
        } catch {
            throw keyError(error, entryOffset: entryOffset, path: path)
        }
    }

    /// A key error as a file error at the key's offset in the file.
    static func keyError(_ error: KeyError, entryOffset: Int, path: String) -> DBFileError {
        let problem: DBFileError.Problem = error.reason.contains("UTF-8") ? .invalidUTF8 : .invalidKey(error.reason)
        return DBFileError(path: path, offset: entryOffset + 4 + error.offset, problem: problem)
    }
}
