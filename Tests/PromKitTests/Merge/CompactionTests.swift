import Foundation
import PromKit
import TestSupport
import Testing

@Suite struct CompactionTests {
    private func fold(_ folder: String) throws -> (outputs: [Compaction.Output], into: String) {
        let listing = try MultiprocDirectory.scan(folder)
        let outputs = try Compaction.fold(listing.dbFiles.map { ($0.entry.path, $0.name) })
        let into = try TestSupport.temporaryDirectory("fold")
        for output in outputs where !output.entries.isEmpty {
            try DBFileWriter.write(
                output.entries, layout: output.layout ?? .v2,
                to: into + "/" + output.target.fileName(label: "archive").fileName)
        }
        return (outputs, into)
    }

    private func render(_ folder: String) throws -> [String: [String]] {
        let merged = try MultiprocDirectory.scan(folder).merged()
        return TestSupport.familyBlocks(String(decoding: ExpositionFormat.text.render(merged.families), as: UTF8.self))
    }

    /// Folding the fixtures written by prometheus_client changes no rendered line.
    @Test(arguments: [("v2-0.26.0/db", DBLayout.v2), ("v1-0.17.1/db", .v1), ("sample", .v2)])
    func foldedRendersTheSame(fixture: String, layout: DBLayout) throws {
        let folder = TestSupport.fixture(fixture)
        let (outputs, into) = try fold(folder)
        defer { try? FileManager.default.removeItem(atPath: into) }
        #expect(outputs.allSatisfy { $0.layout == layout || $0.entries.isEmpty })
        #expect(try render(into) == render(folder))
        // One file per type and mode; all/liveall gauges one per pid.
        let inputs = try MultiprocDirectory.scan(folder).dbFiles
        let expected = Set(inputs.map { Compaction.Target($0.name) })
        #expect(Set(outputs.map(\.target)) == expected)
        for output in outputs {
            #expect(output.target.pid == nil || output.target.mode?.keepsPid == true)
        }
        for (entry, _) in try MultiprocDirectory.scan(into).dbFiles {
            let file = try DBFile.read(entry.path)
            #expect(
                !file.entries.contains { $0.key.sampleName.hasSuffix("_count") && entry.name.hasPrefix("histogram") })
        }
    }

    @Test func mostrecentKeepsTimestamps() throws {
        let folder = try TestSupport.temporaryDirectory("fold")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let key = DBKey(metricName: "g", sampleName: "g", labels: [], help: "h")
        try DBFileWriter.write(
            [.init(key: key, value: 1, timestamp: 100)], layout: .v2, to: folder + "/gauge_mostrecent_1.db")
        try DBFileWriter.write(
            [.init(key: key, value: 2, timestamp: 50)], layout: .v2, to: folder + "/gauge_mostrecent_2.db")
        let (outputs, into) = try fold(folder)
        defer { try? FileManager.default.removeItem(atPath: into) }
        #expect(outputs.count == 1)
        #expect(outputs.first?.entries == [.init(key: key, value: 1, timestamp: 100)])
    }

    @Test func mixedLayoutsNameTheFiles() throws {
        let folder = try TestSupport.temporaryDirectory("fold")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let key = DBKey(metricName: "c", sampleName: "c_total", labels: [], help: "h")
        try DBFileWriter.write([.init(key: key, value: 1)], layout: .v1, to: folder + "/counter_1.db")
        try DBFileWriter.write([.init(key: key, value: 2)], layout: .v2, to: folder + "/counter_2.db")
        let first = try DBFileName.parse("counter_1.db").get()
        let second = try DBFileName.parse("counter_2.db").get()
        #expect {
            _ = try Compaction.fold([(folder + "/counter_1.db", first), (folder + "/counter_2.db", second)])
        } throws: { error in
            let text = String(describing: error)
            return text.contains("counter_1.db") && text.contains("counter_2.db") && text.contains("mixed")
        }
    }
}
