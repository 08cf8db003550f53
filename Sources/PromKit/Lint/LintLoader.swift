#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a ``LintSource`` into a ``LintInput``: merged families (with per-file
/// facts) for a directory or `.db` file, parsed families with lines for an exposition.
public enum LintLoader {
    /// Loads `source`. Standard input is read from descriptor 0; a URL is fetched
    /// with Prometheus 3's `Accept` header and parsed as its `Content-Type` says.
    public static func load(_ source: LintSource, timeout: Duration = .seconds(10)) async throws(LintSourceError)
        -> LintInput
    {
        if case .url(let url) = source {
            return try await urlInput(url, timeout: timeout)
        }
        return try loadLocal(source)
    }

    /// Loads a local `source` (a URL throws ``LintSourceError/unsupported(_:)``: use the async form).
    public static func loadLocal(_ source: LintSource) throws(LintSourceError) -> LintInput {
        switch source {
        case .directory(let path):
            // The listing and the reading, under the readers' lock: a fold is seen whole.
            do {
                return try MultiprocDirectory.withReadersLock(on: path, wait: 2) {
                    let directory: MultiprocDirectory
                    do {
                        directory = try MultiprocDirectory.scan(path)
                    } catch let error as DirectoryError {
                        throw LintSourceError.unreadable(path: error.path, message: error.message)
                    }
                    return try directoryInput(directory)
                }
            } catch let error as LintSourceError {
                throw error
            } catch let error as FoldInProgress {
                throw .locked(error)
            } catch {
                throw .unreadable(path: path, message: "\(error)")
            }
        case .dbFile(let path):
            return try dbFileInput(path)
        case .exposition(let path):
            let file: RegularFile
            do {
                file = try RegularFile(path: path)
            } catch {
                let hint: String
                if case .missing = error { hint = HTTPURL.schemeHint(for: path) } else { hint = "" }
                throw .unreadable(path: path, message: error.description + hint)
            }
            return try streamedInput(file, path: path)
        case .standardInput:
            // Streamed as a file is (a redirected file is judged by its last bytes), or
            // through both grammars at once (a pipe's last bytes come last).
            let source = SourceName.standardInput
            if let status = try? SystemCall.status(0), (status.st_mode & S_IFMT) == S_IFREG {
                return try streamedInput(descriptor: 0, size: Int(status.st_size), path: source)
            }
            return try scannedInEitherFormat(source: source) { feed throws(LintSourceError) in
                try forEachChunk(0, path: source) { feed($0) }
            }
        case .url(let url):
            throw .unsupported("\(url): fetch URLs with the async load(_:timeout:)")
        }
    }

    /// Fetches and parses a scrape, its body streamed through the parser as it
    /// arrives, so that memory grows with distinct series and values, not with the body.
    public static func urlInput(_ url: String, timeout: Duration) async throws(LintSourceError) -> LintInput {
        let pipeline = ScanPipeline()
        var parser: ExpositionParser?
        var sniffer = BodySniffer()
        do {
            _ = try await HTTPFetcher.stream(
                url: url, headers: [(name: "Accept", value: HTTPFetcher.prometheusAccept)], timeout: timeout,
                head: { response in
                    let kind = ExpositionFormatKind(contentType: response.header("content-type") ?? "")
                    parser = ExpositionParser(format: kind, sink: pipeline)
                },
                body: { bytes in
                    if try sniffer.admit(bytes) { parser?.feed(bytes) }
                })
        } catch is BodySniffer.StopReading {
        } catch {
            throw .unreadable(path: url, message: (error as? HTTPFetchError)?.reason ?? "\(error)")
        }
        guard var parser else { throw .unreadable(path: url, message: "no response") }
        return try finishScan(&parser, pipeline: pipeline, source: url, sniffer: sniffer, fetched: true)
    }

    /// The merged families of a directory with each file's facts.
    /// A directory without a `.db` file gets the `empty-directory` notice.
    public static func directoryInput(_ directory: MultiprocDirectory) throws(LintSourceError) -> LintInput {
        do {
            let merged = try directory.merged()
            let facts = try MultiprocessFacts.gather(directory)
            var input = LintInput(families: asScraped(merged.families), multiprocess: facts)
            if !directory.entries.contains(where: { $0.name.hasSuffix(".db") && !$0.name.hasPrefix(".") }) {
                input.notices = [.emptyDirectory()]
            }
            return input
        } catch {
            throw .damaged(error)
        }
    }

