import ArgumentParser
import PromKit

extension Promkit {
    struct Lint: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "lint",
            abstract: "Check metric and label names against best practice, promtool's rules and more.",
            discussion: """
                Runs promtool's metric lint (client_golang's promlint, in its exact words), the \
                OpenMetrics naming rules, rules that know prometheus_client's multiprocess mode \
                (gauges exported per pid, files that disagree, summaries, untouched counters) and \
                cardinality rules (series per family, unbounded label values, ungrouped status codes). \
                SOURCE is a multiprocess directory (default $PROMETHEUS_MULTIPROC_DIR), a .db file, an \
                exposition file, - for standard input, or an http:// or https:// URL to scrape. Findings go \
                to stderr as validate prints its own, SOURCE:LINE:COL: warning: [rule] metric: message; the \
                cardinality table goes to stdout. An empty body or a directory without .db files is one \
                warning that says so; an HTML page is one error. Exit status: 0 no problems, 1 problems \
                found, 2 input unreadable or not parsable (an HTML page too), 64 usage.

                Examples:
                  promkit lint /run/prometheus
                  promkit lint http://127.0.0.1:8000/metrics --disable no-help
                  promkit lint --json --max-series 5000 scrape.txt | jq '.[].rule'
                """
        )

        @Argument(
            help: ArgumentHelp(
                "Directories, .db files, exposition files, - or http(s) URLs.",
                discussion: "Defaults to $PROMETHEUS_MULTIPROC_DIR.", valueName: "source"),
            completion: .file())
        var sources: [String] = []

        @Flag(help: "Print the findings as a JSON array.")
        var json = false

        @Option(
            name: .customLong("disable"), help: ArgumentHelp("Do not run this rule (repeatable).", valueName: "rule"))
        var disabled: [String] = []

        @Option(
            name: .customLong("enable"),
            help: ArgumentHelp("Also run this rule, for rules off by default (repeatable).", valueName: "rule"))
        var enabled: [String] = []

        @Option(help: ArgumentHelp("Report families with more series than this.", valueName: "n"))
        var maxSeries: Int = Linter.defaultMaxSeries

        @Flag(help: "List the rules with their severity and rationale, then exit.")
        var listRules = false

        func validate() throws {
            guard maxSeries > 0 else { throw ValidationError("--max-series must be a positive number") }
            do {
                _ = try Linter(disable: disabled, enable: enabled, maxSeries: maxSeries)
            } catch {
                throw ValidationError(error.description)
            }
        }

        @OptionGroup var color: ColorOption

        func run() async throws {
            let console = color.console
            try await console.exiting {
                if listRules {
                    if json {
                        try JSONOutput.print(LintRule.all)
                    } else {
                        Console.output(Array(LintRuleList.text.utf8))
                    }
                    return
                }
                try await lint(console)
            }
        }

        private func lint(_ console: Console) async throws {
            let linter = try Linter(disable: disabled, enable: enabled, maxSeries: maxSeries)
            var unreadable = false
            var findings: [LintFinding] = []
            var tables = ""
            let resolved = try resolvedSources(console)
            for source in resolved {
                let input: LintInput
                do {
                    input = try await LintLoader.load(source)
                } catch {
                    report(error, console)
                    unreadable = true
                    continue
                }
                let report = linter.lint(input)
                findings += report.findings.map { $0.at(source.displayName) }
                if !json { report.diagnostics(source: source.displayName).forEach(console.print) }
                if !tables.isEmpty { tables += "\n" }
                tables += report.cardinality.text(source: resolved.count > 1 ? source.displayName : nil)
            }
            if json { try JSONOutput.print(findings) } else { Console.output(Array(tables.utf8)) }
            if unreadable { throw ExitStatus.unreadable }
            if !findings.isEmpty { throw ExitStatus.findings }
        }

        /// Parse errors print as validate prints them; other failures as errors.
        private func report(_ error: LintSourceError, _ console: Console) {
            guard case .unparsable(let source, let findings, let errorCount) = error else {
                for line in error.lines { console.error(line) }
                return
            }
            let errors = findings.filter { $0.severity == .error }
            for finding in errors { console.print(finding.at(source)) }
            if errorCount > errors.count {
                console.error("\(source): \(errorCount - errors.count) more errors not shown")
            }
        }

        private func resolvedSources(_ console: Console) throws -> [LintSource] {
            if !sources.isEmpty { return sources.map(LintSource.init(argument:)) }
            return [.directory(try DirectoryArgument.resolve(nil, noun: "source", console))]
        }
    }
}
