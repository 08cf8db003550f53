extension TextEngine {
    /// A label as written: byte ranges in the line, so that validating needs no strings.
    struct RawLabel {
        var nameStart: Int
        var nameEnd: Int
        /// The name was quoted and holds a backslash escape.
        var nameEscaped: Bool
        var valueStart: Int
        var valueEnd: Int
        /// The value holds a backslash escape.
        var valueEscaped: Bool
        var column: Int
    }

    /// A sample name with its family entry, its hash and what it adds to the
    /// family's name: resolved once per run of samples sharing the name.
    struct NameFacts {
        var bytes: [UInt8]
        var name: String
        var index: Int
        var hash: UInt64
        var suffix: SeriesChecker.Suffix

        /// No name yet (or the last one no longer holds, after a comment line).
        static let none = NameFacts(bytes: [], name: "", index: -1, hash: 0, suffix: .none)
    }

    /// A sample line: name, optional labels, value, optional integer timestamp in ms.
    func sample(_ cursor: inout LineCursor) throws {
        let nameColumn = cursor.column
        let bracesFirst = cursor.current == UInt8(ascii: "{")
        if !bracesFirst {
            try readLegacyName(&cursor)
            cursor.skipBlanks()
        }
        rawLabels.removeAll(keepingCapacity: true)
        if cursor.current == UInt8(ascii: "{") {
            var name: String? = bracesFirst ? nil : lastName.name
            try labelSet(&cursor, bracesFirst: bracesFirst, metricName: &name)
            if bracesFirst, let name, lastName.index < 0 || lastName.name != name {
                var bytes = name
                lastName = bytes.withUTF8 { resolve(UnsafeRawBufferPointer($0), name: name) }
            }
        }
        guard lastName.index >= 0 else {
            throw LineError(column: nameColumn, check: "metric-name", message: "invalid metric name")
        }
        let name = lastName.name
        let index = lastName.index
        if table.entries[index].type == nil {
            table.entries[index].type = .untyped
            collector.families[table.entries[index].output].type = .unknown
        }
        let type = table.entries[index].type ?? .untyped
        let bytes = cursor.bytes
        let bound = try checkLabels(bytes, type: type, family: index)

        let valueColumn = cursor.column
        let valueToken = cursor.tokenUntilBlank()
        guard let value = NumberGrammar.goFloat(valueToken) else {
            throw LineError(
                column: valueColumn, check: "number",
                message: "expected float as value, got \"\(String(decoding: valueToken, as: UTF8.self))\"")
        }
        var timestamp: Double?
        if !cursor.atEnd {
            cursor.skipBlanks()
            let timestampColumn = cursor.column
            let token = cursor.tokenUntilBlank()
            guard let milliseconds = NumberGrammar.goInt64(token) else {
                throw LineError(
                    column: timestampColumn, check: "timestamp",
                    message: "expected integer as timestamp, got \"\(String(decoding: token, as: UTF8.self))\"")
            }
            if !cursor.atEnd {
                throw LineError(
                    column: cursor.column, check: "syntax", message: "spurious string after timestamp")
            }
            timestamp = Double(milliseconds) / 1000
        }
        let output = table.entries[index].output
        if collector.keepSamples {
            let labels = rawLabels.map {
                Label(
                    Self.text(bytes, $0.nameStart, $0.nameEnd, escaped: $0.nameEscaped),
                    Self.text(bytes, $0.valueStart, $0.valueEnd, escaped: $0.valueEscaped))
            }
            collector.addSample(
                Sample(name: name, labels: labels, value: value, timestamp: timestamp), family: output, line: lineNumber
            )
        } else {
            collector.addSample(nil, family: output, line: lineNumber)
            if let sink = collector.sink {
                withLabelRuns(bytes) {
                    sink.sample(name: name, labels: $0, value: value, family: output, line: lineNumber)
                }
            }
        }
        var all: UInt64 = 0
        var group: UInt64 = 0
        for label in rawLabels {
            let nameBytes = UnsafeRawBufferPointer(rebasing: bytes[label.nameStart..<label.nameEnd])
            let hash = ByteHash.label(
                name: nameBytes, value: UnsafeRawBufferPointer(rebasing: bytes[label.valueStart..<label.valueEnd]))
            all = all &+ hash
            if !Self.isBucketLabel(nameBytes) {
                group = group &+ hash
            }
        }
        let observation = SeriesChecker.Observation(
            name: name, nameHash: lastName.hash, suffix: lastName.suffix, labelsHash: all, groupHash: group,
            bound: bound,
            value: value, timestamp: timestamp)
        checker.observe(
            observation, family: output, familyName: table.entries[index].name, type: type.metricType,
            line: lineNumber, column: valueColumn)
    }

    /// Calls `body` with the line's labels as runs: in the line itself, or
    /// unescaped into ``scratch`` when any holds an escape.
    private func withLabelRuns(_ bytes: UnsafeRawBufferPointer, _ body: (LabelRuns) -> Void) {
        spans.removeAll(keepingCapacity: true)
        guard rawLabels.contains(where: { $0.nameEscaped || $0.valueEscaped }) else {
            for label in rawLabels {
                spans.append(
                    LabelRuns.Span(
                        nameStart: label.nameStart, nameEnd: label.nameEnd, valueStart: label.valueStart,
                        valueEnd: label.valueEnd))
            }
            spans.withUnsafeBufferPointer { body(LabelRuns(base: bytes, spans: $0)) }
            return
        }
        scratch.removeAll(keepingCapacity: true)
        for label in rawLabels {
            let nameStart = scratch.count
            Self.unescape(bytes, label.nameStart, label.nameEnd, into: &scratch)
            let valueStart = scratch.count
            Self.unescape(bytes, label.valueStart, label.valueEnd, into: &scratch)
            spans.append(
                LabelRuns.Span(
                    nameStart: nameStart, nameEnd: valueStart, valueStart: valueStart, valueEnd: scratch.count))
        }
        scratch.withUnsafeBytes { base in spans.withUnsafeBufferPointer { body(LabelRuns(base: base, spans: $0)) } }
    }

    /// Whether a label name is `le` or `quantile`.
    @inline(__always)
    static func isBucketLabel(_ name: UnsafeRawBufferPointer) -> Bool {
        isLe(name) || isQuantile(name)
    }

    @inline(__always)
    static func isLe(_ name: UnsafeRawBufferPointer) -> Bool {
        name.count == 2 && name[0] == UInt8(ascii: "l") && name[1] == UInt8(ascii: "e")
    }

    /// Eight-byte names compared as one little-endian word.
    @inline(__always)
    static func isWord(_ name: UnsafeRawBufferPointer, _ word: UInt64) -> Bool {
        name.count == 8 && UInt64(littleEndian: name.loadUnaligned(as: UInt64.self)) == word
    }

    /// "quantile" and "__name__" as little-endian words.
    static let quantileWord: UInt64 = 0x656c_6974_6e61_7571
    static let reservedNameWord: UInt64 = 0x5f5f_656d_616e_5f5f

    @inline(__always)
    static func isQuantile(_ name: UnsafeRawBufferPointer) -> Bool { isWord(name, quantileWord) }

    /// A label's text: the bytes, unescaped when they hold escapes.
    static func text(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ end: Int, escaped: Bool) -> String {
        let slice = UnsafeRawBufferPointer(rebasing: bytes[start..<end])
        guard escaped else { return String(decoding: slice, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(slice.count)
        unescape(bytes, start, end, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the bytes from `start` to `end` with `\\`, `\"` and `\n` resolved.
    static func unescape(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ end: Int, into out: inout [UInt8]) {
        var index = start
        while index < end {
            if bytes[index] == UInt8(ascii: "\\"), index + 1 < end {
                let next = bytes[index + 1]
                out.append(next == UInt8(ascii: "n") ? 0x0A : next)
                index += 2
            } else {
                out.append(bytes[index])
                index += 1
            }
        }
    }

    /// Reads the sample's legacy name into ``lastName``, which stays as it is when
    /// the bytes are the same, so that no string is made and no table is searched.
    private func readLegacyName(_ cursor: inout LineCursor) throws {
        if cursor.current == UInt8(ascii: "\"") {
            throw LineError(
                column: cursor.column, check: "metric-name",
                message: "a quoted metric name must be inside the braces: {\"name\", ...}")
        }
        let nameColumn = cursor.column
        let token = cursor.legacyName(allowColon: true)
        guard !token.isEmpty else {
            throw LineError(column: nameColumn, check: "metric-name", message: "invalid metric name")
        }
        if lastName.index >= 0, lastName.bytes.withUnsafeBytes({ LineCursor.same(token, $0) }) { return }
        let hash = KeyTable.hash(token)
        if let known = nameTable.index(of: token, hash: hash) {
            lastName = nameFacts[known]
            return
        }
        lastName = resolve(token, name: String(bytes: token))
        nameFacts.append(lastName)
        _ = nameTable.insert(token, hash: hash)
    }

    /// The facts of a sample name not seen on the line before.
    private func resolve(_ bytes: UnsafeRawBufferPointer, name: String) -> NameFacts {
        let index = table.entry(for: name, line: lineNumber, collector: collector).index
        return NameFacts(
            bytes: Array(bytes), name: name, index: index, hash: KeyTable.hash(bytes),
            suffix: SeriesChecker.Suffix(name, family: table.entries[index].name))
    }

    /// Duplicate label names (Go leaves `quantile` of summaries and `le` of
    /// histograms out of this check) and the float grammar of those two labels.
    /// Returns the `le` bound of a histogram sample.
    private func checkLabels(_ bytes: UnsafeRawBufferPointer, type: TextFamilyTable.GoType, family: Int) throws
        -> Double?
    {
        var bound: Double?
        // A few labels are compared pairwise; many go through a set, so that a
        // line with a million labels costs linear time, not quadratic.
        let many = rawLabels.count > 16
        var seen = Set<[UInt8]>()
        for position in rawLabels.indices {
            let label = rawLabels[position]
            let name = UnsafeRawBufferPointer(rebasing: bytes[label.nameStart..<label.nameEnd])
            let special = (type == .summary && Self.isQuantile(name)) || (type == .histogram && Self.isLe(name))
            if many, !special, !seen.insert(Array(name)).inserted {
                throw LineError(
                    column: label.column, check: "duplicate-label",
                    message: "duplicate label names for metric \"\(table.entries[family].name)\"")
            }
            if special {
                if many { seen.insert(Array(name)) }
                let value = UnsafeRawBufferPointer(rebasing: bytes[label.valueStart..<label.valueEnd])
                guard let number = NumberGrammar.goFloat(value) else {
                    let text = Self.text(bytes, label.valueStart, label.valueEnd, escaped: label.valueEscaped)
                    throw LineError(
                        column: label.column, check: "number",
                        message: "expected float as value for '\(String(bytes: name))' label, got \"\(text)\"")
                }
                if type == .histogram { bound = number }
                continue
            }
            for earlier in rawLabels[..<(many ? 0 : position)] {
                let other = UnsafeRawBufferPointer(rebasing: bytes[earlier.nameStart..<earlier.nameEnd])
                if LineCursor.same(other, name) {
                    throw LineError(
                        column: label.column, check: "duplicate-label",
                        message: "duplicate label names for metric \"\(table.entries[family].name)\"")
                }
            }
        }
        return bound
    }
}
