import Foundation

/// What is wrong with a source as a whole rather than with one of its lines:
/// there is nothing to read, or what there is is not metrics. `validate` and
/// `lint` report it alike, as one diagnostic with the same rule id (`empty-body`,
/// `html` or `empty-directory`) and severity: a warning for nothing to read (the
/// scrape succeeds with no samples), an error for an HTML page (Prometheus fails
/// the scrape).
public typealias SourceNotice = Diagnostic

extension Diagnostic {
    /// An exposition of no bytes, or of white space only.
    ///
    /// `fetched` is true when promkit fetched it itself (redirects followed), false
    /// for a file or standard input, where a redirect that was not followed is the
    /// usual cause: FastAPI answers `/metrics` of an `app.mount("/metrics", ...)`
    /// with a 307 to `/metrics/` and an empty body, which `curl` without `-L` passes on.
    public static func emptyBody(fetched: Bool) -> SourceNotice {
        let cause =
            fetched
            ? "the app has no metric registered yet, or in multiprocess mode no worker has written a .db file yet"
            : "if it came from curl, a redirect was likely not followed (FastAPI answers /metrics of an "
                + "app.mount(\"/metrics\", ...) with 307 to /metrics/ and an empty body): use curl -L, "
                + "or give promkit the URL"
        return SourceNotice(
            severity: .warning, rule: "empty-body", message: "empty body, no metrics at all: " + cause)
    }

    /// A body that starts with `<`, which no exposition does: an HTML page.
    /// `title` is the page's `<title>`, when it has one.
    public static func html(title: String?) -> SourceNotice {
        let named = title.map { " (\"\($0)\")" } ?? ""
        return SourceNotice(
            severity: .error, rule: "html", line: 1, column: 1,
            message: "an HTML page\(named), not metrics: a landing, login or error page; Prometheus fails "
                + "the scrape on it. Is the path the metrics endpoint (often /metrics)?")
    }

    /// A multiprocess directory without a single `.db` file; `path` is the directory.
    public static func emptyDirectory(_ path: String = "") -> SourceNotice {
        SourceNotice(
            severity: .warning, rule: "empty-directory", source: path,
            message: "empty: no .db files, so /metrics shows no multiprocess metrics. No worker has "
                + "written one yet, or the app's PROMETHEUS_MULTIPROC_DIR is another directory")
    }
}

/// Looks at the first bytes of a body as they arrive, before or beside the parser,
/// for what is not an exposition at all: nothing but white space, or an HTML page.
/// An exposition never starts with `<`: its first line is blank, a comment, a
/// metric name or `{`.
public struct BodySniffer: Sendable {
    /// The first byte that is not white space (nor a UTF-8 byte order mark).
    public private(set) var firstByte: UInt8?
    /// The first bytes of an HTML body, for its title.
    private var head: [UInt8] = []
    private var offset = 0

    /// How much of an HTML body is kept to find its title.
    static let headLimit = 4096

    /// Creates a sniffer that has seen nothing.
    public init() {}

    /// Whether every byte so far was white space (or there was none).
    public var isBlank: Bool { firstByte == nil }

    /// Whether the body is an HTML page.
    public var isHTML: Bool { firstByte == UInt8(ascii: "<") }

    /// Whether more bytes can change nothing: the body is metrics, or an HTML
    /// page whose head has been kept.
    public var isDecided: Bool {
        guard let firstByte else { return false }
        return firstByte != UInt8(ascii: "<") || head.count >= Self.headLimit
    }

    /// Thrown by ``admit(_:)`` once an HTML page's head is kept: reading more is waste.
    public struct StopReading: Error {}

    /// For a body read as it arrives: takes the next bytes and says whether they
    /// go to the parser (not for an HTML page); throws ``StopReading`` once a
    /// page's head is kept.
    public mutating func admit(_ bytes: UnsafeRawBufferPointer) throws(StopReading) -> Bool {
        feed(bytes)
        guard isHTML else { return true }
        if isDecided { throw StopReading() }
        return false
    }

    /// Takes the next bytes of the body.
    public mutating func feed(_ bytes: UnsafeRawBufferPointer) {
        if firstByte == nil {
            for (index, byte) in bytes.enumerated() {
                let isMark = offset + index < 3 && byte == [0xEF, 0xBB, 0xBF][offset + index]
                if isMark || byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { continue }
                firstByte = byte
                if byte == UInt8(ascii: "<") {
                    head.append(contentsOf: bytes[index..<min(bytes.count, index + Self.headLimit)])
                }
                break
            }
            offset += bytes.count
        } else if isHTML, head.count < Self.headLimit {
            head.append(contentsOf: bytes.prefix(Self.headLimit - head.count))
        }
    }

    /// Takes the next bytes of the body.
    public mutating func feed(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { feed($0) }
    }

    /// The notice the body calls for: an empty body or an HTML page; nil for anything else.
    /// `fetched` tells whether promkit fetched the body itself.
    public func notice(fetched: Bool) -> SourceNotice? {
        if isBlank { return .emptyBody(fetched: fetched) }
        if isHTML { return .html(title: title) }
        return nil
    }

    /// The text of the page's `<title>`, white space folded, at most 80 characters.
    var title: String? {
        let text = String(decoding: head, as: UTF8.self)
        guard let open = text.range(of: "<title", options: .caseInsensitive),
            let start = text[open.upperBound...].firstIndex(of: ">"),
            let close = text[start...].range(of: "</title", options: .caseInsensitive)
        else { return nil }
        let words = text[text.index(after: start)..<close.lowerBound].split(whereSeparator: \.isWhitespace)
        let folded = words.joined(separator: " ")
        guard !folded.isEmpty else { return nil }
        return folded.count > 80 ? String(folded.prefix(79)) + "…" : folded
    }
}
