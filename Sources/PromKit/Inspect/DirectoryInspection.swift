/// What `promkit inspect` reports about a multiprocess directory: every file,
/// a summary and warnings. It works on a damaged directory: what cannot be
/// read is marked, and the rest is reported.
public struct DirectoryInspection: Sendable, Codable {
    /// One listed entry.
    public struct File: Sendable, Codable {
        /// The base name.
        public var name: String
        /// `db`, `misnamed`, `other`, `link`, `directory` or `special`.
        public var kind: String
        /// The type, for a `.db` file.
        public var type: DBFileType?
        /// The gauge mode, for a gauge file.
        public var mode: GaugeMode?
        /// The pid part of the name.
        public var pid: String?
        /// Whether that process is alive.
        public var process: ProcessState?
        /// The byte layout, once read.
        public var layout: DBLayout?
        /// The number of entries, once read.
        public var entries: Int?
        /// `used` from the header, once read.
        public var used: Int?
        /// The file's size.
        public var size: Int
        /// Seconds since the last modification.
        public var ageSeconds: Double
        /// Why the file could not be read, with the byte offset.
        public var error: String?
        /// The decoded entries, when asked for.
        public var samples: [Entry]?
    }

    /// One decoded entry, for `--samples`.
    public struct Entry: Sendable, Codable {
        /// The byte offset of the entry.
        public var offset: Int
        /// The family name.
        public var metric: String
        /// The sample name.
        public var sample: String
        /// The labels, sorted by name.
        public var labels: [String: String]
        /// The value, spelled as the exposition spells it.
        public var value: String
        /// The timestamp (v2 files; 0 unless a `mostrecent` gauge was set).
        public var timestamp: Double
    }

    /// Totals over the directory.
    public struct Summary: Sendable, Codable {
        /// Entries listed.
        public var files: Int
        /// `.db` files that prometheus_client reads.
        public var dbFiles: Int
        /// Distinct pids whose process is alive.
        public var liveProcesses: Int
        /// Distinct pids whose process is gone.
        public var deadProcesses: Int
        /// Metric families after merging.
        public var families: Int
        /// Series (sample lines) after merging.
        public var series: Int
        /// Bytes in use over all files.
        public var usedBytes: Int
        /// Bytes of all files (their apparent size; the files are sparse).
        public var sizeBytes: Int
        /// Files in each layout.
        public var layouts: [String: Int]
    }

    /// The directory's path.
    public var directory: String
    /// Every entry, in directory order.
    public var files: [File]
    /// Totals.
    public var summary: Summary
    /// Conditions that break or slow prometheus_client: mixed layouts, empty,
    /// misnamed or damaged files, links and folders named like `.db` files.
    public var warnings: [String]

