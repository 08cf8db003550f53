import ArgumentParser
import PromKit

extension Promkit {
    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "validate",
            abstract: "Check .db files or a /metrics scrape for corruption and format errors.",
            discussion: """
                A SOURCE is a multiprocess directory, a .db file, an exposition file, - for standard \
                input, or an http:// or https:// URL (fetched with the Accept header of Prometheus 3, \
                following redirects). Expositions are parsed strictly: text 0.0.4 and 1.0.0 exactly as \
                Prometheus's own parser (promtool) accepts them, OpenMetrics 1.0 as its specification and \
                test suite do. Errors are what Prometheus rejects; warnings are accepted input that loses \
                data (duplicate series anywhere in the exposition, broken histograms, negative counters). \
                An empty body or a directory without .db files is one warning that names the likely cause; an \
                HTML page is one error. Findings go to stderr as SOURCE:LINE:COL: severity: [rule] message \
                (SOURCE:OFFSET for .db files, <stdin> for -), as lint prints its own.

                Exit status: 0 clean, 1 findings (errors; warnings too with --strict), 2 a source (or a \
                .db file in a directory) could not be read or fetched, 64 usage.

                Examples:
                  promkit validate /run/prometheus
                  promkit validate http://127.0.0.1:8000/metrics --strict
                  curl -sL localhost:8000/metrics | promkit validate --strict -
                """
        )

        @Argument(
            help: ArgumentHelp(
                "Directories, .db files, exposition files, - or http(s) URLs.",
                discussion: "Defaults to $PROMETHEUS_MULTIPROC_DIR.", valueName: "source"),
            completion: .file())
        var sources: [String] = []

        @Option(help: "How to read files: auto (by name and content), db, text or openmetrics.")
        var format: ValidationFormat = .auto

        @Flag(help: "Exit 1 on warnings too.")
        var strict = false

        @Flag(help: "Print the findings as a JSON array on stdout.")
        var json = false

        @OptionGroup var color: ColorOption

        func run() async throws {
            let console = color.console
            try await console.exiting { try await validate(console) }
        }

        private func validate(_ console: Console) async throws {
            let targets = try DirectoryArgument.resolve(sources, noun: "source", console)
            var all: [Diagnostic] = []
            var unreadable = false
            var failing = false
            for source in targets {
                let result = await Validation.validate(source, format: format)
                if let failure = result.failure {
                    console.error(failure.hasPrefix(result.source) ? failure : "\(result.source): \(failure)")
                    unreadable = true
                    continue
                }
                if !json { result.findings.forEach(console.print) }
                let hidden = result.errorCount + result.warningCount - result.findings.count
                if hidden > 0 { console.warning("\(source): \(hidden) more findings not shown") }
                all += result.findings
                if result.hasUnreadableParts { unreadable = true }
                if result.errorCount > 0 || (strict && result.warningCount > 0) { failing = true }
            }
            if json { try JSONOutput.print(all) }
            if unreadable { throw ExitStatus.unreadable }
            if failing { throw ExitStatus.findings }
        }
    }
}
