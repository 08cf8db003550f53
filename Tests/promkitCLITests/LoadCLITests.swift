import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `promkit load` as a user runs it, where no server is needed.
@Suite struct LoadCLITests {
    /// A 127.0.0.1 port that nothing listens on (bound, read, closed).
    private func closedPort() throws -> Int { try UvicornServer.freePort() }

    @Test(arguments: [
        (["load", "http://127.0.0.1:1/"], "give -n REQUESTS or -d DURATION"),
        (["load", "http://127.0.0.1:1/", "-n", "0"], "-n must be at least 1"),
        (["load", "ftp://x/", "-n", "1"], "expected http:// or https://"),
        (["load", "localhost:8000/", "-n", "1"], "for a URL, write http://localhost:8000/"),
        (["load", "http://127.0.0.1:1/", "-n", "1", "--verify", "up", "--metrics", "http://:9/"], "no host"),
        (["load", "http://127.0.0.1:1/", "-n", "1", "-d", "soon"], "is invalid for"),
        (["load", "http://127.0.0.1:1/", "-n", "1", "--verify", "x{a=}"], "selector x{a=}:1:5"),
        (["load", "http://127.0.0.1:1/", "-n", "1", "--expect", "3"], "need --verify"),
        (["load", "http://127.0.0.1:1/", "-n", "1", "--body", "a", "--body-file", "b"], "not both"),
    ])
    func usageErrorsExit64(_ arguments: [String], _ message: String) async throws {
        let result = try await offThePool { try TestSupport.promkit(arguments) }
        #expect(result.status == 64, "\(result.stderrText)")
        #expect(result.stderrText.contains(message), "\(result.stderrText)")
        #expect(result.stdout.isEmpty)
    }

    /// Every error is counted and the report printed whole; since nothing was
    /// answered the run fails (1; it exited 0 before, which hid a closed port in CI).
    @Test func refusedConnectionsAreCountedNotFatal() async throws {
        let result = try await offThePool {
            try TestSupport.promkit([
                "load", "http://127.0.0.1:\(try closedPort())/", "-n", "25", "-c", "5", "--json",
            ])
        }
        #expect(result.status == 1, "\(result.stderrText)")
        let object = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        #expect(object["requests"] as? Int == 0)
        #expect((object["errors"] as? [String: Int])?["connect"] == 25)
        for key in ["duration_seconds", "requests_per_second", "status_counts", "latency_seconds", "verification"] {
            #expect(object[key] != nil, "missing \(key)")
        }
        let latency = try #require(object["latency_seconds"] as? [String: Double])
        #expect(Set(latency.keys).isSuperset(of: ["p50", "p90", "p99", "p999", "max", "mean"]))
    }

    @Test func unreachableMetricsMakeTheRunImpossible() async throws {
        let port = try closedPort()
        let result = try await offThePool {
            try TestSupport.promkit(["load", "http://127.0.0.1:\(port)/", "-n", "5", "--verify", "up"])
        }
        #expect(result.status == 2)
        #expect(result.stderrText.contains("cannot scrape http://127.0.0.1:\(port)/metrics"), "\(result.stderrText)")
    }

    @Test func unreadableBodyFileExits2() async throws {
        let result = try await offThePool {
            try TestSupport.promkit([
                "load", "http://127.0.0.1:1/", "-n", "1", "--body-file", "/nonexistent/body",
            ])
        }
        #expect(result.status == 2)
        #expect(result.stderrText.contains("/nonexistent/body: cannot read body"))
    }

    @Test func helpHasExamples() async throws {
        let result = try await offThePool { try TestSupport.promkit(["load", "--help"]) }
        #expect(result.status == 0)
        #expect(result.stdoutText.contains("Examples:"))
        #expect(result.stdoutText.contains("--verify <selector>"))
    }
}
