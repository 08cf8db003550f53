/// A `HOST:PORT` to listen on: `127.0.0.1:9464`, `0.0.0.0:9464`, `[::1]:9464`, `:9464`.
///
/// The port may be 0, for a port the kernel picks (tests read it back). An
/// IPv6 host is written in brackets; an empty host means 127.0.0.1, so that
/// nothing but loopback is bound unless an address is written out.
public struct ListenAddress: Hashable, Sendable, CustomStringConvertible {
    /// The default: loopback only, the port registered for OpenTelemetry/Prometheus exporters.
    public static let `default` = ListenAddress(host: "127.0.0.1", port: 9464)

    /// The host name or address, without brackets.
    public var host: String
    /// The TCP port, 0 to 65535.
    public var port: Int

    /// Creates an address.
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Why a `HOST:PORT` text is not one.
    public struct ParseError: Error, Hashable, Sendable, CustomStringConvertible {
        /// The text as given.
        public var text: String
        /// What is wrong.
        public var reason: String
        public var description: String {
            "invalid address '\(text)': \(reason) (expected HOST:PORT, e.g. 0.0.0.0:9464)"
        }
    }

    /// Parses `HOST:PORT`, `[IPV6]:PORT` or `:PORT`.
    public static func parse(_ text: String) throws(ParseError) -> ListenAddress {
        let host: Substring
        let portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else {
                throw ParseError(text: text, reason: "missing ']' after the IPv6 address")
            }
            host = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":") else { throw ParseError(text: text, reason: "missing ':PORT' after ']'") }
            portText = rest.dropFirst()
        } else {
            guard let colon = text.lastIndex(of: ":") else { throw ParseError(text: text, reason: "missing ':PORT'") }
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
            if host.contains(":") {
                throw ParseError(text: text, reason: "an IPv6 address must be written in brackets, as [::1]:9464")
            }
        }
        guard !portText.isEmpty, portText.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            let port = Int(portText), port <= 65535
        else {
            throw ParseError(text: text, reason: "port '\(portText)' is not a number from 0 to 65535")
        }
        if host.contains(where: { $0 == " " || $0 == "/" }) {
            throw ParseError(text: text, reason: "host '\(host)' is not a host name or address")
        }
        return ListenAddress(host: host.isEmpty ? "127.0.0.1" : String(host), port: port)
    }

    /// Whether the host is a loopback address or `localhost`.
    public var isLoopback: Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    /// `HOST:PORT`, with brackets around an IPv6 host.
    public var description: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}
