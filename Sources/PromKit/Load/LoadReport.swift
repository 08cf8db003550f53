import Histogram

/// What a load run measured.
public struct LoadReport: Sendable, Encodable {
    /// Latency figures in seconds.
    public struct Latency: Sendable, Equatable {
        /// The fastest response.
        public var min = 0.0
        /// The mean.
        public var mean = 0.0
        /// The median.
        public var p50 = 0.0
        /// The 90th percentile.
        public var p90 = 0.0
        /// The 99th percentile.
        public var p99 = 0.0
        /// The 99.9th percentile.
        public var p999 = 0.0
        /// The slowest response.
        public var max = 0.0
        /// The fraction of latencies between 36 and 48 ms (delayed-ACK stalls sit near 40 ms).
        public var nearFortyMilliseconds = 0.0
    }

    /// Responses received (answered requests), whatever their status.
    public var requests: Int
    /// Requests that ended in an error instead, by kind (every kind present, zero or not).
    public var errors: [LoadErrorKind: Int]
    /// Seconds from the start to the last response or error.
    public var durationSeconds: Double
    /// Answered requests per second.
    public var requestsPerSecond: Double
    /// The first error message of each kind that occurred.
    public var errorDetails: [LoadErrorKind: String]
    /// Responses by status code.
    public var statusCounts: [Int: Int]
    /// Latency from send (or, with a rate, from the intended send time) to the full response.
    public var latency: Latency
    /// The same latencies counted in about ten buckets, fastest first.
    public var histogram: [LatencyBucket]
    /// Bytes read from the server.
    public var bytesRead: Int
    /// Connections used.
    public var connections: Int
    /// Event loops used.
    public var threads: Int
    /// The open-loop rate, if any.
    public var rate: Double?
    /// Whether the run was stopped early (Ctrl-C).
    public var interrupted: Bool

    init(statistics: LoadStatistics, seconds: Double, configuration: LoadConfiguration, threads: Int, interrupted: Bool)
    {
        requests = statistics.responses
        var errors: [LoadErrorKind: Int] = [:]
        for (index, kind) in LoadErrorKind.allCases.enumerated() { errors[kind] = statistics.errors[index] }
        self.errors = errors
        var details: [LoadErrorKind: String] = [:]
        for (index, kind) in LoadErrorKind.allCases.enumerated() {
            if let detail = statistics.firstErrors[index] { details[kind] = detail }
        }
        errorDetails = details
        durationSeconds = seconds
        requestsPerSecond = seconds > 0 ? Double(statistics.responses) / seconds : 0
        var counts: [Int: Int] = [:]
        for (code, count) in statistics.statusCounts.enumerated() where count > 0 { counts[code] = count }
        statusCounts = counts
        latency = Self.summary(statistics.latency)
        histogram = LatencyBucket.buckets(statistics.latency)
        bytesRead = statistics.bytesRead
        connections = configuration.connections
        self.threads = threads
        rate = configuration.rate
        self.interrupted = interrupted
    }

    private static func summary(_ histogram: Histogram<UInt64>) -> Latency {
        guard histogram.totalCount > 0 else { return Latency() }
        func seconds(_ micros: UInt64) -> Double { Double(micros) / 1e6 }
        let near = histogram.count(within: 36_000...48_000)
        return Latency(
            min: seconds(histogram.min), mean: histogram.mean / 1e6,
            p50: seconds(histogram.valueAtPercentile(50)), p90: seconds(histogram.valueAtPercentile(90)),
            p99: seconds(histogram.valueAtPercentile(99)), p999: seconds(histogram.valueAtPercentile(99.9)),
            max: seconds(histogram.max), nearFortyMilliseconds: Double(near) / Double(histogram.totalCount))
    }

    /// Requests that ended in an error.
    public var errorTotal: Int { errors.values.reduce(0, +) }

    /// A hint when most latencies sit near 40 ms: the delayed-ACK stall of a server that
    /// writes a response in two parts without TCP_NODELAY.
    public var latencyHint: String? {
        guard requests >= 10, latency.nearFortyMilliseconds >= 0.5 else { return nil }
        return """
            most latencies sit near 40 ms: this is the delayed-ACK stall of a server that writes a response \
            in two parts without TCP_NODELAY; uvicorn --workers N does this (uvicorn issue 3149). \
            Compare with a single worker, or set TCP_NODELAY on the server's sockets.
            """
    }

