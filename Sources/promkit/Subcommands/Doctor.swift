import ArgumentParser
import Foundation
import PromKit

extension Promkit {
    struct Doctor: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "doctor",
            abstract: "Check a multiprocess deployment against the production checklist.",
            discussion: """
                Checks the environment (PROMETHEUS_MULTIPROC_DIR set, not the deprecated lowercase name, \
                not misspelt), the directory (exists, writable, not world-writable, on a local \
                filesystem, free space), its contents (files of dead processes, files older than the \
                oldest live writer, mixed v1/v2 layouts, 0-byte and unknown files, gauges in mode all) \
                and the live writers. Each check prints ✓, or ✗ with what is wrong and the fix. Run it in \
                the application's environment, as the user its workers run as.

                Exit status: 0 every check passed, 1 some check failed.

                Examples:
                  promkit doctor
                  promkit doctor /run/prometheus --json
                  kubectl exec deploy/app -c metrics -- promkit doctor
                """
        )

        @OptionGroup var directory: DirectoryArgument

        @Flag(help: "Print the checks as JSON instead of ✓/✗ lines.")
        var json = false

        @OptionGroup var color: ColorOption

        func run() async throws {
            let doctor = PromKit.Doctor(explicitDirectory: directory.directory, environment: Environment.variables)
            let report = doctor.examine()
            if json {
                try JSONOutput.print(report)
            } else {
                for line in report.lines() { Console.output(line: line) }
            }
            if report.hasFailures { throw ExitStatus.findings }
        }
    }
}
