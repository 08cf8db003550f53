import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The README's integration recipes, run as written: real gunicorn with
/// uvicorn workers (with and without --preload, recycling under
/// --max-requests), real requests, and the cron line; every request counted.
@Suite(.serialized) struct RecipeCLITests {
    /// The code block after `<!-- recipe: NAME -->` in the README.
    static func recipe(_ name: String) throws -> String {
        let readme = try String(
            contentsOfFile: TestSupport.packageRoot.appendingPathComponent("README.md").path, encoding: .utf8)
        guard let marker = readme.range(of: "<!-- recipe: \(name) -->"),
            let open = readme.range(of: "```", range: marker.upperBound..<readme.endIndex),
            let firstLine = readme.range(of: "\n", range: open.upperBound..<readme.endIndex),
            let close = readme.range(of: "\n```", range: firstLine.upperBound..<readme.endIndex)
        else { throw UvicornError(description: "README has no recipe \(name)") }
        return String(readme[firstLine.upperBound..<close.lowerBound]) + "\n"
    }

    /// The cron line with this test's binary and directory in place of the README's.
    static func cronCommand(_ dir: String) throws -> [String] {
        let line = try recipe("cron").split(separator: "\n").first.map(String.init) ?? ""
        let words = line.split(separator: " ").dropFirst(5).map(String.init)
        #expect(words.first == "/usr/local/bin/promkit", "the cron line names promkit by its absolute path")
        return [TestSupport.promkitBinary] + words.dropFirst().map { $0 == "/run/prometheus" ? dir : $0 }
    }

    /// Polls `/metrics/` until the app answers (at most 30 s); records the log if it never does.
    static func waitUntilServing(_ client: RawHTTPClient, log: String) async -> Bool {
        for _ in 0..<300 {
            if (try? await client.request("GET", "/metrics/"))?.status == 200 { return true }
            usleep(100_000)
        }
        Issue.record("the app did not start: \((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
        return false
    }

    /// The cron line, run as cron would run it some time after the app stopped:
    /// until 10 minutes after, clean cannot tell a stopped app from another pid
    /// namespace and refuses, so the files are made 700 s old first.
    static func runCronLater(_ dir: String) throws -> TestSupport.Result {
        let later = Date().addingTimeInterval(-700)
        for name in try FileManager.default.contentsOfDirectory(atPath: dir) where name.hasSuffix(".db") {
            try FileManager.default.setAttributes([.modificationDate: later], ofItemAtPath: dir + "/" + name)
        }
        let cron = try cronCommand(dir)
        let result = try TestSupport.run(cron[0], Array(cron.dropFirst()), environment: ["PATH": "/usr/bin:/bin"])
        #expect(result.status == 0, "\(result.stderrText)")
        return result
    }

    @Test(arguments: [false, true])
    func gunicornRecipeCountsEveryRequest(preload: Bool) async throws {
        guard let python = try UvicornServer.python() else { return }
        let gunicorn = URL(fileURLWithPath: python).deletingLastPathComponent().appendingPathComponent("gunicorn").path
        guard FileManager.default.isExecutableFile(atPath: gunicorn) || TestSupport.isCI else { return }
        let work = try TestSupport.temporaryDirectory("recipe")
        defer { try? FileManager.default.removeItem(atPath: work) }
        // Files an earlier run left: the on_starting wipe deletes them.
        let dir = try MultiprocScratch.dead(python: python, files: 4, age: 3600, kinds: "counter,histogram")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let stale = try FileManager.default.contentsOfDirectory(atPath: dir)
        let config = work + "/gunicorn.conf.py"
        try Self.recipe("gunicorn.conf.py").write(toFile: config, atomically: true, encoding: .utf8)
        let port = try UvicornServer.freePort()
        // promkit is not on this PATH: the recipe must not need it there.
        let environment = [
            "PROMETHEUS_MULTIPROC_DIR": dir, "PROMKIT": TestSupport.promkitBinary, "PATH": "/usr/bin:/bin",
        ]
        let log = work + "/gunicorn.log"
        let arguments =
            [
                "/usr/bin/timeout", "-k", "5", "300", gunicorn, "-c", config, "-k", "uvicorn.workers.UvicornWorker",
                "-w", "2", "--max-requests", "20", "--max-requests-jitter", "5", "-b", "127.0.0.1:\(port)",
                "--chdir", TestSupport.packageRoot.appendingPathComponent("Tests/E2E").path,
            ] + (preload ? ["--preload"] : []) + ["app:app"]
        let pid = try UvicornServer.spawnInNewGroup(arguments, environment: environment, output: log)
        var stopped = false
        defer { if !stopped { kill(-pid, SIGKILL) } }
        let client = RawHTTPClient(port: port)
        guard await Self.waitUntilServing(client, log: log) else { return }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).allSatisfy { !stale.contains($0) })
        let requests = 150
        var answered = 0
        for _ in 0..<requests {
            // A worker that is recycling may drop a connection: count what was answered.
            if (try? await client.request("GET", "/"))?.status == 200 { answered += 1 }
        }
        #expect(answered > requests * 9 / 10)
        kill(pid, SIGTERM)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        stopped = true
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        #expect(!text.contains("Traceback"), "\(text)")
        #expect(!text.contains("promkit clean:"), "\(text)")
        #expect(text.contains("Handling signal: term") || text.contains("Shutting down"), "\(text)")
        usleep(500_000)  // the last child_exit folds, run in the background