    /// One `.db` file, merged alone, with its facts.
    public static func dbFileInput(_ path: String) throws(LintSourceError) -> LintInput {
        do {
            _ = try RegularFile(path: path)
        } catch {
            throw .unreadable(path: path, message: error.description)
        }
        let base = path.split(separator: "/").last.map(String.init) ?? path
        let name: DBFileName
        switch DBFileName.parse(base) {
        case .success(let parsed): name = parsed
        case .failure(let problem): throw .unnamed(path: path, problem: problem)
        }
        do {
            let merge = MultiprocMerge()
            try merge.add(path: path, name: name)
            var facts = MultiprocessFacts()
            facts.add(try DBFile.read(path), name: name)
            return LintInput(families: asScraped(merge.families()), multiprocess: facts)
        } catch {
            throw .damaged(error)
        }
    }

    /// Families as prometheus_client's `/metrics` shows them: names outside the legacy
    /// character set escaped by its default `underscores` scheme, so that findings name
    /// what a scrape (and `promtool check metrics`) shows.
    public static func asScraped(_ families: [MetricFamily]) -> [MetricFamily] {
        let escaping = NameEscaping.underscores
        return families.map { family in
            var family = family
            family.name = escaping.metricName(family.name)
            for index in family.samples.indices {
                let sample = family.samples[index]
                if !NameEscaping.isLegacyMetricName(sample.name) {
                    family.samples[index].name = escaping.metricName(sample.name)
                }
                if sample.labels.contains(where: { !NameEscaping.isLegacyLabelName($0.name) }) {
                    family.samples[index].labels = sample.labels.map { Label(escaping.labelName($0.name), $0.value) }
                }
            }
            return family
        }
    }

    /// Parses an exposition (OpenMetrics when it ends in `# EOF`, text otherwise);
    /// input Prometheus would reject throws with the parser's errors.
    public static func expositionInput(_ bytes: [UInt8], source: String) throws(LintSourceError) -> LintInput {
        try scanned(ExpositionFormatKind.sniff(tail: bytes), source: source) { feed in
            bytes.withUnsafeBytes { feed($0) }
        }
    }

    /// Parses what `feed` gives, each sample going straight into its family's scan,
    /// so that memory grows with distinct series and values, not with the input.
    /// Input Prometheus would reject throws with the parser's errors; an HTML page
    /// with one error that says so.
    static func scanned(
        _ format: ExpositionFormatKind, source: String,
        feed: ((UnsafeRawBufferPointer) -> Void) throws(LintSourceError) -> Void
    ) throws(LintSourceError) -> LintInput {
        let pipeline = ScanPipeline()
        var parser = ExpositionParser(format: format, sink: pipeline)
        var sniffer = BodySniffer()
        try feed { bytes in
            sniffer.feed(bytes)
            if !sniffer.isHTML { parser.feed(bytes) }
        }
        return try finishScan(&parser, pipeline: pipeline, source: source, sniffer: sniffer, fetched: false)
    }

    /// Parses what `feed` gives as text and as OpenMetrics at once (each into a
    /// pipeline of its own), then keeps the one its last bytes call for: the
    /// format of a stream that cannot be read twice, in memory that grows with
    /// distinct series, not with the input.
    static func scannedInEitherFormat(
        source: String, feed: ((UnsafeRawBufferPointer) -> Void) throws(LintSourceError) -> Void
    ) throws(LintSourceError) -> LintInput {
        let pipelines = (text: ScanPipeline(), openMetrics: ScanPipeline())
        var text = ExpositionParser(format: .text, sink: pipelines.text)
        var openMetrics = ExpositionParser(format: .openmetrics, sink: pipelines.openMetrics)
        var sniffer = BodySniffer()
        var tail: [UInt8] = []
        do {
            try feed { bytes in
                sniffer.feed(bytes)
                tail.append(contentsOf: bytes.suffix(64))
                if tail.count > 64 { tail.removeFirst(tail.count - 64) }
                guard !sniffer.isHTML else { return }
                text.feed(bytes)
                openMetrics.feed(bytes)
            }
        } catch {
            _ = (text.finish(), openMetrics.finish(), pipelines.text.finish(), pipelines.openMetrics.finish())
            throw error
        }
        if ExpositionFormatKind.sniff(tail: tail) == .openmetrics {
            _ = (text.finish(), pipelines.text.finish())
            return try finishScan(
                &openMetrics, pipeline: pipelines.openMetrics, source: source, sniffer: sniffer, fetched: false)
        }
        _ = (openMetrics.finish(), pipelines.openMetrics.finish())
        return try finishScan(&text, pipeline: pipelines.text, source: source, sniffer: sniffer, fetched: false)
    }

