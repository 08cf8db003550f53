import Histogram

/// The ways a request can fail without a response; none of them stops a run.
public enum LoadErrorKind: String, Sendable, CaseIterable, Codable {
    /// The TCP (or TLS) connection could not be made.
    case connect
    /// No complete response within `--timeout`.
    case timeout
    /// The connection was closed or reset while a request was in flight.
    case reset
    /// The response was not valid HTTP/1.x.
    case malformed
    /// The run was interrupted (a second Ctrl-C) while the request was in flight.
    case interrupted
}

/// Counts and latencies gathered by one event loop; merged at the end of a run.
struct LoadStatistics: Sendable {
    /// Responses received, whatever their status.
    var responses = 0
    /// Responses by status code (index = code, 100...999).
    var statusCounts = [Int](repeating: 0, count: 1000)
    /// Failed requests by kind, indexed like `LoadErrorKind.allCases`.
    var errors = [Int](repeating: 0, count: LoadErrorKind.allCases.count)
    /// Bytes received from the server.
    var bytesRead = 0
    /// Latencies in microseconds.
    var latency = Histogram<UInt64>(
        lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: .three)

    /// Records a response that took `nanoseconds`.
    @inline(__always)
    mutating func record(status: Int, nanoseconds: UInt64) {
        responses += 1
        statusCounts[status] += 1
        latency.record(Swift.max(1, Swift.min(nanoseconds / 1000, 3_600_000_000)))
    }

    /// The first error message seen of each kind, indexed like `errors`.
    var firstErrors = [String?](repeating: nil, count: LoadErrorKind.allCases.count)

    /// Records a failed request; `detail` is kept for the first error of each kind.
    mutating func record(_ kind: LoadErrorKind, _ detail: @autoclosure () -> String) {
        let index: Int
        switch kind {
        case .connect: index = 0
        case .timeout: index = 1
        case .reset: index = 2
        case .malformed: index = 3
        case .interrupted: index = 4
        }
        errors[index] += 1
        if firstErrors[index] == nil { firstErrors[index] = detail() }
    }

    /// All failed requests.
    var errorTotal: Int { errors.reduce(0, +) }

    /// Adds another loop's statistics.
    mutating func add(_ other: LoadStatistics) {
        responses += other.responses
        for index in 0..<statusCounts.count { statusCounts[index] += other.statusCounts[index] }
        for index in 0..<errors.count {
            errors[index] += other.errors[index]
            if firstErrors[index] == nil { firstErrors[index] = other.firstErrors[index] }
        }
        bytesRead += other.bytesRead
        latency.add(other.latency)
    }

    /// The 99th percentile latency in seconds so far (0 when nothing was recorded).
    var p99Seconds: Double {
        latency.totalCount == 0 ? 0 : Double(latency.valueAtPercentile(99)) / 1e6
    }
}
