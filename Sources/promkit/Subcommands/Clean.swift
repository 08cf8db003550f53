import ArgumentParser
import Foundation
import PromKit

extension Promkit {
    struct Clean: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "clean",
            abstract: "Fold dead processes' .db files into archives, for cron; totals stay exact.",
            discussion: """
                A file is live while a running process maps it (/proc/PID/maps), or while the process \
                its name gives runs and started before the file was last written; the pid in a name \
                alone proves nothing (pids are reused after a container restart). For each dead file: \
                counter, histogram, summary and min/max/sum/mostrecent gauge files are folded into one \
                archive per type and mode (counter_archive.db, gauge_max_archive.db, summed into any \
                archive already there) and removed; gauge_live* files are deleted, as \
                mark_process_dead does; 'all' gauge files are kept (--drop-dead-all-gauges deletes \
                them). Live files are never touched, nor links, folders or odd names. Candidates are \
                renamed out of the *.db namespace and checked again, under a lock and a journal that \
                the next run completes or rolls back after a crash; promkit's own readers (render, \
                serve, ...) wait for the few renames that publish a fold, so they never see half of \
                one. --wipe deletes every .db file that no running process maps and keeps those that \
                one does, so it is safe in gunicorn's on_starting hook with or without --preload. \
                When nothing visible refers to the directory yet a file changed in the last 10 \
                minutes (another pid namespace, or an app that just stopped), it refuses. Exit \
                status: 0 done or nothing to do, 1 something could not be cleaned (with the reason), \
                2 the directory could not be read.

                Examples:
                  promkit clean /run/prometheus --older-than 1h --quiet
                  promkit clean --dry-run --json /run/prometheus
                  promkit clean --wipe /run/prometheus
                """
        )

        @OptionGroup var directory: DirectoryArgument

        @Option(
            parsing: .unconditional,
            help: ArgumentHelp(
                "Only files unchanged for longer than this are candidates (30m, 12h, 7d). Default: any age.",
                valueName: "duration"), transform: TimeSpan.argument)
        var olderThan: TimeSpan?

        @Option(
            parsing: .unconditional,
            help: ArgumentHelp(
                """
                When no pid of the directory is visible (another pid namespace, such as a sidecar), \
                treat files unchanged for this long as dead. Default: refuse in that case.
                """, valueName: "duration"), transform: TimeSpan.argument)
        var assumeDeadAfter: TimeSpan?

        @Flag(help: "Delete dead processes' gauge files in mode 'all' instead of keeping them.")
        var dropDeadAllGauges = false

        @Flag(help: "Print the plan; change nothing.")
        var dryRun = false

        @Flag(help: "Print a JSON summary: files folded, deleted, kept, ignored, and bytes freed.")
        var json = false

        @Flag(name: .shortAndLong, help: "Print nothing on success (for cron); problems still go to stderr.")
        var quiet = false

        @Flag(help: "Delete every .db file that no running process maps (the start-up wipe); keep and list the rest.")
        var wipe = false

        @Flag(
            help: """
                With --wipe: also when no process of the directory is visible (another pid namespace). \
                Files that live workers are writing are then deleted and their counts lost.
                """)
        var force = false

        @Option(
            parsing: .unconditional,
            help: ArgumentHelp(
                "How long to wait for another clean's lock before giving up with exit 1.", valueName: "duration"),
            transform: TimeSpan.argument)
        var lockWait = TimeSpan(seconds: 2)

        func validate() throws {
            if force, !wipe { throw ValidationError("--force only applies to --wipe") }
            if json, quiet { throw ValidationError("--json and --quiet cannot be combined") }
        }

        @OptionGroup var color: ColorOption

        func run() async throws {
            let console = color.console
            try await console.exiting { try clean(console) }
        }

        private func clean(_ console: Console) throws {
            var options = CleanOptions()
            options.olderThan = olderThan
            options.assumeDeadAfter = assumeDeadAfter
            options.dropDeadAllGauges = dropDeadAllGauges
            options.dryRun = dryRun
            options.wipe = wipe
            options.force = force
            options.lockWait = lockWait.seconds
            let cleaner = Cleaner(directory: try directory.resolved(console), options: options)
            cleaner.onStep = CleanTestHook.fromEnvironment()
            let report = try cleaner.run()
            try print(report, console)
            if report.incomplete { throw ExitStatus.findings }
        }

        private func print(_ report: CleanReport, _ console: Console) throws {
            for item in report.kept { console.warning("\(item.path): kept: \(item.reason)") }
            if !quiet {
                for item in report.retained { console.note("\(item.path): kept: \(item.reason)") }
            }
            for item in report.ignored { console.warning("\(item.path): not touched: \(item.reason)") }
            if let recovered = report.recovered {
                console.warning("an interrupted clean was found and \(recovered)")
            }
            if json {
                try JSONOutput.print(report)
                return
            }
            guard !quiet else { return }
            let verb = report.dryRun ? "would " : ""
            if wipe {
                if report.dryRun {
                    for item in report.deleted {
                        Console.output(line: "delete\t\(TerminalText.escaped(item.path))\t\(item.reason)")
                    }
                }
                Console.output(
                    line: "\(verb)delete \(report.deleted.count) file(s), keep \(report.retained.count) in use, "
                        + "\(report.kept.count) failed; \(report.bytesFreed) bytes freed")
                return
            }
            if report.dryRun {
                for item in report.folded {
                    Console.output(line: "fold\t\(TerminalText.escaped(item.path))\t\(item.reason)")
                }
                for item in report.deleted {
                    Console.output(line: "delete\t\(TerminalText.escaped(item.path))\t\(item.reason)")
                }
            }
            Console.output(
                line: "\(verb)fold \(report.folded.count) file(s) into \(report.archives.count) archive(s), "
                    + "\(verb)delete \(report.deleted.count), keep \(report.kept.count); \(report.bytesFreed) bytes freed"
            )
        }
    }
}
