/// Splits work over `count` items into two runs of about equal weight, done at
/// once on two threads, for the steps that follow a merge (building samples,
/// rendering) and would otherwise leave the second core idle. Small work stays on
/// the calling thread.
enum Halves {
    /// Below this total weight one thread does it all.
    static let minimumWeight = 4096

    /// The weight of each of runs already split evenly (``sampleRuns(_:canCut:)``).
    static func evenly(_: Int) -> Int { minimumWeight }

    /// `body` over `0..<count` as one or two contiguous ranges, in order.
    static func map<Result: Sendable>(
        _ count: Int, weight: (Int) -> Int, _ body: @escaping @Sendable (Range<Int>) -> Result
    ) -> [Result] {
        var weights = [Int](repeating: 0, count: count)
        var total = 0
        for index in 0..<count {
            weights[index] = weight(index)
            total += weights[index]
        }
        guard count > 1, total >= minimumWeight else { return [body(0..<count)] }
        var split = 0
        var running = 0
        while split < count - 1, running + weights[split] <= total / 2 {
            running += weights[split]
            split += 1
        }
        split = max(split, 1)
        // Each thread returns its own result: nothing is shared while they run.
        let second = ThreadTask { [split] in body(split..<count) }
        let first = body(0..<split)
        return [first, second.join()]
    }

    /// A run of one family's samples to render, with its header or not.
    struct Piece: Equatable {
        var family: Int
        var samples: Range<Int>
        var header: Bool
    }

    /// The families whose sample counts are `counts` as one or two runs of
    /// pieces with about as many samples each, in order: the half may fall
    /// inside a family that `canCut`, which then ends the first run (with its
    /// header) and starts the second; otherwise runs end at a family's end.
    static func sampleRuns(_ counts: [Int], canCut: (Int) -> Bool) -> [[Piece]] {
        let whole = counts.indices.map { Piece(family: $0, samples: 0..<counts[$0], header: true) }
        let total = counts.reduce(0, +)
        guard total >= minimumWeight else { return [whole] }
        let half = total / 2
        var running = 0
        for (index, count) in counts.enumerated() {
            guard running + count > half else {
                running += count
                continue
            }
            let cut = half - running
            if cut > 0, canCut(index) {
                return [
                    Array(whole[..<index]) + [Piece(family: index, samples: 0..<cut, header: true)],
                    [Piece(family: index, samples: cut..<count, header: false)] + whole[(index + 1)...],
                ]
            }
            // Cut at the nearer end of this family, keeping both runs non-empty.
            let boundary = min(max(cut * 2 < count ? index : index + 1, 1), counts.count - 1)
            guard boundary > 0 else { return [whole] }
            return [Array(whole[..<boundary]), Array(whole[boundary...])]
        }
        return [whole]
    }
}
