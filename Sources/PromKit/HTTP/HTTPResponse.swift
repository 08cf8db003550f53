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
