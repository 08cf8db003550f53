import Testing

@testable import PromKit

/// The writer's shortcuts give the bytes the general functions give.
@Suite struct ByteWriterTests {
    static func written(_ body: (inout ByteWriter) -> Void) -> [UInt8] {
        var writer = ByteWriter()
        body(&writer)
        return writer.bytes
    }

    @Test func wholeNumbersAsGoString() {
        var values: [Double] = [0, -0.0, 1, -1, 9, 10, 99_999, 999_999, -999_999, 1_000_000, 1_234_567, 0.5, -0.5]
        values += [1e15, 1e16, 1e22, .infinity, -.infinity, .nan, .leastNonzeroMagnitude, 999_999.5, 123.000001]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            values.append(Double(Int.random(in: -2_000_000...2_000_000, using: &generator)))
            values.append(Double.random(in: -2e6...2e6, using: &generator))
        }
        for value in values {
            let ours = Self.written { $0.writeGoFloat(value) }
            #expect(String(decoding: ours, as: UTF8.self) == FloatFormatting.goString(value), "\(value)")
        }
    }

    @Test(arguments: ["", "plain", "a\\b", "line\nbreak", "say \"hi\"", "\\\n\"", "é\\ü\n", "end\\"])
    func labelValuesEscapedAsBackslashEscaped(text: String) {
        let ours = Self.written { $0.writeBackslashEscaped(text) }
        #expect(String(decoding: ours, as: UTF8.self) == NameEscaping.backslashEscaped(text))
    }
}
