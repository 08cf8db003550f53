import Foundation

/// The one JSON style of every `--json`: snake_case keys (as Prometheus' own
/// APIs), sorted, pretty-printed (an empty array as `[]`), slashes unescaped,
/// and non-finite numbers as Prometheus spells them.
enum JSONOutput {
    /// Writes `value` to stdout as JSON, then a newline.
    static func print(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "+Inf", negativeInfinity: "-Inf", nan: "NaN")
        var bytes = Array(try encoder.encode(value))
        // Foundation pretty-prints an empty array as "[", a blank line, "]".
        if bytes == Array("[\n\n]".utf8) { bytes = Array("[]".utf8) }
        Console.output(bytes + [UInt8(ascii: "\n")])
    }
}
