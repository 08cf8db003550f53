import Foundation
import PromKit
import TestSupport
import Testing

/// Builds `.db` bytes by hand: the layout rules, written out independently of the reader.
enum DBBytes {
    static func file(_ entries: [(key: String, value: Double, timestamp: Double)], layout: DBLayout) -> [UInt8] {
        var body: [UInt8] = []
        for entry in entries {
            let key = Array(entry.key.utf8)
            append(Int32(key.count), to: &body)
            body += key
            body += Array(repeating: UInt8(ascii: " "), count: 8 - (key.count + 4) % 8)
            append(entry.value.bitPattern, to: &body)
            if layout == .v2 { append(entry.timestamp.bitPattern, to: &body) }
        }
        var bytes: [UInt8] = []
        append(Int32(8 + body.count), to: &bytes)
        bytes += [0, 0, 0, 0] + body
        bytes += Array(repeating: 0, count: max(0, 65536 - bytes.count))
        return bytes
    }

    static func append<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
    }

    static func write(_ bytes: [UInt8], name: String, in folder: String) throws -> String {
        let path = folder + "/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }
}

@Suite struct DBReaderTests {
    static let key = #"["c", "c_total", {"a": "x"}, "help"]"#

    @Test(arguments: [DBLayout.v1, .v2], [1, 2, 5])
    func detectsLayoutByExactLanding(layout: DBLayout, count: Int) throws {
        let folder = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let entries = (0..<count).map { index in
            (
                key: #"["c", "c_total", {"i": "\#(String(repeating: "x", count: index))"}, "h"]"#,
                value: Double(index) + 0.5, timestamp: 0.0
            )
        }
        let path = try DBBytes.write(DBBytes.file(entries, layout: layout), name: "counter_1.db", in: folder)
        let file = try DBFile.read(path)
        #expect(file.region.layout == layout)
        #expect(file.entries.map(\.value) == entries.map(\.value))
        #expect(file.entries.first?.offset == 8)
    }

    @Test func emptyHeaderHasNoEntries() throws {
        let folder = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = try DBBytes.write(Array(repeating: 0, count: 65536), name: "counter_1.db", in: folder)
        let file = try DBFile.read(path)
        #expect(file.entries.isEmpty)
        #expect(file.region.used == 0)
    }

    @Test(arguments: [
        (
            #"["m", "m_total", {"b": "2", "a": "1"}, "h"]"#, "m", [Label("a", "1"), Label("b", "2")], "h",
            DBKey.Shape.current
        ),
        (#"["m", "m", {"a": "1"}]"#, "m", [Label("a", "1")], "", .withoutHelp),
        (#"["m", "m", ["a", "b"], ["1", "2"]]"#, "m", [Label("a", "1"), Label("b", "2")], "", .labelLists),
        (
            #"["m", "m", {"p": "\"q\"\\\n\t\/\b\f\r"}, "\u00e9\ud83d\ude00"]"#, "m",
            [Label("p", "\"q\"\\\n\t/\u{08}\u{0C}\r")], "é😀", .current
        ),
        (#"["m", "m", {"a": "é"}, "raw UTF-8"]"#, "m", [Label("a", "é")], "raw UTF-8", .current),
    ])
    func decodesKeys(json: String, metric: String, labels: [Label], help: String, shape: DBKey.Shape) throws {
        let key = try Array(json.utf8).withUnsafeBytes { try DBKey.decode($0) }
        #expect(key.metricName == metric)
        #expect(key.labels == labels)
        #expect(key.help == help)
        #expect(key.shape == shape)
    }

    @Test(arguments: [
        #"["m", "m", {"a": "1"}, "h""#, #"{"m": 1}"#, #"["m", "m", {"a": 1}, "h"]"#,
        #"["m", "m", {"a": "\ud800"}, "h"]"#,
        #"["m", "m", {"a": "\x"}, "h"]"#, "[\"m\", \"m\", {\"a\": \"\u{01}\"}, \"h\"]", #"["m"]"#,
        #"["", "m", {}, "h"]"#,
        #"["m", "m", {}, "h"] x"#,
    ])
    func rejectsBadKeys(json: String) {
        #expect(throws: KeyError.self) { try Array(json.utf8).withUnsafeBytes { try DBKey.decode($0) } }
    }

    /// Keys round-trip through Python's exact encoding.
    @Test func encodesAsPythonJSONDumps() throws {
        let key = DBKey(
            metricName: "m", sampleName: "m_total", labels: [Label("b", "é\n😀\"\u{7F}"), Label("a", "1")], help: "h\\")
        let text = String(decoding: key.encoded, as: UTF8.self)
        #expect(text == #"["m", "m_total", {"a": "1", "b": "\u00e9\n\ud83d\ude00\"\u007f"}, "h\\"]"#)
        let decoded = try key.encoded.withUnsafeBytes { try DBKey.decode($0) }
        #expect(decoded == key)
    }

    @Test(arguments: [
        ("counter_123.db", DBFileType.counter, nil as GaugeMode?, "123", Int32(123) as Int32?),
        ("counter_archive.db", .counter, nil, "archive", nil),
        ("histogram_7.db", .histogram, nil, "7", 7),
        ("gauge_livesum_42.db", .gauge, .livesum, "42", 42),
        ("gauge_mostrecent_9.db", .gauge, .mostrecent, "9", 9),
    ])
    func parsesFileNames(name: String, type: DBFileType, mode: GaugeMode?, pid: String, processID: Int32?) throws {
        let parsed = try DBFileName.parse(name).get()
        #expect(parsed.type == type)
        #expect(parsed.mode == mode)
        #expect(parsed.pid == pid)
        #expect(parsed.processID == processID)
        #expect(parsed.fileName == name)
    }

    @Test(arguments: [
        ("info_1.db", DBFileName.Problem.unknownType("info")),
        ("gauge_median_1.db", .unknownGaugeMode("median")),
        ("gauge_all.db", .malformedGaugeName),
        ("counter_1.txt", .notDB),
        (".counter_1.db", .hidden),
    ])
    func rejectsFileNames(name: String, problem: DBFileName.Problem) {
        #expect(throws: problem) { try DBFileName.parse(name).get() }
    }
}
