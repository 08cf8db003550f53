import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `promkit run` over real apps: gunicorn and uvicorn with the FastAPI app of
/// Tests/E2E, workers recycled, killed and reloaded, every request counted
/// through run's own /metrics; and the process-manager duties (signals,
/// exit status, pid 1).
@Suite(.serialized) struct RunCLITests {
    /// `promkit run` started in a process group of its own, its output in a log.
    struct Supervised {
        var pid: pid_t
        var dir: String
        var work: String
        var metricsPort: Int
        var appPort: Int
        var log: String { work + "/run.log" }

        /// Starts `promkit run --dir DIR --listen 127.0.0.1:PORT -- COMMAND` (`APP_PORT` in
        /// COMMAND is replaced by a free port).
        static func start(_ command: [String], label: String) throws -> Supervised {
            try launch(label: label) { dir, metricsPort, appPort in
                ["run", "--dir", dir, "--listen", "127.0.0.1:\(metricsPort)", "--"]
                    + command.map { $0.replacingOccurrences(of: "APP_PORT", with: String(appPort)) }
            }
        }

        /// Starts promkit with the arguments `make` gives for the directory and the two ports.
        static func launch(label: String, _ make: (String, Int, Int) -> [String]) throws -> Supervised {
            let work = try TestSupport.temporaryDirectory(label)
            let dir = work + "/multiproc"
            let metricsPort = try UvicornServer.freePort()
            let appPort = try UvicornServer.freePort()
            let pid = try UvicornServer.spawnInNewGroup(
                [TestSupport.promkitBinary] + make(dir, metricsPort, appPort),
                environment: ["PATH": "/usr/bin:/bin", "NO_COLOR": "1"], output: work + "/run.log")
            return Supervised(pid: pid, dir: dir, work: work, metricsPort: metricsPort, appPort: appPort)
        }

        var logText: String { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }

