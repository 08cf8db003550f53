import Glibc

/// The system calls that promkit repeats, each with its loop written once:
/// retried after a signal (`EINTR`), short reads and writes continued, and a
/// failure thrown as a ``SystemError`` that names what was being done.
/// The executable writes its stderr lines through `writeAll` too.
public enum SystemCall {
    /// Runs `call` again while it fails with `EINTR`; returns its last result
    /// (negative, with `errno` set, when it failed otherwise).
    static func retryingEINTR<Result: BinaryInteger>(_ call: () -> Result) -> Result {
        while true {
            let result = call()
            if result >= 0 || errno != EINTR { return result }
        }
    }

    /// Opens `path` with `flags` (`O_CLOEXEC` is added) and `mode` for a file it creates.
    static func open(_ path: String, _ flags: Int32, mode: mode_t = 0) throws(SystemError) -> Int32 {
        let descriptor = SystemPath.withCString(path) { name in
            retryingEINTR { Glibc.open(name, flags | O_CLOEXEC, mode) }
        }
        guard descriptor >= 0 else { throw .last("cannot open") }
        return descriptor
    }

    /// The status (`fstat`) of an open descriptor.
    static func status(_ descriptor: Int32) throws(SystemError) -> stat {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw .last("cannot stat") }
        return status
    }

    /// One `read` (or `pread` at `offset`) into `buffer`: the bytes read, 0 at the end.
    static func read(
        _ descriptor: Int32, into buffer: UnsafeMutableRawBufferPointer, at offset: Int? = nil
    ) throws(SystemError) -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        let got = retryingEINTR {
            if let offset { return pread(descriptor, base, buffer.count, off_t(offset)) }
            return Glibc.read(descriptor, base, buffer.count)
        }
        guard got >= 0 else { throw .last("cannot read") }
        return got
    }

    /// One `read` (or `pread` at `offset`) into the start of `bytes`: the bytes read, 0 at the end.
    static func read(_ descriptor: Int32, into bytes: inout [UInt8], at offset: Int? = nil) throws(SystemError) -> Int {
        try bytes.withUnsafeMutableBytes { raw in
            Result { () throws(SystemError) in try read(descriptor, into: raw, at: offset) }
        }.get()
    }

    /// Reads until `buffer` is full or the file ends (from `offset` on with
    /// `pread`, when given); returns the bytes read, fewer than asked at the end.
    static func readFully(
        _ descriptor: Int32, into buffer: UnsafeMutableRawBufferPointer, at offset: Int? = nil
    ) throws(SystemError) -> Int {
        var done = 0
        while done < buffer.count {
            let rest = UnsafeMutableRawBufferPointer(rebasing: buffer[done...])
            let got = try read(descriptor, into: rest, at: offset.map { $0 + done })
            if got == 0 { break }
            done += got
        }
        return done
    }

    /// Reads `descriptor` from its position to its end, appending to `bytes`
    /// until `bytes` holds `limit` bytes. What was read before a failure stays in `bytes`.
    static func readToEnd(
        _ descriptor: Int32, appendingTo bytes: inout [UInt8], limit: Int = .max
    ) throws(SystemError) {
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 16)
        defer { chunk.deallocate() }
        while bytes.count < limit {
            let room = UnsafeMutableRawBufferPointer(rebasing: chunk[..<min(chunk.count, limit - bytes.count)])
            let got = try read(descriptor, into: room)
            if got == 0 { return }
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: room[..<got]))
        }
    }

    /// Writes all of `bytes`, continuing after short writes.
    static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) throws(SystemError) {
        guard let base = bytes.baseAddress else { return }
        var done = 0
        while done < bytes.count {
            let wrote = retryingEINTR { Glibc.write(descriptor, base + done, bytes.count - done) }
            guard wrote >= 0 else { throw .last("cannot write") }
            done += wrote
        }
    }

    /// Writes all of `bytes`, continuing after short writes.
    public static func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) throws(SystemError) {
        try bytes.withUnsafeBytes { raw in Result { () throws(SystemError) in try writeAll(descriptor, raw) } }.get()
    }
}

/// The two clocks promkit reads.
enum SystemClock {
    /// Seconds since the epoch (`CLOCK_REALTIME`): for file ages and process start times.
    static func wallSeconds() -> Double { seconds(CLOCK_REALTIME) }

    /// Seconds on a clock that never goes back (`CLOCK_MONOTONIC`): for deadlines and lock waits.
    static func monotonicSeconds() -> Double { seconds(CLOCK_MONOTONIC) }

    private static func seconds(_ clock: clockid_t) -> Double {
        var now = timespec()
        // Fails only for an unknown clock or a bad pointer, neither of which can happen here.
        precondition(clock_gettime(clock, &now) == 0, "clock_gettime")
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
}
