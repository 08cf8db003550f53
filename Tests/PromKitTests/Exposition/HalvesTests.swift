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
}
