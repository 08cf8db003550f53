#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// What the streaming parser drives: one grammar's line rules.
protocol LineEngine: AnyObject {
    func consume(line: UnsafeRawBufferPointer, number: Int, terminated: Bool)
    func finish()
}

/// A strict, streaming parser of Prometheus text (0.0.4 and 1.0.0) and
/// OpenMetrics 1.0 expositions, on bytes.
///
/// Feed it chunks of any size with ``feed(_:)`` and call ``finish()``; only the
/// current partial line is buffered, so memory stays flat when samples are not
/// kept. Or call ``parse(_:format:)`` on a whole input.
///
/// Errors are what Prometheus's parsers reject (for text exactly what
/// prometheus/common's `TextParser`, used by `promtool check metrics`,
/// rejects; for OpenMetrics what the specification and its test suite
/// forbid). Warnings are data-losing or dubious input that is accepted.
public struct ExpositionParser {
    private let engine: any LineEngine
    private let collector: ResultCollector
    private var pending: [UInt8] = []
    private var lineNumber = 0
    /// Whether the current line passed ``maxLineLength`` and is being skipped.
    private var skipping = false
    /// The longest line read: a longer one is one error, skipped unread, so that
    /// memory stays bounded whatever the input (a 1 GiB label value, say).
    public static let maxLineLength = 16 << 20
    /// This parser's bound on a line: ``maxLineLength`` unless made smaller
    /// (the fuzz target does, to reach the bound in short inputs).
    private let lineLimit: Int
    /// The format being applied.
    public let format: ExpositionFormatKind

    /// Creates a parser for `format` (`.auto` means `.text` here: resolve it
    /// first with ``ExpositionFormatKind/sniff(tail:)`` when streaming).
    /// With `keepSamples` false the result's families have no samples (for
    /// validating large inputs in bounded memory). At most `maxFindings`
    /// findings are stored; all are counted.
    public init(format: ExpositionFormatKind, keepSamples: Bool = true, maxFindings: Int = 1000) {
        self.init(format: format, keepSamples: keepSamples, maxFindings: maxFindings, sink: nil)
    }

    /// Creates a parser that hands every sample to `sink` instead of keeping it.
    init(format: ExpositionFormatKind, sink: any SampleSink, maxFindings: Int = 1000) {
        self.init(format: format, keepSamples: false, maxFindings: maxFindings, sink: sink)
    }

    /// Creates a parser whose lines may be at most `lineLimit` bytes long.
    init(format: ExpositionFormatKind, keepSamples: Bool, maxFindings: Int = 1000, lineLimit: Int) {
        self.init(format: format, keepSamples: keepSamples, maxFindings: maxFindings, sink: nil, lineLimit: lineLimit)
    }

    private init(
        format: ExpositionFormatKind, keepSamples: Bool, maxFindings: Int, sink: (any SampleSink)?,
        lineLimit: Int = maxLineLength
    ) {
        self.lineLimit = lineLimit
        let resolved: ExpositionFormatKind = format == .openmetrics ? .openmetrics : .text
        self.format = resolved
        collector = ResultCollector(keepSamples: keepSamples, maxFindings: maxFindings, sink: sink)
        switch resolved {
        case .openmetrics: engine = OpenMetricsEngine(collector: collector)
        default: engine = TextEngine(collector: collector)
        }
    }

    /// Parses the next bytes of the input.
    public mutating func feed(_ chunk: UnsafeRawBufferPointer) {
        guard let base = chunk.baseAddress, !chunk.isEmpty else { return }
        var start = 0
        while start < chunk.count {
            let found = memchr(base + start, 0x0A, chunk.count - start)
            let end = found.map { base.distance(to: UnsafeRawPointer($0)) } ?? chunk.count
            if !skipping, pending.count + (end - start) > lineLimit {
                let bound = lineLimit % (1 << 20) == 0 ? "\(lineLimit >> 20) MiB" : "\(lineLimit) bytes"
                collector.report(
                    line: lineNumber + 1, column: lineLimit + 1, .error, "line-too-long",
                    "line longer than \(bound): not read")
                skipping = true
                pending.removeAll()
            }
            guard found != nil else {
                if !skipping { pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[start...])) }
                return
            }
            lineNumber += 1
            if skipping {
                skipping = false
            } else if pending.isEmpty {
                engine.consume(
                    line: UnsafeRawBufferPointer(rebasing: chunk[start..<end]), number: lineNumber, terminated: true)
            } else {
                pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[start..<end]))
                pending.withUnsafeBytes { engine.consume(line: $0, number: lineNumber, terminated: true) }
                pending.removeAll(keepingCapacity: pending.count < 1 << 20)
            }
            start = end + 1
        }
    }

    /// Parses the next bytes of the input.
    public mutating func feed(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { feed($0) }
    }

    /// Ends the input and returns what was found.
    public mutating func finish() -> ParseResult {
        if skipping {
            lineNumber += 1
            skipping = false
        } else if !pending.isEmpty {
            lineNumber += 1
            pending.withUnsafeBytes { engine.consume(line: $0, number: lineNumber, terminated: false) }
            pending.removeAll()
        }
        engine.finish()
        return collector.result(format: format, lineCount: lineNumber)
    }

    /// Parses a whole exposition. `.auto` picks OpenMetrics when the input ends with `# EOF`.
    public static func parse(_ bytes: [UInt8], format: ExpositionFormatKind) -> ParseResult {
        let resolved = format == .auto ? ExpositionFormatKind.sniff(tail: bytes) : format
        var parser = ExpositionParser(format: resolved)
        parser.feed(bytes)
        return parser.finish()
    }

    /// Parses a whole exposition from any byte collection.
    public static func parse<Bytes: Collection<UInt8>>(_ bytes: Bytes, format: ExpositionFormatKind) -> ParseResult {
        if let result = bytes.withContiguousStorageIfAvailable({ buffer in
            parse(UnsafeRawBufferPointer(buffer), format: format)
        }) {
            return result
        }
        return parse(Array(bytes), format: format)
    }

    /// Parses a whole exposition in memory.
    public static func parse(_ bytes: UnsafeRawBufferPointer, format: ExpositionFormatKind) -> ParseResult {
        let resolved = format == .auto ? ExpositionFormatKind.sniff(tail: bytes) : format
        var parser = ExpositionParser(format: resolved)
        parser.feed(bytes)
        return parser.finish()
    }
}
