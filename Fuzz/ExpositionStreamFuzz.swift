// libFuzzer target: a streamed exposition with very long tokens. The input is
// a template in which a marker (0x01, a byte, a count) stands for a run of up
// to 4,096 copies of that byte: a long metric name, label value or HELP text
// wherever the fuzzer puts it. The parser's line bound is made small (16 to
// 2,056 bytes, from the second byte) so that short inputs reach it, and the
// exposition is fed in small chunks (1 to 64 bytes, from the first byte).
// Fed in chunks or whole, the result must be the same, and every line longer
// than the bound, and no other, must be one `line-too-long` error at its line.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzExpositionStream(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size >= 2 else { return 0 }
    let format: ExpositionFormatKind = data[0] & 1 == 0 ? .text : .openmetrics
    let chunk = 1 + Int(data[0] >> 1) % 64
    let limit = 16 + Int(data[1]) * 8
    var input: [UInt8] = []
    var index = 2
    while index < size, input.count < 1 << 16 {
        if data[index] == 0x01, index + 2 < size {
            input += [UInt8](repeating: data[index + 1], count: (Int(data[index + 2]) + 1) * 16)
            index += 3
        } else {
            input.append(data[index])
            index += 1
        }
    }
    var whole = ExpositionParser(format: format, keepSamples: true, maxFindings: 1 << 20, lineLimit: limit)
    whole.feed(input)
    let first = whole.finish()
    var streamed = ExpositionParser(format: format, keepSamples: true, maxFindings: 1 << 20, lineLimit: limit)
    input.withUnsafeBytes { bytes in
        var start = 0
        while start < bytes.count {
            streamed.feed(UnsafeRawBufferPointer(rebasing: bytes[start..<min(bytes.count, start + chunk)]))
            start += chunk
        }
    }
    let second = streamed.finish()
    if first.findings != second.findings || first.errorCount != second.errorCount
        || first.sampleLines != second.sampleLines || !same(first.families, second.families)
    {
        fatalError("a parse in chunks of \(chunk) bytes differs from the whole parse")
    }
    // The lines over the bound, by number, against the line-too-long errors.
    var long: [Int] = []
    var line = 1
    var length = 0
    for byte in input {
        if byte == 0x0A {
            if length > limit { long.append(line) }
            line += 1
            length = 0
        } else {
            length += 1
        }
    }
    if length > limit { long.append(line) }
    let reported = first.findings.filter { $0.rule == "line-too-long" }
    if reported.map(\.line) != long || reported.contains(where: { $0.column != limit + 1 || $0.severity != .error }) {
        fatalError("line-too-long at \(reported.map(\.line)), lines over \(limit) bytes: \(long)")
    }
    return 0
}
