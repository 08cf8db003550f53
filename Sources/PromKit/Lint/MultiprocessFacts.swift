/// What each `.db` file says about each metric, for the rules that need more than
/// the merged families: differences between files, gauge modes, untouched counters.
public struct MultiprocessFacts: Sendable {
    /// One file read.
    public struct File: Sendable {
        /// The file's path.
        public var path: String
        /// Its parsed name: type, gauge mode, pid.
        public var name: DBFileName
    }

    /// One metric (by its `metric_name` in the keys) across the files.
    public struct Metric: Sendable {
        /// The metric name, as keys store it (a counter without `_total`).
        public var name: String
        /// Indexes into `files` of the files that hold it, in directory order.
        public var files: [Int] = []
        /// Each distinct help text, with the files that carry it.
        public var helps: [(value: String, files: [Int])] = []
        /// Each distinct type (with the gauge mode), with the files.
        public var kinds: [(value: String, files: [Int])] = []
        /// Each distinct list of label names (without `le` and `quantile`), with the files.
        public var labelNames: [(value: [String], files: [Int])] = []
        /// Each distinct list of histogram bucket bounds, with the files.
        public var buckets: [(value: [String], files: [Int])] = []
        /// Whether any entry of any file holds a value other than 0.
        public var anyNonZero = false
        /// The gauge modes in which the metric was written.
        public var modes: [GaugeMode] = []
        /// The pids of the gauge files that hold it.
        public var pids: [String] = []
    }

    /// The files read, in directory order.
    public var files: [File] = []
    /// The metrics, in the order first seen.
    public var metrics: [Metric] = []
    private var index: [String: Int] = [:]

    /// Creates empty facts.
    public init() {}

    /// Reads every `.db` file of `directory`. A damaged or misnamed file throws, as
    /// it does for the merge; a file that vanished since the listing is passed over.
    public static func gather(_ directory: MultiprocDirectory) throws(DBFileError) -> MultiprocessFacts {
        var facts = MultiprocessFacts()
        var decoder = KeyDecoder()
        for entry in directory.entries {
            switch entry.kind {
            case .db(let name):
                do {
                    try facts.add(decoder.read(entry.path), path: entry.path, name: name)
                } catch {
                    if case .vanished = error.problem { continue }
                    throw error
                }
            case .misnamed(let problem):
                throw DBFileError(path: entry.path, offset: 0, problem: .misnamed(problem))
            default:
                continue
            }
        }
        return facts
    }

    /// Adds one decoded file, whose base name parsed as `name`.
    public mutating func add(_ file: DBFile, name: DBFileName) {
        add(file.entries.map { ($0.key, $0.value) }, path: file.path, name: name)
    }

    /// Reads `.db` files, decoding each distinct key once (workers write the same keys).
    struct KeyDecoder {
        let reader = DBFileReader()
        var table = KeyTable()
        var keys: [DBKey] = []

        /// The entries of the file at `path`: keys and values.
        mutating func read(_ path: String) throws(DBFileError) -> [(key: DBKey, value: Double)] {
            var entries: [(key: DBKey, value: Double)] = []
            do {
                try reader.withRegion(of: path) { bytes, region in
                    guard let layout = region.layout else { return }
                    try DBWalk.forEach(bytes, layout: layout) { offset, keyBytes, value, _ in
                        let hash = KeyTable.hash(keyBytes)
                        if let index = table.index(of: keyBytes, hash: hash) {
                            entries.append((keys[index], value))
                        } else {
                            let key = try DBFile.decodeKey(keyBytes, entryOffset: offset, path: path)
                            _ = table.insert(keyBytes, hash: hash)
                            keys.append(key)
                            entries.append((key, value))
                        }
                    }
                }
            } catch let error as DBFileError {
                throw error
            } catch {
                throw DBFileError(path: path, offset: 0, problem: .io(String(describing: error)))
            }
            return entries
        }
    }

    /// Adds one file's entries; its base name parsed as `name`.
    mutating func add(_ entries: [(key: DBKey, value: Double)], path: String, name: DBFileName) {
        let fileIndex = files.count
        files.append(File(path: path, name: name))
        let kind = name.mode.map { "gauge (multiprocess_mode \"\($0.rawValue)\")" } ?? name.type.rawValue
        var perMetric: [Int: (labels: [[String]], bounds: [String])] = [:]
        for entry in entries {
            let slot = metricSlot(entry.key.metricName)
            if metrics[slot].files.last != fileIndex {
                metrics[slot].files.append(fileIndex)
                Self.note(kind, file: fileIndex, in: &metrics[slot].kinds)
                if let mode = name.mode, !metrics[slot].modes.contains(mode) { metrics[slot].modes.append(mode) }
                if name.mode != nil { metrics[slot].pids.append(name.pid) }
            }
            Self.note(entry.key.help, file: fileIndex, in: &metrics[slot].helps)
            if entry.value != 0 { metrics[slot].anyNonZero = true }
            var state = perMetric[slot] ?? ([], [])
            let names = entry.key.labels.map(\.name).filter { $0 != "le" && $0 != "quantile" }.sorted()
            if !state.labels.contains(names) { state.labels.append(names) }
            if name.type == .histogram, entry.key.sampleName.hasSuffix("_bucket"),
                let bound = entry.key.labels.first(where: { $0.name == "le" })?.value, !state.bounds.contains(bound)
            {
                state.bounds.append(bound)
            }
            perMetric[slot] = state
        }
        for (slot, state) in perMetric.sorted(by: { $0.key < $1.key }) {
            for names in state.labels { Self.note(names, file: fileIndex, in: &metrics[slot].labelNames) }
            if !state.bounds.isEmpty {
                let sorted = state.bounds.sorted { (PythonFloat.parse($0) ?? .nan) < (PythonFloat.parse($1) ?? .nan) }
                Self.note(sorted, file: fileIndex, in: &metrics[slot].buckets)
            }
        }
    }

    private mutating func metricSlot(_ name: String) -> Int {
        if let slot = index[name] { return slot }
        index[name] = metrics.count
        metrics.append(Metric(name: name))
        return metrics.count - 1
    }

    private static func note<T: Equatable>(_ value: T, file: Int, in list: inout [(value: T, files: [Int])]) {
        if let at = list.firstIndex(where: { $0.value == value }) {
            if list[at].files.last != file { list[at].files.append(file) }
        } else {
            list.append((value, [file]))
        }
    }
}
