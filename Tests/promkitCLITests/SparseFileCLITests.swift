import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Sparse files that claim gigabytes, read under a 1 GB address-space limit
/// (`ulimit -v`): a reader that believed `used`, or held a whole file, would
/// fail to allocate.
@Suite struct SparseFileCLITests {
    /// Runs the built promkit with `ulimit -v 1000000` (KiB) and a deadline.
    static func promkit(_ arguments: [String]) async throws -> TestSupport.Result {
        try await offThePool {
            var environment = ProcessInfo.processInfo.environment
            environment["NO_COLOR"] = "1"
            return try TestSupport.run(
                "/bin/sh",
                ["-c", #"ulimit -v 1000000; exec timeout 60 "$0" "$@""#, TestSupport.promkitBinary] + arguments,
                environment: environment)
        }
    }

    /// A file of `size` bytes (sparse) holding `bytes` at offset 0.
    static func sparse(_ bytes: [UInt8], size: Int, at path: String) throws {
        #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        try #require(truncate(path, off_t(size)) == 0)
    }

    @Test func usedOfTwoGiBOverAHole() async throws {
        let folder = try TestSupport.temporaryDirectory("sparse-cli")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let directory = folder + "/multiproc"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/counter_1.db"
        // used = 0x7fff0000, then nothing: a hole to the end of a 2 GiB file.
        try Self.sparse([0x00, 0x00, 0xff, 0x7f, 0, 0, 0, 0], size: (2 << 30) + 4096, at: path)
        let damaged = "\(path): byte 12: key is not a valid prometheus_client key"
        for arguments in [
            ["render", directory], ["lint", directory], ["merge", directory, "--output", folder + "/out"],
        ] {
            let result = try await Self.promkit(arguments)
            #expect(result.status == 2, "\(arguments[0]): \(result.stderrText)")
            #expect(result.stderrText.contains(damaged), "\(arguments[0]): \(result.stderrText)")
        }
        let inspected = try await Self.promkit(["inspect", directory])
        #expect(inspected.status == 0, "\(inspected.stderrText)")
        #expect(inspected.stderrText.contains("counter_1.db: damaged: byte 12"), "\(inspected.stderrText)")
        let validated = try await Self.promkit(["validate", path])
        #expect(validated.status == 1, "\(validated.stderrText)")
        #expect(validated.stderrText.contains("\(path):4096: error: [used-hole]"), "\(validated.stderrText)")
    }

    /// A sound file written by prometheus_client's layout, made 10 GiB by a hole.
    @Test func validateOfTenGiBSparseFile() async throws {
        let folder = try TestSupport.temporaryDirectory("sparse-cli-valid")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/counter_1.db"
        let key = Array(#"["c", "c_total", {}, "h"]"#.utf8)
        var bytes: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 0]
        withUnsafeBytes(of: Int32(key.count).littleEndian) { bytes += $0 }
        bytes += key + Array(repeating: UInt8(ascii: " "), count: 8 - (key.count + 4) % 8)
        withUnsafeBytes(of: (1.0).bitPattern.littleEndian) { bytes += $0 }
        bytes += Array(repeating: 0, count: 8)
        withUnsafeBytes(of: Int32(bytes.count).littleEndian) { bytes.replaceSubrange(0..<4, with: $0) }
        try Self.sparse(bytes, size: 10 << 30, at: path)
        let result = try await Self.promkit(["validate", path])
        #expect(result.status == 0, "\(result.stderrText)")
        #expect(result.stderrText.isEmpty, "\(result.stderrText)")
    }
}
