import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `promkit clean` decides who writes a file by who maps it, not by the pid in
/// its name: real prometheus_client writers, real processes, the real binary.
@Suite(.serialized) struct CleanIdentityCLITests {
    /// A live prometheus_client process that keeps its files mapped until stopped.
    final class Sentinel {
        let process = Process()
        private let input = Pipe()
        private let output = Pipe()

        init(python: String, dir: String, identifier: Int? = nil, environment: [String: String]? = nil) throws {
            process.executableURL = URL(fileURLWithPath: python)
            var arguments = [TestSupport.tool("clean_workers.py"), "--dir", dir, "--sentinel", "--increments", "5"]
            if let identifier { arguments += ["--identifier", "\(identifier)"] }
            process.arguments = arguments
            if let environment { process.environment = environment }
            process.standardInput = input
            process.standardOutput = output
            try process.run()
            _ = output.fileHandleForReading.availableData  // "ready"
        }

        var pid: Int32 { process.processIdentifier }

        /// Five more increments of `work_total`, written into the files it maps.
        func more() throws {
            input.fileHandleForWriting.write(Data("more\n".utf8))
            _ = output.fileHandleForReading.availableData
        }

        func stop() {
            try? input.fileHandleForWriting.close()
            process.waitUntilExit()
        }
    }

    private static func names(_ dir: String) throws -> Set<String> {
        Set(try FileManager.default.contentsOfDirectory(atPath: dir))
    }

    private static func dbNames(_ dir: String) throws -> Set<String> {
        try names(dir).filter { $0.hasSuffix(".db") && !$0.hasPrefix(".") }
    }

