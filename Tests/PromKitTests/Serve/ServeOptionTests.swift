import Foundation
import NIOCore
import NIOPosix
import TestSupport
import Testing

@testable import PromKit

/// Parsing of `--listen` and `--scrape-timeout`, and the scrape deadline.
@Suite struct ServeOptionTests {
    @Test(arguments: [
        ("127.0.0.1:9464", "127.0.0.1", 9464),
        ("0.0.0.0:80", "0.0.0.0", 80),
        (":9464", "127.0.0.1", 9464),
        ("localhost:0", "localhost", 0),
        ("[::1]:9464", "::1", 9464),
        ("[::]:65535", "::", 65535),
        ("metrics.internal:9100", "metrics.internal", 9100),
    ])
    func parsesListenAddress(text: String, host: String, port: Int) throws {
        let address = try ListenAddress.parse(text)
        #expect(address.host == host)
        #expect(address.port == port)
        #expect(try ListenAddress.parse(address.description) == address)
    }

    @Test(arguments: [
        "", "9464", "127.0.0.1", "127.0.0.1:", "127.0.0.1:65536", "host:-1", "::1:9464", "[::1]9464",
        "[::1:9464", "a b:1", "1.2.3.4:12x",
    ])
    func rejectsListenAddress(text: String) {
        #expect(throws: ListenAddress.ParseError.self) { try ListenAddress.parse(text) }
    }

    @Test func defaultIsLoopback() {
        #expect(ListenAddress.default.description == "127.0.0.1:9464")
        #expect(ListenAddress.default.isLoopback)
    }

    /// Work that overruns answers Expired at the deadline, not when the work ends.
    @Test func deadlineExpiresBeforeSlowWork() async throws {
        let pool = NIOThreadPool(numberOfThreads: 1)
        pool.start()
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        let start = ContinuousClock.now
        await #expect(throws: Deadline.Expired.self) {
            try await Deadline.run({ usleep(5_000_000) }, on: pool, eventLoop: loop, timeout: .milliseconds(50))
        }
        // Well before the work's 5 s, even on a loaded machine.
        #expect(ContinuousClock.now - start < .seconds(4))
        let value = try await Deadline.run({ 42 }, on: pool, eventLoop: loop, timeout: .seconds(5))
        #expect(value == 42)
        try await pool.shutdownGracefully()
    }

    /// `promkit_skipped_files` appears only with skipInvalid, the scrape series only with selfMetrics.
    @Test func ownSeries() throws {
        let directory = TestSupport.fixture("sample")
        let plain = try MetricsScrape.collect(directory: directory, skipInvalid: false, selfMetrics: false)
        #expect(!plain.families.contains { $0.name.hasPrefix("promkit_") })
        let own = try MetricsScrape.collect(directory: directory, skipInvalid: true, selfMetrics: true)
        let names = own.families.map(\.name).filter { $0.hasPrefix("promkit_") }
        #expect(names == ["promkit_scrape_duration_seconds", "promkit_scrape_files", "promkit_skipped_files"])
        #expect(own.filesRead == 11)
        #expect(throws: MetricsScrape.Failure.self) {
            try MetricsScrape.collect(directory: directory + "/missing", skipInvalid: false, selfMetrics: false)
        }
    }
}

/// A file that a worker has created but not yet sized is appearing, not damaged.
@Suite struct AppearingFileTests {
    @Test func emptyFileOfALiveOrNewWriterIsPassedOver() throws {
        let directory = try TestSupport.temporaryDirectory("serve-appearing")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.copyItem(
            atPath: TestSupport.fixture("sample/counter_9075.db"), toPath: directory + "/counter_9075.db")
        let live = directory + "/counter_\(ProcessInfo.processInfo.processIdentifier).db"
        #expect(FileManager.default.createFile(atPath: live, contents: nil))
        let scrape = try MetricsScrape.collect(directory: directory, skipInvalid: false, selfMetrics: false)
        #expect(scrape.filesRead == 1)
        // An old empty file of a process that is gone fails the scrape, as it fails Python's.
        try FileManager.default.removeItem(atPath: live)
        let dead = directory + "/counter_999999999.db"
        #expect(FileManager.default.createFile(atPath: dead, contents: nil))
        try FileManager.default.setAttributes(
            [.modificationDate: Date().addingTimeInterval(-3600)], ofItemAtPath: dead)
        #expect(throws: MetricsScrape.Failure.self) {
            try MetricsScrape.collect(directory: directory, skipInvalid: false, selfMetrics: false)
        }
    }

    /// A file listed by the scan and removed before it is read (a worker's exit,
    /// `clean`) is passed over by the library's merge: the scrape still succeeds.
    @Test func fileVanishingBetweenListingAndReadIsPassedOver() throws {
        let directory = try TestSupport.temporaryDirectory("serve-vanish")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for name in ["counter_9075.db", "counter_9077.db", "histogram_9075.db"] {
            try FileManager.default.copyItem(
                atPath: TestSupport.fixture("sample/" + name), toPath: directory + "/" + name)
        }
        let listing = try MultiprocDirectory.scan(directory)
        try FileManager.default.removeItem(atPath: directory + "/counter_9077.db")
        let merged = try listing.merged()
        #expect(merged.filesRead == 2)
        #expect(merged.skipped.isEmpty)
    }
}
