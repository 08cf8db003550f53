import Foundation
import PromKit
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Sparse files cost no disk, so a `.db` file can claim gigabytes: `used`
/// costs what the entry walk reads, never what the header claims.
@Suite struct SparseFileTests {
    static let key = #"["c", "c_total", {"a": "x"}, "help"]"#

    /// A file of `size` bytes holding `bytes` at offset 0 and a hole after them.
    static func sparse(_ bytes: [UInt8], size: Int, name: String = "counter_1.db", in folder: String) throws -> String {
        let path = try DBBytes.write(bytes, name: name, in: folder)
        try #require(truncate(path, off_t(size)) == 0)
        return path
    }

    static func header(used: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        DBBytes.append(Int32(truncatingIfNeeded: used), to: &bytes)
        return bytes + [0, 0, 0, 0]
    }

    /// The header of a 2 GiB file claims 2 GiB in use; nothing else is written.
    /// As in Python, the first key (empty) is what fails.
    @Test func hugeUsedOverAHoleFailsAtTheFirstEntry() throws {
        let folder = try TestSupport.temporaryDirectory("sparse")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = try Self.sparse(Self.header(used: 0x7fff_0000), size: (2 << 30) + 4096, in: folder)
        #expect(throws: DBFileError.self) { try DBFile.read(path) }
        do {
            _ = try DBFile.read(path)
        } catch {
            #expect(error.offset == 12)
            guard case .invalidKey = error.problem else {
                Issue.record("\(error)")
                return
            }
        }
        let merged = try MultiprocDirectory.scan(folder).merged(skipInvalid: true)
        #expect(merged.skipped.map(\.offset) == [12])
    }

    /// Sound entries, then a hole that `used` claims: the error names the first
    /// entry in the hole.
    @Test(arguments: [DBLayout.v1, .v2])
    func entriesThenAHole(layout: DBLayout) throws {
        let folder = try TestSupport.temporaryDirectory("sparse-tail")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let entries = (0..<3000).map {
            (key: Self.key.replacingOccurrences(of: "x", with: "x\($0)"), value: 1.0, timestamp: 0.0)
        }
        var bytes = DBBytes.file(entries, layout: layout)
        let end = Int(bytes.withUnsafeBytes { $0.loadUnaligned(as: Int32.self) })
        #expect(end > 1 << 17)
        bytes = Self.header(used: 1 << 30) + bytes[8..<end]
        let path = try Self.sparse(bytes, size: (1 << 30) + 4096, in: folder)
        do {
            _ = try DBFile.read(path)
            Issue.record("read without error")
        } catch {
            #expect(error.offset == end + 4, "\(error)")
        }
    }

    /// One entry whose key claims nearly all of a 1 GiB `used`: `[`, a hole, `]`.
    @Test func longKeyOverAHoleIsNotRead() throws {
        let folder = try TestSupport.temporaryDirectory("sparse-key")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let used = 1 << 30
        let length = used - 8 - 4 - 4 - 16  // a v2 entry that lands exactly on used
        var bytes = Self.header(used: used)
        DBBytes.append(Int32(length), to: &bytes)
        bytes.append(UInt8(ascii: "["))
        let path = try Self.sparse(bytes, size: used, in: folder)
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.seek(toOffset: UInt64(12 + length - 1))
        try handle.write(contentsOf: Data("]".utf8))
        try handle.close()
        #expect(throws: DBFileError(path: path, offset: 12, problem: .invalidKey("not a JSON list"))) {
            try DBFile.read(path)
        }
    }

    /// Files past the size that is read whole are read entry by entry, with the
    /// same result.
    @Test(arguments: [DBLayout.v1, .v2])
    func largeSoundFilesReadWhole(layout: DBLayout) throws {
        let folder = try TestSupport.temporaryDirectory("large")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let entries = (0..<50000).map {
            (key: Self.key.replacingOccurrences(of: "x", with: "x\($0)"), value: Double($0), timestamp: 0.0)
        }
        let path = try DBBytes.write(DBBytes.file(entries, layout: layout), name: "counter_1.db", in: folder)
        let file = try DBFile.read(path)
        #expect(file.region.used > 2 << 20)
        #expect(file.region.layout == layout)
        #expect(file.entries.count == entries.count)
        #expect(file.entries.last?.value == 49999)
    }

    /// A sound file made 10 GiB by a hole after it: validate holds the used region
    /// only and finds the one byte that is not zero.
    @Test func validateStreamsWhatLiesPastUsed() throws {
        let folder = try TestSupport.temporaryDirectory("sparse-validate")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let bytes = DBBytes.file([(Self.key, 1, 0)], layout: .v2)
        let path = try Self.sparse(bytes, size: 10 << 30, in: folder)
        let name = try DBFileName.parse("counter_1.db").get()
        #expect(DBFileCheck.check(path: path, name: name).findings.isEmpty)
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.seek(toOffset: 8 << 30)
        try handle.write(contentsOf: Data([1]))
        try handle.close()
        let findings = DBFileCheck.check(path: path, name: name).findings
        #expect(findings.map(\.rule) == ["tail-not-zero"])
        #expect(findings.first?.offset == 8 << 30)
    }
}
