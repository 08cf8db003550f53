/// Renders families as JSON: an array of family objects.
///
/// ```json
/// [{"name": "http_requests", "type": "counter", "help": "Requests.", "unit": "",
///   "samples": [{"name": "http_requests_total", "labels": {"code": "200"}, "value": "3.0"}]}]
/// ```
///
/// Families and samples keep the order they are given in; labels are sorted by
/// name. A value is a string in the exposition's own spelling (`"1.0"`,
/// `"+Inf"`, `"NaN"`), since JSON has no infinities and no NaN, and Prometheus's
/// HTTP API spells values the same way. A timestamp, where present, is a number
/// of seconds.
public struct JSONRenderer: Sendable {
    /// Creates a renderer.
    public init() {}

    /// The JSON bytes for `families`, with a final newline.
    public func render(_ families: [MetricFamily]) -> [UInt8] {
        var json = JSONWriter()
        json.bytes.reserveCapacity(64 * 1024)
        json.write("[")
        for (familyIndex, family) in families.enumerated() {
            json.write(familyIndex == 0 ? "\n" : ",\n")
            json.write("{\"name\": ")
            json.string(family.name)
            json.write(", \"type\": ")
            json.string(family.type.rawValue)
            json.write(", \"help\": ")
            json.string(family.help)
            json.write(", \"unit\": ")
            json.string(family.unit)
            json.write(", \"samples\": [")
            for (index, sample) in family.samples.enumerated() {
                json.write(index == 0 ? "\n  " : ",\n  ")
                json.write("{\"name\": ")
                json.string(sample.name)
                json.write(", \"labels\": ")
                json.labels(ByteWriter.sortedLabels(sample.labels))
                json.write(", \"value\": ")
                json.string(FloatFormatting.goString(sample.value))
                if let timestamp = sample.timestamp {
                    json.write(", \"timestamp\": ")
                    json.number(timestamp)
                }
                json.write("}")
            }
            json.write("]}")
        }
        json.write("\n]\n")
        return json.bytes
    }
}

/// Writes JSON text into a byte buffer: strings escaped per RFC 8259.
public struct JSONWriter: Sendable {
    /// The bytes written so far.
    public var bytes: [UInt8] = []

    /// Creates an empty writer.
    public init() {}

    /// Appends raw JSON text.
    public mutating func write(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    /// Appends `text` as a JSON string literal.
    public mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case UInt8(ascii: "\n"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case UInt8(ascii: "\r"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case UInt8(ascii: "\t"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: Array("\\u00".utf8))
                bytes.append(hex[Int(byte >> 4)])
                bytes.append(hex[Int(byte & 0xF)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Appends a number; NaN and infinities, which JSON cannot hold, as `null`.
    public mutating func number(_ value: Double) {
        write(value.isFinite ? FloatFormatting.repr(value) : "null")
    }

    /// Appends an integer.
    public mutating func number(_ value: Int) {
        write(String(value))
    }

    /// Appends labels as an object.
    public mutating func labels(_ labels: [Label]) {
        write("{")
        for (index, label) in labels.enumerated() {
            if index > 0 { write(", ") }
            string(label.name)
            write(": ")
            string(label.value)
        }
        write("}")
    }
}
