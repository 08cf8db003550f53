/// The human form of a ``DirectoryInspection``: a table of files, the samples
/// if asked for, and a summary line.
public struct InspectionTable: Sendable {
    /// The report.
    public var report: DirectoryInspection

    /// Creates the table.
    public init(_ report: DirectoryInspection) {
        self.report = report
    }

    /// The text, ending with a newline. Names from the directory and its files
    /// are shown through ``TerminalText/escaped(_:)``.
    public var text: String {
        let header = ["FILE", "TYPE", "MODE", "PID", "PROCESS", "LAYOUT", "ENTRIES", "USED", "SIZE", "AGE"]
        var rows: [[String]] = [header]
        for file in report.files {
            rows.append(
                [
                    file.name,
                    file.type?.rawValue ?? file.kind,
                    file.mode?.rawValue ?? "-",
                    file.pid ?? "-",
                    file.process?.rawValue ?? "-",
                    file.error != nil ? "damaged" : (file.layout?.rawValue ?? "-"),
                    file.entries.map(String.init) ?? "-",
                    file.used.map(Self.bytes) ?? "-",
                    Self.bytes(file.size),
                    Self.age(file.ageSeconds),
                ].map(TerminalText.escaped))
        }
        var widths = Array(repeating: 0, count: header.count)
        for row in rows {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        var out = ""
        for row in rows {
            var line = ""
            for (index, cell) in row.enumerated() {
                let padding = String(repeating: " ", count: widths[index] - cell.count)
                // Numbers right-aligned, words left-aligned.
                line += index >= 6 && index <= 8 ? padding + cell : cell + padding
                if index < row.count - 1 { line += "  " }
            }
            while line.hasSuffix(" ") { line.removeLast() }
            out += line + "\n"
        }
        for file in report.files {
            if let error = file.error { out += TerminalText.escaped("\(file.name): \(error)") + "\n" }
        }
        for file in report.files {
            guard let samples = file.samples else { continue }
            out += "\n== \(TerminalText.escaped(file.name))\n"
            for entry in samples {
                let labels = entry.labels.sorted { $0.key < $1.key }
                    .map { "\($0.key)=\"\(NameEscaping.backslashEscaped($0.value))\"" }
                    .joined(separator: ",")
                var line = "\(entry.offset)  \(entry.metric)  \(entry.sample){\(labels)} \(entry.value)"
                if entry.timestamp != 0 { line += " @\(FloatFormatting.repr(entry.timestamp))" }
                out += TerminalText.escaped(line) + "\n"
            }
        }
        let summary = report.summary
        let layouts = summary.layouts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }
            .joined(separator: ", ")
        out += "\n\(summary.files) files (\(summary.dbFiles) .db\(layouts.isEmpty ? "" : ": " + layouts)), "
        out += "\(summary.liveProcesses) live and \(summary.deadProcesses) dead processes, "
        out += "\(summary.families) families, \(summary.series) series, "
        out += "\(Self.bytes(summary.usedBytes)) used of \(Self.bytes(summary.sizeBytes))\n"
        if !report.warnings.isEmpty {
            out += "\(report.warnings.count) warning(s), listed on stderr\n"
        }
        return out
    }

    /// `512 B`, `64.0 KiB`, `1.5 MiB`.
    public static func bytes(_ count: Int) -> String {
        if count < 1024 { return "\(count) B" }
        let units = ["KiB", "MiB", "GiB", "TiB"]
        var value = Double(count) / 1024
        var unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10) \(units[unit])"
    }

    /// `45s`, `12m`, `3h20m`, `4d2h`.
    public static func age(_ seconds: Double) -> String {
        let total = Int(seconds)
        if total < 60 { return "\(total)s" }
        if total < 3600 { return "\(total / 60)m" }
        if total < 86400 { return "\(total / 3600)h\((total % 3600) / 60)m" }
        return "\(total / 86400)d\((total % 86400) / 3600)h"
    }
}
