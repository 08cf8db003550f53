#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A key in the shape every current prometheus_client writes, told by a scan
/// that builds no string: `["metric", "sample", {"name": "value", ...}, "help"]`
/// with `", "` and `": "` between items, label names in order, all text plain
/// (printable ASCII without `"` or `\`). Where each part lies in the key's
/// bytes is all it keeps; the merge makes strings only for what is new to it.
///
/// Any other key (escapes, UTF-8, older shapes, other spacing, errors) is not
/// plain: ``DBKey/decode(_:)`` reads it, or rejects it.
struct PlainKey: Sendable, Equatable {
    /// A range of the key's bytes.
    struct Span: Sendable, Equatable {
        var start: Int32
        var end: Int32

        var range: Range<Int> { Int(start)..<Int(end) }
    }

    var metric: Span
    var sample: Span
    /// Between the braces: the label pairs as they are written.
    var labels: Span
    var help: Span
    /// The whole `"pid": "…"` pair, when there is one.
    var pidPair: Span?
    /// The whole `"le": "…"` pair and its value, when there is one.
    var lePair: Span?
    var leValue: Span?

    /// The layout of `bytes`, or nil when the key is not plain.
    static func scan(_ bytes: UnsafeRawBufferPointer) -> PlainKey? {
        var scanner = Scanner(bytes: bytes)
        guard scanner.take("[\""), let metric = scanner.plainString(), scanner.take(", \""),
            let sample = scanner.plainString(), scanner.take(", {"), metric.end > metric.start,
            sample.end > sample.start
        else { return nil }
        let labelsStart = scanner.position
        var labelsEnd = labelsStart
        var pidPair: Span?
        var lePair: Span?
        var leValue: Span?
        var previous: Span?
        if !scanner.take("}") {
            while true {
                let pairStart = Int32(scanner.position)
                guard scanner.take("\""), let name = scanner.plainString(), scanner.take(": \""),
                    let value = scanner.plainString(), scanner.precedes(previous, name)
                else { return nil }
                previous = name
                let pair = Span(start: pairStart, end: value.end + 1)
                if scanner.equals(name, "pid") { pidPair = pair }
                if scanner.equals(name, "le") {
                    lePair = pair
                    leValue = value
                }
                labelsEnd = scanner.position
                if scanner.take("}") { break }
                guard scanner.take(", ") else { return nil }
            }
        }
        guard scanner.take(", \""), let help = scanner.plainString(), scanner.take("]"),
            scanner.position == bytes.count
        else { return nil }
        return PlainKey(
            metric: metric, sample: sample, labels: Span(start: Int32(labelsStart), end: Int32(labelsEnd)),
            help: help, pidPair: pidPair, lePair: lePair, leValue: leValue)
    }

    /// The text of a span of `bytes` (the key this layout was scanned from).
    static func string(_ bytes: UnsafeRawBufferPointer, _ span: Span) -> String {
        String(decoding: UnsafeRawBufferPointer(rebasing: bytes[span.range]), as: UTF8.self)
    }

    /// The labels, in order, less the pair `leaving` if given.
    func labels(_ bytes: UnsafeRawBufferPointer, leaving pair: Span? = nil) -> [Label] {
        var result: [Label] = []
        var position = Int(labels.start)
        let end = Int(labels.end)
        while position < end {
            if let pair, position == Int(pair.start) {
                position = Int(pair.end) + 2
                continue
            }
            // `"name": "value"`, then `, ` or the end.
            let nameStart = position + 1
            var nameEnd = nameStart
            while bytes[nameEnd] != UInt8(ascii: "\"") { nameEnd += 1 }
            let valueStart = nameEnd + 4
            var valueEnd = valueStart
            while bytes[valueEnd] != UInt8(ascii: "\"") { valueEnd += 1 }
            result.append(
                Label(
                    Self.string(bytes, Span(start: Int32(nameStart), end: Int32(nameEnd))),
                    Self.string(bytes, Span(start: Int32(valueStart), end: Int32(valueEnd)))))
            position = valueEnd + 3
        }
        return result
    }

    /// The key decoded, as ``DBKey/decode(_:)`` decodes it.
    func key(_ bytes: UnsafeRawBufferPointer) -> DBKey {
        var key = DBKey(metricName: "", sampleName: "", labels: [], help: "")
        key.metricName = Self.string(bytes, metric)
        key.sampleName = Self.string(bytes, sample)
        key.labels = labels(bytes)
        key.help = Self.string(bytes, help)
        return key
    }

