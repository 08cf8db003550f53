import Glibc

/// Small text files of the kernel's (`/proc`), and the text of a failed call.
enum SystemText {
    /// `what: ` and the text of the last failed system call's `errno`.
    static func error(_ what: String) -> String {
        SystemError.last(what).description
    }

    /// A small file's text (at most `limit` bytes, 256 KiB unless told), or nil
    /// when it cannot be opened or read.
    static func read(_ path: String, limit: Int = 1 << 18) -> String? {
        guard let descriptor = try? SystemCall.open(path, O_RDONLY | O_NONBLOCK) else { return nil }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        guard (try? SystemCall.readToEnd(descriptor, appendingTo: &bytes, limit: limit)) != nil else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }
}
