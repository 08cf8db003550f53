import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `doctor`'s fixes are right for the cause: a read-only mount is not a
/// permission problem, a correct variable is never overwritten, and a
/// directory this user cannot reach is not "missing".
@Suite struct DoctorFixCLITests {
    @Test func readOnlyMountIsNamedNotChowned() throws {
        guard getuid() == 0 || TestSupport.isCI else { return }  // mounting needs root (CI runs as root)
        let directory = try DoctorCLITests.soundDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // A read-only tmpfs over it, in a mount namespace of the command's own.
        let result = try TestSupport.run(
            "/usr/bin/unshare",
            [
                "--mount", "/bin/sh", "-c",
                "mount -t tmpfs -o ro none \"$1\" && exec \"$2\" doctor \"$1\"", "sh", directory,
                TestSupport.promkitBinary,
            ], environment: DoctorCLITests.environment(["NO_COLOR": "1", "PATH": "/usr/bin:/bin"]))
        #expect(result.status == 1, "\(result.stdoutText)\(result.stderrText)")
        #expect(result.stdoutText.contains("is on a read-only filesystem"), "\(result.stdoutText)")
        #expect(result.stdoutText.contains("mount a writable volume there"))
        #expect(!result.stdoutText.contains("chown"), "\(result.stdoutText)")
    }

    @Test func correctVariableIsKeptByTheFix() throws {
        let directory = try DoctorCLITests.soundDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = try TestSupport.promkit(
            ["doctor"],
            environment: DoctorCLITests.environment([
                "PROMETHEUS_MULTIPROC_DIR": directory, "prometheus_multiproc_dir": "/tmp/stale",
                "PROMETHEUS_MULTIPROCESS_DIR": "/tmp/stale2",
            ]))
        #expect(result.status == 1)
        #expect(result.stdoutText.contains("unset prometheus_multiproc_dir"), "\(result.stdoutText)")
        #expect(result.stdoutText.contains("unset PROMETHEUS_MULTIPROCESS_DIR"), "\(result.stdoutText)")
        #expect(!result.stdoutText.contains("export PROMETHEUS_MULTIPROC_DIR="), "the right value stays")
    }

    @Test func unreachableIsNotMissing() throws {
        guard getuid() == 0 || TestSupport.isCI else { return }  // switches to nobody
        let parent = try TestSupport.temporaryDirectory("doctor-unreachable")
        defer {
            chmod(parent, 0o700)
            try? FileManager.default.removeItem(atPath: parent)
        }
        try FileManager.default.createDirectory(atPath: parent + "/multiproc", withIntermediateDirectories: false)
        chmod(parent, 0o700)  // nobody cannot enter it
        // The binary must be reachable by nobody: a copy in a world-readable place.
        let copy = "/tmp/promkit-doctor-\(getpid())"
        try? FileManager.default.removeItem(atPath: copy)
        try FileManager.default.copyItem(atPath: TestSupport.promkitBinary, toPath: copy)
        defer { try? FileManager.default.removeItem(atPath: copy) }
        chmod(copy, 0o755)
        let result = try TestSupport.run(
            "/usr/bin/setpriv",
            ["--reuid=65534", "--regid=65534", "--clear-groups", copy, "doctor", parent + "/multiproc"],
            environment: ["NO_COLOR": "1", "PATH": "/usr/bin:/bin"])
        #expect(result.status == 1, "\(result.stdoutText)\(result.stderrText)")
        #expect(result.stdoutText.contains("cannot be looked at: Permission denied"), "\(result.stdoutText)")
        #expect(!result.stdoutText.contains("is missing"), "\(result.stdoutText)")
        #expect(!result.stdoutText.contains("mkdir -p"), "\(result.stdoutText)")
    }
}
