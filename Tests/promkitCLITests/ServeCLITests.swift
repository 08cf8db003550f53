import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `promkit serve` run as a user runs it: a real process, real sockets, real signals.
@Suite struct ServeCLITests {
    /// A running `promkit serve` and the port it printed.
    final class Server: @unchecked Sendable {
        let process = Process()
        let stderr = Pipe()
        let stdout = Pipe()
        var port = 0
        var stderrText = ""

        init(_ arguments: [String]) throws {
            process.executableURL = URL(fileURLWithPath: TestSupport.promkitBinary)
            process.arguments = ["serve"] + arguments
            var environment = ProcessInfo.processInfo.environment
            environment["NO_COLOR"] = "1"
            process.environment = environment
            process.standardError = stderr
            process.standardOutput = stdout
            try process.run()
            let deadline = Date().addingTimeInterval(30)
            while port == 0, Date() < deadline, process.isRunning {
                let data = stderr.fileHandleForReading.availableData
                if data.isEmpty { break }
                stderrText += String(decoding: data, as: UTF8.self)
                if let range = stderrText.range(of: #"http://127\.0\.0\.1:(\d+)/metrics"#, options: .regularExpression)
                {
                    let match = stderrText[range]
                    port = Int(match.split(separator: ":").last?.split(separator: "/").first ?? "") ?? 0
                }
            }
        }

        /// Sends `signal`, waits for the exit, and returns the status with the rest of stderr.
        func stop(_ signal: Int32 = SIGTERM) -> (status: Int32, stderr: String, stdout: String) {
            kill(process.processIdentifier, signal)
            let rest = stderr.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            let out = stdout.fileHandleForReading.readDataToEndOfFile()
            return (
                process.terminationStatus, stderrText + String(decoding: rest, as: UTF8.self),
                String(decoding: out, as: UTF8.self)
            )
        }
    }

    @Test func servesAndStopsOnSigterm() async throws {
        let server = try Server([TestSupport.fixture("sample"), "--listen", "127.0.0.1:0", "--self-metrics"])
        #expect(server.port > 0, "\(server.stderrText)")
        let client = RawHTTPClient(port: server.port)
        let response = try await client.request(
            "GET", "/metrics", headers: [("Accept", "application/openmetrics-text")])
        #expect(response.status == 200)
        #expect(response.text.contains("promkit_scrape_files 11.0\n"))
        #expect(response.text.hasSuffix("# EOF\n"))
        let (status, stderr, stdout) = server.stop()
        #expect(status == 0, "\(stderr)")
        #expect(stdout.isEmpty)
        #expect(stderr.contains("shutting down: finishing the scrapes in flight, then exiting"))
    }

    /// SIGTERM with a request in flight: the request is answered, then the process exits 0,
    /// and no new connection is accepted meanwhile.
    @Test func gracefulShutdownFinishesTheScrapeInFlight() async throws {
        let server = try Server([TestSupport.fixture("v2-0.26.0/db"), "--listen", "127.0.0.1:0"])
        #expect(server.port > 0, "\(server.stderrText)")
        let port = server.port
        // The head arrives now and the body (which the server reads to the end) only after SIGTERM.
        let socket = try ConnectedSocket(port: port)
        try socket.send("GET /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nab")
        try await Task.sleep(for: .milliseconds(300))
        kill(server.process.processIdentifier, SIGTERM)
        try await Task.sleep(for: .milliseconds(300))
        #expect(server.process.isRunning, "exited with a request in flight")
        let refused = try? await RawHTTPClient(port: port).request("GET", "/healthz")
        #expect(refused == nil || refused?.status != 200, "a new connection was served after SIGTERM")
        try socket.send("cde")
        let raw = try socket.receiveAll()
        let response = try RawHTTPClient.parse(raw)
        #expect(response.status == 200)
        #expect(response.header("Connection")?.lowercased() == "close")
        let expected = try String(contentsOfFile: TestSupport.fixture("v2-0.26.0/expected/text.txt"), encoding: .utf8)
        #expect(TestSupport.familyBlocks(response.text) == TestSupport.familyBlocks(expected))
        let (status, stderr, _) = server.stop(0)
        #expect(status == 0, "\(stderr)")
    }

    @Test func sigintAlsoExitsZero() throws {
        let server = try Server([TestSupport.fixture("sample"), "--listen", "127.0.0.1:0"])
        #expect(server.port > 0)
        let (status, _, _) = server.stop(SIGINT)
        #expect(status == 0)
    }

    @Test(arguments: [
        ["--listen", "nonsense"], ["--listen", "127.0.0.1:70000"], ["--scrape-timeout", "soon"], ["--threads", "0"],
    ])
    func badOptionsExit64(arguments: [String]) throws {
        let result = try TestSupport.promkit(["serve", TestSupport.fixture("sample")] + arguments)
        #expect(result.status == 64, "\(result.stderrText)")
        #expect(result.stdout.isEmpty)
    }

    @Test func portInUseExitsTwo() throws {
        let first = try Server([TestSupport.fixture("sample"), "--listen", "127.0.0.1:0"])
        #expect(first.port > 0)
        let second = try TestSupport.promkit([
            "serve", TestSupport.fixture("sample"), "--listen", "127.0.0.1:\(first.port)",
        ])
        #expect(second.status == 2)
        #expect(second.stderrText.contains("cannot listen on 127.0.0.1:\(first.port)"))
        #expect(first.stop().status == 0)
    }

    @Test func helpHasExamples() throws {
        for command in ["serve"] {
            let help = try TestSupport.promkit([command, "--help"])
            #expect(help.status == 0)
            #expect(help.stdoutText.contains("Examples:"))
            #expect(help.stdoutText.contains("promkit \(command) "))
        }
    }
}

/// A blocking client socket for sending a request in pieces.
struct ConnectedSocket {
    let descriptor: Int32

    init(port: Int) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var time = timeval(tv_sec: 20, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        let result = RawHTTPClient.connectToLoopback(descriptor, port: port)
        guard result == 0 else { throw RawHTTPClient.Failure(description: "connect failed: errno \(errno)") }
    }

    func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        let sent = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, 0) }
        guard sent == bytes.count else { throw RawHTTPClient.Failure(description: "send failed") }
    }

    func receiveAll() throws -> [UInt8] {
        defer { close(descriptor) }
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count < 0, errno == EINTR { continue }
            if count <= 0 { break }
            received.append(contentsOf: chunk[0..<count])
        }
        return received
    }
}
