import Foundation
import TestSupport
import Testing

/// `promkit load --verify` against the seeds' FastAPI app under a real `uvicorn --workers 4`.
@Suite(.serialized) struct LoadEndToEndTests {
    /// Runs `body` with a fresh server (and a fresh multiprocess directory when `multiproc`),
    /// removing both afterwards whatever happens.
    private func withServer(multiproc: Bool, _ body: (UvicornServer, String) throws -> Void) throws {
        guard let python = try UvicornServer.python() else { return }
        let scratch = try TestSupport.temporaryDirectory("promkit-load-e2e")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let directory = scratch + "/multiproc"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let server = try UvicornServer(
            python: python, workers: 4, multiprocDirectory: multiproc ? directory : nil, logDirectory: scratch)
        defer { server.stop() }
        try body(server, directory)
    }

    @Test func countVerifiesExactlyWithAMultiprocessDirectory() throws {
        try withServer(multiproc: true) { server, directory in
            let result = try TestSupport.promkit([
                "load", server.url("/"), "-n", "3000", "-c", "32", "--verify", "http_requests_total{endpoint=\"/\"}",
                "--multiproc-dir", directory,
            ])
            #expect(result.status == 0, "\(result.stdoutText)\n\(result.stderrText)")
            #expect(result.stdoutText.contains("Requests:  3000 answered"))
            #expect(result.stdoutText.contains("ok: expected 3000, observed 3000"))
        }
    }

    @Test func withoutAMultiprocessDirectoryItFailsAndNamesTheCause() throws {
        try withServer(multiproc: false) { server, _ in
            let result = try TestSupport.promkit([
                "load", server.url("/"), "-n", "3000", "-c", "32", "--verify", "http_requests_total{endpoint=\"/\"}",
            ])
            #expect(result.status == 1, "\(result.stdoutText)\n\(result.stderrText)")
            #expect(result.stdoutText.contains("MISMATCH: expected 3000"))
            #expect(result.stdoutText.contains("PROMETHEUS_MULTIPROC_DIR is not set for the workers"))
        }
    }

    @Test func durationRunVerifiesExactly() throws {
        try withServer(multiproc: true) { server, _ in
            let result = try TestSupport.promkit([
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
