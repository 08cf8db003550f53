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

    /// A URL that the HTTP client cannot use reads as the load command's does: the URL, then why.
    @Test(arguments: ["lint", "validate"])
    func unusableURLSaysWhy(subcommand: String) throws {
        let result = try TestSupport.promkit([subcommand, "http://127.0.0.1:99999/metrics"])
        #expect(result.status == 2)
        #expect(
            result.stderrText == "promkit: error: http://127.0.0.1:99999/metrics: invalid URL: port must be 1-65535\n",
            "\(result.stderrText)")
    }
}

/// Nothing to work on is a usage error (64), for every subcommand that takes a directory or sources.
@Suite struct MissingDirectoryCLITests {
    @Test(arguments: ["inspect", "render", "merge", "clean", "validate", "lint", "serve", "doctor"])
    func noDirectoryIsAUsageError(subcommand: String) throws {
        var environment = ProcessInfo.processInfo.environment
        for key in environment.keys where key.uppercased() == "PROMETHEUS_MULTIPROC_DIR" { environment[key] = nil }
        environment["NO_COLOR"] = "1"
        let arguments = subcommand == "merge" ? ["merge", "--output", "/nonexistent-promkit-out"] : [subcommand]
        let result = try TestSupport.run(TestSupport.promkitBinary, arguments, environment: environment)
        if subcommand == "doctor" {
            #expect(result.status == 1, "doctor reports the unset variable as a failed check: \(result.stderrText)")
        } else {
            #expect(result.status == 64, "\(subcommand): \(result.stderrText)")
            #expect(result.stderrText.contains("PROMETHEUS_MULTIPROC_DIR is not set"), "\(result.stderrText)")
        }
    }
}
