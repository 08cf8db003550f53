/// Checks that a server counted a load run's requests: scrapes its metrics before and after,
/// and compares each selector's growth with the requests answered.
public struct LoadVerifier: Sendable {
    /// What the verifier saw before the load.
    public struct Baseline: Sendable {
        var scrape: [MetricFamily]
        var shares: [WorkerShares]
    }

    /// The selectors to check.
    public var selectors: [MetricSelector]
    /// Where the metrics are served.
    public var metrics: HTTPURL
    /// The growth to expect; nil means the requests answered.
    public var expect: Double?
    /// The allowed difference.
    public var tolerance: Double
    /// How long to wait after the load before scraping.
    public var settle: Duration
    /// A multiprocess directory to read each worker's share from.
    public var multiprocDirectory: String?
    /// How long a scrape may take.
    public var timeout: Duration

    /// A verifier; `metrics` defaults to the load target's origin plus `/metrics` (see `defaultMetrics`).
    public init(
        selectors: [MetricSelector], metrics: HTTPURL, expect: Double? = nil, tolerance: Double = 0,
        settle: Duration = .milliseconds(200), multiprocDirectory: String? = nil, timeout: Duration = .seconds(10)
    ) {
        self.selectors = selectors
        self.metrics = metrics
        self.expect = expect
        self.tolerance = tolerance
        self.settle = settle
        self.multiprocDirectory = multiprocDirectory
        self.timeout = timeout
    }

    /// The same origin as `target`, path `/metrics`.
    public static func defaultMetrics(for target: HTTPURL) -> HTTPURL {
        target.with(path: "/metrics")
    }

    /// Scrapes (and reads the directory) before the load.
    public func before() async throws(VerifyError) -> Baseline {
        let scrape = try await VerifyScrape.fetch(metrics, timeout: timeout)
        return Baseline(scrape: scrape, shares: try readShares())
    }

    /// Waits `settle`, scrapes again and checks every selector against `answered` requests.
    public func after(_ baseline: Baseline, answered: Int) async throws(VerifyError) -> [Verification] {
        try? await Task.sleep(for: settle)
        let scrape = try await VerifyScrape.fetch(metrics, timeout: timeout)
        let shares = try readShares()
        let expected = expect ?? Double(answered)
        // More scrapes, each on a new connection, with no load running: if different processes answer
        // /metrics and each counts alone, they disagree even when the first one happened to match.
        var extra: [[MetricFamily]] = []
        for _ in 0..<3 {
            if let more = try? await VerifyScrape.fetch(metrics, timeout: timeout) { extra.append(more) }
        }
        return selectors.enumerated().map { index, selector in
            let workers = index < shares.count ? shares[index].delta(since: baseline.shares[index]) : []
            return Verification(
                selector: selector, expected: expected, tolerance: tolerance, before: baseline.scrape, after: scrape,
                extraScrapes: extra, workers: workers)
        }
    }

    private func readShares() throws(VerifyError) -> [WorkerShares] {
        guard let multiprocDirectory else { return [] }
        var result: [WorkerShares] = []
        for selector in selectors {
            do {
                result.append(try WorkerShares.read(multiprocDirectory, selector: selector))
            } catch {
                throw .directory(error.description)
            }
        }
        return result
    }
}

/// Why verification could not be done.
public enum VerifyError: Error, Sendable, CustomStringConvertible {
    /// The metrics URL could not be scraped or parsed: URL and reason.
    case scrape(String, String)
    /// The multiprocess directory could not be read.
    case directory(String)

    /// The message for a person.
    public var description: String {
        switch self {
        case .scrape(let url, let reason): "cannot scrape \(url): \(reason)"
        case .directory(let reason): reason
        }
    }
}
