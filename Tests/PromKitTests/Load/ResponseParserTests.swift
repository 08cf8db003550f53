import Testing

@testable import PromKit

@Suite struct ResponseParserTests {
    /// Feeds `text` split at `split` and returns status, keep-alive and the outcome.
    private func parse(_ text: String, split: Int? = nil, expectsBody: Bool = true) -> (Int, Bool, String) {
        var parser = ResponseParser()
        parser.reset(expectsBody: expectsBody)
        let bytes = Array(text.utf8)
        let cut = split ?? bytes.count
        var offset = 0
        for part in [Array(bytes[..<cut]), Array(bytes[cut...])] where !part.isEmpty {
            let outcome = part.withUnsafeBytes { parser.feed($0) }
            switch outcome {
            case .needMore: offset += part.count
            case .complete(let consumed): return (parser.status, parser.keepAlive, "complete \(offset + consumed)")
            case .malformed(let why): return (parser.status, parser.keepAlive, "malformed: \(why)")
            }
        }
        if parser.endsAtClose, case .complete = parser.finish() { return (parser.status, parser.keepAlive, "eof") }
        return (parser.status, parser.keepAlive, "need more")
    }

    static let responses: [(String, Int, Bool, String)] = [
        ("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", 200, true, "complete 40"),
        ("HTTP/1.1 204 No Content\r\n\r\n", 204, true, "complete 27"),
        ("HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nConnection: close\r\n\r\n", 404, false, "complete 64"),
        (
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;x=y\r\nde\r\n0\r\n\r\n", 200, true,
            "complete 71"
        ),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nTrailer: x\r\n\r\n", 200, true, "complete 64"),
        ("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 1\r\n\r\nx", 201, true, "complete 69"),
        ("HTTP/1.0 200 OK\r\nContent-Length: 1\r\n\r\nx", 200, false, "complete 39"),
        ("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 1\r\n\r\nx", 200, true, "complete 63"),
        ("HTTP/1.0 200 OK\r\n\r\nuntil close", 200, false, "eof"),
        ("HTTP/1.1 200 OK\nContent-Length: 1\n\nx", 200, true, "complete 36"),
        ("HTTP/1.1 200 OK\r\nX-Content-Length: 99\r\nContent-Length:1\r\n\r\nx", 200, true, "complete 60"),
        ("HTTP/1.0 200 OK\r\nConnection: Upgrade, Keep-Alive\r\nContent-Length: 0\r\n\r\n", 200, true, "complete 71"),
        ("SPDY/9 nonsense\r\n\r\n", 0, true, "malformed: not an HTTP/1.x status line"),
        ("HTTP/1.1 200 OK\r\nContent-Length: 2x\r\n\r\nok", 200, true, "malformed: invalid Content-Length"),
        ("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort", 200, true, "need more"),
    ]

    @Test(arguments: responses)
    func parsesWholeAndSplitAnywhere(_ text: String, _ status: Int, _ keepAlive: Bool, _ outcome: String) {
        for split in 0...text.utf8.count {
            let result = parse(text, split: split)
            #expect(result.0 == status, "split at \(split)")
            #expect(result.2 == outcome, "split at \(split)")
            if !outcome.hasPrefix("malformed") { #expect(result.1 == keepAlive, "split at \(split)") }
        }
    }

    @Test func headResponsesHaveNoBody() {
        let result = parse("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n", expectsBody: false)
        #expect(result.2 == "complete 41")
    }

    @Test func reportsBytesAfterTheResponse() {
        var parser = ResponseParser()
        parser.reset(expectsBody: true)
        let bytes = Array("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\nextra".utf8)
        let outcome = bytes.withUnsafeBytes { parser.feed($0) }
        #expect(outcome == .complete(consumed: 38))
    }
}
