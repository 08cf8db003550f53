import Foundation
import PromKit
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite struct DBFileWriterTests {
    /// Entries with awkward keys and values: non-ASCII, escapes, special floats.
    static func sampleEntries(count: Int = 6) -> [DBFileWriter.Entry] {
        let values: [Double] = [0, 1.5, -0.0, .infinity, -.infinity, 1e300, .leastNonzeroMagnitude, 42]
        return (0..<count).map { index in
            let key = DBKey(
                metricName: "m\(index % 3)_ü", sampleName: "m\(index % 3)_ü_total",
                labels: [Label("path", "/x\"\\\n😀\(index)"), Label("a", "\(index)")],
                help: "help \(index) 日本")
            return DBFileWriter.Entry(key: key, value: values[index % values.count], timestamp: Double(index) * 1.25)
        }
    }

    @Test(arguments: DBLayout.allCases, [1, 2, 7, 800])
    func roundTrips(layout: DBLayout, count: Int) throws {
        let folder = try TestSupport.temporaryDirectory("writer")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/counter_1.db"
        let entries = Self.sampleEntries(count: count)
        try DBFileWriter.write(entries, layout: layout, to: path)
        let file = try DBFile.read(path)
        #expect(file.region.layout == layout)
        #expect(file.entries.count == count)
        for (written, read) in zip(entries, file.entries) {
            #expect(read.key == written.key)
            #expect(read.value.bitPattern == written.value.bitPattern)
            #expect(read.timestamp == (layout == .v2 ? written.timestamp : 0))
        }
        // 65,536 bytes, doubled until the entries fit; zero past used.
        var size = 1 << 16
        while file.region.used > size { size *= 2 }
        #expect(file.region.size == size)
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(bytes.count == size)
        #expect(bytes[file.region.used...].allSatisfy { $0 == 0 })
        #expect(bytes[4..<8].allSatisfy { $0 == 0 })
    }

    @Test func paddingIsOneToEightSpaces() throws {
        for length in 1...16 {
            let key = DBKey(metricName: String(repeating: "a", count: length), sampleName: "s", labels: [], help: "")
            let bytes = try DBFileWriter.encode([DBFileWriter.Entry(key: key, value: 1)], layout: .v2)
            let keyLength = key.encoded.count
            let padding = 8 - (keyLength + 4) % 8
            #expect((1...8).contains(padding))
            #expect(bytes[(12 + keyLength)..<(12 + keyLength + padding)].allSatisfy { $0 == 0x20 })
            #expect((12 + keyLength + padding) % 8 == 0)
        }
    }

    @Test func keepsModeAndOwner() throws {
        let folder = try TestSupport.temporaryDirectory("writer")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/counter_archive.db"
        let ownership = DBFileWriter.Ownership(mode: 0o640, owner: getuid(), group: 4)
        try DBFileWriter.write(Self.sampleEntries(), layout: .v2, to: path, ownership: ownership)
        #expect(DBFileWriter.Ownership.of(path)?.mode == 0o640)
        if getuid() == 0 { #expect(DBFileWriter.Ownership.of(path)?.group == 4) }
    }

    /// The real prometheus_client reads every entry back bit for bit, and can
    /// open the file as a live worker and append to it.
    @Test(arguments: [DBLayout.v2, .v1])
    func pythonReadsWhatWeWrite(layout: DBLayout) throws {
        let interpreter = layout == .v2 ? try TestSupport.python() : try TestSupport.oldPython()
        guard let python = interpreter else { return }
        let folder = try TestSupport.temporaryDirectory("writer")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/counter_1.db"
        for count in [1, 5, 900] {
            let entries = Self.sampleEntries(count: count)
            try DBFileWriter.write(entries, layout: layout, to: path)
            let result = try TestSupport.run(python, [TestSupport.tool("mp_tool.py"), "entries", path])
            #expect(result.status == 0, "\(result.stderrText)")
            let lines = result.stdoutText.split(separator: "\n")
            #expect(lines.count == count)
            for (line, entry) in zip(lines, entries) {
                let item = try #require(
                    try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [Any])
                #expect(item[0] as? String == String(decoding: entry.key.encoded, as: UTF8.self))
                let value = try #require(Double(item[1] as? String ?? ""))
                #expect(value.bitPattern == entry.value.bitPattern)
                if layout == .v2 {
                    #expect(Double(item[2] as? String ?? "") == entry.timestamp)
                }
            }
        }
        let appended = try TestSupport.run(
            python, [TestSupport.tool("mp_tool.py"), "append", path, #"["n", "n_total", {}, "h"]"#, "7"])
        #expect(appended.status == 0, "\(appended.stderrText)")
        let file = try DBFile.read(path)
        #expect(file.entries.count == 901)
        #expect(file.entries.last?.value == 7)
    }
}