        /// The `.db` files in the directory.
        func files() -> [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".db") }.sorted()
        }

        /// The worker pids that files name.
        func workerPids() -> Set<Int32> {
            Set(files().compactMap { name in name.split(separator: "_").last.flatMap { Int32($0.dropLast(3)) } })
        }

        /// Waits until both the app and run's /metrics answer (at most 30 s).
        func waitUntilServing() async -> Bool {
            let app = RawHTTPClient(port: appPort)
            let metrics = RawHTTPClient(port: metricsPort)
            for _ in 0..<300 {
                if (try? await app.request("GET", "/metrics/"))?.status == 200,
                    (try? await metrics.request("GET", "/metrics"))?.status == 200
                {
                    return true
                }
                usleep(100_000)
            }
            Issue.record("the app did not start: \(logText)")
            return false
        }

        /// The summed value of `prefix` on run's /metrics, nil when the scrape fails.
        func value(_ prefix: String) async -> Double? {
            guard let response = try? await RawHTTPClient(port: metricsPort).request("GET", "/metrics"),
                response.status == 200
            else { return nil }
            return MultiprocScratch.value(String(decoding: response.body, as: UTF8.self), prefix) ?? 0
        }

        /// Sends SIGTERM to run and waits (at most 60 s) for its exit status.
        func terminate() -> Int32? {
            kill(pid, SIGTERM)
            return Self.wait(pid, seconds: 60)
        }

        /// Kills whatever is left: run's group, and the app's (a group of its own).
        func killAll() {
            kill(-pid, SIGKILL)
            _ = try? TestSupport.run("/usr/bin/pkill", ["-KILL", "-f", "127.0.0.1:\(appPort)"])
            _ = Self.wait(pid, seconds: 5)
            try? FileManager.default.removeItem(atPath: work)
        }

        /// The exit status of `pid` (128+N for signal N), or nil when it runs on after `seconds`.
        static func wait(_ pid: pid_t, seconds: Double) -> Int32? {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                var status: Int32 = 0
                let reaped = waitpid(pid, &status, WNOHANG)
                if reaped == pid { return status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f) }
                if reaped < 0 { return nil }
                usleep(50_000)
            }
            return nil
        }

        /// Kills a worker that has a counter file with SIGKILL (no hook runs), as
        /// the OOM killer would, and expects its files folded within 3 s; its pid.
        func killWorkerAndWaitForItsFold() -> Int32? {
            guard let victim = workerPids().first(where: { files().contains("counter_\($0).db") }) else {
                Issue.record("no worker's counter file: \(files())")
                return nil
            }
            kill(victim, SIGKILL)
            let killed = Date()
            while workerPids().contains(victim), Date().timeIntervalSince(killed) < 3 { usleep(20_000) }
            #expect(!workerPids().contains(victim), "pid \(victim)'s files after 3 s: \(files())")
            return victim
        }

        /// Whether any process still has the app's port in its command line.
        func appProcessesLeft() -> Bool {
            (try? TestSupport.run("/usr/bin/pgrep", ["-f", "127.0.0.1:\(appPort)"]))?.status == 0
        }
    }

    static func gunicorn() throws -> (python: String, gunicorn: String)? {
        guard let python = try UvicornServer.python() else { return nil }
        let gunicorn = URL(fileURLWithPath: python).deletingLastPathComponent().appendingPathComponent("gunicorn").path
        return (python, gunicorn)
    }

    static let e2e = TestSupport.packageRoot.appendingPathComponent("Tests/E2E").path
    static let requests = #"http_requests_total{endpoint="/"}"#

    /// The issue's test: gunicorn recycling its 3 workers every 40 (+-10)
    /// requests, 3,000 requests verified exactly by `promkit load --verify`
    /// against run's /metrics, which answers 200 with a total that never
    /// falls throughout; at the end the directory holds the live workers'
    /// files and one archive per type and mode, and SIGTERM stops it all with
    /// status 0.
    @Test func gunicornChurnCountsEveryRequest() async throws {
        guard let (_, gunicorn) = try Self.gunicorn() else { return }
        let run = try Supervised.start(
            [
                gunicorn, "-k", "uvicorn.workers.UvicornWorker", "-w", "3", "--max-requests", "40",
                "--max-requests-jitter", "10", "-b", "127.0.0.1:APP_PORT", "--chdir", Self.e2e, "app:app",
            ], label: "run-gunicorn")
        defer { run.killAll() }
        guard await run.waitUntilServing() else { return }

        let watching = Task {
            var scrapes = 0
            var failures: [String] = []
            var last = 0.0
            while !Task.isCancelled {
                if let value = await run.value(Self.requests) {
                    if value < last { failures.append("the total fell from \(last) to \(value)") }
                    last = value
                } else {
                    failures.append("a scrape of run's /metrics failed")
                }
                scrapes += 1
                usleep(20_000)
            }
            return (scrapes, failures)
        }
        let load = try TestSupport.promkit([
            "load", "http://127.0.0.1:\(run.appPort)/", "-n", "3000", "-c", "4", "--verify", Self.requests,
            "--metrics", "http://127.0.0.1:\(run.metricsPort)/metrics",
        ])
        watching.cancel()
        let (scrapes, failures) = await watching.value
        #expect(load.status == 0, "\(load.stdoutText)\n\(load.stderrText)")
        #expect(load.stdoutText.contains("Verify:"), "\(load.stdoutText)")
        #expect(scrapes > 20)
        #expect(failures.isEmpty, "\(failures.prefix(5))")
        usleep(1_500_000)  // the last recycled worker's fold
        // "promkit: pid 12, 13 ended 61 ms ago: folded ...": each recycled worker once.
        let ended = run.logText.components(separatedBy: "\n").filter { $0.contains("ended") && $0.contains("folded") }
            .flatMap { line in
                line.components(separatedBy: " ended")[0].dropFirst("promkit: pid ".count).split(separator: ",")
                    .map { $0.trimmingCharacters(in: .whitespaces) }
            }
        #expect(Set(ended).count == ended.count, "a worker folded twice: \(ended)")
        let booted = run.logText.components(separatedBy: "Booting worker").count - 1
        #expect(booted > 4, "the workers recycled: \(booted) booted")
        #expect(booted - 3 - ended.count <= 1, "every ended worker is folded: \(booted) booted, \(ended.count) folded")

        let archives = run.files().filter { $0.hasSuffix("_archive.db") }
        #expect(Set(archives).count == archives.count && !archives.isEmpty, "\(archives)")
        for pid in run.workerPids() {
            #expect(kill(pid, 0) == 0, "pid \(pid)'s files are left, yet it is gone: \(run.files())")
        }
        #expect(run.workerPids().count <= 4, "three workers and the master at most: \(run.files())")

        #expect(run.terminate() == 0, "\(run.logText)")
        #expect(!run.appProcessesLeft(), "gunicorn outlived run")
        #expect(run.logText.contains("Shutting down: Master"), "gunicorn stopped gracefully: \(run.logText)")
        #expect(run.files().allSatisfy { $0.hasSuffix("_archive.db") }, "\(run.files())")
    }

    /// uvicorn's own worker manager: a worker killed with SIGKILL (no hook
    /// runs) has its files folded within 3 s, its counts stay, and later
    /// requests are all counted.
    @Test func uvicornWorkerKilledIsFoldedAtOnce() async throws {
        guard let python = try UvicornServer.python() else { return }
        let run = try Supervised.start(
            [
                python, "-m", "uvicorn", "app:app", "--app-dir", Self.e2e, "--workers", "3", "--host", "127.0.0.1",
                "--port", "APP_PORT",
            ], label: "run-uvicorn")
        defer { run.killAll() }
        guard await run.waitUntilServing() else { return }
        let app = RawHTTPClient(port: run.appPort)
        var answered = 0
        for _ in 0..<90 where (try? await app.request("GET", "/"))?.status == 200 { answered += 1 }
        #expect(await run.value(Self.requests) == Double(answered))

        guard run.killWorkerAndWaitForItsFold() != nil else { return }
        #expect(await run.value(Self.requests) == Double(answered), "the dead worker's counts stay")

        for _ in 0..<90 where (try? await app.request("GET", "/"))?.status == 200 { answered += 1 }
        #expect(await run.value(Self.requests) == Double(answered))
        let workers = run.workerPids()
        #expect(run.terminate() == 0, "\(run.logText)")
        #expect(workers.allSatisfy { kill($0, 0) != 0 }, "a worker outlived run")
    }

    /// The sidecar: `serve --fold` beside an app it did not start folds a
    /// killed worker's files as run does, and its /metrics keeps the counts.
    @Test func serveFoldsTheWorkersOfAnAppBesideIt() async throws {
        guard let python = try UvicornServer.python() else { return }
        let logs = try TestSupport.temporaryDirectory("serve-fold-app")
        defer { try? FileManager.default.removeItem(atPath: logs) }
        let sidecar = try Supervised.launch(label: "serve-fold") { dir, metricsPort, _ in
            ["serve", "--fold", "--listen", "127.0.0.1:\(metricsPort)", dir]
        }
        defer { sidecar.killAll() }
        try FileManager.default.createDirectory(atPath: sidecar.dir, withIntermediateDirectories: true)
        let app = try UvicornServer(python: python, workers: 2, multiprocDirectory: sidecar.dir, logDirectory: logs)
        defer { app.stop() }
        let client = RawHTTPClient(port: app.port)
        var answered = 0
        for _ in 0..<60 where (try? await client.request("GET", "/"))?.status == 200 { answered += 1 }
        guard let victim = sidecar.killWorkerAndWaitForItsFold() else { return }
        #expect(sidecar.files().contains("counter_archive.db"), "\(sidecar.files())")
        #expect(await sidecar.value(Self.requests) == Double(answered), "\(sidecar.logText)")
        #expect(sidecar.logText.contains("pid \(victim) ended"), "\(sidecar.logText)")
        #expect(sidecar.terminate() == 0, "\(sidecar.logText)")
    }

    /// gunicorn with --preload (the master maps files too), more and fewer
    /// workers (SIGTTIN, SIGTTOU) and a reload that replaces every worker
    /// (SIGHUP), all through run: requests are counted exactly throughout.
    @Test func gunicornSignalsArePassedOn() async throws {
        guard let (_, gunicorn) = try Self.gunicorn() else { return }
        let run = try Supervised.start(
            [
                gunicorn, "-k", "uvicorn.workers.UvicornWorker", "-w", "2", "--preload", "-b", "127.0.0.1:APP_PORT",
                "--chdir", Self.e2e, "app:app",
            ], label: "run-signals")
        defer { run.killAll() }
        guard await run.waitUntilServing() else { return }
        let app = RawHTTPClient(port: run.appPort)
        var answered = 0
        func send(_ count: Int) async {
            for _ in 0..<count where (try? await app.request("GET", "/"))?.status == 200 { answered += 1 }
        }
        func workers() -> Int {
            let output = (try? TestSupport.run("/usr/bin/pgrep", ["-f", "127.0.0.1:\(run.appPort)"]))?.stdoutText ?? ""
            return output.split(separator: "\n").count - 2  // less run and the master
        }
        func waitForWorkers(_ count: Int) {
            for _ in 0..<200 where workers() != count { usleep(50_000) }
        }
        await send(40)
        kill(run.pid, SIGTTIN)
        waitForWorkers(3)
        #expect(workers() == 3, "SIGTTIN: one more worker")
        await send(40)
        kill(run.pid, SIGTTOU)
        waitForWorkers(2)
        #expect(workers() == 2, "SIGTTOU: one fewer")
        let before = run.workerPids()
        kill(run.pid, SIGHUP)
        for _ in 0..<200 where !run.logText.contains("Hang up") { usleep(50_000) }
        usleep(3_000_000)  // the old workers stop, the new ones start
        await send(40)
        #expect(run.logText.contains("Hang up"), "SIGHUP reached gunicorn: \(run.logText)")
        #expect(!before.subtracting(run.workerPids()).isEmpty, "the reload replaced workers")
        usleep(1_500_000)
        #expect(await run.value(Self.requests) == Double(answered), "\(run.files())")
        #expect(run.terminate() == 0, "\(run.logText)")
    }

    /// The command's status is run's: an exit code as it is, a signal as
    /// 128+N, a command not found as 127 with the reason; the environment
    /// gains PROMETHEUS_MULTIPROC_DIR alone; a private directory goes at the end.
    @Test func exitStatusAndEnvironment() throws {
        let failed = try TestSupport.promkit(["run", "--", "/bin/sh", "-c", "exit 7"])
        #expect(failed.status == 7)
        let signaled = try TestSupport.promkit(["run", "--", "/bin/sh", "-c", "kill -KILL $$"])
        #expect(signaled.status == 137, "\(signaled.stderrText)")
        let missing = try TestSupport.promkit(["run", "--", "no-such-command-of-promkit"])
        #expect(missing.status == 127)
        #expect(missing.stderrText.contains("no-such-command-of-promkit: command not found"), "\(missing.stderrText)")
        let usage = try TestSupport.promkit(["run"])
        #expect(usage.status == 64)

        // An address in use: exit 2 in plain words, before the command starts.
        let (taken, port) = try UvicornServer.loopbackSocket(listening: true)
        defer { close(taken) }
        let busy = try TestSupport.promkit(["run", "--listen", "127.0.0.1:\(port)", "--", "/bin/echo", "started"])
        #expect(busy.status == 2)
        #expect(busy.stdoutText.isEmpty, "the command did not start")
        #expect(
            busy.stderrText.contains("cannot listen on 127.0.0.1:\(port): Address already in use"), "\(busy.stderrText)"
        )

        let environment = ["PATH": "/usr/bin:/bin", "NO_COLOR": "1", "ODD": "a=b c"]
        let listed = try TestSupport.run(
            TestSupport.promkitBinary, ["run", "--no-color", "--", "/usr/bin/env"],
            environment: environment.filter { $0.key != "NO_COLOR" })
        #expect(listed.status == 0, "\(listed.stderrText)")
        var lines = Set(listed.stdoutText.split(separator: "\n").map(String.init))
        let dirLine = lines.first { $0.hasPrefix("PROMETHEUS_MULTIPROC_DIR=") } ?? ""
        lines.remove(dirLine)
        #expect(lines == Set(environment.filter { $0.key != "NO_COLOR" }.map { "\($0.key)=\($0.value)" }))
        let dir = String(dirLine.dropFirst("PROMETHEUS_MULTIPROC_DIR=".count))
        #expect(dir.hasPrefix("/tmp/promkit-run-"), "\(dirLine)")
        #expect(!FileManager.default.fileExists(atPath: dir), "the private directory is removed")

        // A named directory is created, kept, and given as an absolute path.
        let work = try TestSupport.temporaryDirectory("run-named")
        defer { try? FileManager.default.removeItem(atPath: work) }
        let named = try TestSupport.run(
            TestSupport.promkitBinary,
            ["run", "--dir", "multiproc", "--", "/bin/sh", "-c", "echo $PROMETHEUS_MULTIPROC_DIR"],
            environment: environment, currentDirectory: work)
        #expect(named.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix(work + "/multiproc"))
        var isDirectory: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: work + "/multiproc", isDirectory: &isDirectory))
    }

    /// Files an earlier run left are deleted before the command starts; a
    /// file a running process maps is kept.
    @Test func startClearsWhatAnEarlierRunLeft() throws {
        guard let python = try UvicornServer.python() else { return }
        let dir = try MultiprocScratch.dead(python: python, files: 3, age: 3600, kinds: "counter,histogram")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let stale = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        guard let mapped = stale.first else {
            Issue.record("no stale file")
            return
        }
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: python)
        holder.arguments = [
            "-c",
            "import mmap, sys, time; f = open(sys.argv[1], 'r+b'); m = mmap.mmap(f.fileno(), 0); "
                + "print('mapped', flush=True); time.sleep(60)",
            dir + "/" + mapped,
        ]
        let output = Pipe()
        holder.standardOutput = output
        try holder.run()
        defer { holder.terminate() }
        _ = output.fileHandleForReading.availableData  // "mapped"
        let result = try TestSupport.promkit(["run", "--dir", dir, "--", "/bin/ls", dir])
        #expect(result.status == 0, "\(result.stderrText)")
        #expect(result.stdoutText == mapped + "\n", "the command saw only the mapped file: \(result.stdoutText)")
        #expect(
            result.stderrText.contains("deleted \(stale.count - 1) file(s) left by an earlier run"),
            "\(result.stderrText)")
    }

    /// As pid 1 of a new pid namespace (a container's entrypoint): orphans
    /// are reaped, and SIGTERM ends every process in it.
    @Test func pidOneReapsOrphansAndEndsEverything() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare") || TestSupport.isCI else { return }
        // Orphans: each subshell's sleep is reparented to pid 1 and ends there.
        let zombies = try TestSupport.run(
            "/usr/bin/unshare",
            [
                "--pid", "--fork", "--mount-proc", TestSupport.promkitBinary, "run", "--", "/bin/sh", "-c",
                "for i in 1 2 3 4 5; do (sleep 0.1 &); done; sleep 1; "
                    + "cat /proc/[0-9]*/stat | awk '$3 == \"Z\"' | wc -l",
            ])
        #expect(zombies.status == 0, "\(zombies.stderrText)")
        #expect(zombies.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines) == "0", "zombies left")

        let work = try TestSupport.temporaryDirectory("run-pid1")
        defer { try? FileManager.default.removeItem(atPath: work) }
        let marker = "3017.5"
        let unshare = try UvicornServer.spawnInNewGroup(
            [
                "/usr/bin/unshare", "--pid", "--fork", "--mount-proc", TestSupport.promkitBinary, "run", "--",
                "/bin/sh", "-c", "(sleep \(marker) &); sleep \(marker)",
            ], environment: ["PATH": "/usr/bin:/bin"], output: work + "/log")
        defer { kill(-unshare, SIGKILL) }
        var run: Int32?
        for _ in 0..<100 where run == nil {
            usleep(50_000)
            let children = try TestSupport.run("/usr/bin/pgrep", ["-P", String(unshare)]).stdoutText
            run = children.split(separator: "\n").first.flatMap { Int32($0) }
        }
        guard let run else {
            Issue.record("no promkit under unshare")
            return
        }
        for _ in 0..<100
        where try TestSupport.run("/usr/bin/pgrep", ["-f", "sleep \(marker)"]).stdoutText
            .split(separator: "\n").count < 2
        {
            usleep(50_000)
        }
        kill(run, SIGTERM)
        let status = Supervised.wait(unshare, seconds: 10)
        #expect(status == 143, "sh ended by SIGTERM: 128+15")
        #expect(try TestSupport.run("/usr/bin/pgrep", ["-f", "sleep \(marker)"]).status == 1, "a sleep survived")
    }
}