    private static func json(_ data: Data) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }

    /// A folder or a link under an archive's name: that type is not folded (its
    /// files stay, exit 1, a message that names it), the others are, and the
    /// link is never replaced (Python follows it, so its counts would vanish).
    @Test(arguments: ["folder", "link"])
    func archiveNameHeldByAnotherKindBlocksItsType(kind: String) throws {
        guard let python = try TestSupport.python() else { return }
        let dir = try MultiprocScratch.dead(python: python, files: 6, age: 3600, kinds: "counter,histogram")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let outside = try TestSupport.temporaryDirectory("outside")
        defer { try? FileManager.default.removeItem(atPath: outside) }
        let archive = dir + "/counter_archive.db"
        if kind == "folder" {
            try FileManager.default.createDirectory(atPath: archive, withIntermediateDirectories: false)
        } else {
            // An archive elsewhere, with counts of its own, that Python reads through the link.
            try FileManager.default.copyItem(atPath: dir + "/counter_5000000.db", toPath: outside + "/held.db")
            try FileManager.default.createSymbolicLink(atPath: archive, withDestinationPath: outside + "/held.db")
        }
        let counters = try Self.dbNames(dir).filter { $0.hasPrefix("counter_5") }
        #expect(counters.count == 3)
        let before = kind == "link" ? try MultiprocScratch.render(python: python, dir) : ""
        for _ in 0..<2 {
            let result = try TestSupport.promkit(["clean", dir])
            #expect(result.status == 1, "\(result.stderrText)")
            let noun = kind == "folder" ? "is a folder" : "is a symbolic link"
            #expect(
                result.stderrText.contains("counter_archive.db \(noun), not an archive of ours"), "\(result.stderrText)"
            )
            #expect(counters.isSubset(of: try Self.dbNames(dir)), "counter files must stay")
            #expect(try Self.dbNames(dir).contains("histogram_archive.db"), "other types are folded")
            #expect(!(try Self.names(dir)).contains { $0.contains(".promkit-") && !$0.hasSuffix(".lock") })
        }
        if kind == "link" {
            let destination = try FileManager.default.destinationOfSymbolicLink(atPath: archive)
            #expect(destination == outside + "/held.db")
            let after = try MultiprocScratch.render(python: python, dir)
            #expect(TestSupport.familyBlocks(after) == TestSupport.familyBlocks(before))
        }
    }

    /// A stale file whose pid now belongs to an unrelated process that started
    /// after the file was last written (a container restart): folded by clean,
    /// deleted by --wipe, with totals unchanged.
    @Test func staleFileOfAReusedPidIsFoldedAndWiped() throws {
        guard let python = try TestSupport.python() else { return }
        let unrelated = Process()
        unrelated.executableURL = URL(fileURLWithPath: "/bin/sleep")
        unrelated.arguments = ["60"]
        try unrelated.run()
        defer {
            kill(unrelated.processIdentifier, SIGKILL)
            unrelated.waitUntilExit()
        }
        for wipe in [false, true] {
            let dir = try MultiprocScratch.dead(python: python, files: 2, age: 3600, kinds: "counter")
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let reused = dir + "/counter_\(unrelated.processIdentifier).db"
            // rename keeps the mtime an hour back, before the process started.
            #expect(rename(dir + "/counter_5000001.db", reused) == 0)
            let expected = TestSupport.familyBlocks(try MultiprocScratch.render(python: python, dir))
            let result = try TestSupport.promkit(["clean", dir] + (wipe ? ["--wipe"] : []))
            #expect(result.status == 0, "wipe \(wipe): \(result.stderrText)")
            #expect(!FileManager.default.fileExists(atPath: reused), "wipe \(wipe)")
            if !wipe {
                #expect(TestSupport.familyBlocks(try MultiprocScratch.render(python: python, dir)) == expected)
            } else {
                #expect(try Self.dbNames(dir).isEmpty)
            }
        }
    }

    /// --wipe deletes what no running process maps and keeps, and lists, what
    /// one does: a gunicorn master's own files under --preload, or a worker
    /// with a custom process_identifier that names no live pid. Exit 0, and
    /// the live files keep counting.
    @Test func wipeKeepsWhatALiveProcessMaps() throws {
        guard let python = try TestSupport.python() else { return }
        let dir = try MultiprocScratch.dead(python: python, files: 4, age: 3600, kinds: "counter,gauge_all")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let master = try Sentinel(python: python, dir: dir)
        defer { master.stop() }
        let custom = try Sentinel(python: python, dir: dir, identifier: 99999)
        defer { custom.stop() }
        let live = try Self.dbNames(dir).filter { $0.contains("_\(master.pid).db") || $0.contains("_99999.db") }
        #expect(live.count == 6)
        let plain = try TestSupport.promkit(["clean", dir])
        #expect(plain.status == 0, "\(plain.stderrText)")
        #expect(live.isSubset(of: try Self.dbNames(dir)))

        let dry = try TestSupport.promkit(["clean", "--wipe", "--dry-run", dir])
        #expect(dry.status == 0, "\(dry.stderrText)")
        let planned = dry.stdoutText.split(separator: "\n").filter { $0.hasPrefix("delete\t") }
        let result = try TestSupport.promkit(["clean", "--wipe", dir])
        #expect(result.status == 0, "\(result.stderrText)")
        #expect(try Self.dbNames(dir) == live, "only the mapped files stay")
        #expect(planned.count == 3, "the dry run lists the real run's deletions: \(dry.stdoutText)")
        #expect(result.stderrText.contains("in use: mapped by running process \(master.pid)"), "\(result.stderrText)")
        #expect(result.stderrText.contains("counter_99999.db: kept: in use"), "\(result.stderrText)")
        try master.more()
        try custom.more()
        let text = try MultiprocScratch.render(python: python, dir)
        #expect(MultiprocScratch.value(text, #"work_total{kind="job"}"#) == 20)
    }

    /// In another pid namespace nothing that writes the directory is visible:
    /// clean and --wipe refuse while files change, naming both causes, and
    /// change nothing.
    @Test func anotherPidNamespaceIsRefused() throws {
        guard let python = try TestSupport.python() else { return }
        guard let unshare = try TestSupport.requireTool("PROMKIT_UNSHARE", fallback: "/usr/bin/unshare") else { return }
        let dir = try MultiprocScratch.dead(python: python, files: 3, age: 3600, kinds: "counter")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let worker = try Sentinel(python: python, dir: dir)
        defer { worker.stop() }
        let before = try Self.dbNames(dir)
        for extra in [[], ["--wipe"]] {
            let result = try TestSupport.run(
                unshare,
                ["--pid", "--fork", "--mount-proc", TestSupport.promkitBinary, "clean", dir] + extra,
                environment: ["NO_COLOR": "1", "PATH": "/usr/bin:/bin"])
            #expect(result.status == 1, "\(extra): \(result.stderrText)")
            #expect(result.stderrText.contains("another pid namespace"), "\(result.stderrText)")
            #expect(result.stderrText.contains("the app stopped"), "\(result.stderrText)")
            #expect(try Self.dbNames(dir) == before)
        }
    }

    /// All workers recycled at once (gunicorn --max-requests), so every file
    /// changed moments ago and none is mapped: with the master visible (its
    /// environment names the directory) clean folds; with nothing visible it
    /// refuses and says both what may be the cause and the ways out.
    @Test func recycledWorkersWithAVisibleMasterAreFolded() throws {
        guard let python = try TestSupport.python() else { return }
        let dir = try MultiprocScratch.dead(python: python, files: 4, age: 5, kinds: "counter,histogram")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let expected = TestSupport.familyBlocks(try MultiprocScratch.render(python: python, dir))
        let refused = try TestSupport.promkit(["clean", dir])
        #expect(refused.status == 1, "\(refused.stderrText)")
        #expect(refused.stderrText.contains("--assume-dead-after"), "\(refused.stderrText)")
        #expect(try Self.dbNames(dir).count == 4)

        let master = Process()
        master.executableURL = URL(fileURLWithPath: "/bin/sleep")
        master.arguments = ["60"]
        master.environment = ["PROMETHEUS_MULTIPROC_DIR": dir]
        try master.run()
        defer {
            kill(master.processIdentifier, SIGKILL)
            master.waitUntilExit()
        }
        let result = try TestSupport.promkit(["clean", dir])
        #expect(result.status == 0, "\(result.stderrText)")
        #expect(try Self.dbNames(dir) == ["counter_archive.db", "histogram_archive.db"])
        #expect(TestSupport.familyBlocks(try MultiprocScratch.render(python: python, dir)) == expected)
    }

    /// --quiet prints nothing on success, run after run, though dead workers'
    /// gauges in mode 'all' are kept; without it they are noted.
    @Test func quietIsQuietWithAllModeGauges() throws {
        guard let python = try TestSupport.python() else { return }
        let dir = try MultiprocScratch.dead(python: python, files: 6, age: 3600, kinds: "counter,gauge_all")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for _ in 0..<2 {
            let result = try TestSupport.promkit(["clean", "--quiet", dir])
            #expect(result.status == 0)
            #expect(result.stdoutText.isEmpty, "\(result.stdoutText)")
            #expect(result.stderrText.isEmpty, "\(result.stderrText)")
        }
        let loud = try TestSupport.promkit(["clean", dir])
        #expect(loud.stderrText.contains("mode 'all'"), "\(loud.stderrText)")
    }

    /// A dry run's counts are the real run's: files, archives and bytes freed.
    @Test func dryRunReportsWhatTheRunDoes() throws {
        guard let python = try TestSupport.python() else { return }
        let dir = try MultiprocScratch.dead(
            python: python, files: 12, age: 3600, kinds: "counter,histogram,gauge_livesum,gauge_max")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let dry = try Self.json(try TestSupport.promkit(["clean", "--dry-run", "--json", dir]).stdout)
        let real = try Self.json(try TestSupport.promkit(["clean", "--json", dir]).stdout)
        func paths(_ report: [String: Any], _ key: String) -> [String] {
            ((report[key] as? [[String: Any]]) ?? []).compactMap { $0["path"] as? String }.sorted()
        }
        for key in ["folded", "deleted", "kept"] {
            #expect(paths(dry, key) == paths(real, key), "\(key)")
        }
        #expect((dry["archives"] as? [String])?.sorted() == (real["archives"] as? [String])?.sorted())
        #expect((dry["bytes_freed"] as? Int) == (real["bytes_freed"] as? Int), "\(dry) \(real)")
        #expect((real["folded"] as? [Any])?.count == 9)
    }

    /// A file listed empty (a worker creating it) is written before clean
    /// stages it: it goes back, with its counts, for the next run to fold;
    /// it is never deleted unread. Exit 0: nothing is wrong.
    @Test func fileWrittenAfterItWasListedIsPutBack() throws {
        guard let python = try TestSupport.python() else { return }
        let dir = try MultiprocScratch.dead(python: python, files: 2, age: 3600, kinds: "counter")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let growing = dir + "/counter_5000100.db"
        #expect(FileManager.default.createFile(atPath: growing, contents: Data()))
        let gate = dir + "-gate"
        defer {
            unlink(gate)
            unlink(gate + ".reached")
        }
        var environment = ProcessInfo.processInfo.environment
        environment["PROMKIT_TEST_CLEAN_HOOK"] = "pause:planned:\(gate)"
        environment["NO_COLOR"] = "1"
        let clean = Process()
        clean.executableURL = URL(fileURLWithPath: TestSupport.promkitBinary)
        // The app is gone: files changed a moment ago are dead all the same.
        clean.arguments = ["clean", dir, "--assume-dead-after", "0s"]
        clean.environment = environment
        let errors = Pipe()
        clean.standardError = errors
        clean.standardOutput = Pipe()
        try clean.run()
        for _ in 0..<1000 where !FileManager.default.fileExists(atPath: gate + ".reached") { usleep(10_000) }
        // The worker's bytes arrive after the listing: one counter entry of 7.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: dir + "/counter_5000000.db"))
        try bytes.write(to: URL(fileURLWithPath: growing))
        _ = FileManager.default.createFile(atPath: gate, contents: Data())
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        clean.waitUntilExit()
        #expect(clean.terminationStatus == 0, "\(stderr)")
        #expect(stderr.contains("written since it was listed"), "\(stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: growing)) == bytes)
        let again = try TestSupport.promkit(["clean", dir, "--assume-dead-after", "0s"])
        #expect(again.status == 0, "\(again.stderrText)")
        #expect(!FileManager.default.fileExists(atPath: growing), "folded by the next run")
    }

    /// A file whose name is not UTF-8 is read as prometheus_client reads it
    /// (render equals Python's), shown escaped, and never touched by clean.
    @Test func nameThatIsNotUTF8IsReadAsPythonReadsIt() throws {
        guard let python = try TestSupport.python() else { return }
        let dir = try MultiprocScratch.dead(python: python, files: 2, age: 3600, kinds: "counter")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let bytes = try Data(contentsOf: URL(fileURLWithPath: dir + "/counter_5000000.db"))
        let raw = Array((dir + "/counter_").utf8) + [0xFF] + Array(".db".utf8) + [0]
        let descriptor = raw.withUnsafeBufferPointer { pointer in
            pointer.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_WRONLY | O_CREAT, 0o644) }
        }
        #expect(descriptor >= 0)
        _ = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
        let expected = TestSupport.familyBlocks(try MultiprocScratch.render(python: python, dir))
        let render = try TestSupport.promkit(["render", dir])
        #expect(render.status == 0, "\(render.stderrText)")
        #expect(TestSupport.familyBlocks(render.stdoutText) == expected)
        let inspect = try TestSupport.promkit(["inspect", dir])
        #expect(inspect.stdoutText.contains(#"counter_\xff.db"#), "\(inspect.stdoutText)")
        let clean = try TestSupport.promkit(["clean", dir])
        #expect(clean.status == 0, "\(clean.stderrText)")
        #expect(clean.stderrText.contains("name is not UTF-8: read, never touched"), "\(clean.stderrText)")
        #expect(TestSupport.familyBlocks(try MultiprocScratch.render(python: python, dir)) == expected)
    }

    /// A temporary journal left by a run killed while writing it is swept.
    @Test func journalTemporaryOfAKilledRunIsSwept() throws {
        guard let python = try TestSupport.python() else { return }
        let dir = try MultiprocScratch.dead(python: python, files: 2, age: 3600, kinds: "counter")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let leftover = dir + "/..promkit-clean.journal.promkit-tmp-\(getpid())"
        #expect(FileManager.default.createFile(atPath: leftover, contents: Data("promkit-clean-jour".utf8)))
        let result = try TestSupport.promkit(["clean", dir])
        #expect(result.status == 0, "\(result.stderrText)")
        #expect(!FileManager.default.fileExists(atPath: leftover))
    }
}

