import Foundation

/// Merges `.db` files into metric families exactly as prometheus_client 0.26.0's
/// `MultiProcessCollector` does.
///
/// Add files in the order Python's `glob` returns them (directory order, as
/// ``MultiprocDirectory`` lists them): the first file to name a family fixes its
/// type and help, the last gauge file fixes its mode, `min`/`max` keep the first
/// value unless a later one compares smaller/larger, and sums are added in file
/// order, so that every bit of the output matches.
///
/// | type / mode | rule |
/// |---|---|
/// | counter, summary | summed over all files |
/// | gauge `all`, `liveall` | one series per process, labelled `pid` |
/// | gauge `min`/`max` (and live) | `pid` dropped; smallest / largest |
/// | gauge `sum`, `livesum` | `pid` dropped; summed |
/// | gauge `mostrecent` (and live) | `pid` dropped; the value with the largest timestamp; all-zero timestamps left out |
/// | histogram | buckets grouped by `float(le)`, summed, sorted, cumulative; `_count` is the `+Inf` total |
///
/// Counters, summaries and histograms are summed as files are read, since their
/// type is fixed by the first file. Gauge entries are kept until the end, since
/// the last gauge file decides the mode.
///
/// With `cumulative: false`, buckets stay per bucket and no `_count` is made:
/// the form in which files store them, for writing merged files back.
///
/// Families come out sorted by name, samples in ``SampleOrder``.
public final class MultiprocMerge {
    private let resolver = KeyResolver()
    private var state = MergeState()

    /// Creates an empty merge.
    public init() {}

    /// The number of files added.
    public var fileCount: Int { state.fileIsGauge.count }

    /// Reads `path`, whose base name parsed as `name`, and adds its entries.
    /// A damaged file throws and adds nothing. Returns what the header and walk
    /// tell, and the number of entries.
    @discardableResult
    public func add(path: String, name: DBFileName) throws(DBFileError) -> (region: DBRegion, entries: Int) {
        let resolved = try resolver.resolve(path: path, name: name).get()
        let count = resolved.entries.count
        take(resolved, name: name)
        return (resolved.region, count)
    }

    /// Adds `files` in order, as ``add(path:name:)`` one by one would, and
    /// returns each file's outcome. A damaged file adds nothing.
    ///
    /// The files are read and their keys resolved on a second thread, a few
    /// files ahead, while this one sums: reading and hashing is half the work.
    public func add(
        _ files: [(path: String, name: DBFileName)]
    ) -> [Result<(region: DBRegion, entries: Int), DBFileError>] {
        guard files.count > 1 else {
            return files.map { file in Result { () throws(DBFileError) in try add(path: file.path, name: file.name) } }
        }
        let channel = ResolvedChannel(capacity: 4)
        let resolver = self.resolver
        let thread = Thread {
            for (index, file) in files.enumerated() {
                channel.put(index, resolver.resolve(path: file.path, name: file.name))
            }
        }
        thread.stackSize = 1 << 20
        thread.start()
        var outcomes: [Result<(region: DBRegion, entries: Int), DBFileError>] = []
        outcomes.reserveCapacity(files.count)
        for (index, file) in files.enumerated() {
            switch channel.take(index) {
            case .success(let resolved):
                outcomes.append(.success((resolved.region, resolved.entries.count)))
                take(resolved, name: file.name)
            case .failure(let error):
                outcomes.append(.failure(error))
            }
        }
        return outcomes
    }

    private func take(_ resolved: consuming ResolvedFile, name: DBFileName) {
        // The state is worked on as a local, so that the per-entry loop pays
        // no dynamic exclusivity checks on a class property.
        var state = self.state
        self.state = MergeState()
        defer { self.state = state }
        for key in resolved.newKeys {
            state.addKey(key.key, path: key.path, offset: key.offset)
        }
        let entries = resolved.entries
        resolved.entries = []
        state.accumulate(entries, name: name)
        resolver.recycle(consume entries)
    }

    /// The merged families, sorted by name.
    ///
    /// With `timestamps: true` (for writing merged files back), each sample of a
    /// `mostrecent`/`livemostrecent` gauge carries the timestamp that won, and
    /// series whose timestamps are all 0 come too, with timestamp 0 (Python
    /// shows their family with no sample; written back, they keep it so).
    public func families(cumulative: Bool = true, timestamps: Bool = false) -> [MetricFamily] {
        state.families(cumulative: cumulative, timestamps: timestamps)
    }
}

/// Resolved files handed from the reading thread to the summing one, in
/// order, at most `capacity` ahead.
private final class ResolvedChannel: @unchecked Sendable {
    private let condition = NSCondition()
    private var ready: [Int: Result<ResolvedFile, DBFileError>] = [:]
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    func put(_ index: Int, _ item: Result<ResolvedFile, DBFileError>) {
        condition.lock()
        while ready.count >= capacity { condition.wait() }
        ready[index] = item
        condition.broadcast()
        condition.unlock()
    }

    func take(_ index: Int) -> Result<ResolvedFile, DBFileError> {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let item = ready.removeValue(forKey: index) {
                condition.broadcast()
                return item
            }
            condition.wait()
        }
    }
}
