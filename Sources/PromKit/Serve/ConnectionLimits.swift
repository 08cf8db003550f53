#if canImport(Glibc)
    import Glibc
#endif

/// What keeps `promkit serve` answering when clients misbehave: how long a
/// request may take to arrive, how long a kept-alive connection may idle, and
/// how many connections may be open at once.
public struct ConnectionLimits: Sendable, Hashable {
    /// The longest a request may take to arrive whole (head and body), counted
    /// from the connection's accept or from the first byte after an idle
    /// spell: a client that sends a byte a second (slowloris) is cut off.
    public var headerTimeout: Duration
    /// The longest a kept-alive connection may wait, silent, for its next request.
    public var idleTimeout: Duration
    /// The most connections open at once. At the limit, a new connection
    /// closes the one that has waited longest for a request (never one being
    /// answered), so that `/healthz` and scrapes get in under a flood; when
    /// every connection is being answered, the new one is closed.
    public var maxConnections: Int

    /// Creates limits; the defaults are 10 s, 60 s and 512 connections.
    public init(
        headerTimeout: Duration = .seconds(10), idleTimeout: Duration = .seconds(60), maxConnections: Int = 512
    ) {
        self.headerTimeout = headerTimeout
        self.idleTimeout = idleTimeout
        self.maxConnections = max(1, maxConnections)
    }

    /// 10 s to send a request, 60 s idle, 512 connections.
    public static let `default` = ConnectionLimits()

    /// ``maxConnections``, lowered so that connections leave descriptors for
    /// everything else (the listener, the files a scrape reads, the event loops,
    /// connections accepted and not yet closed): at most the descriptor limit
    /// less half of it, 16 to 128. With `ulimit -n 1024` the cap stays 512.
    public func connectionCap(descriptorLimit: Int?) -> Int {
        guard let limit = descriptorLimit else { return maxConnections }
        let reserve = max(16, min(128, limit / 2))
        return max(1, min(maxConnections, limit - reserve))
    }

    /// The soft limit on open descriptors (`RLIMIT_NOFILE`), nil when unlimited or unknown.
    public static func descriptorLimit() -> Int? {
        var limit = rlimit()
        guard getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0,
            limit.rlim_cur < rlim_t(Int.max)  // RLIM_INFINITY is rlim_t.max
        else { return nil }
        return Int(limit.rlim_cur)
    }
}
