import ArgumentParser
import Foundation
import PromKit

extension Promkit {
    struct Clean: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "clean",
            abstract: "Fold dead processes' .db files into archives, for cron; totals stay exact.",
            discussion: """
                For each pid whose process is gone: its counter, histogram, summary and min/max/sum/\
                mostrecent gauge files are folded into one archive per type and mode \
                (counter_archive.db, gauge_max_archive.db, summed into any archive already there) and \
                removed; its gauge_live* files are deleted, as mark_process_dead does; its 'all' gauge \
                files are kept and reported (--drop-dead-all-gauges deletes them). Files of live \
                processes are never touched, nor links, folders or odd names. Candidates are renamed \
                out of the *.db namespace, the pid is checked again and /proc/*/maps scanned before \
                anything is read, under a lock and a journal that the next run completes or rolls back \
                after a crash. Exit status: 0 done or nothing to do, 1 something could not be cleaned \
                (with the reason), 2 the directory could not be read.

                Examples:
                  promkit clean /run/prometheus --older-than 1h --quiet
                  promkit clean --dry-run --json /run/prometheus
                  promkit clean --wipe /run/prometheus
                """
        )

        @OptionGroup var directory: DirectoryArgument

        @Option(
            help: ArgumentHelp(
                "Only files unchanged for longer than this are candidates (30m, 12h, 7d). Default: any age.",
                valueName: "duration"))
        var olderThan: FileAge?

        @Option(
            help: ArgumentHelp(
                """
                When no pid of the directory is visible (another pid namespace, such as a sidecar), \
                treat files unchanged for this long as dead. Default: refuse in that case.
                """, valueName: "duration"))
        var assumeDeadAfter: FileAge?

        @Flag(help: "Delete dead processes' gauge files in mode 'all' instead of keeping them.")
        var dropDeadAllGauges = false

        @Flag(help: "Print the plan; change nothing.")
        var dryRun = false

        @Flag(help: "Print a JSON summary: files folded, deleted, kept, ignored, and bytes freed.")
        var json = false

        @Flag(name: .shortAndLong, help: "Print nothing on success (for cron); problems still go to stderr.")
        var quiet = false

        @Flag(help: "Delete every .db file (the start-up wipe); refuses while a pid of the directory is alive.")
        var wipe = false

        @Flag(help: "With --wipe: wipe even while processes of the directory are alive.")
        var force = false

        @Option(
            help: ArgumentHelp(
                "How long to wait for another clean's lock before giving up with exit 1.", valueName: "duration"))
        var lockWait: FileAge = FileAge(seconds: 2)

        func validate() throws {
            if force, !wipe { throw ValidationError("--force only applies to --wipe") }
            if json, quiet { throw ValidationError("--json and --quiet cannot be combined") }
        }

        @OptionGroup var color: ColorOption

        func run() async throws {
            color.apply()
            var options = CleanOptions()
            options.olderThan = olderThan
            options.assumeDeadAfter = assumeDeadAfter
            options.dropDeadAllGauges = dropDeadAllGauges
            options.dryRun = dryRun
            options.wipe = wipe
            options.force = force
            options.lockWait = lockWait.seconds
            let cleaner = Cleaner(directory: try directory.resolved(), options: options)
            cleaner.onStep = CleanTestHook.fromEnvironment()
            let report: CleanReport
            do {
                report = try cleaner.run()
            } catch {
                Console.error(error.description)
                if case .unreadable = error { throw ExitCode(2) }
                throw ExitCode(1)
            }
            print(report)
            if report.incomplete { throw ExitCode(1) }
        }

        private func print(_ report: CleanReport) {
            for item in report.kept { Console.warning("\(item.path): kept: \(item.reason)") }
            for item in report.ignored { Console.warning("\(item.path): not touched: \(item.reason)") }
            if let recovered = report.recovered {
                Console.warning("an interrupted clean was found and \(recovered)")
            }
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                if let data = try? encoder.encode(CleanSummary(report)) { Console.output(Array(data) + [0x0A]) }
                return
            }
            guard !quiet else { return }
            let verb = report.dryRun ? "would " : ""
            if report.dryRun {
                for item in report.folded { Console.output(line: "fold\t\(item.path)\t\(item.reason)") }
                for item in report.deleted { Console.output(line: "delete\t\(item.path)\t\(item.reason)") }
            }
            Console.output(
                line: "\(verb)fold \(report.folded.count) file(s) into \(report.archives.count) archive(s), "
                    + "\(verb)delete \(report.deleted.count), keep \(report.kept.count); \(report.bytesFreed) bytes freed"
            )
        }
    }
}

/// The `--json` form of a clean's report.
struct CleanSummary: Encodable {
    var dryRun: Bool
    var recovered: String?
    var folded: Int
    var deleted: Int
    var kept: Int
    var ignored: Int
    var bytesFreed: Int
    var archives: [String]
    var files: CleanReport

    init(_ report: CleanReport) {
        dryRun = report.dryRun
        recovered = report.recovered
        folded = report.folded.count
        deleted = report.deleted.count
        kept = report.kept.count
        ignored = report.ignored.count
        bytesFreed = report.bytesFreed
        archives = report.archives
        files = report
    }
}
