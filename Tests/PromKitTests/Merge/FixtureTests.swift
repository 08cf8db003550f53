import Foundation
import PromKit
import TestSupport
import Testing

@Suite struct FixtureTests {
    /// Committed fixtures written by the real prometheus_client render as it recorded.
    @Test(arguments: [
        ("v2-0.26.0/db", "v2-0.26.0/expected/text.txt", DBLayout.v2),
        ("sample", "sample-expected/text.txt", DBLayout.v2),
    ])
    func rendersAsRecorded(directory: String, expected: String, layout: DBLayout) throws {
        let listing = try MultiprocDirectory.scan(TestSupport.fixture(directory))
        let merged = try listing.merged()
        let text = String(decoding: ExpositionFormat.text.render(merged.families), as: UTF8.self)
        let recorded = try String(contentsOfFile: TestSupport.fixture(expected), encoding: .utf8)
        #expect(TestSupport.familyBlocks(text) == TestSupport.familyBlocks(recorded))
        for (entry, _) in listing.dbFiles {
            let file = try DBFile.read(entry.path)
            #expect(file.region.layout == layout || file.region.layout == nil, "\(entry.name)")
        }
    }

    /// The v1 fixture (0.17.1) reads, single-entry files included, and merges to
    /// the same families 0.17.1 rendered (its number spelling aside).
    @Test func readsV1Layout() throws {
        let listing = try MultiprocDirectory.scan(TestSupport.fixture("v1-0.17.1/db"))
        var singleEntry = 0
        for (entry, _) in listing.dbFiles {
            let file = try DBFile.read(entry.path)
            #expect(file.region.layout == .v1, "\(entry.name)")
            if file.entries.count == 1 { singleEntry += 1 }
        }
        #expect(singleEntry > 0)
        let merged = try listing.merged()
        let text = String(decoding: ExpositionFormat.text.render(merged.families), as: UTF8.self)
        // 0.17.1 spells exponents with at least three digits (e+010); 0.26.0 with two.
        let recorded = try String(contentsOfFile: TestSupport.fixture("v1-0.17.1/expected/text.txt"), encoding: .utf8)
            .replacingOccurrences(of: #"e\+0(\d\d)"#, with: "e+$1", options: .regularExpression)
        #expect(TestSupport.familyBlocks(text) == TestSupport.familyBlocks(recorded))
    }
}

/// The merge lists samples in ``SampleOrder``: sorting its output again changes nothing.
@Suite struct MergeOrderTests {
    @Test(arguments: ["v2-0.26.0/db", "v1-0.17.1/db", "sample"])
    func mergedSamplesAreInStableOrder(directory: String) throws {
        let families = try MultiprocDirectory.scan(TestSupport.fixture(directory)).merged().families
        #expect(families.map(\.name) == families.map(\.name).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        for family in families {
            var resorted = family.samples
            SampleOrder.sort(&resorted)
            #expect(resorted == family.samples, "\(family.name)")
        }
    }
}
