import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `.db` files whose used region is large and really written (not a hole):
/// `validate FILE` reads it a window at a time, so peak memory stays far below
/// the region's size. It used to read the region whole, and keep every key.
@Suite struct LargeDBFileCLITests {
    /// One v2 entry of a counter file.
    static func entry(_ key: String) -> [UInt8] {
        let keyBytes = Array(key.utf8)
        var bytes: [UInt8] = []
        withUnsafeBytes(of: Int32(keyBytes.count).littleEndian) { bytes += $0 }
        bytes += keyBytes + [UInt8](repeating: UInt8(ascii: " "), count: 8 - (keyBytes.count + 4) % 8)
        withUnsafeBytes(of: (1.0).bitPattern.littleEndian) { bytes += $0 }
        bytes += [UInt8](repeating: 0, count: 8)
        return bytes
    }

    /// Writes a file of `used` bytes: the header, then what `fill` appends.
    static func write(_ path: String, _ fill: (inout [UInt8]) -> Void) throws {
        var bytes: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 0]
        fill(&bytes)
        withUnsafeBytes(of: Int32(bytes.count).littleEndian) { bytes.replaceSubrange(0..<4, with: $0) }
        #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
    }

    /// 64 MiB of distinct, sound entries, the first key repeated at the end:
    /// one duplicate-key error, found across the whole region.
    @Test func manyEntriesAreReadAWindowAtATime() async throws {
        let folder = try TestSupport.temporaryDirectory("large-db-cli")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/counter_1.db"
        var last = 0
        try Self.write(path) { bytes in
            bytes.reserveCapacity(64 << 20 + 4096)
            var index = 0
            while bytes.count < 64 << 20 {
                bytes += Self.entry(#"["c", "c_total", {"handler": "/api/item/\#(index)"}, "h"]"#)
                index += 1
            }
            last = bytes.count
            bytes += Self.entry(#"["c", "c_total", {"handler": "/api/item/0"}, "h"]"#)
        }
        let (result, peak) = try await promkitWithPeakMemory(["validate", path])
        #expect(result.status == 1, "\(result.stderrText)")
        let lines = result.stderrText.split(separator: "\n")
        #expect(
            lines == [
                "\(path):\(last): error: [duplicate-key] the same key appears twice in this file; Python adds both"
            ])
        let peakKB = try #require(peak, "no peak RSS from /usr/bin/time")
        #expect(peakKB < 100_000, "peak RSS \(peakKB) KB for a 64 MiB used region")
    }

    /// 256 MiB of zeros inside `used`: every entry is the empty key, so the
    /// findings stop at 1,000 and the check stops with them.
    @Test func usedRegionOfZerosStopsAtAThousandFindings() async throws {
        let folder = try TestSupport.temporaryDirectory("large-db-cli-zeros")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/counter_1.db"
        // 8 + 48n bytes: both the v1 (16-byte) and the v2 (24-byte) walks land on used.
        let used = 8 + (256 << 20) / 48 * 48
        try Self.write(path) { $0 += [UInt8](repeating: 0, count: used - 8) }
        let (result, peak) = try await promkitWithPeakMemory(["validate", path])
        #expect(result.status == 1, "\(result.stderrText)")
        let lines = result.stderrText.split(separator: "\n")
        #expect((1001...1004).contains(lines.count), "\(lines.count) lines")
        #expect(
            lines.last?.contains("findings in this file; the entries from here on are not checked") == true,
            "\(lines.suffix(2))")
        let peakKB = try #require(peak, "no peak RSS from /usr/bin/time")
        #expect(peakKB < 100_000, "peak RSS \(peakKB) KB for a 256 MiB used region")
    }
}
