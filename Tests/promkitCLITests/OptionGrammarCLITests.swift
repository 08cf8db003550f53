import Foundation
import TestSupport
import Testing

/// One grammar for lengths of time in every option that takes one: numbers
/// with units (`500ms`, `90s`, `1h30m`, `7d`); a bare number is a usage error
/// (64) that says what to write.
struct OptionGrammarCLITests {
    static let options: [[String]] = [
        ["clean", "--older-than"], ["clean", "--assume-dead-after"], ["clean", "--lock-wait"],
        ["render", "--lock-wait"], ["inspect", "--lock-wait"], ["merge", "--lock-wait"], ["serve", "--lock-wait"],
        ["serve", "--scrape-timeout"], ["serve", "--header-timeout"], ["serve", "--idle-timeout"],
        ["load", "http://127.0.0.1:9/", "-d"], ["load", "http://127.0.0.1:9/", "--timeout"],
        ["load", "http://127.0.0.1:9/", "--verify", "up", "--settle"],
    ]

    @Test(arguments: options)
    func bareNumberIsAUsageErrorWithAHint(option: [String]) throws {
        let result = try TestSupport.promkit(option + ["15", TestSupport.fixture("sample")])
        #expect(result.status == 64, "\(option): \(result.stderrText)")
        #expect(result.stderrText.contains("'15' has no unit: write 15s, 15m or 15h"), "\(result.stderrText)")
    }

    /// `-5m` is read as the option's value (not as flags `-5` and `-m`), and
    /// refused as negative.
    @Test(arguments: options)
    func negativeLengthIsRefusedAsNegative(option: [String]) throws {
        let result = try TestSupport.promkit(option + ["-5m", TestSupport.fixture("sample")])
        #expect(result.status == 64, "\(option): \(result.stderrText)")
        #expect(result.stderrText.contains("'-5m' is negative"), "\(result.stderrText)")
    }

    @Test func unitsCombine() throws {
        let sample = try MultiprocScratch.copy(TestSupport.fixture("sample"))
        defer { try? FileManager.default.removeItem(atPath: sample) }
        let clean = try TestSupport.promkit([
            "clean", "--dry-run", "--older-than", "1h30m", "--lock-wait", "500ms", sample,
        ])
        #expect(clean.status != 64, "\(clean.stderrText)")
        let render = try TestSupport.promkit(["render", "--lock-wait", "1m30s", sample])
        #expect(render.status == 0, "\(render.stderrText)")
    }
}
