import Foundation
import PromKit
import TestSupport
import Testing

/// Each kind of damage gets its own typed error naming the file and the byte offset.
@Suite struct DamagedFileTests {
    struct Case: Decodable {
        var kind: String
        var file: String
        var offset: Int
    }

    static let cases: [String: Case] = {
        let path = TestSupport.fixture("damaged/expected.json")
        guard let data = FileManager.default.contents(atPath: path),
            let decoded = try? JSONDecoder().decode([String: Case].self, from: data)
        else { return [:] }
        return decoded
    }()

    static func matches(_ problem: DBFileError.Problem, kind: String) -> Bool {
        switch (kind, problem) {
        case ("zero_bytes", .emptyFile), ("short_header", .shorterThanHeader), ("used_past_end", .usedPastEnd),
            ("used_inside_header", .usedInsideHeader), ("negative_length", .negativeLength),
            ("huge_length", .lengthPastUsed), ("truncated_entry", .truncatedEntry),
            ("truncated_entry", .lengthPastUsed), ("invalid_utf8", .invalidUTF8), ("invalid_json", .invalidKey):
            return true
        default:
            return false
        }
    }

    @Test func everyKindIsCovered() {
        #expect(Self.cases.count >= 9)
    }

    @Test(arguments: cases.keys.sorted())
    func damagedFileGivesTypedError(kind: String) throws {
        let damage = try #require(Self.cases[kind])
        let path = TestSupport.fixture("damaged/\(kind)/\(damage.file)")
        do {
            _ = try DBFile.read(path)
            Issue.record("\(kind): read without error")
        } catch {
            #expect(error.path == path)
            #expect(Self.matches(error.problem, kind: kind), "\(kind): \(error.problem)")
            if case .invalidUTF8 = error.problem {
                #expect(error.offset > damage.offset)  // inside the key that holds the bad byte
            } else if case .invalidKey = error.problem {
                #expect(error.offset > damage.offset)
            } else {
                #expect(error.offset == damage.offset, "\(kind): \(error)")
            }
            #expect(error.description.contains(path))
        }
        // The merge refuses the directory as a whole, and skips the file on request.
        let listing = try MultiprocDirectory.scan(TestSupport.fixture("damaged/\(kind)"))
        #expect(throws: DBFileError.self) { try listing.merged() }
        let skipped = try listing.merged(skipInvalid: true)
        #expect(skipped.skipped.count == 1)
        #expect(skipped.families.isEmpty)
    }
}

/// A damaged file among sound ones adds nothing: with `skipInvalid` the merge
/// equals the merge without it, whether files are added one by one or
/// through the reading thread.
@Suite struct SkippedFileTests {
    @Test(arguments: ["invalid_json", "truncated_entry", "invalid_utf8", "negative_length"])
    func damagedFileAddsNothing(kind: String) throws {
        let folder = try TestSupport.temporaryDirectory("skip")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let manager = FileManager.default
        let sample = TestSupport.fixture("sample")
        let names = try manager.contentsOfDirectory(atPath: sample).sorted()
        // The damaged file sits in the middle, so later files reuse key indices.
        for (index, name) in names.enumerated() {
            try manager.copyItem(atPath: sample + "/" + name, toPath: folder + "/" + name)
            if index == names.count / 2 {
                let damaged = try #require(
                    try manager.contentsOfDirectory(atPath: TestSupport.fixture("damaged/\(kind)")).first)
                try manager.copyItem(
                    atPath: TestSupport.fixture("damaged/\(kind)/\(damaged)"), toPath: folder + "/counter_99999.db")
            }
        }
        let expected = try MultiprocDirectory.scan(sample).merged().families
        let merged = try MultiprocDirectory.scan(folder).merged(skipInvalid: true)
        #expect(merged.skipped.count == 1)
        #expect(merged.families == expected)

        let oneByOne = MultiprocMerge()
        var failures = 0
        for (entry, name) in try MultiprocDirectory.scan(folder).dbFiles {
            do { try oneByOne.add(path: entry.path, name: name) } catch { failures += 1 }
        }
        #expect(failures == 1)
        #expect(oneByOne.families() == expected)
    }

    /// The same bad key in several files, on either reading thread: each file
    /// fails on its own (a reader that met the key once does not take it as known).
    @Test func sameBadKeyFailsEveryFile() throws {
        let folder = try TestSupport.temporaryDirectory("skip-repeat")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let manager = FileManager.default
        let sample = TestSupport.fixture("sample")
        for name in try manager.contentsOfDirectory(atPath: sample) {
            try manager.copyItem(atPath: sample + "/" + name, toPath: folder + "/" + name)
        }
        let damaged = try #require(
            try manager.contentsOfDirectory(atPath: TestSupport.fixture("damaged/invalid_json")).first)
        for pid in 99_991...99_994 {
            try manager.copyItem(
                atPath: TestSupport.fixture("damaged/invalid_json/\(damaged)"), toPath: folder + "/counter_\(pid).db")
        }
        let expected = try MultiprocDirectory.scan(sample).merged().families
        let merged = try MultiprocDirectory.scan(folder).merged(skipInvalid: true)
        #expect(merged.skipped.count == 4)
        #expect(Set(merged.skipped.map(\.offset)).count == 1)
        #expect(merged.families == expected)
    }
}
