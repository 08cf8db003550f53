import Foundation
import PromKit
import TestSupport
import Testing

/// promkit's render against what the real prometheus_client renders, on random
/// directories written by real processes (Tests/tools/random_multiproc.py).
@Suite struct PythonCompatibilityTests {
    static let seeds = Array(1...60)

    /// Every output file the script records, and the format and escaping that make it.
    static func variants(_ expected: String) throws -> [(
        file: String, format: ExpositionFormat, escaping: NameEscaping
    )] {
        try FileManager.default.contentsOfDirectory(atPath: expected).sorted().compactMap { file in
            guard file.hasSuffix(".txt") else { return nil }
            let stem = String(file.dropLast(4))
            let parts = stem.split(separator: "-", maxSplits: 1).map(String.init)
            guard let format = ExpositionFormat(rawValue: parts[0]) else { return nil }
            let escaping = parts.count > 1 ? NameEscaping(rawValue: parts[1]) : .underscores
            guard let escaping else { return nil }
            return (file, format, escaping)
        }
    }

    @Test(arguments: seeds)
    func rendersAsPrometheusClient(seed: Int) throws {
        try compare(seed: seed)
    }

    /// Directories whose gauges all have one mode, each mode in turn: the
    /// merge then knows every gauge family's mode before reading and merges
    /// gauge entries as they come, instead of keeping them.
    @Test(arguments: zip(61...80, (61...80).map { GaugeMode.allCases[$0 % GaugeMode.allCases.count] }))
    func rendersAsPrometheusClientWithOneGaugeMode(seed: Int, mode: GaugeMode) throws {
        try compare(seed: seed, arguments: ["--gauge-mode", mode.rawValue])
    }

    private func compare(seed: Int, arguments: [String] = []) throws {
        guard let python = try TestSupport.python() else { return }
        let out = try TestSupport.temporaryDirectory("random-\(seed)")
        defer { try? FileManager.default.removeItem(atPath: out) }
        let made = try TestSupport.run(
            python, [TestSupport.tool("random_multiproc.py"), "--seed", "\(seed)", "--out", out] + arguments)
        try #require(made.status == 0, "random_multiproc.py failed: \(made.stderrText)")

        let merged = try MultiprocDirectory.scan(out + "/db").merged()
        let variants = try Self.variants(out + "/expected")
        #expect(variants.count >= 2)
        for variant in variants {
            let expected = try String(contentsOfFile: "\(out)/expected/\(variant.file)", encoding: .utf8)
            let rendered = String(
                decoding: variant.format.render(merged.families, escaping: variant.escaping), as: UTF8.self)
            #expect(
                TestSupport.familyBlocks(rendered) == TestSupport.familyBlocks(expected),
                "seed \(seed), \(variant.file)")
            if variant.format == .openmetrics {
                #expect(rendered.hasSuffix("# EOF\n"))
            }
        }
    }

    /// `FloatFormatting.goString` against `floatToGoString` on 200,000 doubles:
    /// random bit patterns and decimal-looking values, byte for byte.
    @Test func numberFormattingMatchesFloatToGoString() throws {
        guard let python = try TestSupport.python() else { return }
        let corpus = try TestSupport.run(
            python, [TestSupport.tool("float_corpus.py"), "--count", "200000", "--seed", "20261121"])
        try #require(corpus.status == 0, "float_corpus.py failed: \(corpus.stderrText)")
        var checked = 0
        var mismatches: [String] = []
        for line in corpus.stdoutText.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, let bits = UInt64(parts[0], radix: 16) else {
                Issue.record("bad corpus line: \(line)")
                continue
            }
            let value = Double(bitPattern: bits)
            let ours = FloatFormatting.goString(value)
            if ours != parts[1] { mismatches.append("\(parts[0]): python \(parts[1]) promkit \(ours)") }
            checked += 1
        }
        #expect(checked == 200_000)
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches, first: \(mismatches.prefix(5))")
    }

    /// Label values that are the same text in Unicode's eyes but not the same
    /// code points (precomposed and combining accents) are two series to
    /// Python, which compares `str` by code points; so they are to the merge.
    @Test func canonicallyEquivalentLabelsStayApart() throws {
        guard let python = try TestSupport.python() else { return }
        let out = try TestSupport.temporaryDirectory("unicode-labels")
        defer { try? FileManager.default.removeItem(atPath: out) }
        let script = """
            import os, sys
            os.environ['PROMETHEUS_MULTIPROC_DIR'] = sys.argv[1]
            from prometheus_client import Counter, Gauge, CollectorRegistry, generate_latest
            from prometheus_client.multiprocess import MultiProcessCollector
            c = Counter('greetings', 'Greetings.', ['word'])
            g = Gauge('moods', 'Moods.', ['word'], multiprocess_mode='livesum')
            for word, n in (('caf\\u00e9', 1), ('cafe\\u0301', 2), ('caf\\u00e9', 4)):
                c.labels(word).inc(n)
                g.labels(word).inc(n)
            registry = CollectorRegistry()
            MultiProcessCollector(registry, path=sys.argv[1])
            sys.stdout.buffer.write(generate_latest(registry))
            """
        let made = try TestSupport.run(python, ["-c", script, out])
        try #require(made.status == 0, "python failed: \(made.stderrText)")
        #expect(made.stdoutText.contains("greetings_total{word=\"caf\u{E9}\"} 5.0"))
        let merged = try MultiprocDirectory.scan(out).merged()
        let rendered = String(decoding: ExpositionFormat.text.render(merged.families), as: UTF8.self)
        #expect(TestSupport.familyBlocks(rendered) == TestSupport.familyBlocks(made.stdoutText))
        #expect(merged.families.map(\.samples.count) == [2, 2])
    }
}
