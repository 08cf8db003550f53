import ArgumentParser
import PromKit

#if canImport(Glibc)
    import Glibc
#endif

extension Promkit {
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run",
            abstract: "Run an app with a multiprocess directory that looks after itself.",
            discussion: """
                Starts COMMAND with PROMETHEUS_MULTIPROC_DIR set (nothing else in its environment \
                changes) and folds each worker's files into the archives within a second of the \
                worker's end, as promkit clean does: no hook, no cron, no code change, and no count \
                lost. Before COMMAND starts, files left by an earlier run are deleted, except any \
                that a running process maps (clean --wipe). A worker's files are folded once no \
                process maps them; ends are learned through pidfds and inotify where Linux has \
                them, by looking every second elsewhere.

                The signals a process manager sends (TERM, INT, HUP, QUIT, USR1, USR2, TTIN, TTOU, \
                WINCH) are passed on to COMMAND, which runs in a process group of its own. promkit \
                exits when COMMAND does, with its status (128+N when signal N ended it; 127 when it \
                is not found, 126 when it cannot be run). As a container's pid 1 it also reaps \
                orphans. --listen serves /metrics as promkit serve does, exact during folds.

                Examples:
                  promkit run -- gunicorn -k uvicorn.workers.UvicornWorker -w 4 app:app
                  promkit run --listen 0.0.0.0:9464 -- uvicorn app:app --workers 4
                  promkit run --dir /run/prometheus -- python -m myapp
                """
        )

        @Option(
            help: ArgumentHelp(
                """
                The multiprocess directory, created when missing. Default: $PROMETHEUS_MULTIPROC_DIR; \
                without it, a private directory that is removed at the end.
                """, valueName: "dir"),
            completion: .directory)
        var dir: String?

        @Option(help: "Also serve /metrics on this address, HOST:PORT, as promkit serve does.")
        var listen: ListenAddress?

        @Flag(help: "With --listen: add promkit_scrape_duration_seconds and promkit_scrape_files to scrapes.")
        var selfMetrics = false

        @Flag(name: .shortAndLong, help: "Print no line per fold; problems still go to stderr.")
        var quiet = false

        @Argument(
            parsing: .captureForPassthrough,
            help: ArgumentHelp("The command that runs the app, and its arguments.", valueName: "command"))
        var command: [String] = []

        /// The command, without the `--` that may come before it.
        private var arguments: [String] { command.first == "--" ? Array(command.dropFirst()) : command }

        func validate() throws {
            guard !arguments.isEmpty else { throw ValidationError("no command given: promkit run -- COMMAND [ARG...]") }
        }

        @OptionGroup var color: ColorOption

        func run() async throws {
            let console = color.console
            try await console.exiting { try await supervise(console) }
        }

        private func supervise(_ console: Console) async throws {
            let environment = Environment.list
            let (named, warning) = MultiprocDirectory.resolve(dir, environment: Environment.variables)
            if let warning { console.warning(warning) }
            let directory = try RunDirectory.prepare(named, temporary: Environment.variables["TMPDIR"])
            defer {
                if let problem = directory.removeIfPrivate() { console.warning(problem) }
            }
            if !directory.isPrivate { wipe(directory.path, console) }

            var server: RunningServer?
            if let listen { server = try await startServer(listen, directory: directory.path, console) }
            let relay = SignalRelay()
            let quiet = self.quiet
            let signals = CaughtSignals(ChildProcess.forwardedSignals) { signal in
                if !quiet, signal == SIGTERM || signal == SIGINT {
                    console.note("signal \(signal): passed on; waiting for the command to end")
                }
                relay.relay(signal)
            }
            defer { signals.cancel() }
            // The app's processes are run's own: visible, so the guard against
            // another pid namespace (which refuses after the app stops) is off.
            var options = CleanOptions()
            options.assumeDeadAfter = TimeSpan(seconds: 0)
            let watcher = try FoldWatcher(directory: directory.path, options: options) {
                FoldNotes.say($0, quiet: quiet, console)
            }
            let child: ChildProcess
            do {
                child = try ChildProcess.spawn(arguments, environment: directory.environment(from: environment))
            } catch {
                await server?.stop()
                throw error
            }
            relay.attach(child)
            watcher.start()
            let exit = await child.exit()
            watcher.stop()
            await server?.stop()
            if case .signaled = exit, !quiet { console.note("\(arguments[0]) \(exit)") }
            if exit.code != 0 { throw ExitCode(exit.code) }
        }

        /// Deletes what an earlier run left (never a file a running process maps).
        private func wipe(_ path: String, _ console: Console) {
            var options = CleanOptions()
            options.wipe = true
            do {
                let report = try Cleaner(directory: path, options: options).run()
                for item in report.kept { console.warning("\(item.path): kept: \(item.reason)") }
                if !quiet, !report.deleted.isEmpty {
                    console.note("deleted \(report.deleted.count) file(s) left by an earlier run in \(path)")
                }
            } catch {
                console.warning("\(error.description); its files were kept, and are folded once the app runs")
            }
        }

        private func startServer(
            _ address: ListenAddress, directory: String, _ console: Console
        ) async throws -> RunningServer {
            var configuration = ServeConfiguration(directory: directory, listen: address)
            configuration.selfMetrics = selfMetrics
            let logger = StderrLogHandler.logger("promkit.run", level: .info, console)
            let server = try await RunningServer.start(configuration, logger: logger)
            var bound = address
            bound.port = server.port
            if !quiet { console.note("serving \(directory) on http://\(bound)/metrics") }
            return server
        }
    }
}
