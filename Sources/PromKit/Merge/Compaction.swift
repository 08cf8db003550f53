/// Folds many `.db` files into few, so that prometheus_client renders the
/// result exactly as it renders the input.
///
/// Files are grouped by what they fold into (``Compaction/Target``): one file
/// per type, and per gauge mode; `all` and `liveall` gauges stay one file per
/// process, since the pid in their name is the `pid` label of their series.
/// Within a group the entries are merged as ``MultiprocMerge`` merges them,
/// with histogram buckets kept per bucket and no `_count` (the form the files
/// store), and `mostrecent` gauges keeping the timestamp that won. The output
/// uses the layout of the input; a mix of layouts is an error that names the
/// files, since no single output would read back the same.
public enum Compaction {
    /// What a group of files folds into.
    public struct Target: Hashable, Sendable, Comparable {
        /// The type.
        public var type: DBFileType
        /// The gauge mode; nil for other types.
        public var mode: GaugeMode?
        /// The pid, kept for `all` and `liveall` gauges; nil where the group has none.
        public var pid: String?

        /// The group a file belongs to.
        public init(_ name: DBFileName) {
            type = name.type
            mode = name.mode
            pid = name.mode?.keepsPid == true ? name.pid : nil
        }

        /// The output's name: the kept pid, or `label` (`archive`) in its place.
        public func fileName(label: String) -> DBFileName {
            DBFileName(type: type, mode: mode, pid: pid ?? label)
        }

        public static func < (lhs: Target, rhs: Target) -> Bool {
            lhs.fileName(label: "").fileName.utf8.lexicographicallyPrecedes(rhs.fileName(label: "").fileName.utf8)
        }
    }

    /// One file to write.
    public struct Output: Sendable {
        /// The group.
        public var target: Target
        /// The layout to write (that of the input files; nil when none had entries).
        public var layout: DBLayout?
        /// The entries.
        public var entries: [DBFileWriter.Entry]
        /// The paths of the files folded into it.
        public var sources: [String]
        /// The layout of each source with entries (working state of ``Compaction/fold(_:)``).
        var layouts: [(String, DBLayout)] = []
    }

    /// Why files could not be folded.
    public enum Failure: Error, Sendable, CustomStringConvertible {
        /// A file could not be read.
        case unreadable(DBFileError)
        /// Input files use both layouts.
        case mixedLayouts(v1: [String], v2: [String])
        /// The merged entries do not fit a file.
        case tooLarge(Target)

        public var description: String {
            switch self {
            case .unreadable(let error): return error.description
            case .mixedLayouts(let v1, let v2):
                func list(_ paths: [String]) -> String {
                    paths.prefix(5).joined(separator: ", ") + (paths.count > 5 ? " and \(paths.count - 5) more" : "")
                }
                return "mixed byte layouts: v1 (prometheus_client <= 0.17.1) in \(list(v1)); "
                    + "v2 (>= 0.18.0) in \(list(v2)); fold each set separately"
            case .tooLarge(let target): return "\(target.fileName(label: "archive").fileName): too large to write"
            }
        }
    }

    /// Folds `files` (in the order given, as Python's collector would read
    /// them) into one output per ``Target``, sorted by target.
    ///
    /// Files with no entries contribute nothing; a file that vanished is passed over.
    public static func fold(_ files: [(path: String, name: DBFileName)]) throws(Failure) -> [Output] {
        var order: [Target] = []
        var groups: [Target: [(path: String, name: DBFileName)]] = [:]
        for file in files {
            let target = Target(file.name)
            if groups[target] == nil { order.append(target) }
            groups[target, default: []].append(file)
        }
        var outputs: [Output] = []
        var v1: [String] = []
        var v2: [String] = []
        for target in order.sorted() {
            let members = groups[target] ?? []
            let output: Output
            do throws(DBFileError) {
                output = target.pid == nil ? try merged(target, members) : try copied(target, members)
            } catch {
                throw .unreadable(error)
            }
            outputs.append(output)
            for (path, layout) in output.layouts {
                if layout == .v1 { v1.append(path) } else { v2.append(path) }
            }
        }
        if !v1.isEmpty, !v2.isEmpty { throw .mixedLayouts(v1: v1, v2: v2) }
        let layout: DBLayout? = v1.isEmpty ? (v2.isEmpty ? nil : .v2) : .v1
        return outputs.map { output in
            var output = output
            output.layout = layout
            return output
        }
    }

    /// A group whose pid is dropped in the merge: entries merged by ``MultiprocMerge``.
    private static func merged(
        _ target: Target, _ members: [(path: String, name: DBFileName)]
    ) throws(DBFileError) -> Output {
        let merge = MultiprocMerge()
        var layouts: [(String, DBLayout)] = []
        var sources: [String] = []
        for member in members {
            do {
                let added = try merge.add(path: member.path, name: member.name)
                if let layout = added.region.layout { layouts.append((member.path, layout)) }
                sources.append(member.path)
            } catch {
                if case .vanished = error.problem { continue }
                throw error
            }
        }
        var entries: [DBFileWriter.Entry] = []
        for family in merge.families(cumulative: false, timestamps: true) {
            for sample in family.samples {
                let key = DBKey(
                    metricName: family.name, sampleName: sample.name, labels: sample.labels, help: family.help)
                entries.append(DBFileWriter.Entry(key: key, value: sample.value, timestamp: sample.timestamp ?? 0))
            }
        }
        var output = Output(target: target, layout: nil, entries: entries, sources: sources)
        output.layouts = layouts
        return output
    }

    /// An `all`/`liveall` group (one pid): entries copied, a later file's value
    /// replacing an earlier one for the same key, as Python's merge does.
    private static func copied(
        _ target: Target, _ members: [(path: String, name: DBFileName)]
    ) throws(DBFileError) -> Output {
        var index: [DBKey: Int] = [:]
        var entries: [DBFileWriter.Entry] = []
        var layouts: [(String, DBLayout)] = []
        var sources: [String] = []
        let reader = DBFileReader()
        for member in members {
            let file: DBFile
            do {
                file = try DBFile.read(member.path, reader: reader)
            } catch {
                if case .vanished = error.problem { continue }
                throw error
            }
            if let layout = file.region.layout { layouts.append((member.path, layout)) }
            sources.append(member.path)
            for entry in file.entries {
                var key = entry.key
                key.shape = .current
                let item = DBFileWriter.Entry(key: key, value: entry.value, timestamp: entry.timestamp)
                if let at = index[key] {
                    entries[at] = item
                } else {
                    index[key] = entries.count
                    entries.append(item)
                }
            }
        }
        var output = Output(target: target, layout: nil, entries: entries, sources: sources)
        output.layouts = layouts
        return output
    }
}
