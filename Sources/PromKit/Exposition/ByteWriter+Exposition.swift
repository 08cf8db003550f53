/// What the exposition renderers write: numbers as Go formats them and label pairs.
extension ByteWriter {
    /// `FloatFormatting.goString(value)`, written: whole numbers of up to six
    /// digits (most counts) directly, others through the general formatting.
    mutating func writeGoFloat(_ value: Double) {
        guard value.magnitude < 1_000_000, value.rounded(.towardZero) == value, value != 0 else {
            write(FloatFormatting.goString(value))
            return
        }
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var whole = Int(value.magnitude)
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[5 - count] = UInt8(ascii: "0") + UInt8(whole % 10)
                whole /= 10
                count += 1
            } while whole > 0
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[(6 - count)...]))
        }
        bytes.append(UInt8(ascii: "."))
        bytes.append(UInt8(ascii: "0"))
    }

    /// Labels sorted by name (then value) in code-point order, as Python's `sorted(labels.items())`.
    static func sortedLabels(_ labels: [Label]) -> [Label] {
        if labels.count < 2 { return labels }
        let precedes: (Label, Label) -> Bool = {
            let names = SampleOrder.compareBytes($0.name, $1.name)
            return names != 0 ? names < 0 : SampleOrder.compareBytes($0.value, $1.value) < 0
        }
        // Most label sets arrive sorted already (keys store them sorted).
        if zip(labels, labels.dropFirst()).allSatisfy({ !precedes($1, $0) }) { return labels }
        return labels.sorted(by: precedes)
    }

    /// `name="value",...` with names escaped by `escaping` and values backslash-escaped.
    mutating func writeLabelPairs(_ labels: [Label], escaping: NameEscaping) {
        for (index, label) in Self.sortedLabels(labels).enumerated() {
            if index > 0 { write(byte: UInt8(ascii: ",")) }
            if escaping != .dots, NameEscaping.isLegacyLabelName(label.name) {
                write(label.name)
            } else {
                write(escaping.labelName(label.name))
            }
            write("=\"")
            writeBackslashEscaped(label.value)
            write(byte: UInt8(ascii: "\""))
        }
    }
}
