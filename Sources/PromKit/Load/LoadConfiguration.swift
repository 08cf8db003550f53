import NIOCore

/// What a load run does: where, how much, how fast, and with which request.
public struct LoadConfiguration: Sendable {
    /// Where requests go.
    public var target: HTTPURL
    /// Total requests to send (each ends as a response or an error), if bounded by count.
    public var requests: Int?
    /// How long to send for, if bounded by time. In-flight requests are drained after it.
    public var duration: Duration?
    /// Concurrent connections, each with one request in flight at a time.
    public var connections: Int = 50
    /// Event loops (threads); connections are spread across them.
    public var threads: Int = System.coreCount
    /// Requests per second for an open-loop run; nil for a closed loop.
    public var rate: Double?
    /// The request method.
    public var method: String = "GET"
    /// Extra request headers, in order.
    public var headers: [(name: String, value: String)] = []
    /// The request body, if any.
    public var body: [UInt8]? = nil
    /// How long one request (or connection attempt) may take before it counts as a timeout.
    public var timeout: Duration = .seconds(10)
    /// Sends `Connection: close` and opens a new connection for every request.
    public var disableKeepAlive = false
    /// Skips TLS certificate verification.
    public var insecure = false

    /// A configuration for `target`; bound it with `requests` or `duration` before running.
    public init(target: HTTPURL) {
        self.target = target
    }

    /// Parses `Name: value`.
    public static func header(parsing text: String) throws(LoadError) -> (name: String, value: String) {
        guard let colon = text.firstIndex(of: ":") else { throw .invalidHeader(text) }
        let name = text[..<colon].strippingBlanks
        guard !name.isEmpty, !name.contains(" ") else { throw .invalidHeader(text) }
        return (String(name), String(text[text.index(after: colon)...].strippingBlanks))
    }

    /// The request bytes sent on every request.
    public func requestBytes() -> [UInt8] {
        var text = "\(method) \(target.path) HTTP/1.1\r\n"
        let lowered = Set(headers.map { $0.name.lowercased() })
        if !lowered.contains("host") { text += "Host: \(target.hostHeader)\r\n" }
        if !lowered.contains("user-agent") { text += "User-Agent: promkit/\(PromKitVersion.current)\r\n" }
        if !lowered.contains("accept") { text += "Accept: */*\r\n" }
        for header in headers { text += "\(header.name): \(header.value)\r\n" }
        if disableKeepAlive && !lowered.contains("connection") { text += "Connection: close\r\n" }
        if let body, !lowered.contains("content-length") { text += "Content-Length: \(body.count)\r\n" }
        text += "\r\n"
        var bytes = Array(text.utf8)
        if let body { bytes += body }
        return bytes
    }
}

extension Substring {
    var strippingBlanks: Substring {
        var result = self
        while let first = result.first, first == " " || first == "\t" { result = result.dropFirst() }
        while let last = result.last, last == " " || last == "\t" { result = result.dropLast() }
        return result
    }
}