/// promkit's readers hold the directory's lock shared, so a fold is seen whole
/// or not at all, and a fold left half done by a crash is not read.
@Suite(.serialized) struct CleanReadersCLITests {
    /// A reader that meets a fold in its publishing window waits, and gives up
    /// with exit 2 after --lock-wait rather than print a total that never was;
    /// after the fold it reads the same totals as before.
    @Test func readerWaitsForAFoldInItsWindow() throws {
        guard let python = try TestSupport.python() else { return }
        let dir = try MultiprocScratch.dead(python: python, files: 6, age: 3600, kinds: "counter,histogram")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let expected = TestSupport.familyBlocks(try MultiprocScratch.render(python: python, dir))
        let gate = dir + "-gate"
        defer {
            unlink(gate)
            unlink(gate + ".reached")
        }
        var environment = ProcessInfo.processInfo.environment
        environment["PROMKIT_TEST_CLEAN_HOOK"] = "pause:stage:\(gate)"
        let clean = Process()
        clean.executableURL = URL(fileURLWithPath: TestSupport.promkitBinary)
        clean.arguments = ["clean", dir]
        clean.environment = environment
        clean.standardOutput = Pipe()
        clean.standardError = Pipe()
        try clean.run()
        for _ in 0..<1000 where !FileManager.default.fileExists(atPath: gate + ".reached") { usleep(10_000) }
        let output = dir + "-merged"
        defer { try? FileManager.default.removeItem(atPath: output) }
        for command in [["render"], ["inspect"], ["merge", "-o", output]] {
            let result = try TestSupport.promkit(command + [dir, "--lock-wait", "300ms"])
            #expect(result.status == 2, "\(command): \(result.stderrText)")
            #expect(result.stderrText.contains("a promkit clean is folding files"), "\(result.stderrText)")
            #expect(result.stdoutText.isEmpty)
        }
        _ = FileManager.default.createFile(atPath: gate, contents: Data())
        clean.waitUntilExit()
        #expect(clean.terminationStatus == 0)
        let after = try TestSupport.promkit(["render", dir])
        #expect(after.status == 0, "\(after.stderrText)")
        #expect(TestSupport.familyBlocks(after.stdoutText) == expected)
    }

