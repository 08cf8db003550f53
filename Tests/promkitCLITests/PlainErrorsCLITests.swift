import Foundation
import TestSupport
import Testing

/// Errors in the user's words: the URL named once, the system's reason as it
/// reads, and a hint for a URL written without its scheme.
@Suite struct PlainErrorsCLITests {
    @Test(arguments: ["lint", "validate"])
    func refusedConnectionReadsPlainly(subcommand: String) throws {
        let url = "http://127.0.0.1:\(try UvicornServer.freePort())/metrics"
        let result = try TestSupport.promkit([subcommand, url])
        #expect(result.status == 2, "\(result.stderrText)")
        #expect(
            result.stderrText == "promkit: error: \(url): cannot connect: Connection refused\n", "\(result.stderrText)")
    }

    @Test(arguments: ["lint", "validate"])
    func urlWithoutSchemeGetsAHint(subcommand: String) throws {
        let result = try TestSupport.promkit([subcommand, "localhost:8000/metrics"])
        #expect(result.status == 2)
        #expect(result.stderrText.contains("for a URL, write http://localhost:8000/metrics"), "\(result.stderrText)")
        let file = try TestSupport.promkit([subcommand, "no-such-file.txt"])
        #expect(!file.stderrText.contains("for a URL"), "\(file.stderrText)")
    }
}
