import Foundation
import PromKit
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite struct CleanCLITests {
    /// `clean` renders as prometheus_client's mark_process_dead applied to every
    /// dead pid, for random directories of both layouts; v1 archives stay v1
    /// and 0.17.1 reads them.
    @Test(arguments: [(11, false), (12, false), (13, false), (14, true), (15, true)])
    func rendersLikeMarkProcessDead(seed: Int, old: Bool) throws {
        guard let python = old ? try TestSupport.oldPython() : try TestSupport.python() else { return }
        let out = try MultiprocScratch.random(python: python, seed: seed)
        defer { try? FileManager.default.removeItem(atPath: out) }
        let cleaned = try MultiprocScratch.copy(out + "/db")
        let marked = try MultiprocScratch.copy(out + "/db")
        defer {
            try? FileManager.default.removeItem(atPath: cleaned)
            try? FileManager.default.removeItem(atPath: marked)
        }
        // The children just exited: files are fresh and no pid is alive.
        let result = try TestSupport.promkit(["clean", cleaned, "--assume-dead-after", "0s", "--json"])
        #expect(result.status == 0, "\(result.stderrText)")
        let summary = try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any]
        #expect(((summary?["folded"] as? [Any])?.count ?? 0) > 0)
        try MultiprocScratch.markDead(python: python, marked, pids: try MultiprocScratch.pids(marked))
        let after = try MultiprocScratch.render(python: python, cleaned)
        let expected = try MultiprocScratch.render(python: python, marked)
        #expect(TestSupport.familyBlocks(after) == TestSupport.familyBlocks(expected))
        for name in try FileManager.default.contentsOfDirectory(atPath: cleaned) where name.hasSuffix("_archive.db") {
            let file = try DBFile.read(cleaned + "/" + name)
            #expect(file.region.layout == (old ? .v1 : .v2) || file.entries.isEmpty, "\(name)")
        }
        // Only archives and dead processes' `all` gauges remain.
        let left = try FileManager.default.contentsOfDirectory(atPath: cleaned).filter { $0.hasSuffix(".db") }
        #expect(left.allSatisfy { $0.hasSuffix("_archive.db") || $0.hasPrefix("gauge_all_") }, "\(left)")
        // A second run has nothing to do and changes nothing.
        let before = try MultiprocScratch.snapshot(cleaned)
        let again = try TestSupport.promkit(["clean", cleaned, "--assume-dead-after", "0s", "--quiet"])
        #expect(again.status == 0)
        #expect(again.stdout.isEmpty)
        #expect(try MultiprocScratch.snapshot(cleaned) == before)
    }

    @Test func olderThanDryRunAndSummary() throws {
        guard let python = try TestSupport.python() else { return }
        let dir = try MultiprocScratch.dead(python: python, files: 21, age: 3600)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let before = try MultiprocScratch.snapshot(dir)
        let expected = TestSupport.familyBlocks(try MultiprocScratch.render(python: python, dir))
        let young = try TestSupport.promkit(["clean", dir, "--older-than", "2h", "--json"])
        #expect(young.status == 0, "\(young.stderrText)")
        #expect(try MultiprocScratch.snapshot(dir).filter { $0.key.hasSuffix(".db") } == before)
        let dry = try TestSupport.promkit(["clean", dir, "--dry-run"])
        #expect(dry.status == 0)
        #expect(dry.stdoutText.contains("fold\t"))
        #expect(try MultiprocScratch.snapshot(dir).filter { $0.key.hasSuffix(".db") } == before)
        let result = try TestSupport.promkit(["clean", dir, "--older-than", "30m", "--json"])
        #expect(result.status == 0, "\(result.stderrText)")
        let summary = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        // 7 kinds x 3: counter, histogram, summary, gauge_sum, gauge_max fold; livesum deleted; all
        // retained (left on purpose, not a failure: "kept" counts files that could not be cleaned).
        #expect((summary["folded"] as? [Any])?.count == 15)
        #expect((summary["deleted"] as? [Any])?.count == 3)
        #expect((summary["kept"] as? [Any])?.count == 0)
        #expect((summary["retained"] as? [Any])?.count == 3)
        #expect((summary["bytes_freed"] as? Int ?? 0) > 0)
        #expect(summary["dry_run"] as? Bool == false && summary["readers_held_seconds"] is Double)
        var withoutLive = expected
        withoutLive["g_livesum"] = nil
        #expect(TestSupport.familyBlocks(try MultiprocScratch.render(python: python, dir)) == withoutLive)
    }

    @Test func refusesInAnotherPidNamespace() throws {
        guard let python = try TestSupport.python() else { return }
        let dir = try MultiprocScratch.dead(python: python, files: 4, age: 0)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let before = try MultiprocScratch.snapshot(dir)
        let refused = try TestSupport.promkit(["clean", dir])
        #expect(refused.status == 1)
        #expect(refused.stderrText.contains("namespace"))
        let assumed = try TestSupport.promkit(["clean", dir, "--assume-dead-after", "1h"])
        #expect(assumed.status == 0, "\(assumed.stderrText)")
        #expect(try MultiprocScratch.snapshot(dir).filter { $0.key.hasSuffix(".db") } == before)
    }

    /// A second fold waits for the first's lock, then exits 1; a fold waits
    /// for readers that hold the directory, then exits 1 with nothing changed.
    @Test(arguments: [
        (".promkit-fold.lock", LOCK_EX, "another promkit clean"), (".promkit-clean.lock", LOCK_SH, "readers"),
    ])
    func waitsForTheLockThenExitsOne(file: String, operation: Int32, holder: String) throws {
        guard let python = try TestSupport.python() else { return }
        let dir = try MultiprocScratch.dead(python: python, files: 3, age: 3600, kinds: "counter")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let before = try MultiprocScratch.snapshot(dir)
        let descriptor = open(dir + "/" + file, O_RDWR | O_CREAT, 0o644)
        #expect(descriptor >= 0)
        defer { close(descriptor) }
        #expect(flock(descriptor, operation) == 0)
        let result = try TestSupport.promkit(["clean", dir, "--lock-wait", "300ms"])
        #expect(result.status == 1)
        #expect(result.stderrText.contains(holder), "\(result.stderrText)")
        #expect(try MultiprocScratch.snapshot(dir).filter { !$0.key.hasSuffix(".lock") } == before)
        flock(descriptor, LOCK_UN)
        #expect(try TestSupport.promkit(["clean", dir]).status == 0)
    }

    /// Links to files outside DIR, a link named like a `.db` file, a folder
    /// named like one, a dangling link and odd names come through untouched.
    @Test func linksFoldersAndOddNamesUntouched() throws {
        guard let python = try TestSupport.python() else { return }
        let dir = try MultiprocScratch.dead(python: python, files: 7, age: 3600)
        let outside = try MultiprocScratch.dead(python: python, files: 2, age: 3600, kinds: "counter")
        defer {
            try? FileManager.default.removeItem(atPath: dir)
            try? FileManager.default.removeItem(atPath: outside)
        }
        let manager = FileManager.default
        try manager.createSymbolicLink(
            atPath: dir + "/counter_6000001.db", withDestinationPath: outside + "/counter_5000000.db")
        try manager.createSymbolicLink(atPath: dir + "/gauge_livesum_6000002.db", withDestinationPath: dir + "/nowhere")
        try manager.createDirectory(atPath: dir + "/histogram_6000003.db", withIntermediateDirectories: false)
        try Data("x".utf8).write(to: URL(fileURLWithPath: dir + "/histogram_6000003.db/inner.db"))
        try Data("odd".utf8).write(to: URL(fileURLWithPath: dir + "/counters_6000004.db"))
        try Data("note".utf8).write(to: URL(fileURLWithPath: dir + "/README"))
        let outsideBefore = try MultiprocScratch.snapshot(outside)
        let untouched = [
            "counter_6000001.db", "gauge_livesum_6000002.db", "histogram_6000003.db", "counters_6000004.db", "README",
        ]
        let before = try MultiprocScratch.snapshot(dir).filter { untouched.contains($0.key) }
        let result = try TestSupport.promkit(["clean", dir])
        #expect(result.status == 0, "\(result.stderrText)")
        for name in untouched.dropLast() { #expect(result.stderrText.contains(name), "\(name) reported") }
        #expect(try MultiprocScratch.snapshot(dir).filter { untouched.contains($0.key) } == before)
        #expect(try MultiprocScratch.snapshot(dir + "/histogram_6000003.db") == ["inner.db": Data("x".utf8)])
        #expect(try MultiprocScratch.snapshot(outside) == outsideBefore)
        #expect(manager.fileExists(atPath: dir + "/counter_archive.db"))
    }

    /// --wipe keeps a file whose named process runs and started before it was
    /// written (this test process), deletes the rest, follows no link.
    @Test func wipeKeepsFilesOfALiveWriter() throws {
        guard let python = try TestSupport.python() else { return }
        let dir = try MultiprocScratch.dead(python: python, files: 3, age: 3600)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // This test process is alive and older than the copy: it may be the writer.
        let own = "counter_\(getpid()).db"
        let bytes = try Data(contentsOf: URL(fileURLWithPath: dir + "/counter_5000000.db"))
        #expect(FileManager.default.createFile(atPath: dir + "/" + own, contents: bytes))
        try FileManager.default.createSymbolicLink(atPath: dir + "/summary_1.db", withDestinationPath: "/etc/hostname")
        let wiped = try TestSupport.promkit(["clean", "--wipe", dir, "--json"])
        #expect(wiped.status == 0, "\(wiped.stderrText)")
        #expect(wiped.stderrText.contains("\(own): kept: in use: pid \(getpid()) runs"), "\(wiped.stderrText)")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".db") }
        #expect(Set(names) == [own, "summary_1.db"])
        #expect(try TestSupport.promkit(["clean", "--force", dir]).status == 64)
    }

    /// Archives take the mode of the files they replace.
    @Test func archiveKeepsMode() throws {
        guard let python = try TestSupport.python() else { return }
        let dir = try MultiprocScratch.dead(python: python, files: 2, age: 3600, kinds: "counter")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for name in try FileManager.default.contentsOfDirectory(atPath: dir) {
            chmod(dir + "/" + name, 0o640)
        }
        #expect(try TestSupport.promkit(["clean", dir]).status == 0)
        let attributes = try FileManager.default.attributesOfItem(atPath: dir + "/counter_archive.db")
        #expect((attributes[.posixPermissions] as? Int) == 0o640)
    }

    /// Dead processes' `all` gauges are kept and reported, or deleted with
    /// --drop-dead-all-gauges; empty files are deleted; a damaged file is kept
    /// with its byte offset (exit 1); an orphan staged file whose name a new
    /// file took is folded too; an unreadable directory exits 2.
    @Test func allGaugesDamagedFilesAndOrphans() throws {
        guard let python = try TestSupport.python() else { return }
        let dir = try MultiprocScratch.dead(python: python, files: 6, age: 3600, kinds: "counter,gauge_all")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let manager = FileManager.default
        // An orphan left staged by an interrupted run, its name since taken.
        try manager.copyItem(atPath: dir + "/counter_5000000.db", toPath: dir + "/.counter_5000000.db.promkit-fold")
        // An empty file (a worker killed between creating and sizing it).
        try Data().write(to: URL(fileURLWithPath: dir + "/histogram_5000010.db"))
        // A damaged file: used points past the end.
        var damaged = try Data(contentsOf: URL(fileURLWithPath: dir + "/counter_5000002.db"))
        damaged.replaceSubrange(0..<4, with: [0xFF, 0xFF, 0x0F, 0x00])
        try damaged.write(to: URL(fileURLWithPath: dir + "/counter_5000012.db"))
        let script = "import os; [os.utime(os.path.join(d, n), (0, 1e9)) for d in ['\(dir)'] for n in os.listdir(d)]"
        #expect(try TestSupport.run(python, ["-c", script]).status == 0)

        let result = try TestSupport.promkit(["clean", dir, "--json"])
        #expect(result.status == 1, "\(result.stderrText)")
        #expect(result.stderrText.contains("counter_5000012.db: kept: cannot be read"))
        #expect(result.stderrText.contains("byte 0"))
        #expect(result.stderrText.contains("gauge_all_5000001.db: kept"))
        let names = Set(try manager.contentsOfDirectory(atPath: dir))
        #expect(names.contains("counter_5000012.db"))
        #expect(!names.contains("histogram_5000010.db"))
        #expect(!names.contains(".counter_5000000.db.promkit-fold"))
        #expect(names.filter { $0.hasPrefix("gauge_all_") }.count == 3)
        try manager.removeItem(atPath: dir + "/counter_5000012.db")
        let text = try MultiprocScratch.render(python: python, dir)
        // Counters of pids 0, 2, 4 (1, 3 and 5 per series) and the orphan (1 more).
        #expect(MultiprocScratch.value(text, #"jobs_total{route="/r0"}"#) == Double(1 + 3 + 5 + 1))

        let dropped = try TestSupport.promkit(["clean", dir, "--drop-dead-all-gauges"])
        #expect(dropped.status == 0, "\(dropped.stderrText)")
        #expect(try manager.contentsOfDirectory(atPath: dir).filter { $0.hasPrefix("gauge_all_") }.isEmpty)

        let missing = try TestSupport.promkit(["clean", dir + "/absent"])
        #expect(missing.status == 2)
        #expect(missing.stderrText.contains("absent"))
    }
}