    /// A warning when an open-loop run fell short of its `--rate` by more than 5%:
    /// the server (or this machine) could not keep up.
    public var rateShortfall: String? {
        guard let rate, !interrupted, durationSeconds > 0, requestsPerSecond < rate * 0.95 else { return nil }
        let reached = Int(requestsPerSecond.rounded())
        return "reached \(reached) req/s of the \(Int(rate.rounded())) asked (--rate): the server or this machine "
            + "could not keep up; latencies count from the intended send times, so they include the wait"
    }

    /// The report as lines of text.
    public var text: String {
        var lines: [String] = []
        let seconds = DurationText.fixed(durationSeconds, digits: 2)
        let perSecond = DurationText.fixed(requestsPerSecond, digits: 1)
        lines.append("Requests:  \(requests) answered in \(seconds)s, \(perSecond) req/s")
        lines.append(
            "           \(connections) connections, \(threads) threads" + (rate.map { ", rate \($0)/s" } ?? ""))
        let status = statusCounts.keys.sorted().map { "\($0): \(statusCounts[$0] ?? 0)" }
        lines.append("Status:    " + (status.isEmpty ? "none" : status.joined(separator: ", ")))
        let errorText = LoadErrorKind.allCases.compactMap { kind in
            (errors[kind] ?? 0) > 0 ? "\(kind.rawValue) \(errors[kind] ?? 0)" : nil
        }
        lines.append("Errors:    " + (errorText.isEmpty ? "none" : errorText.joined(separator: ", ")))
        for kind in LoadErrorKind.allCases {
            if let detail = errorDetails[kind] { lines.append("           first \(kind.rawValue) error: \(detail)") }
        }
        let format = DurationText.format(seconds:)
        if requests == 0 {
            lines.append("Latency:   none (no responses)")
        } else {
            lines.append(
                "Latency:   min \(format(latency.min)), mean \(format(latency.mean)), p50 \(format(latency.p50)), "
                    + "p90 \(format(latency.p90)), p99 \(format(latency.p99)), p99.9 \(format(latency.p999)), "
                    + "max \(format(latency.max))")
            lines += LatencyBucket.lines(histogram)
        }
        lines.append("Read:      \(Self.bytes(bytesRead))")
        if interrupted { lines.append("Stopped early (interrupted); the figures cover the run so far.") }
        return lines.joined(separator: "\n") + "\n"
    }

    static func bytes(_ count: Int) -> String {
        if count < 1024 { return "\(count) B" }
        if count < 1024 * 1024 { return DurationText.fixed(Double(count) / 1024, digits: 1) + " KiB" }
        if count < 1024 * 1024 * 1024 { return DurationText.fixed(Double(count) / 1_048_576, digits: 1) + " MiB" }
        return DurationText.fixed(Double(count) / 1_073_741_824, digits: 2) + " GiB"
    }

    private enum Key: String, CodingKey {
        case requests, durationSeconds, requestsPerSecond, statusCounts, errors, errorsTotal, errorDetails
        case latencySeconds, latencyHistogram, bytesRead, connections, threads, rate, interrupted, latencyHint
    }

    /// The report's JSON keys (camelCase here; `--json` writes them in snake_case):
    /// every key always, `null` for no rate or hint.
    public func encode(to encoder: any Encoder) throws {
        var json = encoder.container(keyedBy: Key.self)
        try json.encode(requests, forKey: .requests)
        try json.encode(durationSeconds, forKey: .durationSeconds)
        try json.encode(requestsPerSecond, forKey: .requestsPerSecond)
        try json.encode(
            Dictionary(uniqueKeysWithValues: statusCounts.map { (String($0.key), $0.value) }), forKey: .statusCounts)
        try json.encode(
            Dictionary(uniqueKeysWithValues: LoadErrorKind.allCases.map { ($0.rawValue, errors[$0] ?? 0) }),
            forKey: .errors)
        try json.encode(errorTotal, forKey: .errorsTotal)
        try json.encode(
            Dictionary(uniqueKeysWithValues: errorDetails.map { ($0.key.rawValue, $0.value) }), forKey: .errorDetails)
        let figures = [
            "min": latency.min, "mean": latency.mean, "p50": latency.p50, "p90": latency.p90, "p99": latency.p99,
            "p999": latency.p999, "max": latency.max,
        ]
        try json.encode(figures, forKey: .latencySeconds)
        try json.encode(histogram, forKey: .latencyHistogram)
        try json.encode(bytesRead, forKey: .bytesRead)
        try json.encode(connections, forKey: .connections)
        try json.encode(threads, forKey: .threads)
        try json.encode(rate, forKey: .rate)
        try json.encode(interrupted, forKey: .interrupted)
        try json.encode(latencyHint, forKey: .latencyHint)
    }
}
