import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// What the wheel carries for Python teams, tested with real parts: the
/// collector (`python/promkit`) against the real prometheus_client (pinned
/// and 0.17.1) and the real binary, under a real `promkit clean` loop with
/// live writers; and the wheel itself, built, installed with pip into a
/// fresh venv and run from there.
@Suite(.serialized) struct PythonPackageCLITests {
    /// `Tests/python/<name>`.
    static func script(_ name: String) -> String {
        TestSupport.packageRoot.appendingPathComponent("Tests/python/\(name)").path
    }

    /// `Tests/python/test_collector.py`: byte-for-byte prometheus_client's
    /// output on random directories, fixtures and damaged files, before and
    /// after real folds; the lock's bound, a crashed fold refused, a lock
    /// file made during a read, a file a worker is creating.
    @Test(arguments: ["pinned", "0.17.1"])
    func collectorGivesPrometheusClientsOutputUnderTheLock(library: String) throws {
        guard let python = try library == "pinned" ? TestSupport.python() : TestSupport.oldPython() else { return }
        var environment = ProcessInfo.processInfo.environment
        environment["PROMKIT_BIN"] = TestSupport.promkitBinary
        let result = try TestSupport.run(python, [Self.script("test_collector.py"), "-v"], environment: environment)
        #expect(result.status == 0, "\(result.stderrText)")
        print(result.stderrText.split(separator: "\n").suffix(3).joined(separator: "\n"))
    }

    /// Seconds of churn: `PROMKIT_SOAK_SECONDS`, 60 by default (as the serve soak).
    static var seconds: Double {
        Double(ProcessInfo.processInfo.environment["PROMKIT_SOAK_SECONDS"] ?? "") ?? 60
    }

