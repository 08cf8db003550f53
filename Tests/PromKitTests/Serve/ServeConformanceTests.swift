import Foundation
import PromKit
import TestSupport
import Testing

/// Scrapes of the live server equal what prometheus_client renders for the
/// same directory, in every format the Accept header can negotiate.
@Suite struct ServeConformanceTests {
    /// (Accept header, expected file, Content-Type prometheus_client sends).
    static let formats: [(String?, String, String)] = [
        (nil, "text.txt", "text/plain; version=0.0.4; charset=utf-8"),
        ("text/plain", "text.txt", "text/plain; version=0.0.4; charset=utf-8"),
        (
            "application/openmetrics-text", "openmetrics.txt",
            "application/openmetrics-text; version=1.0.0; charset=utf-8"
        ),
        (
            "application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.6,"
                + "application/openmetrics-text;version=0.0.1;q=0.5,text/plain;version=1.0.0;escaping=allow-utf-8;q=0.4,"
                + "text/plain;version=0.0.4;q=0.3,*/*;q=0.2",
            "openmetrics-allow-utf-8.txt",
            "application/openmetrics-text; version=1.0.0; charset=utf-8; escaping=allow-utf-8"
        ),
        (
            "application/openmetrics-text; version=1.0.0; escaping=dots", "openmetrics-dots.txt",
            "application/openmetrics-text; version=1.0.0; charset=utf-8; escaping=dots"
        ),
        (
            "application/openmetrics-text; version=1.0.0; escaping=values", "openmetrics-values.txt",
            "application/openmetrics-text; version=1.0.0; charset=utf-8; escaping=values"
        ),
        (
            "application/openmetrics-text; version=1.0.0", "openmetrics-underscores.txt",
            "application/openmetrics-text; version=1.0.0; charset=utf-8; escaping=underscores"
        ),
        (
            "text/plain; version=1.0.0; escaping=allow-utf-8", "text-allow-utf-8.txt",
            "text/plain; version=1.0.0; charset=utf-8; escaping=allow-utf-8"
        ),
        (
            "text/plain;version=1.0.0;escaping=dots", "text-dots.txt",
            "text/plain; version=1.0.0; charset=utf-8; escaping=dots"
        ),
        (
            "text/plain; version=1.0.0; escaping=values", "text-values.txt",
            "text/plain; version=1.0.0; charset=utf-8; escaping=values"
        ),
        (
            "text/plain; version=1.0.0", "text-underscores.txt",
            "text/plain; version=1.0.0; charset=utf-8; escaping=underscores"
        ),
    ]

    /// Family blocks without the `# EOF` line, which belongs to no family.
    static func blocks(_ text: String) -> [String: [String]] {
        TestSupport.familyBlocks(text.replacingOccurrences(of: "\n# EOF\n", with: "\n"))
    }

