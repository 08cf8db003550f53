import Testing

@testable import PromKit

/// Linting streams samples from the parser into scans on a second thread, in
/// batches; what it finds must be what linting the same families in memory finds.
@Suite struct StreamedLintTests {
    /// About 2 MB of text: several batches, escaped values, repeated series early,
    /// in the middle and at the very end, label names that take turns.
    static func largeExposition() -> String {
        var text = "# HELP jobs_total Jobs.\n# TYPE jobs_total counter\n"
        for index in 0..<12_000 {
            text += "jobs_total{path=\"/items/\(index)\",method=\"GET\"} \(index)\n"
            if index % 4_000 == 7 { text += "jobs_total{path=\"/items/\(index)\",method=\"GET\"} 1\n" }
        }
        text += "# HELP latency_seconds Latency.\n# TYPE latency_seconds histogram\n"
        for index in 0..<3_000 {
            let labels = "route=\"r\\\"\(index % 50)\\\\\",tenantID=\"t\\n\(index)\""
            for bound in ["0.1", "1.0", "+Inf"] {
                text += "latency_seconds_bucket{\(labels),le=\"\(bound)\"} \(index)\n"
            }
            text += "latency_seconds_count{\(labels)} \(index)\nlatency_seconds_sum{\(labels)} 1.5\n"
        }
        text += "# HELP build_info Build.\n# TYPE build_info gauge\nbuild_info{version=\"1\"} 2\n"
        text += "jobs_total{path=\"/items/11999\",method=\"GET\"} 3\n"
        return text
    }

    @Test func streamedFindingsEqualInMemoryFindings() throws {
        let text = Self.largeExposition()
        #expect(text.utf8.count > 4 * ScanPipeline.batchBytes)
        let streamed = try LintLoader.expositionInput(Array(text.utf8), source: "big")
        let parsed = ExpositionParser.parse(Array(text.utf8), format: .text)
        #expect(!parsed.hasErrors)
        let inMemory = LintInput(
            subjects: parsed.families.indices.map {
                LintInput.Subject(
                    parsed.families[$0], line: parsed.familyLines[$0], sampleLines: parsed.sampleLines[$0])
            })
        #expect(streamed.subjects.allSatisfy { $0.family.samples.isEmpty && $0.scan != nil })

        let linter = try Linter(disable: [], enable: LintRule.all.map(\.id))
        let fromStream = linter.lint(streamed)
        let fromMemory = linter.lint(inMemory)
        #expect(fromStream.findings == fromMemory.findings)
        #expect(fromStream.cardinality.text(source: nil) == fromMemory.cardinality.text(source: nil))

        let repeats = fromStream.findings.of("duplicate-series")
        #expect(repeats.compactMap(\.line) == [11, 4_012, 8_013, 27_011])
        #expect(fromStream.findings.of("camelcase-label-name").first?.label == "tenantID")
        #expect(fromStream.cardinality.text(source: nil).contains("12000"))
    }
}
