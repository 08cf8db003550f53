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
