import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `promkit serve` under a flood of silent connections with few descriptors
/// (`ulimit -n 100`): the connection cap leaves room for scrapes, `/healthz`
/// keeps answering, and the server does not spin.
@Suite struct ServeFloodCLITests {
    /// The CPU seconds (user and system) process `pid` has used.
    static func cpuSeconds(_ pid: Int32) -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = text.lastIndex(of: ")")
        else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        // After the command: state is field 3, utime 14 and stime 15 (1-based in proc(5)).
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    @Test func silentFloodWithFewDescriptors() async throws {
        let (process, port, text) = try await offThePool { try Self.start() }
        defer {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try #require(port > 0, "\(text)")
        // Three times the descriptors the server has, none sending a byte.
        let silent = try await offThePool { (0..<300).compactMap { _ in try? ServeAbuseClient(port: port) } }
        #expect(silent.count == 300)
        try await Task.sleep(for: .milliseconds(500))
        let before = try #require(Self.cpuSeconds(process.processIdentifier))
        let client = RawHTTPClient(port: port)
        for _ in 0..<3 {
            let health = try await client.exchange(
                Array("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8), timeout: 5)
            #expect(String(decoding: health.prefix(12), as: UTF8.self) == "HTTP/1.1 200", "\(health.count) bytes")
            let metrics = try await client.request("GET", "/metrics")
            #expect(metrics.status == 200)
        }
        try await Task.sleep(for: .seconds(2))
        let after = try #require(Self.cpuSeconds(process.processIdentifier))
        #expect(after - before < 1, "\(after - before) s of CPU in about 2 s")
        #expect(process.isRunning)
        _ = silent
    }

    /// Starts `promkit serve` under `ulimit -n 100`; returns it, its port and what it printed.
    static func start() throws -> (Process, Int, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = [
            "-c", #"ulimit -n 100; exec "$0" serve --listen 127.0.0.1:0 "$1""#, TestSupport.promkitBinary,
            TestSupport.fixture("sample"),
        ]
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        process.environment = environment
        let stderr = Pipe()
        process.standardError = stderr
        process.standardOutput = Pipe()
        try process.run()
        var text = ""
        var port = 0
        while port == 0, process.isRunning {
            let data = stderr.fileHandleForReading.availableData
            if data.isEmpty { break }
            text += String(decoding: data, as: UTF8.self)
            if let range = text.range(of: #"127\.0\.0\.1:\d+/metrics"#, options: .regularExpression) {
                port = Int(text[range].dropFirst(10).prefix { $0.isNumber }) ?? 0
            }
        }
        return (process, port, text)
    }
}

/// A connected client socket that sends nothing; closed when released.
final class ServeAbuseClient: Sendable {
    let descriptor: Int32

    init(port: Int) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw RawHTTPClient.Failure(description: "socket failed") }
        let result = RawHTTPClient.connectToLoopback(descriptor, port: port)
        guard result == 0 else {
            close(descriptor)
            throw RawHTTPClient.Failure(description: "connect failed: errno \(errno)")
        }
    }

    deinit {
        close(descriptor)
    }
}
