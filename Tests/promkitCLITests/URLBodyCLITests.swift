import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A scrape whose body is larger than memory should hold: `validate URL` and
/// `lint URL` stream it through the parser, so a 1 GiB line costs what a short
/// one does. The body is made on the fly by `Tests/tools/hostile_exposition.py`.
@Suite struct URLBodyCLITests {
    /// A local server answering every GET with a hostile exposition.
    final class HostileServer {
        let process: Process
        let port: Int

        /// Starts `hostile_exposition.py KIND ARGUMENTS --serve` and reads its port.
        init(python: String, _ arguments: [String]) throws {
            process = Process()
            process.executableURL = URL(fileURLWithPath: python)
            process.arguments = [TestSupport.tool("hostile_exposition.py")] + arguments + ["--serve"]
            let output = Pipe()
            process.standardOutput = output
            try process.run()
            var text = ""
            while !text.contains("\n") {
                let data = output.fileHandleForReading.availableData
                if data.isEmpty { break }
                text += String(decoding: data, as: UTF8.self)
            }
            port =
                text.split(separator: " ").last.flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? 0
        }

        deinit {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    /// A line of 1 GiB (a label value) over HTTP: one `line-too-long` error at
    /// its line and column, the line after it parsed, and peak memory far below
    /// the body's size (the body used to be held whole, up to 1 GiB).
    @Test(arguments: ["validate", "lint"])
    func gibibyteLineIsStreamed(subcommand: String) async throws {
        guard let python = try TestSupport.python() else { return }
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/time"), "needs /usr/bin/time")
        let server = try HostileServer(python: python, ["long-line", "--bytes", "\(1 << 30)"])
        try #require(server.port > 0)
        let url = "http://127.0.0.1:\(server.port)/metrics"
        let (result, rss) = try await promkitWithPeakMemory([subcommand, url])
        // validate reports findings (1); lint refuses input Prometheus would reject (2).
        #expect(result.status == (subcommand == "validate" ? 1 : 2), "\(result.stderrText)")
        #expect(result.stderrText.contains("\(url):2:16777217: error: [line-too-long]"), "\(result.stderrText)")
        let peak = try #require(rss, "no peak RSS from /usr/bin/time")
        #expect(peak < 200_000, "peak RSS \(peak) KB for a 1 GiB body")
        withExtendedLifetime(server) {}
    }

    /// The same 1 GiB line through a pipe into `lint -`: streamed through both
    /// grammars at once (a pipe's format shows only at its end), not read whole.
    @Test func gibibyteLineThroughAPipe() throws {
        guard let python = try TestSupport.python() else { return }
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/time"), "needs /usr/bin/time")
        let folder = try TestSupport.temporaryDirectory("lint-pipe")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let script = #"""
            "$1" "$2" long-line --bytes 1073741824 | (ulimit -v 1500000; exec /usr/bin/time -f %M -o "$3" "$4" lint -)
            """#
        let result = try TestSupport.run(
            "/bin/sh",
            [
                "-c", script, "sh", python, TestSupport.tool("hostile_exposition.py"), folder + "/peak",
                TestSupport.promkitBinary,
            ], environment: ["NO_COLOR": "1", "PATH": "/usr/bin:/bin"])
        #expect(result.status == 2, "\(result.stderrText)")
        #expect(result.stderrText.contains("<stdin>:2:16777217: error: [line-too-long]"), "\(result.stderrText)")
        let text = (try? String(contentsOfFile: folder + "/peak", encoding: .utf8)) ?? ""
        let peak = try #require(
            text.split(separator: "\n").last.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) })
        #expect(peak < 200_000, "peak RSS \(peak) KB for a 1 GiB line on stdin")
    }
}
