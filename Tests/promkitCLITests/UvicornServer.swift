import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The E2E app (`Tests/E2E/app.py`) under a real `uvicorn --workers N` on a free 127.0.0.1 port,
/// in its own process group, which `stop()` kills whole (also when a test fails).
final class UvicornServer: Sendable {
    let port: Int
    let log: String
    private let pid: pid_t

    /// The venv's Python if it has uvicorn and fastapi: a failure under CI, nil (skip) elsewhere.
    static func python() throws -> String? {
        guard let python = try TestSupport.python() else { return nil }
        let check = try TestSupport.run(python, ["-c", "import uvicorn, fastapi, prometheus_client"])
        if check.status == 0 { return python }
        let message = "\(python) lacks uvicorn or fastapi (run the tests through `make test`): \(check.stderrText)"
        if TestSupport.isCI { throw UvicornError(description: message) }
        print("skipping: \(message)")
        return nil
    }

    /// Starts `workers` workers; `multiprocDirectory` becomes PROMETHEUS_MULTIPROC_DIR when given.
    /// Returns once every worker has reported that it started.
    init(python: String, workers: Int, multiprocDirectory: String?, logDirectory: String) throws {
        port = try Self.freePort()
        log = logDirectory + "/uvicorn.log"
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "PROMETHEUS_MULTIPROC_DIR")
        environment.removeValue(forKey: "prometheus_multiproc_dir")
        if let multiprocDirectory { environment["PROMETHEUS_MULTIPROC_DIR"] = multiprocDirectory }
        // coreutils' timeout ends the server even if this test process dies without stopping it.
        let watchdog =
            FileManager.default.isExecutableFile(atPath: "/usr/bin/timeout")
            ? ["/usr/bin/timeout", "-k", "5", "300"] : []
        let arguments =
            watchdog + [
                python, "-m", "uvicorn", "app:app", "--app-dir",
                TestSupport.packageRoot.appendingPathComponent("Tests/E2E").path,
                "--host", "127.0.0.1", "--port", String(port), "--workers", String(workers), "--log-level", "info",
                "--no-access-log",
            ]
        pid = try Self.spawnInNewGroup(arguments, environment: environment, output: log)
        do {
            try waitForStartup(workers: workers)
        } catch {
            stop()
            throw error
        }
    }

    /// `http://127.0.0.1:PORT` + path.
    func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    private func waitForStartup(workers: Int) throws {
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            if text.components(separatedBy: "Application startup complete").count - 1 >= workers { return }
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                throw UvicornError(description: "uvicorn exited early:\n\(text)")
            }
            usleep(100_000)
        }
        throw UvicornError(description: "uvicorn did not start within 60 s: \(log)")
    }

    /// Kills the whole process group (TERM, then KILL) and reaps the leader.
    func stop() {
        kill(-pid, SIGTERM)
        var status: Int32 = 0
        for _ in 0..<50 {
            if waitpid(pid, &status, WNOHANG) == pid {
                kill(-pid, SIGKILL)  // any worker left behind
                return
            }
            usleep(100_000)
        }
        kill(-pid, SIGKILL)
        waitpid(pid, &status, 0)
    }

    static func freePort() throws -> Int {
        let (fd, port) = try loopbackSocket(listening: false)
        close(fd)
        return port
    }

    /// A socket bound to a free 127.0.0.1 port (listening if asked), and the
    /// port; the caller closes it.
    static func loopbackSocket(listening: Bool) throws -> (descriptor: Int32, port: Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
                    && (!listening || listen(fd, 1) == 0)
            }
        }
        guard bound else {
            close(fd)
            throw UvicornError(description: "cannot bind 127.0.0.1:0")
        }
        return (fd, Int(UInt16(bigEndian: address.sin_port)))
    }

    static func spawnInNewGroup(_ arguments: [String], environment: [String: String], output: String) throws
        -> pid_t
    {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // No signal blocked or ignored in the child, whatever this test process's threads block.
        var empty = sigset_t()
        sigemptyset(&empty)
        var defaults = sigset_t()
        sigfillset(&defaults)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        posix_spawnattr_setpgroup(&attributes, 0)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, envp)
        guard result == 0 else {
            throw UvicornError(description: "cannot start \(arguments[0]): \(String(cString: strerror(result)))")
        }
        return pid
    }
}

/// The E2E server could not be used.
struct UvicornError: Error, CustomStringConvertible {
    var description: String
}