        let result = try Self.runCronLater(dir)
        #expect(result.stdoutText.isEmpty && result.stderrText.isEmpty, "--quiet: \(result.stderrText)")
        let rendered = try MultiprocScratch.render(python: python, dir)
        #expect(MultiprocScratch.value(rendered, #"http_requests_total{endpoint="/"}"#) == Double(answered))
        let left = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".db") }
        #expect(left.count <= 3, "one archive per type and mode: \(left)")
    }

    /// The uvicorn recipe, its shell lines as written (the binary, the directory
    /// and the listening address put in): the wipe, four workers, one of them
    /// killed with SIGKILL, then the cron line; every answered request counted.
    @Test func uvicornRecipeCountsEveryRequest() async throws {
        guard let python = try UvicornServer.python() else { return }
        let dir = try MultiprocScratch.dead(python: python, files: 4, age: 3600, kinds: "counter")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let work = try TestSupport.temporaryDirectory("recipe-uvicorn")
        defer { try? FileManager.default.removeItem(atPath: work) }
        let port = try UvicornServer.freePort()
        let e2e = TestSupport.packageRoot.appendingPathComponent("Tests/E2E").path
        let script = try Self.recipe("uvicorn")
            .replacingOccurrences(of: "/usr/local/bin/promkit", with: TestSupport.promkitBinary)
            .replacingOccurrences(of: "/run/prometheus", with: dir)
            .replacingOccurrences(
                of: "exec uvicorn app:app",
                with: "exec \(python) -m uvicorn app:app --app-dir \(e2e) --host 127.0.0.1 --port \(port)")
        #expect(script.contains("--workers 4"))
        let log = work + "/uvicorn.log"
        let pid = try UvicornServer.spawnInNewGroup(
            ["/usr/bin/timeout", "-k", "5", "300", "/bin/sh", "-c", script], environment: ["PATH": "/usr/bin:/bin"],
            output: log)
        var stopped = false
        defer { if !stopped { kill(-pid, SIGKILL) } }
        let client = RawHTTPClient(port: port)
        guard await Self.waitUntilServing(client, log: log) else { return }
        let names = try FileManager.default.contentsOfDirectory(atPath: dir)
        #expect(!names.contains { $0.hasPrefix("counter_500000") }, "the wipe ran: \(names)")
        var answered = 0
        for index in 0..<120 {
            if index == 60, let victim = names.compactMap({ Self.workerPid($0) }).first {
                kill(victim, SIGKILL)  // as the OOM killer would: no hook runs
            }
            if (try? await client.request("GET", "/"))?.status == 200 { answered += 1 }
        }
        #expect(answered >= 100)
        kill(-pid, SIGTERM)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        usleep(300_000)
        stopped = true
        _ = try Self.runCronLater(dir)
        let rendered = try MultiprocScratch.render(python: python, dir)
        #expect(MultiprocScratch.value(rendered, #"http_requests_total{endpoint="/"}"#) == Double(answered))
    }

    /// The `promkit run` recipes, as written (the binary, the directory and the
    /// listening address put in): the app serves, every answered request is
    /// counted, and SIGTERM ends it all with status 0 and only archives left.
    @Test(arguments: ["run-uvicorn", "run-gunicorn"])
    func runRecipeCountsEveryRequest(name: String) async throws {
        guard let python = try UvicornServer.python() else { return }
        let bin = URL(fileURLWithPath: python).deletingLastPathComponent().path
        let work = try TestSupport.temporaryDirectory("recipe-run")
        defer { try? FileManager.default.removeItem(atPath: work) }
        let dir = work + "/multiproc"
        let port = try UvicornServer.freePort()
        let e2e = TestSupport.packageRoot.appendingPathComponent("Tests/E2E").path
        let script = try Self.recipe(name)
            .replacingOccurrences(of: "/usr/local/bin/promkit", with: TestSupport.promkitBinary)
            .replacingOccurrences(of: "/run/prometheus", with: dir)
            .replacingOccurrences(
                of: "-- uvicorn app:app", with: "-- \(python) -m uvicorn app:app --app-dir \(e2e) --port \(port)"
            )
            .replacingOccurrences(
                of: "-- gunicorn", with: "-- \(bin)/gunicorn -b 127.0.0.1:\(port) --chdir \(e2e) --max-requests 30")
        #expect(script.hasPrefix("exec \(TestSupport.promkitBinary) run --dir \(dir) -- "), "\(script)")
        let log = work + "/log"
        // sh execs promkit: the pid is promkit's.
        let pid = try UvicornServer.spawnInNewGroup(
            ["/bin/sh", "-c", script], environment: ["PATH": "/usr/bin:/bin"], output: log)
        var stopped = false
        defer {
            if !stopped {
                kill(pid, SIGKILL)
                _ = try? TestSupport.run("/usr/bin/pkill", ["-KILL", "-f", "\(port)"])
            }
        }
        let client = RawHTTPClient(port: port)
        guard await Self.waitUntilServing(client, log: log) else { return }
        var answered = 0
        for _ in 0..<150 where (try? await client.request("GET", "/"))?.status == 200 { answered += 1 }
        #expect(answered >= 140)
        kill(pid, SIGTERM)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        stopped = true
        #expect(status == 0, "\((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
        let left = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".db") }
        #expect(left.allSatisfy { $0.hasSuffix("_archive.db") }, "\(left)")
        let rendered = try MultiprocScratch.render(python: python, dir)
        #expect(MultiprocScratch.value(rendered, #"http_requests_total{endpoint="/"}"#) == Double(answered))
    }

    /// The pid of a worker's `counter_PID.db`, if the name is one.
    static func workerPid(_ name: String) -> Int32? {
        guard name.hasPrefix("counter_"), name.hasSuffix(".db") else { return nil }
        return Int32(name.dropFirst(8).dropLast(3))
    }
}
