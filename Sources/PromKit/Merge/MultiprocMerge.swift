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
/// type is fixed by the first file. Gauges too when all the files are added at
/// once and their names give one gauge mode; otherwise gauge entries are kept
/// until the end, since the last gauge file decides the mode.
///
/// With `cumulative: false`, buckets stay per bucket and no `_count` is made:
/// the form in which files store them, for writing merged files back.
///
/// Families come out sorted by name, samples in ``SampleOrder``.
public final class MultiprocMerge {
    private let spare = SpareBuffers()
    private let catalog = KeyCatalog()
    /// The resolver of files added one at a time.
    private var resolver: KeyResolver
    private var state = MergeState()
    /// Whether ``add(_:)`` has taken all the files.
    private var closed = false

    /// Creates an empty merge.
    public init() {
        resolver = KeyResolver(catalog: catalog, spare: spare)
    }

    /// The number of files added.
    public var fileCount: Int { state.fileIsGauge.count }

    /// Reads `path`, whose base name parsed as `name`, and adds its entries.
    /// A damaged file throws and adds nothing. Returns what the header and walk
    /// tell, and the number of entries.
    @discardableResult
    public func add(path: String, name: DBFileName) throws(DBFileError) -> (region: DBRegion, entries: Int) {
        precondition(!closed, "add(_:) took all the files")
        return try addFile(path: path, name: name)
    }

    private func addFile(path: String, name: DBFileName) throws(DBFileError) -> (region: DBRegion, entries: Int) {
        let resolved = try resolver.resolve(path: path, name: name).get()
        let count = resolved.entries.count
        try take(resolved, name: name, path: path)
        return (resolved.region, count)
    }

    /// Adds `files`, all the files there are, in order, as ``add(path:name:)``
    /// one by one would, and returns each file's outcome. A damaged file adds
    /// nothing. Call it once, on a new merge, and add nothing after it.
    ///
    /// Two threads read the files and resolve their keys, a few files ahead,
    /// while this one sums in file order: reading and hashing is most of the work.
    /// When the gauge files' names all give one mode, every gauge family's final
    /// mode is known, so gauge entries are merged as they come, not kept.
    public func add(
        _ files: [(path: String, name: DBFileName)]
    ) -> [Result<(region: DBRegion, entries: Int), DBFileError>] {
        precondition(fileCount == 0 && !closed, "add(_:) takes all the files, on a new merge")
        closed = true
        let modes = Set(files.compactMap(\.name.mode))
        if modes.count == 1 { state.settledGaugeMode = modes.first }
        guard files.count > 1 else {
            return files.map { file in
                Result { () throws(DBFileError) in try addFile(path: file.path, name: file.name) }
            }
        }
        // Reader r reads files r, r + readers, ... in order, each with a resolver
        // of its own, into a channel of its own, from which they are taken in
        // file order. A reader blocked on a full channel has in it the file
        // taken next from it, so the readers never wait on each other.
        let readers = 2
        let channels = (0..<readers).map { _ in BoundedChannel<Result<ResolvedFile, DBFileError>>(capacity: 3) }
        for (reader, channel) in channels.enumerated() {
            _ = ThreadTask { [catalog, spare] in
                var resolver = KeyResolver(catalog: catalog, spare: spare)
                for index in stride(from: reader, to: files.count, by: readers) {
                    channel.put(resolver.resolve(path: files[index].path, name: files[index].name))
                }
            }
        }
        var outcomes: [Result<(region: DBRegion, entries: Int), DBFileError>] = []
        outcomes.reserveCapacity(files.count)
        for (index, file) in files.enumerated() {
            switch channels[index % readers].take() {
            case .success(let resolved):
                let outcome = (resolved.region, resolved.entries.count)
                do {
                    try take(resolved, name: file.name, path: file.path)
                    outcomes.append(.success(outcome))
                } catch {
                    outcomes.append(.failure(error))
                }
            case .failure(let error):
                outcomes.append(.failure(error))
            }
        }
        return outcomes
    }

    /// Sums a resolved file's entries, taking in first the keys the readers
    /// have added to the catalog since the last file.
    private func take(_ resolved: consuming ResolvedFile, name: DBFileName, path: String) throws(DBFileError) {
        // The state is worked on as a local, so that the per-entry loop pays
        // no dynamic exclusivity checks on a class property.
        var state = MergeState()
        swap(&state, &self.state)
        defer { swap(&state, &self.state) }
        for entry in catalog.entries(from: state.keyFamily.count) {
            state.addKey(entry)
        }
        let buffer = resolved.entries
        defer { spare.put(buffer) }
        let entries = UnsafeBufferPointer(buffer.entries)
        try state.checkBounds(entries, type: name.type, path: path)
        state.accumulate(entries, name: name)
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
