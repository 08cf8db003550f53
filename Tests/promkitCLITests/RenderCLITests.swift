import Foundation
import TestSupport
import Testing

@Suite struct RenderCLITests {
    @Test func rendersSampleDirectory() throws {
        let result = try TestSupport.promkit(["render", TestSupport.fixture("sample")])
        #expect(result.status == 0)
        #expect(result.stderrText.isEmpty)
        let recorded = try String(
            contentsOfFile: TestSupport.fixture("sample-expected/text.txt"), encoding: .utf8)
        #expect(TestSupport.familyBlocks(result.stdoutText) == TestSupport.familyBlocks(recorded))
    }

    @Test func versionAndHelp() throws {
        let version = try TestSupport.promkit(["--version"])
        #expect(version.status == 0)
        #expect(version.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".").count == 3)
        let help = try TestSupport.promkit(["--help"])
        #expect(help.status == 0)
        #expect(help.stdoutText.contains("inspect"))
        #expect(help.stdoutText.contains("render"))
    }

    /// Nothing to work on is a usage error (64; it was 2, unreadable input, before issue 17).
    @Test func noDirectoryIsAUsageError() throws {
        var environment = ProcessInfo.processInfo.environment
        environment["PROMETHEUS_MULTIPROC_DIR"] = nil
        environment["prometheus_multiproc_dir"] = nil
        let result = try TestSupport.promkit(["render"], environment: environment)
        #expect(result.status == 64)
        #expect(result.stdout.isEmpty)
        #expect(result.stderrText.contains("PROMETHEUS_MULTIPROC_DIR"))
    }

    @Test func lowercaseVariableWarns() throws {
        var environment = ProcessInfo.processInfo.environment
        environment["PROMETHEUS_MULTIPROC_DIR"] = nil
        environment["prometheus_multiproc_dir"] = TestSupport.fixture("sample")
        let result = try TestSupport.promkit(["render"], environment: environment)
        #expect(result.status == 0)
        #expect(result.stderrText.contains("deprecated"))
        #expect(!result.stdout.isEmpty)
    }
}
