import Glibc

/// Small text files of the kernel's (`/proc`), and the text of a failed call.
enum SystemText {
    /// `what: ` and the text of the last failed system call's `errno`.
    static func error(_ what: String) -> String {
        "\(what): \(String(cString: strerror(errno)))"
    }

    /// A small file's text (at most 256 KiB), or nil when it cannot be opened.
    static func read(_ path: String, limit: Int = 1 << 18) -> String? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes = [UInt8](repeating: 0, count: limit)
        var total = 0
        while total < bytes.count {
            let count = bytes.withUnsafeMutableBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return Glibc.read(descriptor, base + total, raw.count - total)
            }
            if count < 0, errno == EINTR { continue }
            if count < 0 { return nil }
            if count == 0 { break }
            total += count
        }
        return String(decoding: bytes[0..<total], as: UTF8.self)
    }
}
