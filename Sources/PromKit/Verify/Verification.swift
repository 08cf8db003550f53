/// The outcome of checking one selector against the requests a load run had answered.
public struct Verification: Sendable {
    /// The selector checked.
    public var selector: String
    /// The count the selector should have grown by.
    public var expected: Double
    /// The summed value before the load (0 when no series existed yet).
    public var before: Double
    /// The summed value after the load and the settle delay.
    public var after: Double
    /// The allowed difference between observed and expected.
    public var tolerance: Double
    /// Explanations of a mismatch, most likely first.
    public var diagnosis: [String]
    /// Each worker's share of the growth, from `--multiproc-dir`, largest first.
    public var workers: [(pid: String, delta: Double)]

    /// How a share's writer reads: `pid 4242`, or `the archives` (the folded
    /// counts of ended workers, `*_archive.db`), or the custom identifier.
    static func writer(_ pid: String) -> String {
        if pid == "archive" { return "the archives" }
        return Int32(pid) != nil ? "pid \(pid)" : pid
    }

    /// `after - before`.
    public var observed: Double { after - before }

    /// The selector's value in each scrape taken after the load, in order.
    public var afterValues: [Double]

    /// Whether a later scrape after the load saw less than an earlier one: a counter never goes
    /// down, so different processes, each with its own counts, answer `/metrics`. (Values that only
    /// go up may be the scrapes counting themselves.)
    public var scrapesDisagree: Bool { Self.decreases(afterValues) }

    /// Whether the observed growth is within the tolerance of the expected count, and the scrapes
    /// after the load agree.
    public var passed: Bool { abs(observed - expected) <= tolerance && !scrapesDisagree }

    /// Compares two scrapes for `selector`, and diagnoses a mismatch from everything seen.
    ///
    /// - Parameters:
    ///   - extraScrapes: further scrapes taken after the load, for telling processes apart.
    public init(
        selector: MetricSelector, expected: Double, tolerance: Double, before: [MetricFamily], after: [MetricFamily],
        extraScrapes: [[MetricFamily]] = [], workers: [(pid: String, delta: Double)] = []
    ) {
        self.selector = selector.text
        self.expected = expected
        self.tolerance = tolerance
        self.before = selector.sum(before)
        self.after = selector.sum(after)
        self.afterValues = ([after] + extraScrapes).map { selector.sum($0) }
        self.workers = workers
        self.diagnosis = []
        if !passed {
            diagnosis = Self.diagnose(
                selector: selector, expected: expected, observed: self.after - self.before,
                scrapes: [before, after] + extraScrapes, workers: workers)
        }
    }

    static func diagnose(
        selector: MetricSelector, expected: Double, observed: Double, scrapes: [[MetricFamily]],
        workers: [(pid: String, delta: Double)]
    ) -> [String] {
        var notes: [String] = []
        let starts = Set(scrapes.compactMap(processStart))
        let afterSums = scrapes.dropFirst().map { selector.sum($0) }
        let notSet = "PROMETHEUS_MULTIPROC_DIR is not set for the workers (or not the same directory for all)"
        if starts.count > 1 {
            let list = starts.sorted().map { DurationText.fixed($0, digits: 2) }.joined(separator: ", ")
            notes.append(
                "successive scrapes came from different processes (process_start_time_seconds \(list)): each "
                    + "worker counts alone and serves only its own counts, so \(notSet); set it to one empty "
                    + "directory shared by all workers and serve /metrics from a MultiProcessCollector registry")
        } else if decreases(afterSums) {
            let list = afterSums.map { Verification.count($0) }.joined(separator: ", ")
            notes.append(
                "scrapes taken one after another with no load running disagree (\(list)): different processes "
                    + "answer /metrics and each counts alone, so \(notSet)")
        }
        if observed > 0 && observed < expected, let workersGuess = oneInK(expected: expected, observed: observed) {
            if notes.isEmpty {
                notes.append(
                    "the delta is close to 1/\(workersGuess) of the expected count, as when \(workersGuess) workers "
                        + "each count alone and /metrics shows one of them: \(notSet)")
            }
        }
        if observed > expected {
            notes.append(
                "the delta exceeds the expected count by \(Verification.count(observed - expected)): something "
                    + "else sent matching requests during the run (other clients, health checks, a load balancer, "
                    + "retries), or the selector matches more series than intended")
        }
        if observed < expected && notes.isEmpty {
            if scrapes.allSatisfy({ $0.isEmpty || selector.sum($0) == 0 }) && !hasSeries(selector, scrapes) {
                notes.append("no series matches the selector in any scrape: check the metric name and labels")
            } else {
                notes.append(
                    "fewer counted than answered: requests may be counted by processes whose metrics this scrape "
                        + "does not include (\(notSet), or the directory was wiped by a restart), or the count is "
                        + "updated after the response is sent (try a longer --settle)")
            }
        }
        if workers.count > 1 || (workers.count == 1 && observed != workers[0].delta) {
            let shown = workers.prefix(8).map { "\(Verification.writer($0.pid)): \(Verification.count($0.delta))" }
            notes.append("the .db files show the growth by worker: " + shown.joined(separator: ", "))
        }
        return notes
    }

    /// Whether some value is lower than one before it.
    static func decreases(_ values: [Double]) -> Bool {
        var highest = -Double.infinity
        for value in values {
            if value < highest { return true }
            highest = max(highest, value)
        }
        return false
    }

    /// The k in 2...16 for which `observed` is within 10% of `expected / k`, if any.
    static func oneInK(expected: Double, observed: Double) -> Int? {
        for k in 2...16 {
            let share = expected / Double(k)
            if abs(observed - share) <= max(1, share * 0.1) { return k }
        }
        return nil
    }

    /// The `process_start_time_seconds` of a scrape, if it has one.
    static func processStart(_ families: [MetricFamily]) -> Double? {
        for family in families where family.name == "process_start_time_seconds" {
            if let sample = family.samples.first { return sample.value }
        }
        return nil
    }

    private static func hasSeries(_ selector: MetricSelector, _ scrapes: [[MetricFamily]]) -> Bool {
        scrapes.contains { families in
            families.contains { family in
                family.samples.contains { selector.matches(name: $0.name, labels: $0.labels) }
            }
        }
    }
}
