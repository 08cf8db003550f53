/// What `promkit serve` serves and how.
public struct ServeConfiguration: Sendable {
    /// The multiprocess directory, read afresh on every scrape.
    public var directory: String
    /// Where to listen.
    public var listen: ListenAddress
    /// Leave damaged files out (and export `promkit_skipped_files`) instead of answering 500.
    public var skipInvalid: Bool
    /// Add `promkit_scrape_duration_seconds` and `promkit_scrape_files`.
    public var selfMetrics: Bool
    /// The longest a scrape may take before it is answered 503.
    public var scrapeTimeout: Duration
    /// How long a scrape waits for a fold (`promkit clean`) to publish, in
    /// seconds, before it is answered 503.
    public var lockWait: Double = 2
    /// Threads that render scrapes, so that several scrapes run in parallel off the event loop.
    public var renderThreads: Int

    /// Creates a configuration.
    public init(
        directory: String, listen: ListenAddress = .default, skipInvalid: Bool = false, selfMetrics: Bool = false,
        scrapeTimeout: Duration = .seconds(10), renderThreads: Int = 4
    ) {
        self.directory = directory
        self.listen = listen
        self.skipInvalid = skipInvalid
        self.selfMetrics = selfMetrics
        self.scrapeTimeout = scrapeTimeout
        self.renderThreads = max(1, renderThreads)
    }
}
