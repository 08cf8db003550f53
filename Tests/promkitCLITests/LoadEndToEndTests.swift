import Foundation
import TestSupport
import Testing

/// `promkit load --verify` against the seeds' FastAPI app under a real `uvicorn --workers 4`.
@Suite(.serialized) struct LoadEndToEndTests {
    /// Runs `body` with a fresh server (and a fresh multiprocess directory when `multiproc`),
    /// removing both afterwards whatever happens.
    private func withServer(multiproc: Bool, _ body: (UvicornServer, String) async throws -> Void) async throws {
        guard let python = try await offThePool({ try UvicornServer.python() }) else { return }
        let scratch = try TestSupport.temporaryDirectory("promkit-load-e2e")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let directory = scratch + "/multiproc"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let server = try await offThePool {
            try UvicornServer(
                python: python, workers: 4, multiprocDirectory: multiproc ? directory : nil, logDirectory: scratch)
        }
        do {
            try await body(server, directory)
        } catch {
            _ = try? await offThePool { server.stop() }
            throw error
        }
        _ = try? await offThePool { server.stop() }
    }

    private func promkit(_ arguments: [String]) async throws -> TestSupport.Result {
        try await offThePool { try TestSupport.promkit(arguments) }
    }

    @Test func countVerifiesExactlyWithAMultiprocessDirectory() async throws {
        try await withServer(multiproc: true) { server, directory in
            let result = try await promkit([
                "load", server.url("/"), "-n", "3000", "-c", "32", "--verify", "http_requests_total{endpoint=\"/\"}",
                "--multiproc-dir", directory,
            ])
            #expect(result.status == 0, "\(result.stdoutText)\n\(result.stderrText)")
            #expect(result.stdoutText.contains("Requests:  3000 answered"))
            #expect(result.stdoutText.contains("ok: expected 3000, observed 3000"))
        }
    }

    /// Each worker counts only what it served. A new connection per request
    /// spreads the requests over all four workers (with keep-alive one worker
    /// may accept all 32 connections, and then its count is the whole).
    @Test func withoutAMultiprocessDirectoryItFailsAndNamesTheCause() async throws {
        try await withServer(multiproc: false) { server, _ in
            let result = try await promkit([
                "load", server.url("/"), "-n", "3000", "-c", "32", "--disable-keepalive",
                "--verify", "http_requests_total{endpoint=\"/\"}",
            ])
            #expect(result.status == 1, "\(result.stdoutText)\n\(result.stderrText)")
            #expect(result.stdoutText.contains("MISMATCH: expected 3000, observed"))
            #expect(result.stdoutText.contains("PROMETHEUS_MULTIPROC_DIR is not set for the workers"))
        }
    }

    @Test func durationRunVerifiesExactly() async throws {
        try await withServer(multiproc: true) { server, _ in
            let result = try await promkit([
                "load", server.url("/"), "-d", "2s", "-c", "16", "--json", "--verify",
                "http_requests_total{endpoint=\"/\"}",
            ])
            #expect(result.status == 0, "\(result.stdoutText)\n\(result.stderrText)")
            let object = try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any]
            let requests = object?["requests"] as? Int ?? 0
            #expect(requests > 0)
            let verification = (object?["verification"] as? [[String: Any]])?.first
            #expect(verification?["passed"] as? Bool == true)
            #expect(verification?["observed"] as? Double == Double(requests))
        }
    }
}
