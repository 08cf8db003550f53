import NIOCore
import NIOPosix
import PromKit
import Testing

@Suite struct LoadRunTests {
    private func configuration(_ url: String, _ adjust: (inout LoadConfiguration) -> Void) throws -> LoadConfiguration {
        var configuration = LoadConfiguration(target: try HTTPURL(parsing: url))
        configuration.threads = 2
        configuration.timeout = .seconds(5)
        adjust(&configuration)
        return configuration
    }

    @Test(arguments: [1, 7, 1000])
    func sendsExactlyN(_ count: Int) async throws {
        try await TestHTTPServer.with { server in
            let report = try await LoadRun(
                configuration(server.url("/")) {
                    $0.requests = count
                    $0.connections = 16
                }
            ).run()
            #expect(report.requests == count)
            #expect(report.errorTotal == 0)
            #expect(report.statusCounts == [200: count])
            #expect(server.requests("/") == count)
            #expect(server.connections <= 16)
            #expect(report.latency.max >= report.latency.p50)
        }
    }

    @Test(arguments: ["/chunked", "/close", "/eof", "/notfound", "/extra"])
    func countsEveryResponseShape(_ path: String) async throws {
        try await TestHTTPServer.with { server in
            let report = try await LoadRun(
                configuration(server.url(path)) {
                    $0.requests = 200
                    $0.connections = 8
                }
            ).run()
            #expect(report.requests == 200)
            #expect(report.errorTotal == 0)
            #expect(server.requests(path) == 200)
            let status = path == "/notfound" ? 404 : 200
            #expect(report.statusCounts == [status: 200])
        }
    }

    @Test func disableKeepAliveOpensAConnectionPerRequest() async throws {
        try await TestHTTPServer.with { server in
            let report = try await LoadRun(
                configuration(server.url("/")) {
                    $0.requests = 100
                    $0.connections = 4
                    $0.disableKeepAlive = true
                }
            ).run()
            #expect(report.requests == 100)
            #expect(server.connections == 100)
        }
    }

    @Test func durationRunDrainsRequestsInFlight() async throws {
        try await TestHTTPServer.with(slowDelay: .milliseconds(300)) { server in
            let report = try await LoadRun(
                configuration(server.url("/slow")) {
                    $0.duration = .milliseconds(500)
                    $0.connections = 10
                }
            ).run()
            // Every connection sends at 0 and 300 ms; the second round is answered at 600 ms, after the
            // deadline, and must still be waited for and counted (on a loaded machine there may be one round).
            #expect(report.requests == 20 || report.requests == 10)
            #expect(report.errorTotal == 0)
            #expect(server.requests("/slow") == report.requests)
            #expect(report.durationSeconds >= 0.59)
        }
    }

    @Test func timeoutsAreCountedAndDoNotStopTheRun() async throws {
        try await TestHTTPServer.with { server in
            let report = try await LoadRun(
                configuration(server.url("/hang")) {
                    $0.requests = 6
                    $0.connections = 3
                    $0.timeout = .milliseconds(200)
                }
            ).run()
            #expect(report.requests == 0)
            #expect(report.errors[.timeout] == 6)
            #expect(server.requests("/hang") == 6)
        }
    }

    @Test(arguments: [("/reset", LoadErrorKind.reset), ("/garbage", .malformed)])
    func errorsAreCountedByKind(_ path: String, _ kind: LoadErrorKind) async throws {
        try await TestHTTPServer.with { server in
            let report = try await LoadRun(
                configuration(server.url(path)) {
                    $0.requests = 50
                    $0.connections = 5
                }
            ).run()
            #expect(report.requests == 0)
            #expect(report.errors[kind] == 50)
            #expect(report.errorTotal == 50)
            #expect(server.requests(path) == 50)
        }
    }

    @Test func connectErrorsAreCounted() async throws {
        let port = try await TestHTTPServer.with { $0.port }  // closed again: nothing listens there now
        let report = try await LoadRun(
            configuration("http://127.0.0.1:\(port)/") {
                $0.requests = 20
                $0.connections = 4
            }
        ).run()
        #expect(report.requests == 0)
        #expect(report.errors[.connect] == 20)
    }

