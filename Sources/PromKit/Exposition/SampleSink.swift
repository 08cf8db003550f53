/// Takes each sample as the parser reads it, so that a consumer can fold an
/// exposition of any size without the parser keeping its samples.
protocol SampleSink: AnyObject {
    /// One sample of the family the parser numbers `family`; `labels` is valid
    /// during the call only.
    func sample(name: String, labels: LabelRuns, value: Double, family: Int, line: Int)
}

/// A sample's labels as byte runs (unescaped), valid while their bytes are.
struct LabelRuns {
    /// Where one label's name and value lie in ``base``.
    struct Span {
        var nameStart: Int
        var nameEnd: Int
        var valueStart: Int
        var valueEnd: Int
    }

    let base: UnsafeRawBufferPointer
    let spans: UnsafeBufferPointer<Span>

    var count: Int { spans.count }

    func name(_ index: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: base[spans[index].nameStart..<spans[index].nameEnd])
    }

    func value(_ index: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: base[spans[index].valueStart..<spans[index].valueEnd])
    }

    /// Calls `body` with `labels` laid out in `scratch`, whose storage is reused.
    static func with<Result>(
        _ labels: [Label], scratch: inout [UInt8], spans: inout [Span], _ body: (LabelRuns) -> Result
    ) -> Result {
        scratch.removeAll(keepingCapacity: true)
        spans.removeAll(keepingCapacity: true)
        for label in labels {
            let nameStart = scratch.count
            scratch.append(contentsOf: label.name.utf8)
            let valueStart = scratch.count
            scratch.append(contentsOf: label.value.utf8)
            spans.append(
                Span(nameStart: nameStart, nameEnd: valueStart, valueStart: valueStart, valueEnd: scratch.count))
        }
        return scratch.withUnsafeBytes { base in
            spans.withUnsafeBufferPointer { body(LabelRuns(base: base, spans: $0)) }
        }
    }
}
