import Foundation
import TestSupport
import Testing

@Suite struct InspectCLITests {
    /// A folder with one sound file, one damaged file, a 0-byte file, an unknown file and a link.
    static func damagedDirectory() throws -> String {
        let folder = try TestSupport.temporaryDirectory("inspect")
        let manager = FileManager.default
        try manager.copyItem(
            atPath: TestSupport.fixture("sample") + "/" + (try firstSampleFile()), toPath: folder + "/counter_11.db")
        try manager.copyItem(
            atPath: TestSupport.fixture("damaged/truncated_entry/counter_7.db"), toPath: folder + "/counter_7.db")
        #expect(manager.createFile(atPath: folder + "/counter_1.db", contents: Data()))
        #expect(manager.createFile(atPath: folder + "/info_3.db", contents: Data(repeating: 0, count: 16)))
        try manager.createSymbolicLink(atPath: folder + "/counter_9.db", withDestinationPath: "/etc/passwd")
        return folder
    }

    static func firstSampleFile() throws -> String {
        let names = try FileManager.default.contentsOfDirectory(atPath: TestSupport.fixture("sample"))
        return try #require(names.sorted().first { $0.hasPrefix("counter_") })
    }

    /// One process's files together: by pid, then type and mode, whatever the directory's order.
    @Test func filesAreListedByProcess() throws {
        let result = try TestSupport.promkit(["inspect", "--json", TestSupport.fixture("sample")])
        let object = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        let files = try #require(object["files"] as? [[String: Any]])
        let keys = files.map { (Int($0["pid"] as? String ?? "") ?? Int.max, $0["name"] as? String ?? "") }
        #expect(keys.count == 11)
        #expect(keys.map(\.0) == keys.map(\.0).sorted(), "\(keys)")
        #expect(Array(keys.map(\.1).prefix(3)) == ["counter_9075.db", "gauge_livesum_9075.db", "histogram_9075.db"])
    }

    @Test func inspectsSampleAsJSON() throws {
        let result = try TestSupport.promkit(["inspect", "--json", TestSupport.fixture("sample")])
        #expect(result.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        let summary = try #require(object["summary"] as? [String: Any])
        let files = try #require(object["files"] as? [[String: Any]])
        #expect(summary["db_files"] as? Int == files.count)
        #expect(summary["families"] as? Int == 3)
        #expect(files.allSatisfy { $0["layout"] as? String == "v2" })
        #expect(files.allSatisfy { ($0["entries"] as? Int ?? 0) > 0 })
    }

    @Test func reportsDamageAndKeepsGoing() throws {
        let folder = try Self.damagedDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let result = try TestSupport.promkit(["inspect", folder])
        #expect(result.status == 0)
        let stderr = result.stderrText
        #expect(stderr.contains("counter_1.db: 0-byte file"))
        #expect(stderr.contains("counter_7.db: damaged: byte "))
        #expect(stderr.contains("info_3.db: unknown type prefix 'info'"))
        #expect(stderr.contains("counter_9.db: a link"))
        #expect(result.stdoutText.contains("counter_11.db"))
        #expect(result.stdoutText.contains("damaged"))
    }

    @Test func samplesListEveryEntry() throws {
        let result = try TestSupport.promkit(["inspect", "--samples", TestSupport.fixture("sample")])
        #expect(result.status == 0)
        #expect(result.stdoutText.contains("http_requests_total{"))
        #expect(result.stdoutText.contains("== counter_"))
    }

    @Test func renderRefusesDamagedDirectory() throws {
        let folder = try Self.damagedDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let result = try TestSupport.promkit(["render", folder])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderrText.contains(folder))
        #expect(result.stderrText.contains("byte "))

        let output = folder + "-out.txt"
        let refused = try TestSupport.promkit(["render", "--output", output, folder])
        #expect(refused.status == 2)
        #expect(!FileManager.default.fileExists(atPath: output))

        let skipped = try TestSupport.promkit(["render", "--skip-invalid", "--output", output, folder])
        defer { try? FileManager.default.removeItem(atPath: output) }
        #expect(skipped.status == 0)
        #expect(skipped.stdout.isEmpty)
        #expect(skipped.stderrText.contains("skipped"))
        let written = try String(contentsOfFile: output, encoding: .utf8)
        #expect(written.contains("# TYPE http_requests_total counter"))
    }

    @Test(arguments: ["json", "openmetrics"])
    func rendersOtherFormats(format: String) throws {
        let result = try TestSupport.promkit(["render", "--format", format, TestSupport.fixture("sample")])
        #expect(result.status == 0)
        if format == "json" {
            let families = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [[String: Any]])
            #expect(
                families.map { $0["name"] as? String }
                    == families.map { $0["name"] as? String }.sorted { ($0 ?? "") < ($1 ?? "") })
            #expect(families.count == 3)
        } else {
            #expect(result.stdoutText.hasSuffix("# EOF\n"))
        }
    }

    @Test func badFormatIsUsageError() throws {
        let result = try TestSupport.promkit(["render", "--format", "xml", TestSupport.fixture("sample")])
        #expect(result.status == 64)
        #expect(result.stdout.isEmpty)
    }
}
