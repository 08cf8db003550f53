import ArgumentParser
import Logging
import PromKit
import ServiceLifecycle

extension Promkit {
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "serve",
            abstract: "Serve a multiprocess directory's metrics over HTTP, as a sidecar exporter.",
            discussion: """
                Answers GET /metrics by reading the directory afresh, merging it as prometheus_client's \
                MultiProcessCollector does and rendering it in the format the Accept header asks for \
                (OpenMetrics 1.0.0, text 1.0.0 with escaping=, or text 0.0.4), gzip-compressed when \
                Accept-Encoding allows. GET /healthz answers 200. A damaged file answers 500 naming the \
                file and byte offset, unless --skip-invalid. SIGTERM or SIGINT stops accepting, finishes \
                the scrapes in flight, then exits 0. Only loopback is bound unless --listen names another address.

                --fold also folds each worker's files into the archives within a second of the \
                worker's end, as promkit run does, so that the directory needs no cron. It needs \
                to see the app's processes: in Kubernetes, a pod with shareProcessNamespace: true.

                Examples:
                  promkit serve /run/prometheus
                  promkit serve --listen 0.0.0.0:9464 --skip-invalid
                  promkit serve --self-metrics --scrape-timeout 5s
                  promkit serve --fold --listen 0.0.0.0:9464 /run/prometheus
                """
        )

        @OptionGroup var directory: DirectoryArgument

        @Option(help: "The address to listen on, HOST:PORT ([::1]:PORT for IPv6; port 0 picks a free one).")
        var listen: ListenAddress = .default

        @Flag(help: "Leave damaged files out of scrapes (logged on stderr, counted in promkit_skipped_files).")
        var skipInvalid = false

        @Flag(help: "Add promkit_scrape_duration_seconds and promkit_scrape_files to each scrape.")
        var selfMetrics = false

        @Option(
            parsing: .unconditional, help: "Answer 503 when a scrape takes longer than this (500ms, 10s, 1m).",
            transform: TimeSpan.argument)
        var scrapeTimeout = TimeSpan(seconds: 10)

        @Option(help: "Threads that read and render scrapes in parallel.")
        var threads = 4

        @Option(
            parsing: .unconditional,
            help: """
                Close a connection whose request has not arrived whole this long after it connected \
                or began sending (5s, 30s).
                """, transform: TimeSpan.argument)
        var headerTimeout = TimeSpan(seconds: 10)

        @Option(
            parsing: .unconditional, help: "Close a kept-alive connection that sends nothing for this long (30s, 2m).",
            transform: TimeSpan.argument)
        var idleTimeout = TimeSpan(seconds: 60)

        @Option(
            help: """
                The most connections open at once; at the limit a new one closes the one that waited \
                longest for a request. Lowered to what ulimit -n leaves.
                """)
        var maxConnections = 512

        @Flag(help: "Fold each worker's files within a second of its end (the app's processes must be visible).")
        var fold = false

        @OptionGroup var lock: LockWaitOption

        @Option(
            help: ArgumentHelp(
                """
                The least severe log lines printed on stderr: trace and debug add a line per scrape, \
                warning keeps only problems.
                """, valueName: "level"))
        var logLevel: LogLevel = .info

        func validate() throws {
            for (name, span) in [
                ("--scrape-timeout", scrapeTimeout), ("--header-timeout", headerTimeout),
                ("--idle-timeout", idleTimeout),
            ] where span.seconds <= 0 || span.seconds > 86_400 {
                throw ValidationError("\(name) must be more than 0s and at most 1d, not \(span)")
            }
            guard (1...64).contains(threads) else { throw ValidationError("--threads must be from 1 to 64") }
            guard (1...65_536).contains(maxConnections) else {
                throw ValidationError("--max-connections must be from 1 to 65536")
            }
        }

        @OptionGroup var color: ColorOption

        func run() async throws {
            let console = color.console
            try await console.exiting { try await serve(console) }
        }

        private func serve(_ console: Console) async throws {
            let logger = StderrLogHandler.logger("promkit.serve", level: logLevel.level, console)
            let path = try directory.resolved(console)
            if case .failure(let error) = Result(catching: { try MultiprocDirectory.scan(path) }) {
                logger.warning("\(error); scrapes answer 500 until it can be listed")
            }
            var settings = ServeConfiguration(
                directory: path, listen: listen, skipInvalid: skipInvalid, selfMetrics: selfMetrics,
                scrapeTimeout: scrapeTimeout.duration, renderThreads: threads)
            settings.lockWait = lock.lockWait.seconds
            let configuration = settings
            let limits = ConnectionLimits(
                headerTimeout: headerTimeout.duration, idleTimeout: idleTimeout.duration,
                maxConnections: maxConnections)
            let server = MetricsServer(configuration: configuration, limits: limits, logger: logger)
            let watcher = try fold ? startFolding(path, quiet: logLevel.level > .info, console) : nil
            defer { watcher?.stop() }
            // SIGTERM and SIGINT shut the group down gracefully: the server stops
            // accepting, finishes the scrapes in flight, and run() returns (exit 0).
            let service = ClosureService {
                try await withGracefulShutdownHandler {
                    try await server.run { port in
                        var bound = configuration.listen
                        bound.port = port
                        logger.info("serving \(path) on http://\(bound)/metrics")
                    }
                } onGracefulShutdown: {
                    logger.info("shutting down: finishing the scrapes in flight, then exiting")
                    server.shutdown()
                }
            }
            let group = ServiceGroup(
                configuration: ServiceGroupConfiguration(
                    services: [.init(service: service)], gracefulShutdownSignals: [.sigterm, .sigint],
                    logger: logger))
            try await group.run()
        }

        private func startFolding(_ path: String, quiet: Bool, _ console: Console) throws -> FoldWatcher {
            var options = CleanOptions()
            options.lockWait = lock.lockWait.seconds
            let watcher = try FoldWatcher(directory: path, options: options) {
                FoldNotes.say($0, quiet: quiet, console)
            }
            watcher.start()
            return watcher
        }
    }
}
