import Foundation
import Testing

@testable import PromKit

/// The system-call layer on real descriptors: files, pipes fed in pieces, and
/// a read that a signal interrupts.
@Suite struct SystemCallTests {
    private func temporaryFolder() throws -> String {
        let path = NSTemporaryDirectory() + "promkit-systemcall-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    private func makePipe() throws -> (read: Int32, write: Int32) {
        var ends: [Int32] = [0, 0]
        try #require(pipe(&ends) == 0)
        return (ends[0], ends[1])
    }

    @Test func writeAllThenReadToEndRoundTripsAMegabyte() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let bytes = (0..<(1 << 20) + 17).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let output = try SystemCall.open(folder + "/f", O_WRONLY | O_CREAT | O_EXCL, mode: 0o600)
        try SystemCall.writeAll(output, bytes)
        close(output)
        let input = try SystemCall.open(folder + "/f", O_RDONLY)
        defer { close(input) }
        var read: [UInt8] = [1, 2]
        try SystemCall.readToEnd(input, appendingTo: &read)
        #expect(read == [1, 2] + bytes)
        #expect(try SystemCall.status(input).st_size == bytes.count)
        var window = [UInt8](repeating: 0, count: 10)
        let got = try window.withUnsafeMutableBytes { try SystemCall.readFully(input, into: $0, at: bytes.count - 4) }
        #expect(got == 4)
        #expect(Array(window[0..<4]) == Array(bytes.suffix(4)))
    }

    @Test func aPipeFedInPiecesIsReadWholeAndTheLimitHolds() throws {
        let (input, output) = try makePipe()
        defer { close(input) }
        let pieces = (0..<40).map { [UInt8](repeating: UInt8($0), count: 997) }
        let writer = Thread {
            for piece in pieces {
                try? SystemCall.writeAll(output, piece)
                usleep(200)
            }
            close(output)
        }
        writer.start()
        var first = [UInt8](repeating: 0, count: 5000)
        let got = try first.withUnsafeMutableBytes { try SystemCall.readFully(input, into: $0) }
        #expect(got == 5000)
        var rest: [UInt8] = []
        try SystemCall.readToEnd(input, appendingTo: &rest, limit: 30_000)
        #expect(rest.count == 30_000)
        try SystemCall.readToEnd(input, appendingTo: &rest)
        #expect(Array(first) + rest == pieces.flatMap { $0 })
    }

    @Test func failuresNameTheCallAndTheReason() throws {
        #expect(throws: SystemError(code: ENOENT, what: "cannot open")) {
            try SystemCall.open("/nonexistent-promkit/x", O_RDONLY)
        }
        #expect(SystemError(code: EACCES, what: "cannot open").description == "cannot open: Permission denied")
        let (input, output) = try makePipe()
        defer {
            close(input)
            close(output)
        }
        var buffer = [UInt8](repeating: 0, count: 4)
        #expect(throws: SystemError(code: EBADF, what: "cannot read")) {
            try SystemCall.read(output, into: &buffer)
        }
        #expect(throws: SystemError(code: EBADF, what: "cannot write")) { try SystemCall.writeAll(input, [1]) }
    }

    /// A read that a signal interrupts (no `SA_RESTART`) goes on and returns the data.
    @Test func aSignalDoesNotEndARead() throws {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        var previous = sigaction()
        try #require(sigaction(SIGUSR2, &action, &previous) == 0)
        defer { sigaction(SIGUSR2, &previous, nil) }
        let (input, output) = try makePipe()
        defer {
            close(input)
            close(output)
        }
        let reader = ThreadBox()
        let thread = Thread {
            // The test runner's threads may block signals; this one must take SIGUSR2.
            var only = sigset_t()
            sigemptyset(&only)
            sigaddset(&only, SIGUSR2)
            pthread_sigmask(SIG_UNBLOCK, &only, nil)
            reader.set(thread: pthread_self())
            var buffer = [UInt8](repeating: 0, count: 3)
            reader.finish(Result { try buffer.withUnsafeMutableBytes { try SystemCall.readFully(input, into: $0) } })
        }
        thread.start()
        while reader.thread == nil { usleep(1000) }
        for _ in 0..<5 {
            usleep(20_000)
            if let target = reader.thread { pthread_kill(target, SIGUSR2) }
        }
        try SystemCall.writeAll(output, [7, 8, 9])
        while reader.result == nil { usleep(1000) }
        #expect(try reader.result?.get() == 3)
    }

    @Test func aFolderListsItsNamesAndTheirKinds() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Data().write(to: URL(fileURLWithPath: folder + "/a.db"))
        try FileManager.default.createDirectory(atPath: folder + "/sub", withIntermediateDirectories: false)
        let odd: [UInt8] = [0x63, 0xFF]
        SystemPath.withCString(folder + "/" + SystemPath.name(odd)) { _ = close(creat($0, 0o600)) }
        var listing = try FolderListing(folder)
        var kinds: [[UInt8]: mode_t] = [:]
        while let name = listing.next() { kinds[name] = listing.status(of: name).map { $0.st_mode & S_IFMT } }
        #expect(listing.failure == nil)
        #expect(kinds == [Array("a.db".utf8): S_IFREG, Array("sub".utf8): S_IFDIR, odd: S_IFREG])
        #expect(listing.status(of: Array("gone".utf8)) == nil)
        #expect(throws: SystemError(code: ENOENT, what: "cannot open directory")) {
            _ = try FolderListing(folder + "/missing")
        }
    }

    @Test func clocksReadSeconds() {
        let wall = SystemClock.wallSeconds()
        #expect(abs(wall - Date().timeIntervalSince1970) < 5)
        let start = SystemClock.monotonicSeconds()
        usleep(10_000)
        #expect(SystemClock.monotonicSeconds() - start >= 0.009)
    }
}

/// The reader thread and its result, handed between threads under a lock.
private final class ThreadBox: @unchecked Sendable {
    // @unchecked: every field is read and written under `lock`.
    private let lock = NSLock()
    private var storedThread: pthread_t?
    private var storedResult: Result<Int, any Error>?

    var thread: pthread_t? { lock.withLock { storedThread } }
    var result: Result<Int, any Error>? { lock.withLock { storedResult } }
    func set(thread: pthread_t) { lock.withLock { storedThread = thread } }
    func finish(_ result: Result<Int, any Error>) { lock.withLock { storedResult = result } }
}
