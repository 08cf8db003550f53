import Foundation
import TestSupport
import Testing

/// `promkit validate --format text` accepts and rejects exactly what
/// `promtool check metrics` (prometheus 2.42 from Debian, prometheus/common's
/// TextParser) does, on texts made by mutating real prometheus_client output.
@Suite struct PromtoolParityTests {
    static func promtool() throws -> String? {
        try TestSupport.requireTool(
            "PROMTOOL",
            fallback: TestSupport.packageRoot.appendingPathComponent(".tools/prometheus/usr/bin/promtool").path)
    }

    @Test func verdictsMatchPromtool() throws {
        guard let python = try TestSupport.python(), let promtool = try Self.promtool() else { return }
        let folder = try TestSupport.temporaryDirectory("parity")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let made = try TestSupport.run(
            python, [TestSupport.tool("parity_corpus.py"), "--seed", "1", "--count", "300", "--out", folder])
        try #require(made.status == 0, "\(made.stderrText)")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).sorted().map { "\(folder)/\($0)" }
        #expect(files.count == 300)

        var promtoolRejects = Set<String>()
        for file in files {
            let input = try Data(contentsOf: URL(fileURLWithPath: file))
            let checked = try TestSupport.run(promtool, ["check", "metrics"], input: input)
            // 1: parse error; 0 and 3 (lint problems): parsed.
            #expect([0, 1, 3].contains(checked.status), "\(file): \(checked.stderrText)")
            if checked.status == 1 { promtoolRejects.insert(file) }
        }

        let validated = try TestSupport.promkit(["validate", "--format", "text", "--json"] + files)
        #expect([0, 1].contains(validated.status), "\(validated.stderrText)")
        let findings = try #require(try JSONSerialization.jsonObject(with: validated.stdout) as? [[String: Any]])
        let promkitRejects = Set(
            findings.filter { $0["severity"] as? String == "error" }.compactMap { $0["source"] as? String })

        let onlyPromtool = promtoolRejects.subtracting(promkitRejects).sorted()
        let onlyPromkit = promkitRejects.subtracting(promtoolRejects).sorted()
        #expect(onlyPromtool.isEmpty, "promtool rejects, promkit accepts: \(onlyPromtool)")
        #expect(onlyPromkit.isEmpty, "promkit rejects, promtool accepts: \(onlyPromkit)")
        // The corpus must exercise both verdicts.
        #expect(promtoolRejects.count > 100)
        #expect(files.count - promtoolRejects.count > 50)
    }
}
