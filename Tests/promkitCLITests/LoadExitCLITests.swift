import Foundation
import TestSupport
import Testing

/// `load`'s exit status for CI smoke tests: nothing answered is a failure
/// (1) in plain words, `--expect-status` fails on other statuses, and a bad
/// option is a usage error (64).
@Suite(.serialized) struct LoadExitCLITests {
    @Test func nothingAnsweredFails() throws {
        let port = try UvicornServer.freePort()  // nothing listens there
        let result = try TestSupport.promkit(["load", "http://127.0.0.1:\(port)/", "-n", "5", "-c", "1"])
        #expect(result.status == 1, "\(result.stdoutText)\(result.stderrText)")
        #expect(
            result.stderrText.contains("no request was answered: connect: Connection refused"), "\(result.stderrText)")
        #expect(result.stdoutText.contains("first connect error: Connection refused"), "\(result.stdoutText)")
        #expect(!result.stdoutText.contains("SingleConnectionFailure"))
    }

    @Test(arguments: [["-H", "NoColon"], ["--expect-status", "banana"], ["--expect-status", "2xx,999"]])
    func badOptionsAreUsageErrors(option: [String]) throws {
        let result = try TestSupport.promkit(["load", "http://127.0.0.1:9/", "-n", "1"] + option)
        #expect(result.status == 64, "\(option): \(result.stderrText)")
    }

    @Test func expectStatusFailsOnOtherStatuses() throws {
        guard let python = try UvicornServer.python() else { return }
        let logs = try TestSupport.temporaryDirectory("load-status")
        defer { try? FileManager.default.removeItem(atPath: logs) }
        let server = try UvicornServer(python: python, workers: 1, multiprocDirectory: nil, logDirectory: logs)
        defer { server.stop() }
        let missing = try TestSupport.promkit([
            "load", server.url("/no-such-page"), "-n", "20", "-c", "2", "--expect-status", "2xx",
        ])
        #expect(missing.status == 1, "\(missing.stderrText)")
        #expect(missing.stderrText.contains("answers with a status outside --expect-status 2xx: 404: 20"))
        let found = try TestSupport.promkit([
            "load", server.url("/"), "-n", "20", "-c", "2", "--expect-status", "200,204",
        ])
        #expect(found.status == 0, "\(found.stderrText)")
        let unchecked = try TestSupport.promkit(["load", server.url("/no-such-page"), "-n", "5", "-c", "1"])
        #expect(unchecked.status == 0, "without --expect-status any answer counts")
    }
}