    /// A fold killed between its first staging rename and its commit leaves
    /// totals that never existed: readers refuse (exit 2) until the next clean
    /// rolls it back, and then read the totals of before.
    @Test func interruptedFoldIsNotReadUntilRolledBack() throws {
        guard let python = try TestSupport.python() else { return }
        let dir = try MultiprocScratch.dead(python: python, files: 2, age: 3600, kinds: "counter")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let expected = TestSupport.familyBlocks(try MultiprocScratch.render(python: python, dir))
        var environment = ProcessInfo.processInfo.environment
        // locked 1, planned 2, write 3, lock readers 4, journal begin 5, stage 6, stage 7.
        environment["PROMKIT_TEST_CLEAN_HOOK"] = "kill:7"
        let killed = try TestSupport.run(TestSupport.promkitBinary, ["clean", dir], environment: environment)
        #expect(killed.status != 0)
        let refused = try TestSupport.promkit(["render", dir])
        #expect(refused.status == 2, "\(refused.stdoutText)")
        #expect(refused.stderrText.contains("interrupted in the middle of a fold"), "\(refused.stderrText)")
        let rerun = try TestSupport.promkit(["clean", dir])
        #expect(rerun.status == 0, "\(rerun.stderrText)")
        #expect(rerun.stderrText.contains("rolled back"), "\(rerun.stderrText)")
        let after = try TestSupport.promkit(["render", dir])
        #expect(TestSupport.familyBlocks(after.stdoutText) == expected)
    }
}