    /// The committed 0.26.0 fixture, scraped in each format, equals the recorded renders.
    @Test func fixtureScrapesEqualPythonInEveryFormat() async throws {
        let fixture = TestSupport.fixture("v2-0.26.0")
        try await LiveServer.with(directory: fixture + "/db") { client, _ in
            for (accept, file, contentType) in Self.formats {
                let response = try await client.request(
                    "GET", "/metrics", headers: accept.map { [("Accept", $0)] } ?? [])
                #expect(response.status == 200)
                #expect(response.header("Content-Type") == contentType, "Accept: \(accept ?? "-")")
                let expected = try String(contentsOfFile: fixture + "/expected/" + file, encoding: .utf8)
                #expect(
                    Self.blocks(response.text) == Self.blocks(expected),
                    "Accept: \(accept ?? "-") vs \(file)")
                #expect(response.text.hasSuffix("# EOF\n") == file.hasPrefix("openmetrics"))
            }
        }
    }

    /// A directory written now by real prometheus_client workers scrapes as the
    /// library renders it, in text, OpenMetrics and every escaping.
    @Test func freshPythonDirectoryScrapesEqualPython() async throws {
        guard let python = try TestSupport.python() else { return }
        let out = try TestSupport.temporaryDirectory("serve-random")
        defer { try? FileManager.default.removeItem(atPath: out) }
        let made = try TestSupport.run(python, [TestSupport.tool("random_multiproc.py"), "--seed", "7", "--out", out])
        #expect(made.status == 0, "\(made.stderrText)")
        try await LiveServer.with(directory: out + "/db") { client, _ in
            for (accept, file, _) in Self.formats {
                let response = try await client.request(
                    "GET", "/metrics", headers: accept.map { [("Accept", $0)] } ?? [])
                let expected = try String(contentsOfFile: out + "/expected/" + file, encoding: .utf8)
                #expect(response.status == 200)
                #expect(
                    Self.blocks(response.text) == Self.blocks(expected),
                    "Accept: \(accept ?? "-") vs \(file)")
            }
        }
    }

    /// `choose_encoder` itself decides the Content-Type for a table of awkward
    /// Accept headers; promkit's choice matches it (or fails where Python raises).
    @Test func negotiationMatchesChooseEncoder() throws {
        guard let python = try TestSupport.python() else { return }
        let headers = [
            "", "*/*", "text/plain", "text/plain; version=0.0.4", "text/plain;version=1.0.0",
            "text/plain; version=2.0.0; escaping=dots", "text/plain; version=1.0.0; escaping=bogus",
            "text/plain; version = 1.0.0", "text/plain; version=1", "text/plain; version=1.0.0.1",
            "text/plain; version=1.x", "text/plain; version=v2", "application/openmetrics-text",
            "application/openmetrics-text; version=0.0.1", "application/openmetrics-text; version=0.0.1, text/plain",
            "application/openmetrics-text; version=0.0.1, text/plain; version=1.0.0; escaping=values",
            "application/openmetrics-text; version=1.0.0; escaping=allow-utf-8",
            "application/openmetrics-text; version=2.0.0; escaping=underscores",
            " APPLICATION/openmetrics-text ", "application/openmetrics-text ;version=1.0.0 ;escaping=dots ",
            "application/json, text/html", "text/plain; escaping=allow-utf-8; version=1.0.0",
            "application/openmetrics-text; version=; escaping=dots", "text/plain;q=0.1;version=1.0.0",
        ]
        let script = """
            import json, sys
            from prometheus_client.exposition import choose_encoder
            out = []
            for h in json.load(sys.stdin):
                try:
                    out.append(choose_encoder(h)[1])
                except TypeError:
                    out.append("TypeError")
            print(json.dumps(out))
            """
        let result = try TestSupport.run(python, ["-c", script], input: try JSONEncoder().encode(headers))
        #expect(result.status == 0, "\(result.stderrText)")
        let expected = try JSONDecoder().decode([String].self, from: result.stdout)
        for (header, python) in zip(headers, expected) {
            let ours = (try? ContentNegotiation.choose(accept: header).contentType) ?? "TypeError"
            #expect(ours == python, "Accept: \(header)")
        }
        #expect(expected.count == headers.count)
    }

    /// gzip bodies decompress with Python's gzip to exactly the plain body.
    @Test func gzipDecompressesWithPython() async throws {
        guard let python = try TestSupport.python() else { return }
        let directory = TestSupport.fixture("v2-0.26.0/db")
        try await LiveServer.with(directory: directory) { client, _ in
            for accept in ["text/plain", "application/openmetrics-text; version=1.0.0; escaping=allow-utf-8"] {
                let plain = try await client.request("GET", "/metrics", headers: [("Accept", accept)])
                let zipped = try await client.request(
                    "GET", "/metrics", headers: [("Accept", accept), ("Accept-Encoding", "br;q=1.0, GZIP;q=0.5")])
                #expect(zipped.header("Content-Encoding") == "gzip")
                #expect(plain.header("Content-Encoding") == nil)
                #expect(zipped.body.count < plain.body.count)
                let unzipped = try TestSupport.run(
                    python,
                    ["-c", "import gzip,sys; sys.stdout.buffer.write(gzip.decompress(sys.stdin.buffer.read()))"],
                    input: Data(zipped.body))
                #expect(unzipped.status == 0, "\(unzipped.stderrText)")
                // mostrecent gauges carry no scrape-time values, so two scrapes are byte-identical.
                #expect(Array(unzipped.stdout) == plain.body)
            }
        }
    }

    /// Which Accept-Encoding gets gzip: prometheus_client's `gzip_accepted` (any listed
    /// coding named gzip, in any case, whatever its q-value), not HTTP's q-value rules
    /// that NIO's compressor alone would apply; HEAD keeps the plain body's length.
    @Test(arguments: [
        ("gzip", true), ("GZIP;q=0.5", true), ("gzip;q=0", true), ("br, gzip", true), ("identity", false),
        ("deflate", false), ("*", false), ("x-gzip", false),
    ])
    func gzipIsChosenAsPrometheusClientChoosesIt(acceptEncoding: String, zipped: Bool) async throws {
        try await LiveServer.with(directory: TestSupport.fixture("sample")) { client, _ in
            let plain = try await client.request("GET", "/metrics")
            let response = try await client.request("GET", "/metrics", headers: [("Accept-Encoding", acceptEncoding)])
            #expect(response.status == 200)
            #expect(response.header("Content-Encoding") == (zipped ? "gzip" : nil), "\(acceptEncoding)")
            #expect(response.header("Content-Length") == String(response.body.count))
            if !zipped { #expect(response.body == plain.body) }
            let head = try await client.request("HEAD", "/metrics", headers: [("Accept-Encoding", acceptEncoding)])
            #expect(head.header("Content-Encoding") == nil)
            #expect(head.header("Content-Length") == String(plain.body.count))
        }
    }
}
