extension Verification: Encodable {
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

    private enum Key: String, CodingKey {
        case selector, passed, expected, observed, before, after, tolerance, afterValues, diagnosis, workers
    }

    /// The result's JSON keys (camelCase here; `--json` writes them in snake_case).
    public func encode(to encoder: any Encoder) throws {
        var json = encoder.container(keyedBy: Key.self)
        try json.encode(selector, forKey: .selector)
        try json.encode(passed, forKey: .passed)
        try json.encode(expected, forKey: .expected)
        try json.encode(observed, forKey: .observed)
        try json.encode(before, forKey: .before)
        try json.encode(after, forKey: .after)
        try json.encode(tolerance, forKey: .tolerance)
        try json.encode(afterValues, forKey: .afterValues)
        try json.encode(diagnosis, forKey: .diagnosis)
        try json.encode(workers.map { Worker(pid: $0.pid, delta: $0.delta) }, forKey: .workers)
    }

    private struct Worker: Encodable {
        var pid: String
        var delta: Double
    }
}

/// What `load --json` prints: the report's keys, and `verification`, the results of `--verify`.
public struct LoadResult: Sendable, Encodable {
    /// The load's figures.
    public var report: LoadReport
    /// The verification results, empty without `--verify`.
    public var verification: [Verification]

    /// Creates the result.
    public init(report: LoadReport, verification: [Verification]) {
        self.report = report
        self.verification = verification
    }

    private enum Key: String, CodingKey { case verification }

    public func encode(to encoder: any Encoder) throws {
        try report.encode(to: encoder)
        var json = encoder.container(keyedBy: Key.self)
        try json.encode(verification, forKey: .verification)
    }
}

extension LoadReport {
    /// The report and the verification results as text.
    public func text(verifications: [Verification]) -> String {
        text + verifications.map(\.text).joined()
    }
}