    /// A scrape loop (`Tests/tools/collector_scrape_loop.py`) with one collector, until `stop` exists.
    static func scrapeLoop(python: String, dir: String, stop: String, collector: String) throws -> (Process, Pipe) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [
            TestSupport.tool("collector_scrape_loop.py"), dir, #"soak_work_total{kind="job"}"#, stop,
            "--collector", collector,
        ]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        return (process, output)
    }

    /// The issue-9 race with promkit's collector as the reader: workers keep
    /// incrementing, dying (SIGTERM, SIGKILL) and being replaced,
    /// `promkit clean` folds in a loop, and the app's own /metrics code
    /// scrapes back to back. No failed scrape, no total above the truth, no
    /// total that goes down. prometheus_client's own collector scrapes the
    /// same directory at the same time, for comparison (not asserted).
    @Test func collectorIsExactWhileCleanFoldsUnderChurn() throws {
        guard let python = try TestSupport.python() else { return }
        let dir = try TestSupport.temporaryDirectory("collector-soak")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let stop = dir + ".stop"
        defer { unlink(stop) }

        let (workers, workersOut) = try MultiprocScratch.soakWorkers(python: python, dir: dir, seconds: Self.seconds)
        defer { if workers.isRunning { kill(workers.processIdentifier, SIGKILL) } }
        let (ours, oursOut) = try Self.scrapeLoop(python: python, dir: dir, stop: stop, collector: "promkit")
        let (theirs, theirsOut) = try Self.scrapeLoop(
            python: python, dir: dir, stop: stop, collector: "prometheus_client")
        defer {
            _ = FileManager.default.createFile(atPath: stop, contents: Data())
            for reader in [ours, theirs] where reader.isRunning { kill(reader.processIdentifier, SIGKILL) }
        }

        // clean in a loop until the workers are done, as in CleanSoakCLITests.
        let tally = CleanTally()
        let parent = workers.processIdentifier
        while workers.isRunning {
            if let result = try? TestSupport.promkit(["clean", dir, "--quiet", "--lock-wait", "10s"]) {
                let gone = kill(parent, 0) != 0 || CleanSoakCLITests.isZombie(parent)
                tally.add(gone && result.stderrText.contains("refusing:") ? 0 : result.status, result.stderrText)
            }
            usleep(50_000)
        }
        let report = workersOut.fileHandleForReading.readDataToEndOfFile()
        workers.waitUntilExit()
        _ = FileManager.default.createFile(atPath: stop, contents: Data())
        let oursReport = oursOut.fileHandleForReading.readDataToEndOfFile()
        let theirsReport = theirsOut.fileHandleForReading.readDataToEndOfFile()
        ours.waitUntilExit()
        theirs.waitUntilExit()
        let summary = try JSONSerialization.jsonObject(with: report) as? [String: Int] ?? [:]
        let total = Double(summary["work"] ?? -1)

        let final = try TestSupport.promkit(["clean", dir, "--assume-dead-after", "0s"])
        #expect(final.status == 0, "\(final.stderrText)")
        let rendered = try MultiprocScratch.render(python: python, dir)
        let kept = MultiprocScratch.value(rendered, #"soak_work_total{kind="job"}"#)
        #expect(kept == total, "every increment made, no more and no less: \(kept ?? -1) of \(total)")

        var lines: [String] = []
        for (name, data) in [("promkit collector", oursReport), ("prometheus_client collector", theirsReport)] {
            let run = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
            let values = run["values"] as? [Double] ?? []
            let decreases = zip(values, values.dropFirst()).filter { $0.1 < $0.0 }.count
            let over = values.filter { $0 > total }.count
            let failures = run["failures"] as? [String: Int] ?? [:]
            let scrapes = run["scrapes"] as? Int ?? 0
            let seconds = (run["seconds"] as? [Double] ?? []).map { String(format: "%.4f", $0) }
            lines.append(
                "\(name): \(scrapes) scrapes, failed \(failures.values.reduce(0, +)) \(failures), "
                    + "\(decreases) decreases, \(over) over-counts, seconds p50/p99/max \(seconds)")
            if name == "promkit collector" {
                #expect(failures.isEmpty, "\(run["examples"] ?? "")")
                #expect(decreases == 0)
                #expect(over == 0)
                #expect(scrapes > 100, "\(scrapes)")
            }
        }
        print(
            "collector soak: \(Int(Self.seconds)) s, \(summary["workers"] ?? 0) workers, \(Int(total)) increments, "
                + "cleans \(tally.statuses)\n  " + lines.joined(separator: "\n  "))
        #expect((summary["workers"] ?? 0) > 20)
        #expect(tally.statuses[0, default: 0] > 10, "\(tally.errors.prefix(3))")
        #expect(tally.errors.isEmpty, "\(tally.errors.prefix(3))")
    }

    /// The binary the wheel is built from: `PROMKIT_WHEEL_BIN`, else the release
    /// build (CI makes it for `make install-check` before `make test`), else,
    /// outside CI, this test run's debug build as a wheel for this machine
    /// only (`--local`). Under CI a missing release build fails the test.
    static func wheelBinary() throws -> (path: String, local: Bool)? {
        if let path = ProcessInfo.processInfo.environment["PROMKIT_WHEEL_BIN"] { return (path, false) }
        let release = TestSupport.packageRoot.appendingPathComponent(".build/release/promkit").path
        if FileManager.default.isExecutableFile(atPath: release) { return (release, false) }
        if TestSupport.isCI {
            throw TestSupport.MissingTool(description: "\(release) is missing: CI builds it (make install-check)")
        }
        return (TestSupport.promkitBinary, true)
    }

    /// `Tests/python/wheel_check.py`: `python/build_wheel.py` builds the wheel
    /// (version from PromKitVersion, tag from the binary's glibc needs, a
    /// lower claim refused), pip installs it into a fresh venv, and
    /// `promkit --version`, `promkit render`, the man page, the completions
    /// and the collector work from there; pip uninstall removes them.
    @Test func wheelInstallsAWorkingPromkitIntoAFreshVenv() throws {
        guard let python = try TestSupport.python(), let (binary, local) = try Self.wheelBinary() else { return }
        let result = try TestSupport.run(
            python, [Self.script("wheel_check.py"), "--binary", binary] + (local ? ["--local"] : []))
        #expect(result.status == 0, "\(result.stdoutText)\(result.stderrText)")
        print(result.stdoutText.split(separator: "\n").filter { !$0.hasPrefix("ok: ") }.joined(separator: "\n"))
    }
}
