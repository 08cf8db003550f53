import PromKit
import Testing

/// The number grammars are checked on bytes before conversion: what Swift's
/// `Double(_:)` takes is not what the formats take.
@Suite struct NumberGrammarTests {
    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test(arguments: [
        "0x1p-3", "0x1", "nan(0x1)", "0X1P3", "1_000", "+nan", "-nan", "1e", "1e+", ".", "", " 1", "1 ", "inf1",
        "infin", "1.2.3", "0b1", "١",
    ])
    func rejectedEverywhere(_ text: String) {
        let value = Self.bytes(text).withUnsafeBytes { NumberGrammar.goFloat($0) }
        let openMetrics = Self.bytes(text).withUnsafeBytes { NumberGrammar.openMetricsNumber($0) }
        #expect(value == nil)
        #expect(openMetrics == nil)
    }

    @Test func swiftAcceptsWhatTheFormatsRefuse() {
        #expect(Double("0x1p-3") != nil)
        #expect(Double("nan(0x1)") != nil)
    }

    @Test(arguments: [
        ("1", 1.0), ("-0", -0.0), (".5", 0.5), ("5.", 5.0), ("1e-400", 0.0), ("1E5", 100_000.0),
        ("+Inf", .infinity), ("-inf", -.infinity), ("Infinity", .infinity), ("0000001.5e1", 15.0),
        ("9007199254740993", 9_007_199_254_740_992.0),
    ])
    func accepted(_ text: String, _ expected: Double) {
        let value = Self.bytes(text).withUnsafeBytes { NumberGrammar.goFloat($0) }
        #expect(value?.bitPattern == expected.bitPattern)
    }

    @Test func overflowIsAnErrorInTextButInfinityInOpenMetrics() {
        #expect(Self.bytes("1e400").withUnsafeBytes { NumberGrammar.goFloat($0) } == nil)
        #expect(Self.bytes("1e400").withUnsafeBytes { NumberGrammar.openMetricsNumber($0) } == .infinity)
        #expect(Self.bytes("NaN").withUnsafeBytes { NumberGrammar.goFloat($0) }?.isNaN == true)
        #expect(Self.bytes("NaN").withUnsafeBytes { NumberGrammar.openMetricsRealNumber($0) } == nil)
    }

    @Test func timestampsAreGoInt64() {
        #expect(Self.bytes("9223372036854775807").withUnsafeBytes { NumberGrammar.goInt64($0) } == .max)
        #expect(Self.bytes("-9223372036854775808").withUnsafeBytes { NumberGrammar.goInt64($0) } == .min)
        #expect(Self.bytes("9223372036854775808").withUnsafeBytes { NumberGrammar.goInt64($0) } == nil)
        #expect(Self.bytes("+5").withUnsafeBytes { NumberGrammar.goInt64($0) } == 5)
        #expect(Self.bytes("1.0").withUnsafeBytes { NumberGrammar.goInt64($0) } == nil)
        #expect(Self.bytes("-").withUnsafeBytes { NumberGrammar.goInt64($0) } == nil)
    }

    /// The fast conversion path agrees bit for bit with the C library's strtod.
    @Test func fastPathMatchesStrtod() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let digits = Int.random(in: 1...17, using: &generator)
            var text = (0..<digits).map { _ in String(Int.random(in: 0...9, using: &generator)) }.joined()
            let point = Int.random(in: 0...digits, using: &generator)
            if point < digits { text.insert(".", at: text.index(text.startIndex, offsetBy: point)) }
            if Bool.random(using: &generator) { text = "-" + text }
            let ours = Self.bytes(text).withUnsafeBytes { NumberGrammar.goFloat($0) }
            #expect(ours?.bitPattern == Double(text)?.bitPattern, "\(text)")
        }
    }
}
