// libFuzzer target: the exposition parser. The first byte picks the grammar and
// where the input is split into two chunks; both ways must agree exactly.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzExpositionParser(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size > 0 else { return 0 }
    let input = UnsafeRawBufferPointer(start: data + 1, count: size - 1)
    let format: ExpositionFormatKind = data[0] & 1 == 0 ? .text : .openmetrics
    let whole = ExpositionParser.parse(input, format: format)
    var chunked = ExpositionParser(format: format)
    let split = input.isEmpty ? 0 : Int(data[0] >> 1) % (input.count + 1)
    chunked.feed(UnsafeRawBufferPointer(rebasing: input[0..<split]))
    chunked.feed(UnsafeRawBufferPointer(rebasing: input[split...]))
    let second = chunked.finish()
    if whole.findings != second.findings || whole.errorCount != second.errorCount
        || whole.sampleLines != second.sampleLines || !same(whole.families, second.families)
    {
        fatalError("chunked parse differs from whole parse")
    }
    return 0
}

/// Families equal field by field, numbers by bit pattern (NaN equals NaN).
func same(_ a: [MetricFamily], _ b: [MetricFamily]) -> Bool {
    guard a.count == b.count else { return false }
    for (x, y) in zip(a, b) {
        guard x.name == y.name, x.type == y.type, x.help == y.help, x.unit == y.unit,
            x.samples.count == y.samples.count
        else { return false }
        for (s, t) in zip(x.samples, y.samples) {
            guard s.name == t.name, s.labels == t.labels, s.value.bitPattern == t.value.bitPattern,
                s.timestamp?.bitPattern == t.timestamp?.bitPattern,
                s.exemplar?.labels == t.exemplar?.labels,
                s.exemplar?.value.bitPattern == t.exemplar?.value.bitPattern,
                s.exemplar?.timestamp?.bitPattern == t.exemplar?.timestamp?.bitPattern
            else { return false }
        }
    }
    return true
}