    /// Inspects `directory`. With `samples`, every entry of every file is decoded.
    public static func inspect(
        _ directory: MultiprocDirectory, samples includeSamples: Bool = false, now: Double
    ) -> DirectoryInspection {
        let merge = MultiprocMerge()
        let reader = DBFileReader()
        var files: [File] = []
        var warnings: [String] = []
        var layouts: [String: Int] = [:]
        var processes: [String: ProcessState] = [:]
        var usedBytes = 0
        var sizeBytes = 0
        let writers = FileWriters.survey(directory)
        // promkit's own lock files are no part of what prometheus_client sees.
        let own: Set<String> = [DirectoryLock.fileName, DirectoryLock.foldFileName]
        for entry in directory.entries where !own.contains(entry.name) {
            sizeBytes += entry.size
            var file = File(
                name: entry.name, kind: "other", size: entry.size, ageSeconds: max(0, now - entry.modified))
            switch entry.kind {
            case .db(let name):
                file.kind = "db"
                file.type = name.type
                file.mode = name.mode
                file.pid = name.pid
                // An archive (no pid in its name) is unknown unless a process maps it.
                let live = writers.verdict(for: entry).isLive
                let state: ProcessState = live ? .alive : name.processID == nil ? .unknown : .dead
                file.process = state
                // A pid counts as live when any of its files is.
                if state != .unknown, processes[name.pid] != .alive { processes[name.pid] = state }
                do {
                    let (region, count) = try merge.add(path: entry.path, name: name)
                    file.layout = region.layout
                    file.used = region.used
                    file.entries = count
                    usedBytes += region.used
                    if let layout = region.layout { layouts[layout.rawValue, default: 0] += 1 }
                    if region.used == 0 {
                        warnings.append("\(entry.name): header not written yet (used=0): a worker may be creating it")
                    }
                    if includeSamples {
                        file.samples = (try? DBFile.read(entry.path, reader: reader))?.entries.map(Entry.init)
                    }
                } catch {
                    file.error = "byte \(error.offset): \(error.problem)"
                    if case .emptyFile = error.problem {
                        warnings.append(
                            "\(entry.name): 0-byte file; prometheus_client fails every scrape on it (client_python#1199)"
                        )
                    } else {
                        warnings.append("\(entry.name): damaged: byte \(error.offset): \(error.problem)")
                    }
                }
            case .misnamed(let problem):
                file.kind = "misnamed"
                file.error = problem.description
                warnings.append("\(entry.name): \(problem)")
            case .other:
                file.kind = "other"
            case .link:
                file.kind = "link"
                if entry.name.hasSuffix(".db") {
                    warnings.append("\(entry.name): a link named like a .db file; not followed")
                }
            case .directory:
                file.kind = "directory"
                if entry.name.hasSuffix(".db") {
                    warnings.append("\(entry.name): a folder named like a .db file; prometheus_client fails on it")
                }
            case .special:
                file.kind = "special"
            }
            files.append(file)
        }
        if layouts.count > 1 {
            let v1 = files.filter { $0.layout == .v1 }.map(\.name)
            warnings.append(
                "mixed v1 and v2 layouts: \(v1.count) v1 file(s) (\(v1.prefix(3).joined(separator: ", "))\(v1.count > 3 ? ", …" : "")) "
                    + "left from prometheus_client 0.17 or older; 0.18+ fails on them (client_python#996). Wipe the directory at start-up."
            )
        }
        let families = merge.families()
        let summary = Summary(
            files: files.count,
            dbFiles: files.filter { $0.kind == "db" }.count,
            liveProcesses: processes.values.filter { $0 == .alive }.count,
            deadProcesses: processes.values.filter { $0 == .dead }.count,
            families: families.count,
            series: families.reduce(0) { $0 + $1.samples.count },
            usedBytes: usedBytes,
            sizeBytes: sizeBytes,
            layouts: layouts
        )
        return DirectoryInspection(
            directory: directory.path, files: files.sorted(by: Self.listingOrder), summary: summary, warnings: warnings)
    }
}

extension DirectoryInspection.Entry {
    init(_ entry: DBEntry) {
        var labels: [String: String] = [:]
        for label in entry.key.labels { labels[label.name] = label.value }
        self.init(
            offset: entry.offset, metric: entry.key.metricName, sample: entry.key.sampleName, labels: labels,
            value: FloatFormatting.goString(entry.value), timestamp: entry.timestamp)
    }
}

extension DirectoryInspection {
    /// One process's files together: by pid (numbers in numeric order, then
    /// names such as `archive`, then files without one), then by type and mode,
    /// then by name.
    static func listingOrder(_ left: File, _ right: File) -> Bool {
        func pidKey(_ file: File) -> (Int, Int64, String) {
            guard let pid = file.pid else { return (2, 0, "") }
            if let number = Int64(pid) { return (0, number, "") }
            return (1, 0, pid)
        }
        let (a, b) = (pidKey(left), pidKey(right))
        if a != b { return a < b }
        let (typeA, typeB) = (left.type?.rawValue ?? "~", right.type?.rawValue ?? "~")
        if typeA != typeB { return typeA < typeB }
        let (modeA, modeB) = (left.mode?.rawValue ?? "", right.mode?.rawValue ?? "")
        if modeA != modeB { return modeA < modeB }
        return left.name < right.name
    }
}
