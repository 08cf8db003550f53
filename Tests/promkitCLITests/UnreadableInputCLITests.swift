import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Input this user may not read is exit 2 in every subcommand (the README's
/// table), said once with its path. The runs switch to nobody, as root reads
/// everything.
@Suite struct UnreadableInputCLITests {
    /// Runs a world-readable copy of the binary as nobody.
    static func asNobody(_ arguments: [String]) throws -> TestSupport.Result {
        let copy = "/tmp/promkit-unreadable-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.copyItem(atPath: TestSupport.promkitBinary, toPath: copy)
        defer { try? FileManager.default.removeItem(atPath: copy) }
        chmod(copy, 0o755)
        return try TestSupport.run(
            "/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", copy] + arguments,
            environment: ["NO_COLOR": "1", "PATH": "/usr/bin:/bin"])
    }

    static var canSwitchUser: Bool { getuid() == 0 || TestSupport.isCI }

    @Test(arguments: ["validate", "lint", "render", "inspect", "clean"])
    func directoryNobodyMayEnter(subcommand: String) throws {
        guard Self.canSwitchUser else { return }
        let folder = try TestSupport.temporaryDirectory("unreadable-dir")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.copyItem(
            atPath: TestSupport.fixture("sample/counter_9075.db"), toPath: folder + "/counter_9075.db")
        chmod(folder, 0o700)
        let result = try Self.asNobody([subcommand, folder])
        #expect(result.status == 2, "\(subcommand): \(result.stderrText)")
        #expect(result.stderrText.hasPrefix("promkit: error: "), "\(result.stderrText)")
        #expect(
            result.stderrText.components(separatedBy: folder).count == 2,
            "the path once: \(result.stderrText)")
        #expect(result.stderrText.contains("Permission denied"), "\(result.stderrText)")
    }

    /// One `.db` file nobody may open: validate still checks the others and
    /// says which one it could not read, and exits 2, not 1.
    @Test func validateSaysWhichFileItCouldNotRead() throws {
        guard Self.canSwitchUser else { return }
        let folder = try TestSupport.temporaryDirectory("unreadable-db")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for name in ["counter_9075.db", "counter_9077.db"] {
            try FileManager.default.copyItem(atPath: TestSupport.fixture("sample/\(name)"), toPath: "\(folder)/\(name)")
        }
        chmod(folder, 0o755)
        chmod(folder + "/counter_9077.db", 0o600)
        let result = try Self.asNobody(["validate", folder])
        #expect(result.status == 2, "\(result.stderrText)")
        #expect(
            result.stderrText == "\(folder)/counter_9077.db:0: error: [io] cannot open: Permission denied\n",
            "\(result.stderrText)")
        chmod(folder + "/counter_9077.db", 0o644)
        #expect(try Self.asNobody(["validate", folder]).status == 0)
    }
}
