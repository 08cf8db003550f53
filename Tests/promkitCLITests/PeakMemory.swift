import Foundation
import TestSupport

/// Runs the built promkit under an address-space limit (`ulimit -v`, KiB) and a
/// deadline, and reads its peak resident set (KiB) from `/usr/bin/time`
/// (Debian package `time`): tests that promise bounded memory check it.
func promkitWithPeakMemory(
    _ arguments: [String], limitKB: Int = 1_500_000, seconds: Int = 120
) async throws -> (result: TestSupport.Result, peakKB: Int?) {
    try await offThePool {
        let folder = try TestSupport.temporaryDirectory("peak-memory")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let peakFile = folder + "/peak"
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        let script =
            #"ulimit -v "$1"; out=$2; seconds=$3; shift 3; exec /usr/bin/time -f %M -o "$out" timeout "$seconds" "$@""#
        let result = try TestSupport.run(
            "/bin/sh",
            ["-c", script, "sh", "\(limitKB)", peakFile, "\(seconds)", TestSupport.promkitBinary] + arguments,
            environment: environment)
        let text = (try? String(contentsOfFile: peakFile, encoding: .utf8)) ?? ""
        let peak = text.split(separator: "\n").last.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        return (result, peak)
    }
}