    /// Ends a parse whose samples went to `pipeline` and makes its input. A body that
    /// `sniffer` found empty is an input with the `empty-body` notice; an HTML page throws.
    private static func finishScan(
        _ parser: inout ExpositionParser, pipeline: ScanPipeline, source: String, sniffer: BodySniffer,
        fetched: Bool
    ) throws(LintSourceError) -> LintInput {
        let result = parser.finish()
        let scans = pipeline.finish()
        if let notice = sniffer.notice(fetched: fetched) {
            if notice.severity == .error {
                throw .unparsable(source: source, findings: [notice], errorCount: 1)
            }
            return LintInput(subjects: [], format: parser.format, notices: [notice])
        }
        if result.hasErrors {
            throw .unparsable(source: source, findings: result.findings, errorCount: result.errorCount)
        }
        var subjects: [LintInput.Subject] = []
        subjects.reserveCapacity(result.families.count)
        for (index, family) in result.families.enumerated() {
            var subject = LintInput.Subject(family, line: result.familyLines[index])
            let parseIndex = result.parseIndexes[index]
            subject.scan = parseIndex < scans.count ? scans[parseIndex] : FamilyScan(family)
            subjects.append(subject)
        }
        return LintInput(subjects: subjects, format: parser.format)
    }

    /// Parses a regular file in 1 MiB chunks, the format judged from its last bytes,
    /// so that the file's bytes are never all in memory.
    static func streamedInput(_ file: borrowing RegularFile, path: String) throws(LintSourceError) -> LintInput {
        try streamedInput(descriptor: file.descriptor, size: file.size, path: path)
    }

    /// Parses an open regular file of `size` bytes in 1 MiB chunks, judged by its last bytes.
    static func streamedInput(descriptor: Int32, size: Int, path: String) throws(LintSourceError) -> LintInput {
        var tail = [UInt8](repeating: 0, count: 64)
        let offset = max(0, size - tail.count)
        let got = (try? SystemCall.read(descriptor, into: &tail, at: offset)) ?? 0
        let format = ExpositionFormatKind.sniff(tail: tail.prefix(max(0, got)))
        return try scanned(format, source: path) { feed throws(LintSourceError) in
            try forEachChunk(descriptor, path: path) { feed($0) }
        }
    }

    /// Reads a descriptor to its end in 1 MiB chunks.
    private static func forEachChunk(
        _ descriptor: Int32, path: String, _ body: (UnsafeRawBufferPointer) -> Void
    ) throws(LintSourceError) {
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count: Int
            do {
                count = try SystemCall.read(descriptor, into: &chunk)
            } catch {
                throw .unreadable(path: path, message: error.reason)
            }
            if count == 0 { return }
            chunk.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
        }
    }

    /// Reads a descriptor to its end.
    static func readAll(_ descriptor: Int32, path: String) throws(LintSourceError) -> [UInt8] {
        var bytes: [UInt8] = []
        if let status = try? SystemCall.status(descriptor) {
            if (status.st_mode & S_IFMT) == S_IFDIR { throw .unreadable(path: path, message: "is a directory") }
            if status.st_size > 0 { bytes.reserveCapacity(Int(status.st_size) + 1) }
        }
        try forEachChunk(descriptor, path: path) { bytes.append(contentsOf: $0) }
        return bytes
    }
}
