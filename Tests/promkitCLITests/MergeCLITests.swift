import Foundation
import TestSupport
import Testing

@Suite struct MergeCLITests {
    /// Random directories merged, then rendered by the real collector, render
    /// as the input did; v1 directories from 0.17.1 merge into v1 files that
    /// 0.17.1 reads.
    @Test(arguments: [(1, false), (2, false), (3, false), (4, false), (5, true), (6, true)])
    func mergedRendersAsInput(seed: Int, old: Bool) throws {
        guard let python = old ? try TestSupport.oldPython() : try TestSupport.python() else { return }
        let out = try MultiprocScratch.random(python: python, seed: seed)
        defer { try? FileManager.default.removeItem(atPath: out) }
        let before = try MultiprocScratch.snapshot(out + "/db")
        let result = try TestSupport.promkit(["merge", out + "/db", "--output", out + "/merged"])
        #expect(result.status == 0, "\(result.stderrText)")
        #expect(try MultiprocScratch.snapshot(out + "/db") == before, "the input is never modified")
        let expected = try String(contentsOfFile: out + "/expected/text.txt", encoding: .utf8)
        let merged = try MultiprocScratch.render(python: python, out + "/merged")
        #expect(TestSupport.familyBlocks(merged) == TestSupport.familyBlocks(expected))
        let names = try FileManager.default.contentsOfDirectory(atPath: out + "/merged")
        #expect(names.count <= before.count)
        #expect(
            names.allSatisfy {
                $0.hasSuffix("_archive.db") || $0.hasPrefix("gauge_all") || $0.hasPrefix("gauge_liveall")
            })
    }

    @Test func refusesExistingOutputWithoutForce() throws {
        let out = try TestSupport.temporaryDirectory("merge")
        defer { try? FileManager.default.removeItem(atPath: out) }
        try Data("x".utf8).write(to: URL(fileURLWithPath: out + "/keep.txt"))
        let refused = try TestSupport.promkit(["merge", TestSupport.fixture("sample"), "--output", out])
        #expect(refused.status == 2)
        #expect(refused.stderrText.contains("--force"))
        #expect(refused.stdout.isEmpty)
        let forced = try TestSupport.promkit([
            "merge", TestSupport.fixture("sample"), "--output", out, "--force", "--json",
        ])
        #expect(forced.status == 0, "\(forced.stderrText)")
        let report = try JSONSerialization.jsonObject(with: forced.stdout) as? [String: Any]
        #expect(report?["layout"] as? String == "v2")
        #expect(FileManager.default.fileExists(atPath: out + "/keep.txt"))
        let sameAsInput = try TestSupport.promkit([
            "merge", TestSupport.fixture("sample"), "--output", TestSupport.fixture("sample"), "--force",
        ])
        #expect(sameAsInput.status == 2)
    }

    @Test func mixedLayoutsAreAnErrorNamingFiles() throws {
        let out = try TestSupport.temporaryDirectory("merge")
        defer { try? FileManager.default.removeItem(atPath: out) }
        let v1 = try FileManager.default.contentsOfDirectory(atPath: TestSupport.fixture("v1-0.17.1/db"))
            .filter { $0.hasPrefix("counter_") }.sorted()
        let v2 = try FileManager.default.contentsOfDirectory(atPath: TestSupport.fixture("v2-0.26.0/db"))
            .filter { $0.hasPrefix("counter_") }.sorted()
        let v1File = try #require(v1.first)
        let v2File = try #require(v2.first)
        try FileManager.default.createDirectory(atPath: out + "/in", withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: TestSupport.fixture("v1-0.17.1/db/\(v1File)"), toPath: out + "/in/counter_1.db")
        try FileManager.default.copyItem(
            atPath: TestSupport.fixture("v2-0.26.0/db/\(v2File)"), toPath: out + "/in/counter_2.db")
        let result = try TestSupport.promkit([
            "merge", out + "/in/counter_1.db", out + "/in/counter_2.db", "-o", out + "/o",
        ])
        #expect(result.status == 2)
        #expect(result.stderrText.contains("counter_1.db") && result.stderrText.contains("counter_2.db"))
    }
}
