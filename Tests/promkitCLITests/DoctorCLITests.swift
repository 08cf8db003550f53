import Foundation
import TestSupport
import Testing

/// `promkit doctor` as a user runs it: ✓/✗ lines on stdout, exit 0 or 1, `--json`.
@Suite struct DoctorCLITests {
    /// A sound directory of this test's own (live) pid, mode 750.
    static func soundDirectory() throws -> String {
        let directory = try TestSupport.temporaryDirectory("doctor-cli")
        chmod(directory, 0o750)
        let pid = ProcessInfo.processInfo.processIdentifier
        try FileManager.default.copyItem(
            atPath: TestSupport.fixture("v2-0.26.0/db/counter_9031.db"), toPath: directory + "/counter_\(pid).db")
        return directory
    }

    static func environment(_ variables: [String: String]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        for key in environment.keys where key.uppercased().contains("MULTIPROC") { environment[key] = nil }
        environment.merge(variables) { $1 }
        return environment
    }

    @Test func soundSetupExitsZero() throws {
        let directory = try Self.soundDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = try TestSupport.promkit(
            ["doctor"], environment: Self.environment(["PROMETHEUS_MULTIPROC_DIR": directory]))
        #expect(result.status == 0, "\(result.stdoutText)")
        let lines = result.stdoutText.split(separator: "\n")
        #expect(lines.filter { $0.hasPrefix("✓ ") }.count == 15)
        #expect(!result.stdoutText.contains("✗"))
        #expect(result.stdoutText.hasSuffix("all 15 checks passed\n"))
    }

    @Test func misspeltVariableAndWorldWritableExitOne() throws {
        let directory = try Self.soundDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        chmod(directory, 0o777)
        let result = try TestSupport.promkit(
            ["doctor", directory], environment: Self.environment(["PROMETHEUS_MULTIPROCESS_DIR": directory]))
        #expect(result.status == 1)
        let text = result.stdoutText
        #expect(text.contains("✗ no misspelt PROMETHEUS_MULTIPROC_DIR variable: PROMETHEUS_MULTIPROCESS_DIR is set"))
        #expect(text.contains("fix: export PROMETHEUS_MULTIPROC_DIR=\(directory); unset PROMETHEUS_MULTIPROCESS_DIR"))
        #expect(text.contains("✗ the directory is not world-writable: mode 777"))
        #expect(text.contains("fix: chmod 750 \(directory)"))
        #expect(text.hasSuffix("3 of 15 checks failed\n"))
    }

    /// Files of dead processes: the fix is a crontab line, and cron runs in the
    /// home directory, so the line names the directory from the root even when
    /// it was given relative to here.
    @Test func cronFixNamesTheDirectoryFromTheRoot() throws {
        let parent = try TestSupport.temporaryDirectory("doctor-cron")
        defer { try? FileManager.default.removeItem(atPath: parent) }
        try FileManager.default.createDirectory(atPath: parent + "/multiproc", withIntermediateDirectories: false)
        // No process maps it, and pid 4194300 (near the kernel's limit) is almost surely not alive.
        let dead = parent + "/multiproc/counter_4194300.db"
        try FileManager.default.copyItem(atPath: TestSupport.fixture("v2-0.26.0/db/counter_9031.db"), toPath: dead)
        var environment = Self.environment([:])
        environment["NO_COLOR"] = "1"
        let result = try TestSupport.run(
            TestSupport.promkitBinary, ["doctor", "multiproc"], environment: environment, currentDirectory: parent)
        #expect(result.status == 1)
        #expect(
            result.stdoutText.contains("fix: */10 * * * * /usr/local/bin/promkit clean --quiet \(parent)/multiproc "),
            "\(result.stdoutText)")
        #expect(!result.stdoutText.contains(") ("), "one parenthesis per line: \(result.stdoutText)")
    }

    @Test func helpHasExamples() throws {
        let help = try TestSupport.promkit(["doctor", "--help"])
        #expect(help.status == 0)
        #expect(help.stdoutText.contains("Examples:"))
        #expect(help.stdoutText.contains("promkit doctor /run/prometheus --json"))
    }

    @Test func jsonReport() throws {
        let result = try TestSupport.promkit(
            ["doctor", "/nonexistent/promkit-doctor", "--json"], environment: Self.environment([:]))
        #expect(result.status == 1)
        let object = try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any]
        let checks = try #require(object?["checks"] as? [[String: Any]])
        #expect(checks.count == 15)
        let exists = try #require(checks.first { $0["id"] as? String == "directory.exists" })
        #expect(exists["status"] as? String == "fail")
        #expect((exists["fix"] as? String)?.hasPrefix("mkdir -p /nonexistent/promkit-doctor") == true)
        #expect(object?["directory"] as? String == "/nonexistent/promkit-doctor")
    }
}
