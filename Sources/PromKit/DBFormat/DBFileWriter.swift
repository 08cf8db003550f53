#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes `.db` files byte for byte as prometheus_client's `MmapedDict` lays
/// them out, in either layout.
///
/// The header's `used` counts the bytes in use; each entry is an int32 key
/// length, the key (`DBKey.encoded`), 1 to 8 spaces so that the value is
/// 8-aligned, the value, and in v2 the timestamp. The file is 65,536 bytes,
/// doubled until the entries fit (Python grows it the same way), and every
/// byte past `used` is zero. Files are written whole through ``AtomicFile``.
public enum DBFileWriter {
    /// The size prometheus_client gives a new file (0.16.0 and later).
    public static let initialSize = 1 << 16

    /// One entry to write.
    public struct Entry: Sendable, Hashable {
        /// The key.
        public var key: DBKey
        /// The value.
        public var value: Double
        /// The timestamp (written in v2 only; Unix seconds for `mostrecent` gauges, else 0).
        public var timestamp: Double

        /// Creates an entry.
        public init(key: DBKey, value: Double, timestamp: Double = 0) {
            self.key = key
            self.value = value
            self.timestamp = timestamp
        }
    }

    /// A key too long for the int32 length field, or a file past 2 GiB.
    public struct TooLarge: Error, Hashable, Sendable, CustomStringConvertible {
        /// The number of bytes that would be in use.
        public var used: Int
        public var description: String { "\(used) bytes do not fit a .db file (int32 header)" }
    }

    /// The whole file's bytes: header, entries, zeros up to the file size.
    public static func encode(_ entries: [Entry], layout: DBLayout) throws(TooLarge) -> [UInt8] {
        var used = 8
        var keys: [[UInt8]] = []
        keys.reserveCapacity(entries.count)
        for entry in entries {
            let key = entry.key.encoded
            used += DBWalk.entrySize(keyLength: key.count, layout: layout)
            keys.append(key)
        }
        guard used <= Int(Int32.max) else { throw TooLarge(used: used) }
        var size = initialSize
        while used > size { size *= 2 }
        var bytes = [UInt8](repeating: 0, count: size)
        bytes.withUnsafeMutableBytes { raw in
            raw.storeBytes(of: Int32(used).littleEndian, toByteOffset: 0, as: Int32.self)
            var position = 8
            for (entry, key) in zip(entries, keys) {
                raw.storeBytes(of: Int32(key.count).littleEndian, toByteOffset: position, as: Int32.self)
                position += 4
                for byte in key {
                    raw[position] = byte
                    position += 1
                }
                for _ in 0..<DBWalk.padding(forKeyLength: key.count) {
                    raw[position] = 0x20
                    position += 1
                }
                raw.storeBytes(of: entry.value.bitPattern.littleEndian, toByteOffset: position, as: UInt64.self)
                position += 8
                if layout == .v2 {
                    raw.storeBytes(
                        of: entry.timestamp.bitPattern.littleEndian, toByteOffset: position, as: UInt64.self)
                    position += 8
                }
            }
        }
        return bytes
    }

    /// Ownership and permissions to give a written file, usually those of the
    /// file it replaces.
    public struct Ownership: Sendable, Hashable {
        /// Permission bits.
        public var mode: UInt32
        /// The owner's user id.
        public var owner: UInt32
        /// The group id.
        public var group: UInt32

        /// Creates an ownership.
        public init(mode: UInt32, owner: UInt32, group: UInt32) {
            self.mode = mode
            self.owner = owner
            self.group = group
        }

        /// The mode and owner of the entry at `path` (not following a link), if it exists.
        public static func of(_ path: String) -> Ownership? {
            var status = stat()
            guard lstat(path, &status) == 0 else { return nil }
            return Ownership(mode: UInt32(status.st_mode) & 0o7777, owner: status.st_uid, group: status.st_gid)
        }
    }

    /// Writes `entries` to `path` atomically (temporary file, fsync, rename,
    /// folder fsync), with `ownership` if given (else mode 0644, the caller's owner).
    public static func write(
        _ entries: [Entry], layout: DBLayout, to path: String, ownership: Ownership? = nil
    ) throws(AtomicFile.WriteError) {
        let bytes: [UInt8]
        do {
            bytes = try encode(entries, layout: layout)
        } catch {
            throw AtomicFile.WriteError(path: path, message: error.description)
        }
        try AtomicFile.write(
            bytes, to: path, mode: mode_t(ownership?.mode ?? 0o644),
            owner: ownership.map { (uid_t($0.owner), gid_t($0.group)) })
    }
}
