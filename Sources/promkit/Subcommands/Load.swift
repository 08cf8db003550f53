import ArgumentParser
import Dispatch
import PromKit

#if canImport(Glibc)
    import Glibc
#endif

extension Promkit {
    struct Load: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "load",
            abstract: "Send HTTP load and verify that the server counted every request.",
            discussion: """
                HTTP/1.1 with keep-alive and one request in flight per connection, on one event loop \
                per core. -n sends exactly N requests; -d sends until the deadline and then waits for \
                every request in flight (up to --timeout), so every request is counted as answered or \
                as an error. --rate R sends open-loop at R requests per second and measures latency \
                from the intended send time (no coordinated omission). Errors (connect, timeout, \
                reset, malformed) are counted and never stop the run; Ctrl-C stops sending, drains, \
                and prints the report so far (press it twice to give up on requests in flight).

                --verify scrapes the metrics URL before and after the load and checks that the \
                selected series grew by exactly the number of answered requests. On a mismatch it \
                exits 1 and says why when it can (workers counting alone because \
                PROMETHEUS_MULTIPROC_DIR is not set for them, or other traffic).

                Examples:
                  promkit load http://127.0.0.1:8000/ -n 10000 -c 50
                  promkit load http://127.0.0.1:8000/ -d 30s --rate 2000 --json
                  promkit load http://127.0.0.1:8000/ -n 3000 --verify 'http_requests_total{endpoint="/"}'
                """
        )

        @Argument(help: "The URL to load (http:// or https://).")
        var url: String

        @Option(name: [.customShort("n"), .customLong("requests")], help: "Send exactly this many requests.")
        var requests: Int?

        @Option(
            name: [.customShort("d"), .customLong("duration")], parsing: .unconditional,
            help: "Send for this long (10s, 1m30s).",
            transform: TimeSpan.argument)
        var duration: TimeSpan?

        @Option(name: [.customShort("c"), .customLong("connections")], help: "Concurrent connections.")
        var connections = 50

        @Option(help: "Open-loop rate in requests per second (default: closed loop, as fast as answered).")
        var rate: Double?

        @Option(help: "Event loops (threads); default: one per core.")
        var threads: Int?

        @Option(name: [.customShort("m"), .customLong("method")], help: "The request method.")
        var method = "GET"

        @Option(name: [.customShort("H"), .customLong("header")], help: "A request header 'Name: value' (repeatable).")
        var header: [String] = []

        @Option(help: "The request body.")
        var body: String?

        @Option(help: "Read the request body from this file.", completion: .file())
        var bodyFile: String?

        @Option(
            parsing: .unconditional,
            help: "How long a request or connection attempt may take before it counts as a timeout.",
            transform: TimeSpan.argument)
        var timeout = TimeSpan(seconds: 10)

        @Flag(help: "Open a new connection for every request (sends Connection: close).")
        var disableKeepalive = false

        @Flag(name: [.customShort("k"), .customLong("insecure")], help: "Do not verify TLS certificates.")
        var insecure = false

        @OptionGroup var verify: VerifyOptions

        @Flag(help: "Print the report (and verification) as one JSON object.")
        var json = false

        @Option(
            help: ArgumentHelp(
                "Exit 1 when an answer has another status: codes and classes, as in 200,204 or 2xx,304.",
                valueName: "statuses"),
            transform: StatusExpectation.argument)
        var expectStatus: StatusExpectation?

        func validate() throws {
            if requests == nil && duration == nil { throw ValidationError("give -n REQUESTS or -d DURATION") }
            if let requests, requests < 1 { throw ValidationError("-n must be at least 1") }
            if connections < 1 { throw ValidationError("-c must be at least 1") }
            if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
            if let rate, !(rate > 0 && rate.isFinite) { throw ValidationError("--rate must be positive") }
            if body != nil && bodyFile != nil { throw ValidationError("give --body or --body-file, not both") }
            if let duration, duration.duration <= .zero { throw ValidationError("-d must be positive") }
            if timeout.duration <= .zero { throw ValidationError("--timeout must be positive") }
            do {
                _ = try HTTPURL(parsing: url)
            } catch {
                throw ValidationError(error.description)
            }
            do {
                for text in header { _ = try LoadConfiguration.header(parsing: text) }
            } catch {
                throw ValidationError(error.description)
            }
        }

        @OptionGroup var color: ColorOption

        func run() async throws {
            let console = color.console
            try await console.exiting { try await load(console) }
        }

        private func load(_ console: Console) async throws {
            let configuration = try makeConfiguration()
            let verifier = try verify.verifier(target: configuration.target, timeout: configuration.timeout)
            let baseline = try await verifier?.before()
            let load = LoadRun(configuration)
            let interrupts = InterruptHandler(run: load, console)
            let progress =
                ProgressLine.enabled && !json
                ? Task { await ProgressLine(run: load, duration: duration?.seconds).show() } : nil
            let report: LoadReport
            do {
                report = try await load.run()
            } catch {
                progress?.cancel()
                interrupts.cancel()
                throw error
            }
            progress?.cancel()
            await progress?.value
            interrupts.cancel()
            var results: [Verification] = []
            if let verifier, let baseline {
                do {
                    results = try await verifier.after(baseline, answered: report.requests)
                } catch {
                    Console.output(Array(report.text.utf8))
                    throw error
                }
            }
            if json {
                try JSONOutput.print(LoadResult(report: report, verification: results))
            } else {
                Console.output(Array(report.text(verifications: results).utf8))
            }
            if let hint = report.latencyHint { console.warning("hint: \(hint)") }
            if let shortfall = report.rateShortfall { console.warning(shortfall) }
            var failed = results.contains { !$0.passed }
            if report.requests == 0 {
                let first = report.errorDetails.sorted { $0.key.rawValue < $1.key.rawValue }.first
                console.error("no request was answered" + (first.map { ": \($0.key.rawValue): \($0.value)" } ?? ""))
                failed = true
            }
            if let expectStatus, let wrong = expectStatus.unexpected(in: report.statusCounts) {
                console.error("answers with a status outside --expect-status \(expectStatus): \(wrong)")
                failed = true
            }
            if failed { throw ExitStatus.findings }
        }

        /// The run's configuration; its errors (a URL or header that `validate()` passed
        /// cannot fail here, an unreadable body file can) are `LoadError` or `HTTPURLError`.
        private func makeConfiguration() throws -> LoadConfiguration {
            var configuration = LoadConfiguration(target: try HTTPURL(parsing: url))
            configuration.requests = requests
            configuration.duration = duration?.duration
            configuration.connections = connections
            if let threads { configuration.threads = threads }
            configuration.rate = rate
            configuration.method = method.uppercased()
            configuration.headers = try header.map { text throws(LoadError) in
                try LoadConfiguration.header(parsing: text)
            }
            if let body { configuration.body = Array(body.utf8) }
            if let bodyFile { configuration.body = try LoadBody.read(bodyFile) }
            configuration.timeout = timeout.duration
            configuration.disableKeepAlive = disableKeepalive
            configuration.insecure = insecure
            return configuration
        }
    }
}

extension StatusExpectation {
    /// For `@Option(transform:)`: a usage error (64) that says what to write.
    static func argument(_ text: String) throws -> StatusExpectation { try usage(StatusExpectation.parse, text) }
}
