import Glibc

/// The names in a folder, as `readdir` gives them (`.` and `..` left out),
/// with the status of each; the folder is closed when the value ends.
struct FolderListing: ~Copyable {
    private let handle: OpaquePointer
    /// Why the listing stopped before its end, if it did; nil while it goes on
    /// and after ``next()`` returned nil at the end.
    private(set) var failure: SystemError?

    /// Opens `path` for listing.
    init(_ path: String) throws(SystemError) {
        guard let handle = SystemPath.withCString(path, { opendir($0) }) else { throw .last("cannot open directory") }
        self.handle = handle
    }

    deinit { closedir(handle) }

    /// The next name's bytes (the kernel's, not necessarily UTF-8: see ``SystemPath``);
    /// nil at the end, or on a failure that ``failure`` then tells.
    mutating func next() -> [UInt8]? {
        while true {
            errno = 0
            guard let record = readdir(handle) else {
                if errno != 0 { failure = .last("cannot list directory") }
                return nil
            }
            let name = withUnsafeBytes(of: record.pointee.d_name) { raw in Array(raw.prefix { $0 != 0 }) }
            if name == [0x2E] || name == [0x2E, 0x2E] { continue }
            return name
        }
    }

    /// The next name as text: ``SystemPath/name(_:)`` of its bytes.
    mutating func nextName() -> String? {
        next().map(SystemPath.name)
    }

    /// The status of the entry `name` of this folder, not following a link
    /// (`fstatat` with `AT_SYMLINK_NOFOLLOW`); nil when it is gone.
    func status(of name: [UInt8]) -> stat? {
        var status = stat()
        let found = (name + [0]).withUnsafeBufferPointer { raw in
            raw.withMemoryRebound(to: CChar.self) { chars in
                chars.baseAddress.map { fstatat(dirfd(handle), $0, &status, AT_SYMLINK_NOFOLLOW) == 0 } ?? false
            }
        }
        return found ? status : nil
    }
}
