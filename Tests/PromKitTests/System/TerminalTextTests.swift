import Foundation
import PromKit
import TestSupport
import Testing

/// Names shown to a person never carry a control character.
@Suite struct TerminalTextTests {
    @Test(arguments: [
        ("counter_1.db", "counter_1.db"),
        ("counter_1\n\u{1B}[31m.db", #"counter_1\n\x1b[31m.db"#),
        ("a\tb\rc", #"a\tb\rc"#),
        ("\u{0}\u{7}\u{1F}", #"\x00\x07\x1f"#),
        ("del\u{7F}", #"del\x7f"#),
        ("c1\u{85}\u{9B}31m", #"c1\x85\x9b31m"#),
        (#"back\slash"#, #"back\slash"#),
        ("é ü 日本 \u{A0}", "é ü 日本 \u{A0}"),
    ])
    func escapesControlCharacters(text: String, shown: String) {
        #expect(TerminalText.escaped(text) == shown)
    }

    /// The inspect table shows a hostile file name escaped, on one row.
    @Test func inspectionTableEscapesNames() throws {
        let folder = try TestSupport.temporaryDirectory("terminal")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let key = #"["c\u001b[2J", "c\u001b[2J_total", {"a": "\u001b]0;x\u0007"}, "h"]"#
        let name = "counter_1\n\u{1B}[31m.db"
        _ = try DBBytes.write(DBBytes.file([(key, 1, 0)], layout: .v2), name: name, in: folder)
        #expect(FileManager.default.createFile(atPath: folder + "/counter_2\u{1B}]0;x\u{7}.db", contents: Data()))
        let report = DirectoryInspection.inspect(
            try MultiprocDirectory.scan(folder), samples: true, now: Date().timeIntervalSince1970)
        #expect(report.files.contains { $0.name == name })  // the report itself keeps the exact name
        let text = InspectionTable(report).text
        #expect(!text.contains("\u{1B}") && !text.contains("\u{7}"))
        #expect(text.contains(#"counter_1\n\x1b[31m.db"#))
        #expect(text.contains(#"counter_2\x1b]0;x\x07.db"#))
        #expect(text.contains(#"c\x1b[2J_total"#))
        let rows = text.split(separator: "\n").filter { $0.hasPrefix("counter_") }
        #expect(rows.count == 3, "\(rows)")  // two table rows and the damaged file's line
    }
}
