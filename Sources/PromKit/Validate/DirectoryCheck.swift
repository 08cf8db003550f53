import Foundation

/// Checks a multiprocess directory: every `.db` file, and what only shows
/// across files: mixed v1/v2 layouts (client_python#996), files of unknown
/// type (#878), one family with different help or type, one histogram with
/// different bucket sets; and a directory without any `.db` file.
public enum DirectoryCheck {
    /// Checks the directory listing `directory`.
    public static func check(_ directory: MultiprocDirectory, now: Double = Date().timeIntervalSince1970)
        -> [Diagnostic]
    {
        var findings: [Diagnostic] = []
        var layouts: [DBLayout: String] = [:]
        var families: [String: (type: DBFileType, help: String, path: String)] = [:]
        var buckets: [HistogramSeries: (bounds: Set<String>, path: String)] = [:]
        var reported = Set<String>()
        for entry in directory.entries {
            switch entry.kind {
            case .misnamed(let problem):
                if case .hidden = problem { continue }
                findings.append(
                    Diagnostic(
                        severity: .error, rule: "unknown-file", source: entry.path, offset: 0,
                        message: problem.description))
            case .db(let name):
                let (fileFindings, summary) = DBFileCheck.check(path: entry.path, name: name, now: now)
                findings += fileFindings
                if let layout = summary.layout, layouts[layout] == nil { layouts[layout] = entry.path }
                var fileBuckets: [HistogramSeries: Set<String>] = [:]
                for (key, _) in summary.entries {
                    if let known = families[key.metricName] {
                        if known.type != name.type, reported.insert("type " + key.metricName).inserted {
                            findings.append(
                                Diagnostic(
                                    severity: .warning, rule: "family-type", source: entry.path, offset: 0,
                                    message:
                                        "\(key.metricName) is a \(name.type.rawValue) here but a \(known.type.rawValue) in \(known.path)"
                                ))
                        }
                        if key.shape == .current, known.help != key.help,
                            reported.insert("help " + key.metricName).inserted
                        {
                            findings.append(
                                Diagnostic(
                                    severity: .warning, rule: "family-help", source: entry.path, offset: 0,
                                    message:
                                        "\(key.metricName) has different help text here than in \(known.path); the first file read wins"
                                ))
                        }
                    } else {
                        families[key.metricName] = (name.type, key.help, entry.path)
                    }
                    if name.type == .histogram, key.sampleName == key.metricName + "_bucket",
                        let le = key.labels.last(where: { $0.name == "le" })
                    {
                        let series = HistogramSeries(
                            name: key.metricName, labels: key.labels.filter { $0.name != "le" })
                        fileBuckets[series, default: []].insert(le.value)
                    }
                }
                for (series, bounds) in fileBuckets.sorted(by: { $0.key.description < $1.key.description }) {
                    guard let known = buckets[series] else {
                        buckets[series] = (bounds, entry.path)
                        continue
                    }
                    if known.bounds != bounds, reported.insert("buckets \(series)").inserted {
                        findings.append(
                            Diagnostic(
                                severity: .warning, rule: "histogram-buckets", source: entry.path, offset: 0,
                                message:
                                    "histogram \(series.name) has buckets \(sorted(bounds)) here but \(sorted(known.bounds)) in \(known.path)"
                            ))
                    }
                }
            case .special where entry.name.hasSuffix(".db") && !entry.name.hasPrefix("."):
                findings.append(
                    Diagnostic(
                        severity: .error, rule: "not-regular", source: entry.path, offset: 0,
                        message: "not a regular file (a FIFO, socket or device); prometheus_client opens every "
                            + "*.db file and blocks or fails on it"))
            default:
                continue
            }
        }
        if !directory.entries.contains(where: { $0.name.hasSuffix(".db") && !$0.name.hasPrefix(".") }) {
            findings.append(Diagnostic.emptyDirectory(directory.path))
        }
        if let v1 = layouts[.v1], let v2 = layouts[.v2] {
            findings.append(
                Diagnostic(
                    severity: .error, rule: "mixed-layouts", source: v1, offset: 0,
                    message: "v1 layout (prometheus_client before 0.18) beside v2 files such as \(v2); "
                        + "prometheus_client 0.18+ fails on it (client_python#996): wipe the directory on upgrades"))
        }
        return findings
    }

    private static func sorted(_ bounds: Set<String>) -> String {
        bounds.sorted { (PythonFloat.parse($0) ?? .nan) < (PythonFloat.parse($1) ?? .nan) }.joined(separator: ",")
    }

    struct HistogramSeries: Hashable, CustomStringConvertible {
        var name: String
        var labels: [Label]
        var description: String { "\(name)\(labels.map { "\($0.name)=\($0.value)" })" }
    }
}
