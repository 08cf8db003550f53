import ArgumentParser
import PromKit

/// The `--verify` options of `promkit load`.
struct VerifyOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "A PromQL selector whose summed value must grow by the requests answered (repeatable).",
            discussion: "name{label=\"v\", label!=\"v\", label=~\"re\", label!~\"re\"}; regexes are anchored.",
            valueName: "selector"))
    var verify: [String] = []

    @Option(help: "The metrics URL to scrape (default: the load URL's origin + /metrics; redirects are followed).")
    var metrics: String?

    @Option(help: "The growth to expect (default: the requests answered).")
    var expect: Double?

    @Option(help: "The allowed difference between observed and expected growth.")
    var tolerance: Double = 0

    @Option(
        parsing: .unconditional, help: "How long to wait after the load before the second scrape.",
        transform: TimeSpan.argument)
    var settle = TimeSpan(seconds: 0.2)

    @Option(help: "The multiprocess directory, to show each worker's share of the growth.", completion: .directory)
    var multiprocDir: String?

    func validate() throws {
        for text in verify {
            do {
                _ = try MetricSelector(parsing: text)
            } catch {
                throw ValidationError(error.description)
            }
        }
        if verify.isEmpty && (metrics != nil || expect != nil || multiprocDir != nil) {
            throw ValidationError("--metrics, --expect and --multiproc-dir need --verify")
        }
        if tolerance < 0 { throw ValidationError("--tolerance must not be negative") }
        if let metrics {
            do {
                _ = try HTTPURL(parsing: metrics)
            } catch {
                throw ValidationError(error.description)
            }
        }
    }

    /// The verifier for a run against `target`, or nil without `--verify`.
    func verifier(target: HTTPURL, timeout: Duration) throws -> LoadVerifier? {
        guard !verify.isEmpty else { return nil }
        let selectors = try verify.map { try MetricSelector(parsing: $0) }
        let metricsTarget = try metrics.map { try HTTPURL(parsing: $0) } ?? LoadVerifier.defaultMetrics(for: target)
        return LoadVerifier(
            selectors: selectors, metrics: metricsTarget, expect: expect, tolerance: tolerance,
            settle: settle.duration, multiprocDirectory: multiprocDir, timeout: timeout)
    }
}
