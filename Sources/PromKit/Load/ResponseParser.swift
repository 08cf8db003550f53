#if canImport(Glibc)
    import Glibc
#endif

/// An incremental HTTP/1.x response parser over raw bytes, for a client with one
/// request in flight: status code, `Content-Length`, chunked bodies, `Connection`.
/// Bodies are skipped, never copied; only the current header line is buffered.
struct ResponseParser {
    /// What a call to `feed` found.
    enum Outcome: Equatable {
        /// The response is not complete yet; all bytes were consumed.
        case needMore
        /// A response ended after `consumed` bytes of the input.
        case complete(consumed: Int)
        /// The bytes are not an HTTP response.
        case malformed(String)
    }

    enum State {
        case statusLine, headers, body, chunkSize, chunkData, chunkEnd, trailers, untilClose, done
    }

    /// The final status code of the response being parsed.
    private(set) var status = 0
    /// Whether the connection may carry another request after this response.
    var keepAlive = true
    var state = State.statusLine
    var remaining = 0
    var contentLength = -1
    var chunked = false
    var expectsBody = true
    private var line: [UInt8] = []
    private var lineLength = 0
    private var headerBytes = 0

    private static let maxLine = 64 * 1024
    private static let maxHeaderBytes = 1024 * 1024
    private static let keptLine = 512

    init() {
        line.reserveCapacity(Self.keptLine)
    }

    /// Starts a new response; `expectsBody` is false for a HEAD request.
    mutating func reset(expectsBody: Bool) {
        state = .statusLine
        self.expectsBody = expectsBody
        status = 0
        headerBytes = 0
        startHeaders()
    }

    private mutating func startHeaders() {
        keepAlive = true
        contentLength = -1
        chunked = false
        if !line.isEmpty { line.removeAll(keepingCapacity: true) }
        lineLength = 0
    }

    /// Whether the response so far ends at end of stream (no length given).
    var endsAtClose: Bool { state == .untilClose }

    /// Whether any byte of the current response has been seen.
    var started: Bool { state != .statusLine || lineLength > 0 }

    /// Consumes bytes until the response completes or they run out.
    mutating func feed(_ bytes: UnsafeRawBufferPointer) -> Outcome {
        guard let base = bytes.baseAddress else { return .needMore }
        let count = bytes.count
        var index = 0
        while index < count {
            switch state {
            case .body, .chunkData:
                let take = min(remaining, count - index)
                index += take
                remaining -= take
                if remaining == 0 {
                    if state == .body {
                        state = .done
                        return .complete(consumed: index)
                    }
                    state = .chunkEnd
                }
            case .untilClose:
                return .needMore
            case .done:
                return .malformed("bytes after the end of the response")
            case .statusLine, .headers, .chunkSize, .chunkEnd, .trailers:
                let start = base + index
                guard let found = memchr(start, 0x0A, count - index) else {
                    appendLine(start, count - index)
                    index = count
                    if lineLength > Self.maxLine { return .malformed("line longer than \(Self.maxLine) bytes") }
                    continue
                }
                let lineEnd = UnsafeRawPointer(found) - base
                let outcome: Outcome
                if lineLength == 0 {
                    lineLength = lineEnd - index
                    outcome = processLine(UnsafeRawBufferPointer(start: start, count: lineEnd - index))
                } else {
                    appendLine(start, lineEnd - index)
                    outcome = line.withUnsafeBytes { processLine(UnsafeRawBufferPointer(rebasing: $0[...])) }
                }
                index = lineEnd + 1
                if !line.isEmpty { line.removeAll(keepingCapacity: true) }
                lineLength = 0
                switch outcome {
                case .needMore: continue
                case .complete: return .complete(consumed: index)
                case .malformed: return outcome
                }
            }
        }
        return .needMore
    }

    /// The stream ended: completes a response delimited by the close.
    mutating func finish() -> Outcome {
        if state == .untilClose {
            state = .done
            return .complete(consumed: 0)
        }
        return .malformed("connection closed before the response ended")
    }

    private mutating func appendLine(_ start: UnsafeRawPointer, _ length: Int) {
        let room = Self.keptLine - line.count
        if room > 0 {
            line.append(contentsOf: UnsafeRawBufferPointer(start: start, count: Swift.min(room, length)))
        }
        lineLength += length
    }

    /// Handles one line (without its LF); `.complete(consumed: 0)` means the response ended with it.
    private mutating func processLine(_ raw: UnsafeRawBufferPointer) -> Outcome {
        var text = raw
        if let last = text.last, last == 0x0D { text = UnsafeRawBufferPointer(rebasing: text.dropLast()) }
        headerBytes += lineLength + 1
        if headerBytes > Self.maxHeaderBytes { return .malformed("header section larger than 1 MiB") }
        switch state {
        case .statusLine:
            return statusLine(text)
        case .headers:
            return text.isEmpty ? endOfHeaders() : header(text)
        case .chunkSize:
            return chunkSize(text)
        case .chunkEnd:
            guard text.isEmpty else { return .malformed("chunk data longer than its size") }
            state = .chunkSize
            return .needMore
        case .trailers:
            if text.isEmpty {
                state = .done
                return .complete(consumed: 0)
            }
            return .needMore
        default:
            return .needMore
        }
    }

    private mutating func statusLine(_ text: UnsafeRawBufferPointer) -> Outcome {
        if text.isEmpty { return .needMore }  // tolerate a stray CRLF before the status line
        guard text.count >= 12, text.starts(with: Self.httpPrefix), text[8] == 0x20,
            let code = Self.digits(text[9], text[10], text[11]),
            text.count == 12 || text[12] == 0x20
        else { return .malformed("not an HTTP/1.x status line") }
        status = code
        startHeaders()
        keepAlive = text[7] != 0x30  // HTTP/1.0 closes unless asked
        state = .headers
        return .needMore
    }

    private static let httpPrefix: [UInt8] = Array("HTTP/1.".utf8)

    private static func digits(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> Int? {
        guard (0x31...0x39).contains(a), (0x30...0x39).contains(b), (0x30...0x39).contains(c) else { return nil }
        return Int(a - 0x30) * 100 + Int(b - 0x30) * 10 + Int(c - 0x30)
    }
}
