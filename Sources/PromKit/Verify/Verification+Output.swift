extension Verification {
    /// A count as people write it: `3000`, or `2.5` when not whole.
    public static func count(_ value: Double) -> String {
        if value.isFinite, value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return FloatFormatting.goString(value)
    }

    /// The result as text lines: one line with the verdict, then the diagnosis.
    public var text: String {
        let verdict = passed ? "ok" : "MISMATCH"
        var lines = [
            "Verify:    \(selector): \(verdict): expected \(Self.count(expected)), observed \(Self.count(observed)) "
                + "(\(Self.count(before)) -> \(Self.count(after)))"
                + (tolerance > 0 ? ", tolerance \(Self.count(tolerance))" : "")
        ]
        if passed && !workers.isEmpty {
            let total = workers.reduce(0) { $0 + $1.delta }
            let shown = workers.prefix(8).map { worker in
                let share = total > 0 ? " (\(Int((worker.delta / total * 100).rounded()))%)" : ""
                return "\(Self.writer(worker.pid)): \(Self.count(worker.delta))\(share)"
            }
            lines.append("           by worker: " + shown.joined(separator: ", "))
        }
        for note in diagnosis { lines.append("           - \(note)") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes the result as a JSON object.
    public func writeJSON(into json: inout JSONWriter) {
        json.write("{\"selector\": ")
        json.string(selector)
        json.write(", \"passed\": \(passed), \"expected\": ")
        json.number(expected)
        json.write(", \"observed\": ")
        json.number(observed)
        json.write(", \"before\": ")
        json.number(before)
        json.write(", \"after\": ")
        json.number(after)
        json.write(", \"tolerance\": ")
        json.number(tolerance)
        json.write(", \"after_values\": [")
        for (index, value) in afterValues.enumerated() {
            if index > 0 { json.write(", ") }
            json.number(value)
        }
        json.write("]")
        json.write(", \"diagnosis\": [")
        for (index, note) in diagnosis.enumerated() {
            if index > 0 { json.write(", ") }
            json.string(note)
        }
        json.write("], \"workers\": [")
        for (index, worker) in workers.enumerated() {
            if index > 0 { json.write(", ") }
            json.write("{\"pid\": ")
            json.string(worker.pid)
            json.write(", \"delta\": ")
            json.number(worker.delta)
            json.write("}")
        }
        json.write("]}")
    }
}

extension LoadReport {
    /// The report and the verification results as one JSON object (and a newline).
    public func json(verifications: [Verification]) -> [UInt8] {
        var writer = JSONWriter()
        writer.write("{")
        writeFields(into: &writer)
        writer.write(", \"verification\": [")
        for (index, result) in verifications.enumerated() {
            if index > 0 { writer.write(", ") }
            result.writeJSON(into: &writer)
        }
        writer.write("]}\n")
        return writer.bytes
    }

    /// The report and the verification results as text.
    public func text(verifications: [Verification]) -> String {
        text + verifications.map(\.text).joined()
    }
}
