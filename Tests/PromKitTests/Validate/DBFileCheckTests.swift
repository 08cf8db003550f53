import Foundation
import PromKit
import TestSupport
import Testing

/// `.db` checks on real damaged files and on crafted bytes, each pointing at its byte offset.
@Suite struct DBFileCheckTests {
    /// A v2 (or v1) file: header, entries, then zeros up to `size`.
    static func file(
        _ entries: [(key: [UInt8], value: Double, timestamp: Double)], layout: DBLayout = .v2, size: Int = 4096,
        padding: UInt8 = 0x20
    ) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: 8)
        for entry in entries {
            withUnsafeBytes(of: Int32(entry.key.count).littleEndian) { bytes += $0 }
            bytes += entry.key
            bytes += [UInt8](repeating: padding, count: 8 - (entry.key.count + 4) % 8)
            withUnsafeBytes(of: entry.value.bitPattern.littleEndian) { bytes += $0 }
            if layout == .v2 { withUnsafeBytes(of: entry.timestamp.bitPattern.littleEndian) { bytes += $0 } }
        }
        withUnsafeBytes(of: Int32(bytes.count).littleEndian) { bytes.replaceSubrange(0..<4, with: $0) }
        return bytes + [UInt8](repeating: 0, count: max(0, size - bytes.count))
    }

    static func key(_ metric: String, _ sample: String, _ labels: [Label] = []) -> [UInt8] {
        DBKey(metricName: metric, sampleName: sample, labels: labels, help: "h").encoded
    }

    static func check(_ bytes: [UInt8], name: String) -> [String] {
        let parsed = try? DBFileName.parse(name).get()
        return bytes.withUnsafeBytes {
            DBFileCheck.check(bytes: $0, path: name, name: parsed, now: 1_800_000_000).findings
        }.map { "\($0.offset ?? -1) \($0.severity.rawValue) \($0.rule)" }
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var label: String
        var bytes: [UInt8]
        var name: String
        var expected: [String]
        var testDescription: String { label }
    }

    // Offsets: a key of 25 bytes (["a", "a_total", {}, "h"]) at entry 8 ends at 37, 3 spaces of
    // padding, the value at 40; ["g", "g", {}, "h"] is 19 bytes: value at 32, timestamp at 40.
    static let cases: [Case] = [
        Case(label: "clean counter", bytes: file([(key("a", "a_total"), 3, 0)]), name: "counter_1.db", expected: []),
        Case(
            label: "clean v1", bytes: file([(key("a", "a_total"), 3, 0), (key("b", "b_total"), 1, 0)], layout: .v1),
            name: "counter_1.db", expected: []),
        Case(
            label: "counter sample name", bytes: file([(key("a", "a"), 3, 0)]), name: "counter_1.db",
            expected: ["8 error sample-name"]),
        Case(
            label: "bucket without le", bytes: file([(key("h", "h_bucket"), 1, 0)]), name: "histogram_1.db",
            expected: ["8 error sample-name"]),
        Case(
            label: "negative counter", bytes: file([(key("a", "a_total"), -1, 0)]), name: "counter_1.db",
            expected: ["40 error value"]),
        Case(
            label: "NaN bucket", bytes: file([(key("h", "h_bucket", [Label("le", "1.0")]), .nan, 0)]),
            name: "histogram_1.db", expected: ["56 error value"]),
        Case(
            label: "timestamp outside mostrecent", bytes: file([(key("g", "g"), 1, 5)]), name: "gauge_all_1.db",
            expected: ["40 error timestamp"]),
        Case(
            label: "mostrecent plausible", bytes: file([(key("g", "g"), 1, 1_700_000_000)]),
            name: "gauge_mostrecent_1.db", expected: []),
        Case(
            label: "mostrecent implausible", bytes: file([(key("g", "g"), 1, 5)]), name: "gauge_mostrecent_1.db",
            expected: ["40 error timestamp"]),
        Case(
            label: "padding", bytes: file([(key("a", "a_total"), 3, 0)], padding: 0x41), name: "counter_1.db",
            expected: ["37 error padding"]),
        Case(
            label: "duplicate key", bytes: file([(key("a", "a_total"), 3, 0), (key("a", "a_total"), 1, 0)]),
            name: "counter_1.db", expected: ["56 error duplicate-key"]),
        Case(
            label: "tail not zero", bytes: file([(key("a", "a_total"), 3, 0)]) + [7], name: "counter_1.db",
            expected: ["4096 warning tail-not-zero"]),
        Case(label: "empty", bytes: [], name: "counter_1.db", expected: ["0 error empty-file"]),
    ]

    @Test(arguments: cases)
    func crafted(_ testCase: Case) {
        #expect(Self.check(testCase.bytes, name: testCase.name) == testCase.expected)
    }

    @Test func damagedFixturesPointAtTheDamage() throws {
        let folder = TestSupport.fixture("damaged")
        let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/expected.json"))
        let expected = try #require(try JSONSerialization.jsonObject(with: data) as? [String: [String: Any]])
        #expect(expected.count == 9)
        for (kind, info) in expected {
            let file = try #require(info["file"] as? String)
            let low = try #require(info["offset"] as? Int)
            let high = try #require(info["byte_offset"] as? Int)
            let path = "\(folder)/\(kind)/\(file)"
            let findings = DBFileCheck.check(path: path, name: try? DBFileName.parse(file).get()).findings
            let errors = findings.filter { $0.severity == .error }
            #expect(errors.count == 1, "\(kind): \(findings)")
            let offset = try #require(errors.first?.offset)
            #expect(offset >= low && offset <= high, "\(kind): \(offset) not in \(low)...\(high)")
        }
    }

    @Test func directoryChecks() throws {
        let root = try TestSupport.temporaryDirectory("validate-dir")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let v2 = Self.file([(Self.key("a", "a_total"), 3, 0)])
        let v1 = Self.file([(Self.key("a", "a_total"), 3, 0), (Self.key("b", "b_total"), 1, 0)], layout: .v1)
        let otherHelp = Self.file([
            (DBKey(metricName: "a", sampleName: "a_total", labels: [], help: "other").encoded, 1, 0)
        ])
        let buckets1 = Self.file([(Self.key("h", "h_bucket", [Label("le", "1.0")]), 1, 0)])
        let buckets2 = Self.file([(Self.key("h", "h_bucket", [Label("le", "2.0")]), 1, 0)])
        try Data(v2).write(to: URL(fileURLWithPath: root + "/counter_1.db"))
        try Data(v1).write(to: URL(fileURLWithPath: root + "/counter_2.db"))
        try Data(otherHelp).write(to: URL(fileURLWithPath: root + "/counter_3.db"))
        try Data(buckets1).write(to: URL(fileURLWithPath: root + "/histogram_1.db"))
        try Data(buckets2).write(to: URL(fileURLWithPath: root + "/histogram_2.db"))
        try Data().write(to: URL(fileURLWithPath: root + "/counter_4.db"))
        try Data(v2).write(to: URL(fileURLWithPath: root + "/weird_5.db"))
        let findings = DirectoryCheck.check(try MultiprocDirectory.scan(root))
        let checks = Set(findings.map(\.rule))
        #expect(checks == ["mixed-layouts", "empty-file", "unknown-file", "family-help", "histogram-buckets"])
    }
}
