import Foundation
import PromKit
import TestSupport
import Testing

/// Scrapes while the directory changes under them: real Python workers
/// starting, growing their files and dying, and files copied in, removed
/// and replaced by rename, as `clean` and `merge` do.
@Suite struct ServeChurnTests {
    @Test func twoHundredScrapesWhileFilesChange() async throws {
        guard let python = try TestSupport.python() else { return }
        let directory = try TestSupport.temporaryDirectory("serve-churn")
        let stop = directory + ".stop"
        defer {
            try? FileManager.default.removeItem(atPath: directory)
            try? FileManager.default.removeItem(atPath: stop)
        }
        let writers = Process()
        writers.executableURL = URL(fileURLWithPath: python)
        writers.arguments = [
            TestSupport.tool("churn_writers.py"), "--dir", directory, "--stop", stop, "--max-seconds", "90",
        ]
        let output = Pipe()
        writers.standardOutput = output
        try writers.run()
        let copier = FileCopier(directory: directory)
        let copying = Thread { copier.run() }
        copying.start()
        defer {
            copier.stop()
            #expect(FileManager.default.createFile(atPath: stop, contents: nil))
            writers.waitUntilExit()
        }

        let started = ContinuousClock.now
        var statuses: [Int: Int] = [:]
        var withChurnSeries = 0
        try await LiveServer.with(directory: directory) { client, log in
            for index in 0..<200 {
                let accept = index % 2 == 0 ? "text/plain" : "application/openmetrics-text"
                let response = try await client.request("GET", "/metrics", headers: [("Accept", accept)])
                statuses[response.status, default: 0] += 1
                if response.status != 200 { Issue.record("scrape \(index): \(response.status) \(response.text)") }
                if response.text.contains("churn_requests_total{") { withChurnSeries += 1 }
                if index % 2 == 1 { #expect(response.text.hasSuffix("# EOF\n")) }
            }
            #expect(log.all.isEmpty, "\(log.all)")
        }
        copier.stop()
        #expect(FileManager.default.createFile(atPath: stop, contents: nil))
        writers.waitUntilExit()
        let ran =
            Int(
                String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                    .trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        #expect(statuses == [200: 200])
        print("200 scrapes under churn took \(ContinuousClock.now - started)")
        #expect(ran >= 2, "Python workers run: \(ran)")
        #expect(withChurnSeries > 0)
        #expect(copier.operations > 20, "file operations: \(copier.operations)")
    }
}

/// Copies fixture files into a directory, removes them and replaces them by rename, until stopped.
final class FileCopier: @unchecked Sendable {
    private let directory: String
    private let lock = NSLock()
    private var stopped = false
    private var count = 0

    init(directory: String) { self.directory = directory }

    var operations: Int { lock.withLock { count } }

    func stop() { lock.withLock { stopped = true } }

    func run() {
        let sources = ["counter_9031.db", "histogram_9033.db", "gauge_max_9033.db", "summary_9031.db"].map {
            TestSupport.fixture("v2-0.26.0/db/" + $0)
        }
        let manager = FileManager.default
        var index = 0
        let deadline = Date().addingTimeInterval(90)
        while !lock.withLock({ stopped }), Date() < deadline {
            let source = sources[index % sources.count]
            let base = (source as NSString).lastPathComponent.split(separator: "_").dropLast().joined(separator: "_")
            let name = "\(base)_\(500_000 + index % 16).db"
            let target = directory + "/" + name
            let temporary = directory + "/.tmp-\(index)"
            switch index % 3 {
            case 0:
                try? manager.copyItem(atPath: source, toPath: temporary)
                _ = rename(temporary, target)
            case 1:
                try? manager.removeItem(atPath: target)
            default:
                try? manager.copyItem(atPath: source, toPath: temporary)
                _ = rename(temporary, directory + "/\(base)_\(500_000 + (index + 5) % 16).db")
            }
            index += 1
            lock.withLock { count += 1 }
            usleep(2000)
        }
    }
}
