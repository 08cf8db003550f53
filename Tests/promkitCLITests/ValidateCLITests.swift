import Foundation
import PromKit
import TestSupport
import Testing

/// `promkit validate` run as a user runs it: diagnostics, JSON, exit status.
@Suite struct ValidateCLITests {
    @Test func cleanInputExitsZero() throws {
        let result = try TestSupport.promkit(["validate", "-"], input: Data("# TYPE a gauge\na 1\n".utf8))
        #expect(result.status == 0)
        #expect(result.stdoutText.isEmpty)
        #expect(result.stderrText.isEmpty)
    }

    @Test func errorsPrintLineAndColumnAndExitOne() throws {
        let result = try TestSupport.promkit(
            ["validate", "--format", "text", "-"], input: Data("a 1\nb 0x1p-3\n".utf8))
        #expect(result.status == 1)
        #expect(result.stderrText == "<stdin>:2:3: error: [number] expected float as value, got \"0x1p-3\"\n")
    }

    /// Each misnamed `.db` file gets one finding that says, once, what prometheus_client does with it.
    @Test func misnamedFilesSayWhatPythonDoes() throws {
        let folder = try TestSupport.temporaryDirectory("validate-misnamed")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let sample = try Data(contentsOf: URL(fileURLWithPath: TestSupport.fixture("sample/counter_9075.db")))
        for name in ["weird_1.db", "gauge_1.db", "gauge_weird_1.db"] {
            try sample.write(to: URL(fileURLWithPath: "\(folder)/\(name)"))
        }
        let result = try TestSupport.promkit(["validate", folder])
        #expect(result.status == 1)
        let lines = result.stderrText.split(separator: "\n")
        #expect(lines.count == 3, "\(result.stderrText)")
        for line in lines {
            #expect(line.components(separatedBy: "prometheus_client").count == 2, "\(line)")
        }
        #expect(result.stderrText.contains("weird_1.db:0: error: [unknown-file] unknown type prefix 'weird'"))
        #expect(result.stderrText.contains("gauge_1.db:0: error: [unknown-file] gauge file name is not"))
        #expect(result.stderrText.contains("unknown gauge mode 'weird': prometheus_client's value"))
    }

    @Test func warningsFailOnlyWithStrict() throws {
        let input = Data("a 1\na 2\n".utf8)
        let lenient = try TestSupport.promkit(["validate", "-"], input: input)
        #expect(lenient.status == 0)
        #expect(lenient.stderrText.contains("<stdin>:2:1: warning: [duplicate-series]"))
        let strict = try TestSupport.promkit(["validate", "--strict", "-"], input: input)
        #expect(strict.status == 1)
    }

    @Test func openMetricsIsSniffedFromTheEnd() throws {
        let result = try TestSupport.promkit(["validate", "-"], input: Data("a_total 1\n# EOF\n".utf8))
        #expect(result.status == 0, "\(result.stderrText)")
        let bad = try TestSupport.promkit(["validate", "-"], input: Data("a 1\n\n# EOF\n".utf8))
        #expect(bad.status == 1)
        #expect(bad.stderrText.contains("<stdin>:2:1: error: [blank-line]"))
    }

    @Test func jsonListsFindingsOnStdout() throws {
        let result = try TestSupport.promkit(
            ["validate", "--json", TestSupport.fixture("damaged/zero_bytes")])
        #expect(result.status == 1)
        let objects = try #require(
            try JSONSerialization.jsonObject(with: result.stdout) as? [[String: Any]])
        #expect(objects.count == 1)
        #expect(objects.first?["rule"] as? String == "empty-file")
        #expect(objects.first?["offset"] as? Int == 0)
        #expect(objects.first?["severity"] as? String == "error")
        #expect((objects.first?["source"] as? String)?.hasSuffix("counter_1.db") == true)
    }

    @Test func dbFindingsNameTheByteOffset() throws {
        let result = try TestSupport.promkit(["validate", TestSupport.fixture("damaged/negative_length")])
        #expect(result.status == 1)
        #expect(result.stderrText.contains("counter_5.db:96: error: [walk]"))
    }

    @Test func dbFromStandardInput() throws {
        let bytes = try Data(
            contentsOf: URL(fileURLWithPath: TestSupport.fixture("damaged/negative_length/counter_5.db")))
        let result = try TestSupport.promkit(["validate", "--format", "db", "-"], input: bytes)
        #expect(result.status == 1)
        #expect(result.stderrText.hasPrefix("<stdin>:96: error: [walk]"))
    }

    @Test func emptyDirectoryIsSaid() throws {
        let folder = try TestSupport.temporaryDirectory("validate-empty")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let result = try TestSupport.promkit(["validate", folder])
        #expect(result.status == 0)
        #expect(result.stderrText.hasPrefix("\(folder): warning: [empty-directory] empty: no .db files"))
        #expect(try TestSupport.promkit(["validate", "--strict", folder]).status == 1)
        var environment = ProcessInfo.processInfo.environment
        environment["PROMETHEUS_MULTIPROC_DIR"] = folder
        let linted = try TestSupport.promkit(["lint"], environment: environment)
        #expect(linted.status == 1)
        #expect(linted.stderrText == result.stderrText)
    }

    @Test func realDirectoriesAreClean() throws {
        let result = try TestSupport.promkit([
            "validate", TestSupport.fixture("v2-0.26.0/db"), TestSupport.fixture("v1-0.17.1/db"),
        ])
        #expect(result.status == 0, "\(result.stderrText)")
    }

    @Test func unreadableSourceExitsTwoAndUsageSixtyFour() throws {
        let missing = try TestSupport.promkit(["validate", "/nonexistent/promkit-validate"])
        #expect(missing.status == 2)
        #expect(missing.stderrText.contains("/nonexistent/promkit-validate"))
        let usage = try TestSupport.promkit(["validate", "--format", "yaml", "-"])
        #expect(usage.status == 64)
    }
}
