/// One line of `promkit doctor`: a check that passed, failed, or could not be made.
public struct DoctorCheck: Sendable, Codable, Hashable {
    /// How a check came out.
    public enum Status: String, Sendable, Codable, Hashable {
        /// All is well: ✓.
        case pass
        /// Something is wrong: ✗, with the fix.
        case fail
        /// Not checked, because an earlier check failed (the directory is missing).
        case skipped
    }

    /// A stable identifier, for example `directory.world-writable`.
    public var id: String
    /// What is checked, phrased as the good state: "PROMETHEUS_MULTIPROC_DIR is set".
    public var title: String
    /// The outcome.
    public var status: Status
    /// What was found: counts, paths, ages.
    public var detail: String
    /// How to fix it, as a command or a code change; empty when it passed.
    public var fix: String

    /// Creates a check.
    public init(id: String, title: String, status: Status, detail: String = "", fix: String = "") {
        self.id = id
        self.title = title
        self.status = status
        self.detail = detail
        self.fix = fix
    }

    /// A passed check.
    static func pass(_ id: String, _ title: String, _ detail: String = "") -> DoctorCheck {
        DoctorCheck(id: id, title: title, status: .pass, detail: detail)
    }

    /// A failed check with its fix.
    static func fail(_ id: String, _ title: String, _ detail: String, fix: String) -> DoctorCheck {
        DoctorCheck(id: id, title: title, status: .fail, detail: detail, fix: fix)
    }

    /// A check that could not be made.
    static func skipped(_ id: String, _ title: String, _ reason: String) -> DoctorCheck {
        DoctorCheck(id: id, title: title, status: .skipped, detail: reason)
    }
}

/// Everything `promkit doctor` found, in the order it checked.
public struct DoctorReport: Sendable, Codable {
    /// The directory checked, if one could be named.
    public var directory: String?
    /// The checks, environment first, then the directory, its contents and its writers.
    public var checks: [DoctorCheck]

    /// Whether any check failed (the exit status is then 1).
    public var hasFailures: Bool { checks.contains { $0.status == .fail } }

    /// The report as lines for a terminal: `✓ title`, or `✗ title: detail` then `  fix: ...`.
    public func lines() -> [String] {
        var lines: [String] = []
        for check in checks {
            switch check.status {
            case .pass:
                lines.append(check.detail.isEmpty ? "✓ \(check.title)" : "✓ \(check.title) (\(check.detail))")
            case .skipped:
                lines.append("- \(check.title): not checked, \(check.detail)")
            case .fail:
                lines.append("✗ \(check.title): \(check.detail)")
                for (index, line) in check.fix.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    lines.append(index == 0 ? "    fix: \(line)" : "         \(line)")
                }
            }
        }
        let failed = checks.filter { $0.status == .fail }.count
        lines.append("")
        lines.append(failed == 0 ? "all \(checks.count) checks passed" : "\(failed) of \(checks.count) checks failed")
        return lines
    }
}
