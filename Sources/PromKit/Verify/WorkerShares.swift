/// How much of a selector's value each worker process holds in a multiprocess directory,
/// read from the `.db` files (one file per type and pid).
public struct WorkerShares: Sendable, Equatable {
    /// Each pid's summed value of the selected series.
    public var byPid: [String: Double]

    /// Shares given directly, by pid.
    public init(byPid: [String: Double]) {
        self.byPid = byPid
    }

    /// Reads every `.db` file of `directory` and sums the entries the selector matches, by pid.
    /// Files that cannot be read are skipped (they are being written or were removed).
    public static func read(_ directory: String, selector: MetricSelector) throws(DirectoryError) -> WorkerShares {
        let listing = try MultiprocDirectory.scan(directory)
        var byPid: [String: Double] = [:]
        let reader = DBFileReader()
        for (entry, name) in listing.dbFiles {
            guard let file = try? DBFile.read(entry.path, reader: reader) else { continue }
            for item in file.entries where selector.matches(name: item.key.sampleName, labels: item.key.labels) {
                byPid[name.pid, default: 0] += item.value
            }
        }
        return WorkerShares(byPid: byPid)
    }

    /// Each pid's growth from `before` to `self`, largest first, leaving out pids that did not grow.
    public func delta(since before: WorkerShares) -> [(pid: String, delta: Double)] {
        byPid.map { ($0.key, $0.value - (before.byPid[$0.key] ?? 0)) }
            .filter { $0.1 != 0 }
            .sorted { $0.1 > $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }
    }
}
