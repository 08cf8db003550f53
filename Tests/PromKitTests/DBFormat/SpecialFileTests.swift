import Foundation
import PromKit
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A `.db` name that is a FIFO or a device when it is opened is refused at
/// once: opening a FIFO does not wait for a writer, a device is never read.
@Suite struct SpecialFileTests {
    /// Runs `body` on its own thread and waits up to `seconds` for it. If it is
    /// still blocked then, a writer opens `fifo` so that the blocked open returns,
    /// and the test fails.
    static func finishes<T: Sendable>(
        within seconds: Double, unblocking fifo: String, _ body: @escaping @Sendable () -> T,
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> T? {
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var result: T?
        Thread.detachNewThread {
            result = body()
            done.signal()
        }
        if done.wait(timeout: .now() + seconds) == .success { return result }
        Issue.record("still blocked after \(seconds) s", sourceLocation: sourceLocation)
        let writer = open(fifo, O_WRONLY | O_NONBLOCK)
        if writer >= 0 { close(writer) }
        _ = done.wait(timeout: .now() + 5)
        return nil
    }

    @Test func readerRefusesFIFOWithoutBlocking() throws {
        let folder = try TestSupport.temporaryDirectory("fifo")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/counter_1.db"
        try #require(mkfifo(path, 0o644) == 0)
        let problem =
            Self.finishes(within: 5, unblocking: path) { () -> DBFileError.Problem? in
                do throws(DBFileError) {
                    _ = try DBFile.read(path)
                    return nil
                } catch {
                    return error.problem
                }
            } ?? nil
        #expect(problem == .notRegularFile)
    }

    /// Listed as a regular file, swapped for a FIFO before it is read (a rename
    /// race): the merge names the file and does not block.
    @Test func fileSwappedForFIFOAfterListing() throws {
        let folder = try TestSupport.temporaryDirectory("fifo-race")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let bytes = DBBytes.file([(#"["c", "c_total", {}, "h"]"#, 1, 0)], layout: .v2)
        let path = try DBBytes.write(bytes, name: "counter_1.db", in: folder)
        let listing = try MultiprocDirectory.scan(folder)
        #expect(listing.dbFiles.count == 1)
        try FileManager.default.removeItem(atPath: path)
        try #require(mkfifo(path, 0o644) == 0)
        let error =
            Self.finishes(within: 5, unblocking: path) { () -> DBFileError? in
                do throws(DBFileError) {
                    _ = try listing.merged()
                    return nil
                } catch {
                    return error
                }
            } ?? nil
        #expect(error?.problem == .notRegularFile)
        #expect(error?.path == path)
    }

    /// A character device (`/dev/zero`'s numbers) named like a `.db` file.
    @Test func readerRefusesDevice() throws {
        guard geteuid() == 0 else { return }  // making a device node needs root; 1 << 8 | 5 is major 1, minor 5
        let folder = try TestSupport.temporaryDirectory("device")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/counter_2.db"
        try #require(mknod(path, S_IFCHR | 0o644, dev_t(1 << 8 | 5)) == 0)
        #expect(throws: DBFileError(path: path, offset: 0, problem: .notRegularFile)) { try DBFile.read(path) }
    }
}
