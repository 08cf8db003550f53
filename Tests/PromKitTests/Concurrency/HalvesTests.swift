import Testing

@testable import PromKit

/// Work split over two threads must come back whole and in order.
@Suite struct HalvesTests {
    @Test(arguments: [0, 1, 2, 7, 1_000])
    func rangesCoverEverythingInOrder(count: Int) {
        let ranges = Halves.map(count, weight: { _ in 100 }, { $0 })
        #expect(ranges.flatMap { Array($0) } == Array(0..<count))
        #expect(ranges.count == (count > 1 && count * 100 >= Halves.minimumWeight ? 2 : 1))
        if ranges.count == 2 {
            #expect(abs(ranges[0].count - ranges[1].count) <= 1)
        }
    }

    @Test func oneHeavyItemStillSplitsTheRest() {
        let weights = [10_000, 1, 1, 1]
        let ranges = Halves.map(weights.count, weight: { weights[$0] }, { $0 })
        #expect(ranges == [0..<1, 1..<4])
    }

    /// Many families (enough for two threads): the exposition is each family's
    /// own rendering, one after the other, in every format.
    @Test func renderingInHalvesEqualsRenderingOneByOne() {
        let families = (0..<300).map { index in
            MetricFamily(
                name: "family_\(index)", type: index % 3 == 0 ? .counter : .gauge, help: "Help \(index).",
                samples: (0..<40).map {
                    Sample(
                        name: index % 3 == 0 ? "family_\(index)_total" : "family_\(index)",
                        labels: [Label("n", "\($0)")], value: Double($0))
                })
        }
        for format in [ExpositionFormat.text, .openmetrics] {
            let whole = format.render(families)
            var oneByOne = families.flatMap { family in
                format.render([family]).dropLast(format == .openmetrics ? 6 : 0)
            }
            if format == .openmetrics { oneByOne += Array("# EOF\n".utf8) }
            #expect(whole == oneByOne)
        }
    }

    @Test func runsCutInsideAFamilyOnlyWhereAllowed() {
        let counts = [100, 8_000, 100]
        let cut = Halves.sampleRuns(counts) { _ in true }
        #expect(cut.count == 2)
        #expect(cut[0].last == Halves.Piece(family: 1, samples: 0..<4_000, header: true))
        #expect(cut[1].first == Halves.Piece(family: 1, samples: 4_000..<8_000, header: false))
        let whole = Halves.sampleRuns(counts) { $0 != 1 }
        #expect(whole.map { $0.map(\.family) } == [[0, 1], [2]])
        #expect(whole.joined().allSatisfy { $0.header && $0.samples == 0..<counts[$0.family] })
        #expect(Halves.sampleRuns([10, 20]) { _ in true }.count == 1)
        for runs in [cut, whole] {
            var next = [0, 0, 0]
            for piece in runs.joined() {
                #expect(piece.samples.lowerBound == next[piece.family])
                #expect(piece.header == (piece.samples.lowerBound == 0))
                next[piece.family] = piece.samples.upperBound
            }
            #expect(next == counts)
        }
    }

    /// A family big enough to be cut between the two threads renders as its
    /// header and each sample's own line, in every format; a text family with
    /// OpenMetrics-only samples (written after the rest) is never cut.
    @Test(arguments: [false, true])
    func aFamilyCutInTwoRendersWhole(created: Bool) {
        let samples = (0..<10_000).map { index in
            Sample(
                name: created && index % 5 == 0 ? "big_created" : "big_total",
                labels: [Label("n", "\(index)"), Label("path", "/a\"b\\c\n")], value: Double(index) / 4)
        }
        let big = MetricFamily(name: "big", type: .counter, help: "Big.", samples: samples)
        let small = MetricFamily(
            name: "small", type: .gauge, help: "Small.", samples: [Sample(name: "small", labels: [], value: 1)])
        for format in [ExpositionFormat.text, .openmetrics] {
            func lines(_ family: MetricFamily) -> [UInt8] {
                Array(format.render([family]).dropLast(format == .openmetrics ? 6 : 0))
            }
            var expected = lines(small)
            if format == .text, created {
                // Text moves `_created` samples into a gauge of their own after the family.
                expected += lines(big)
            } else {
                let header = lines(MetricFamily(name: "big", type: .counter, help: "Big.", samples: []))
                expected += header
                for sample in samples {
                    let one = lines(MetricFamily(name: "big", type: .counter, help: "Big.", samples: [sample]))
                    expected += one.dropFirst(header.count)
                }
            }
            expected += lines(small)
            if format == .openmetrics { expected += Array("# EOF\n".utf8) }
            #expect(format.render([small, big, small]) == expected, "\(format)")
        }
    }
}
