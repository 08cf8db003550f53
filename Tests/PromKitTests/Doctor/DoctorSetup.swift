import Foundation
import PromKit
import TestSupport

/// A multiprocess directory built for the doctor: sound, or broken on purpose.
///
/// The sound one is mode 750, holds real prometheus_client files (from the
/// committed 0.26.0 fixture) renamed to this test process's pid, so their
/// writer is alive and started before they were written, and comes with
/// `PROMETHEUS_MULTIPROC_DIR` set.
struct DoctorSetup {
    var directory: String
    var environment: [String: String]

    static let ownPid = ProcessInfo.processInfo.processIdentifier

    /// A pid that belonged to a process that has exited (one this test ran and reaped).
    static let deadPid: Int32 = {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try? process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }()

    static func sound() throws -> DoctorSetup {
        let directory = try TestSupport.temporaryDirectory("doctor")
        chmod(directory, 0o750)
        let fixture = TestSupport.fixture("v2-0.26.0/db") + "/"
        for (source, target) in [
            ("counter_9031.db", "counter_\(ownPid).db"), ("histogram_9031.db", "histogram_\(ownPid).db"),
            ("gauge_livesum_9031.db", "gauge_livesum_\(ownPid).db"),
        ] {
            try FileManager.default.copyItem(atPath: fixture + source, toPath: directory + "/" + target)
        }
        return DoctorSetup(
            directory: directory, environment: ["PROMETHEUS_MULTIPROC_DIR": directory, "PATH": "/usr/bin"])
    }

    func remove() {
        chmod(directory, 0o700)
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Copies a fixture file in under `name`.
    func add(_ fixture: String, as name: String) throws {
        try FileManager.default.copyItem(atPath: TestSupport.fixture(fixture), toPath: directory + "/" + name)
    }

    /// Sets a file's modification time `days` days back.
    func age(_ name: String, days: Double) throws {
        let date = Date().addingTimeInterval(-days * 86_400)
        try FileManager.default.setAttributes([.modificationDate: date], ofItemAtPath: directory + "/" + name)
    }

    func doctor() -> Doctor {
        Doctor(explicitDirectory: nil, environment: environment)
    }
}
