import ArgumentParser
import Foundation
import PromKit

extension Promkit {
    struct Merge: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "merge",
            abstract: "Fold many .db files into few that prometheus_client renders the same.",
            discussion: """
                Reads a multiprocess directory (or the .db files given) and writes, into a new folder, \
                one file per type and per gauge mode (counter_archive.db, gauge_max_archive.db, ...); \
                'all' and 'liveall' gauges stay one file per process, since the pid is their label. \
                Histograms are written per bucket with no _count, mostrecent gauges keep their \
                timestamps, and the byte layout of the input is kept (v1 in, v1 out); a mix of layouts \
                is an error naming the files. The input is never modified. The output must not exist \
                or be an empty folder, unless --force is given. Exits 2 when an input cannot be read.

                Examples:
                  promkit merge /run/prometheus --output /tmp/compact
                  promkit merge counter_1.db counter_2.db --output /tmp/two
                  promkit merge --json /run/prometheus --output /tmp/compact --force
                """
        )

        @Argument(
            help: ArgumentHelp(
                "A multiprocess directory, or .db files (default: $PROMETHEUS_MULTIPROC_DIR).",
                valueName: "dir-or-file"),
            completion: .file(extensions: ["db"]))
        var inputs: [String] = []

        @Option(
            name: .shortAndLong, help: "The folder to write (created; must be empty unless --force).",
            completion: .directory)
        var output: String

        @Flag(help: "Write into an existing, non-empty output folder, replacing files of the same names.")
        var force = false

        @Flag(help: "Print what was written as JSON.")
        var json = false

        @OptionGroup var lock: LockWaitOption

        @OptionGroup var color: ColorOption

        func run() async throws {
            let console = color.console
            try await console.exiting { try merge(console) }
        }

        private func merge(_ console: Console) throws {
            let sources = try DirectoryArgument.resolve(inputs, noun: "directory", console)
            let report = try MergeRun.run(sources, output: output, force: force, lockWait: lock.lockWait.seconds)
            for path in report.notRead {
                console.warning("\(path): not a regular file; not read")
            }
            if json {
                try JSONOutput.print(report)
            } else {
                for file in report.files {
                    Console.output(line: "\(file.path)\t\(file.entries) entries\tfrom \(file.sources) file(s)")
                }
                Console.output(
                    line:
                        "merged \(report.inputs) file(s) into \(report.files.count) (\(report.layout?.rawValue ?? "empty"))"
                )
            }
        }
    }
}
