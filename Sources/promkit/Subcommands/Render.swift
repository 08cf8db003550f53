import ArgumentParser
import PromKit

extension Promkit {
    struct Render: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "render",
            abstract: "Show what /metrics would show for a multiprocess directory, without Python.",
            discussion: """
                Merges every .db file exactly as prometheus_client's MultiProcessCollector does and \
                renders the result as generate_latest would. Families are sorted by name and samples \
                come in a stable order. A damaged file fails the render (exit 2) with its name and byte \
                offset, as it fails a Python scrape, unless --skip-invalid is given.

                Examples:
                  promkit render /run/prometheus
                  promkit render --format openmetrics --escaping allow-utf-8
                  promkit render --skip-invalid --output /tmp/metrics.txt
                """
        )

        @OptionGroup var directory: DirectoryArgument

        @Option(help: "Output format: text (0.0.4), openmetrics or json.")
        var format: ExpositionFormat = .text

        @Option(
            help:
                "How names outside [a-zA-Z_:][a-zA-Z0-9_:]* are written: \(NameEscaping.allValueStrings.joined(separator: ", "))."
        )
        var escaping: NameEscaping = .underscores

        @Option(name: .shortAndLong, help: "Write to this file (atomically) instead of stdout.", completion: .file())
        var output: String?

        @Flag(help: "Render the remaining files when some are damaged, with a warning for each.")
        var skipInvalid = false

        @OptionGroup var lock: LockWaitOption

        @OptionGroup var color: ColorOption

        func run() async throws {
            let console = color.console
            try await console.exiting { try render(console) }
        }

        private func render(_ console: Console) throws {
            let path = try directory.resolved(console)
            let merged = try lock.read(path) { try MultiprocDirectory.scan(path).merged(skipInvalid: skipInvalid) }
            for skipped in merged.skipped {
                console.warning("skipped \(skipped)")
            }
            for entry in merged.notRead {
                console.warning("\(entry.path): not a regular file; not read")
            }
            let bytes = format.render(merged.families, escaping: escaping)
            if let output {
                try AtomicFile.write(bytes, to: output)
            } else {
                Console.output(bytes)
            }
        }
    }
}
