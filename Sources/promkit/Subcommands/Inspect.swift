import ArgumentParser
import Foundation
import PromKit

extension Promkit {
    struct Inspect: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "inspect",
            abstract: "See what is in a multiprocess directory.",
            discussion: """
                Lists every file with its type, gauge mode, pid, whether that process is alive, \
                byte layout (v1 before prometheus_client 0.18, v2 after), entries, used bytes, size \
                and age; then totals, and warnings for what breaks or slows a Python scrape: mixed \
                layouts, 0-byte files, unknown files, damaged files. A damaged directory is reported, \
                not refused.

                Examples:
                  promkit inspect /run/prometheus
                  promkit inspect --samples /run/prometheus | grep http_requests
                  promkit inspect --json | jq '.summary'
                """
        )

        @OptionGroup var directory: DirectoryArgument

        @Flag(help: "Print the report as JSON.")
        var json = false

        @Flag(help: "Also list every entry of every file: metric, sample, labels, value, timestamp.")
        var samples = false

        @OptionGroup var lock: LockWaitOption

        @OptionGroup var color: ColorOption

        func run() async throws {
            let console = color.console
            try await console.exiting { try inspect(console) }
        }

        private func inspect(_ console: Console) throws {
            let path = try directory.resolved(console)
            let report = try lock.read(path) {
                DirectoryInspection.inspect(
                    try MultiprocDirectory.scan(path), samples: samples, now: Date().timeIntervalSince1970)
            }
            for warning in report.warnings {
                console.warning(warning)
            }
            if json {
                try JSONOutput.print(report)
                return
            }
            Console.output(Array(InspectionTable(report).text.utf8))
        }
    }
}
