import PromKit
import Testing

/// HTTPURL: the one parser of the URLs that `load`, `verify`, `validate` and `lint` take.
@Suite struct HTTPURLTests {
    @Test(arguments: [
        ("http://127.0.0.1:8000/metrics", HTTPURL.Scheme.http, "127.0.0.1", 8000, "/metrics", "127.0.0.1:8000"),
        ("HTTPS://example.com", .https, "example.com", 443, "/", "example.com"),
        ("http://example.com?x=1#top", .http, "example.com", 80, "/?x=1", "example.com"),
        ("http://user:secret@example.com:81/a?b", .http, "example.com", 81, "/a?b", "example.com:81"),
        ("http://[::1]:9090/metrics", .http, "::1", 9090, "/metrics", "[::1]:9090"),
        ("https://[fe80::1]/", .https, "fe80::1", 443, "/", "[fe80::1]"),
        ("http://example.com:/x", .http, "example.com", 80, "/x", "example.com"),
        ("https://example.com:80/", .https, "example.com", 80, "/", "example.com:80"),
    ])
    func parses(
        _ text: String, _ scheme: HTTPURL.Scheme, _ host: String, _ port: Int, _ path: String, _ hostHeader: String
    ) throws {
        let url = try HTTPURL(parsing: text)
        #expect(url.scheme == scheme)
        #expect(url.host == host)
        #expect(url.port == port)
        #expect(url.path == path)
        #expect(url.hostHeader == hostHeader)
        #expect(url.description == text, "messages repeat the URL as written")
    }

    @Test(arguments: [
        ("localhost:8000/metrics", "expected http:// or https://; for a URL, write http://localhost:8000/metrics"),
        ("example.com/metrics", "expected http:// or https://"),
        ("ftp://example.com/", "expected http:// or https://, not ftp://"),
        ("http://example.com/a b", "a URL holds no spaces"),
        ("http://example.com/a\tb", "a URL holds no control characters"),
        ("http://[::1/", "unclosed [ in host"),
        ("http://[::1]x/", "unexpected text after ]"),
        ("http:///metrics", "no host"),
        ("http://:8000/", "no host"),
        ("http://example.com:0/", "port must be 1-65535"),
        ("http://example.com:65536/", "port must be 1-65535"),
        ("http://example.com:+80/", "port must be 1-65535"),
        ("http://example.com:http/", "port must be 1-65535"),
    ])
    func rejects(_ text: String, _ reason: String) {
        #expect {
            try HTTPURL(parsing: text)
        } throws: { error in
            guard let error = error as? HTTPURLError else { return false }
            return error.reason == reason && error.description == "\(text): invalid URL: \(reason)"
        }
    }

    @Test func builtFromPartsSpellsTheOriginAndPath() {
        let url = HTTPURL(scheme: .http, host: "::1", port: 8000, path: "")
        #expect(url.description == "http://[::1]:8000/")
        #expect(url.with(path: "/metrics").description == "http://[::1]:8000/metrics")
        #expect(HTTPURL(scheme: .https, host: "a.example", port: 443, path: "/m").description == "https://a.example/m")
    }

    @Test(arguments: [
        ("/metrics/", "http://h:8000/metrics/"),
        ("next", "http://h:8000/a/next"),
        ("../up?q=1", "http://h:8000/up?q=1"),
        ("./", "http://h:8000/a/"),
        ("?page=2", "http://h:8000/a/b?page=2"),
        ("", "http://h:8000/a/b?x=1"),
        ("#frag", "http://h:8000/a/b?x=1"),
        ("/a/./b/../c", "http://h:8000/a/c"),
        ("//other:9000/m", "http://other:9000/m"),
        ("HTTPS://secure.example/m", "HTTPS://secure.example/m"),
    ])
    func resolvesReferencesAsRFC3986Does(_ reference: String, _ expected: String) throws {
        let base = try HTTPURL(parsing: "http://h:8000/a/b?x=1")
        #expect(try base.resolving(reference).description == expected)
    }

    @Test func resolvingToAnotherSchemeFails() throws {
        let base = try HTTPURL(parsing: "http://h/")
        #expect(throws: HTTPURLError.unsupportedScheme("ftp://x/", "ftp")) { try base.resolving("ftp://x/") }
    }

    @Test(arguments: [
        ("localhost:8000/metrics", "; for a URL, write http://localhost:8000/metrics"),
        ("127.0.0.1:9090", "; for a URL, write http://127.0.0.1:9090"),
        ("metrics.txt", ""),
        ("dir/a:b", ""),
        ("host:99999/x", ""),
    ])
    func schemeHintOnlyForWhatReadsLikeHostAndPort(_ path: String, _ hint: String) {
        #expect(HTTPURL.schemeHint(for: path) == hint)
    }
}
