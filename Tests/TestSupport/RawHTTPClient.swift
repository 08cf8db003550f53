import Dispatch
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A plain HTTP/1.1 client over a blocking socket, for talking to a live
/// server exactly byte for byte: well-formed requests and garbage alike.
/// Calls run on a Dispatch queue, never on the Swift concurrency pool.
public struct RawHTTPClient: Sendable {
    /// The server's port on 127.0.0.1.
    public var port: Int

    /// A client for 127.0.0.1:`port`.
    public init(port: Int) { self.port = port }

    /// A parsed response.
    public struct Response: Sendable {
        /// The status code.
        public var status: Int
        /// The headers in order.
        public var headers: [(String, String)]
        /// The body (`Content-Length` bytes).
        public var body: [UInt8]
        /// Everything received.
        public var raw: [UInt8]

        /// The first header called `name`, case-insensitively.
        public func header(_ name: String) -> String? {
            headers.first { $0.0.lowercased() == name.lowercased() }?.1
        }

        /// The body as UTF-8 text.
        public var text: String { String(decoding: body, as: UTF8.self) }
    }

    /// A connection or protocol failure.
    public struct Failure: Error, CustomStringConvertible {
        /// What went wrong.
        public var description: String
        /// Creates a failure.
        public init(description: String) { self.description = description }
    }

    /// Sends `GET`/`HEAD`/... `path` with `headers` and `Connection: close`, reads the whole response.
    public func request(_ method: String = "GET", _ path: String, headers: [(String, String)] = []) async throws
        -> Response
    {
        var text = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        text += "\r\n"
        let raw = try await exchange(Array(text.utf8))
        return try Self.parse(raw, head: method == "HEAD")
    }

    /// Connects `descriptor` (a TCP socket) to 127.0.0.1:`port`; `connect`'s result.
    public static func connectToLoopback(_ descriptor: Int32, port: Int) -> Int32 {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
    }

    /// Sends `bytes` as they are (then, with `halfClose`, shuts the sending side)
    /// and returns everything the server sent before closing.
    public func exchange(_ bytes: [UInt8], halfClose: Bool = false, timeout: Double = 20) async throws -> [UInt8] {
        let port = self.port
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(
                    with: Result {
                        try Self.blockingExchange(bytes, port: port, halfClose: halfClose, timeout: timeout)
                    })
            }
        }
    }

    private static func blockingExchange(
        _ bytes: [UInt8], port: Int, halfClose: Bool, timeout: Double
    ) throws -> [UInt8] {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw Failure(description: "socket failed") }
        defer { close(socket) }
        var time = timeval(tv_sec: Int(timeout), tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        let connected = RawHTTPClient.connectToLoopback(socket, port: port)
        guard connected == 0 else { throw Failure(description: "connect to port \(port) failed: errno \(errno)") }
        var sent = 0
        while sent < bytes.count {
            let count = bytes.withUnsafeBytes { send(socket, $0.baseAddress! + sent, $0.count - sent, 0) }
            guard count > 0 else { throw Failure(description: "send failed: errno \(errno)") }
            sent += count
        }
        if halfClose { shutdown(socket, Int32(SHUT_WR)) }
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            if count < 0, errno == EINTR { continue }
            if count < 0 { throw Failure(description: "recv failed: errno \(errno) after \(received.count) bytes") }
            if count == 0 { break }
            received.append(contentsOf: chunk[0..<count])
        }
        return received
    }

    /// Parses one response: status line, headers, and a body of `Content-Length` bytes.
    public static func parse(_ raw: [UInt8], head: Bool = false) throws -> Response {
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        guard let end = raw.indices.first(where: { raw[$0...].starts(with: separator) }) else {
            throw Failure(description: "no complete response head in \(raw.count) bytes")
        }
        let lines = String(decoding: raw[..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else {
            throw Failure(description: "bad status line \(lines[0])")
        }
        let headers: [(String, String)] = lines.dropFirst().compactMap { line in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        var body = Array(raw[(end + 4)...])
        let length = headers.first { $0.0.lowercased() == "content-length" }.flatMap { Int($0.1) }
        if let length, !head {
            guard body.count >= length else { throw Failure(description: "body \(body.count) < \(length)") }
            body = Array(body[0..<length])
        }
        return Response(status: status, headers: headers, body: body, raw: raw)
    }
}