    /// The label set as ``LabelSetBytes`` writes it, less the pair `leaving` if given.
    func labelSetBytes(_ bytes: UnsafeRawBufferPointer, leaving pair: Span?, into out: inout [UInt8]) {
        out.removeAll(keepingCapacity: true)
        guard let pair else {
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[labels.range]))
            return
        }
        // The pair and one separator next to it go.
        let before = UnsafeRawBufferPointer(rebasing: bytes[Int(labels.start)..<Int(pair.start)])
        let after = UnsafeRawBufferPointer(rebasing: bytes[Int(pair.end)..<Int(labels.end)])
        if before.isEmpty {
            out.append(contentsOf: after.dropFirst(min(2, after.count)))
        } else {
            out.append(contentsOf: before.dropLast(2))
            out.append(contentsOf: after)
        }
    }

    private struct Scanner {
        let bytes: UnsafeRawBufferPointer
        var position = 0

        /// Takes `literal` if the bytes continue with it.
        mutating func take(_ literal: StaticString) -> Bool {
            let count = literal.utf8CodeUnitCount
            guard bytes.count - position >= count,
                memcmp(bytes.baseAddress.unsafelyUnwrapped + position, literal.utf8Start, count) == 0
            else { return false }
            position += count
            return true
        }

        /// A plain string whose opening quote is taken, up to its closing quote (taken).
        mutating func plainString() -> Span? {
            let start = position
            while position < bytes.count {
                let byte = bytes[position]
                if byte == UInt8(ascii: "\"") {
                    position += 1
                    return Span(start: Int32(start), end: Int32(position - 1))
                }
                guard LabelSetBytes.isPlain(byte) else { return nil }
                position += 1
            }
            return nil
        }

        func equals(_ span: Span, _ text: StaticString) -> Bool {
            Int(span.end - span.start) == text.utf8CodeUnitCount
                && memcmp(bytes.baseAddress.unsafelyUnwrapped + Int(span.start), text.utf8Start, text.utf8CodeUnitCount)
                    == 0
        }

        /// Whether name `left` sorts strictly before `right` (byte order, which is
        /// code-point order for ASCII); the first name follows nothing.
        func precedes(_ left: Span?, _ right: Span) -> Bool {
            guard let left else { return true }
            let base = bytes.baseAddress.unsafelyUnwrapped
            let (leftCount, rightCount) = (Int(left.end - left.start), Int(right.end - right.start))
            let order = memcmp(base + Int(left.start), base + Int(right.start), min(leftCount, rightCount))
            return order < 0 || (order == 0 && leftCount < rightCount)
        }
    }
}

/// One byte form for each label set, for interning label sets by their bytes:
/// a set whose names and values are all plain text is written as `json.dumps`
/// writes it inside the braces (`"a": "1", "b": "2"`), which a ``PlainKey``
/// finds in its bytes as they are; any other set starts with a byte that text
/// never holds, then each name and value ends with one.
enum LabelSetBytes {
    /// Printable ASCII other than `"` and `\`: written by `json.dumps` as it is.
    @inline(__always)
    static func isPlain(_ byte: UInt8) -> Bool {
        byte >= 0x20 && byte < 0x80 && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\")
    }

    /// Writes `labels` (sorted, as keys hold them) into `out`.
    static func write(_ labels: some Collection<Label>, into out: inout [UInt8]) {
        out.removeAll(keepingCapacity: true)
        let plain = labels.allSatisfy { label in
            label.name.utf8.allSatisfy(isPlain) && label.value.utf8.allSatisfy(isPlain)
        }
        if plain {
            for (index, label) in labels.enumerated() {
                if index > 0 { out.append(contentsOf: ", ".utf8) }
                out.append(UInt8(ascii: "\""))
                out.append(contentsOf: label.name.utf8)
                out.append(contentsOf: "\": \"".utf8)
                out.append(contentsOf: label.value.utf8)
                out.append(UInt8(ascii: "\""))
            }
        } else {
            out.append(0xFF)
            for label in labels {
                out.append(contentsOf: label.name.utf8)
                out.append(0xFF)
                out.append(contentsOf: label.value.utf8)
                out.append(0xFE)
            }
        }
    }
}