    @Test func ratePacesOpenLoop() async throws {
        try await TestHTTPServer.with { server in
            let clock = ContinuousClock()
            let started = clock.now
            let report = try await LoadRun(
                configuration(server.url("/")) {
                    $0.duration = .seconds(1)
                    $0.rate = 200
                    $0.connections = 10
                }
            ).run()
            let elapsed = clock.now - started
            // 200 are due before the deadline; a stalled machine may claim the last few after it.
            #expect(report.requests >= 190 && report.requests <= 200)
            #expect(elapsed >= .milliseconds(990))
            #expect(report.latency.p50 < 0.2)
        }
    }

    @Test func rateWithCountSpreadsRequestsOverTime() async throws {
        try await TestHTTPServer.with { server in
            let report = try await LoadRun(
                configuration(server.url("/")) {
                    $0.requests = 50
                    $0.rate = 100
                    $0.connections = 5
                }
            ).run()
            #expect(report.requests == 50)
            #expect(report.durationSeconds >= 0.49)
            #expect(report.durationSeconds < 2)
        }
    }

    @Test func stopEndsARunEarlyAndDrains() async throws {
        try await TestHTTPServer.with(slowDelay: .milliseconds(100)) { server in
            let run = LoadRun(
                try configuration(server.url("/slow")) {
                    $0.duration = .seconds(30)
                    $0.connections = 4
                })
            let task = Task { try await run.run() }
            try await Task.sleep(for: .milliseconds(350))
            run.stop()
            let report = try await task.value
            #expect(report.interrupted)
            #expect(report.durationSeconds < 5)
            #expect(report.errorTotal == 0)
            #expect(report.requests == server.requests("/slow"))
        }
    }

    @Test func abortCountsRequestsInFlightAsInterrupted() async throws {
        try await TestHTTPServer.with { server in
            let run = LoadRun(
                try configuration(server.url("/hang")) {
                    $0.duration = .seconds(30)
                    $0.connections = 3
                    $0.timeout = .seconds(30)
                })
            let task = Task { try await run.run() }
            try await Task.sleep(for: .milliseconds(200))
            run.abort()
            let report = try await task.value
            #expect(report.errors[.interrupted] == 3)
            #expect(report.durationSeconds < 5)
        }
    }

    @Test func httpsWorksAndAnUntrustedCertificateIsAConnectError() async throws {
        try await TestHTTPServer.with(tls: true) { server in
            let url = "https://localhost:\(server.port)/"
            let trusted = try await LoadRun(
                configuration(url) {
                    $0.requests = 100
                    $0.connections = 4
                    $0.insecure = true
                }
            ).run()
            #expect(trusted.requests == 100)
            #expect(trusted.statusCounts == [200: 100])
            let untrusted = try await LoadRun(
                configuration(url) {
                    $0.requests = 10
                    $0.connections = 2
                }
            ).run()
            #expect(untrusted.requests == 0)
            #expect(untrusted.errors[.connect] == 10)
            #expect(untrusted.errorDetails[.connect]?.contains("CERTIFICATE_VERIFY_FAILED") == true)
        }
    }

    @Test func openLoopLatencyCountsFromTheIntendedSendTime() async throws {
        try await TestHTTPServer.with(slowDelay: .milliseconds(100)) { server in
            // One connection, due every 20 ms, answered every 100 ms: the queue behind the server must show.
            let open = try await LoadRun(
                configuration(server.url("/slow")) {
                    $0.duration = .seconds(1)
                    $0.rate = 50
                    $0.connections = 1
                }
            ).run()
            #expect(open.requests >= 8 && open.requests <= 11)
            #expect(open.latency.max > 0.6)
            let closed = try await LoadRun(
                configuration(server.url("/slow")) {
                    $0.requests = 3
                    $0.connections = 1
                }
            ).run()
            #expect(closed.latency.max < 0.3)
        }
    }
}
