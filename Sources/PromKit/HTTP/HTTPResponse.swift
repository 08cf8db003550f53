/// A complete HTTP response: status, headers and body bytes.
public struct HTTPResponse: Sendable {
    /// The URL that answered (after redirects).
    public var url: String
    /// The status code, for example 200.
    public var status: Int
    /// The reason phrase, for example `OK`.
    public var reason: String
    /// The HTTP version, for example `HTTP/1.1`.
    public var version: String
    /// The header fields in the order received.
    public var headers: [(name: String, value: String)]
    /// The body.
    public var body: [UInt8]

    /// Creates a response.
    public init(
        url: String, status: Int, reason: String, version: String = "HTTP/1.1",
        headers: [(name: String, value: String)], body: [UInt8]
    ) {
        self.url = url
        self.status = status
        self.reason = reason
        self.version = version
        self.headers = headers
        self.body = body
    }

    /// The first value of the header `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }

    /// The status line, for example `HTTP/1.1 404 Not Found`.
    public var statusLine: String { "\(version) \(status) \(reason)" }
}

/// Why a fetch failed.
public enum HTTPFetchError: Error, CustomStringConvertible, Sendable {
    /// The URL is not an absolute `http://` or `https://` URL.
    case invalidURL(String)
    /// The server answered with a status outside 2xx (the response is kept).
    case status(url: String, response: HTTPResponse)
    /// No complete answer within the timeout.
    case timeout(url: String, seconds: Double)
    /// More redirects than allowed, or a redirect without a usable `Location`.
    case redirects(url: String, problem: String)
    /// The body was larger than the limit.
    case bodyTooLarge(url: String, limit: Int)
    /// Connecting, TLS or the connection itself failed.
    case connection(url: String, problem: String)

    /// One line for a person.
    public var description: String {
        switch self {
        case .invalidURL(let url): return "\(url): not an http:// or https:// URL"
        case .status(let url, let response): return "\(url): \(response.statusLine)"
        case .timeout(let url, let seconds): return "\(url): no complete response within \(seconds) s"
        case .redirects(let url, let problem): return "\(url): \(problem)"
        case .bodyTooLarge(let url, let limit): return "\(url): the body is larger than \(limit) bytes"
        case .connection(let url, let problem): return "\(url): \(problem)"
        }
    }
}
