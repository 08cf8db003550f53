import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Input that is not what it claims to be: FIFOs and devices where files are
/// expected. Each run has a deadline (`timeout`), so a hang fails the test
/// instead of stopping the suite.
@Suite struct HostileInputCLITests {
    /// Runs the built promkit under `timeout 20` (exit 124 when it is killed).
    static func promkit(_ arguments: [String]) async throws -> TestSupport.Result {
        try await offThePool {
            var environment = ProcessInfo.processInfo.environment
            environment["NO_COLOR"] = "1"
            return try TestSupport.run(
                "/usr/bin/timeout", ["20", TestSupport.promkitBinary] + arguments, environment: environment)
        }
    }

    @Test(arguments: ["validate", "lint"], ["scrape.txt", "counter_1.db"])
    func fifoIsRefusedAtOnce(subcommand: String, name: String) async throws {
        let folder = try TestSupport.temporaryDirectory("fifo-cli")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/" + name
        try #require(mkfifo(path, 0o644) == 0)
        let started = Date()
        let result = try await Self.promkit([subcommand, path])
        #expect(result.status == 2, "\(result.stderrText)")
        #expect(result.stderrText.contains("\(path): not a regular file"), "\(result.stderrText)")
        #expect(Date().timeIntervalSince(started) < 10)
    }

    /// `/dev/zero`'s numbers under a `.db` name: refused, never read.
    @Test func characterDeviceIsRefused() async throws {
        guard geteuid() == 0 else { return }  // making a device node needs root; 1 << 8 | 5 is major 1, minor 5
        let folder = try TestSupport.temporaryDirectory("device-cli")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/counter_2.db"
        try #require(mknod(path, S_IFCHR | 0o644, dev_t(1 << 8 | 5)) == 0)
        for subcommand in ["validate", "lint"] {
            let result = try await Self.promkit([subcommand, path])
            #expect(result.status == 2, "\(subcommand): \(result.stderrText)")
            #expect(result.stderrText.contains("\(path): not a regular file"), "\(subcommand): \(result.stderrText)")
        }
        // In a directory it is listed and named, never read; validate calls it an
        // error, since prometheus_client's collector would open it.
        let validated = try await Self.promkit(["validate", folder])
        #expect(validated.status == 1, "\(validated.stderrText)")
        #expect(validated.stderrText.contains("counter_2.db:0: error: [not-regular]"), "\(validated.stderrText)")
        for subcommand in ["render", "inspect"] {
            let result = try await Self.promkit([subcommand, folder])
            #expect(result.status == 0, "\(subcommand): \(result.stderrText)")
            #expect((result.stdoutText + result.stderrText).contains("counter_2.db"), "\(subcommand)")
        }
    }

    /// File names and keys with newlines and escape sequences: validate and
    /// inspect show them escaped; JSON keeps the exact name.
    @Test func controlCharactersInNamesAreEscaped() async throws {
        let folder = try TestSupport.temporaryDirectory("terminal-cli")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let name = "counter_1\n\u{1B}[31m.db"
        let key = Array(#"["c\u001b[2J", "c\u001b[2J_total", {}, "h"]"#.utf8)
        var bytes: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 0]
        withUnsafeBytes(of: Int32(key.count).littleEndian) { bytes += $0 }
        bytes += key + Array(repeating: UInt8(ascii: " "), count: 8 - (key.count + 4) % 8)
        bytes += Array(repeating: 0, count: 16)
        withUnsafeBytes(of: Int32(bytes.count).littleEndian) { bytes.replaceSubrange(0..<4, with: $0) }
        #expect(FileManager.default.createFile(atPath: folder + "/" + name, contents: Data(bytes)))
        #expect(FileManager.default.createFile(atPath: folder + "/counter_2\u{1B}]0;x\u{7}.db", contents: Data()))
        let first = #"counter_1\n\x1b[31m.db"#
        let second = #"counter_2\x1b]0;x\x07.db"#
        let runs = [
            (["validate", folder], [second]), (["inspect", "--samples", folder], [first, second, #"c\x1b[2J_total"#]),
            (["validate", folder + "/" + name + "x"], [first]),
        ]
        for (arguments, names) in runs {
            let result = try await Self.promkit(arguments)
            let shown = result.stdoutText + result.stderrText
            #expect(!shown.contains("\u{1B}") && !shown.contains("\u{7}"), "\(arguments[0]): \(shown)")
            for name in names { #expect(shown.contains(name), "\(arguments[0]): \(shown)") }
        }
        let json = try await Self.promkit(["validate", "--json", folder])
        let findings = try #require(try JSONSerialization.jsonObject(with: json.stdout) as? [[String: Any]])
        #expect(findings.contains { ($0["source"] as? String)?.hasSuffix("/counter_2\u{1B}]0;x\u{7}.db") == true })
    }
}
