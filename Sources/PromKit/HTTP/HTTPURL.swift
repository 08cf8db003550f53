/// An absolute `http://` or `https://` URL, split into what a request needs:
/// scheme, host, port and request target. `load`, `verify`, `validate` and
/// `lint` all read their URLs through this one type.
public struct HTTPURL: Sendable, Equatable, CustomStringConvertible {
    /// `http` or `https`.
    public enum Scheme: String, Sendable { case http, https }

    /// The scheme.
    public let scheme: Scheme
    /// The host name or address, without IPv6 brackets.
    public let host: String
    /// The TCP port (80 or 443 when the URL gives none).
    public let port: Int
    /// The request target: path and query, at least `/`; no fragment.
    public let path: String
    /// The URL as the user wrote it, which messages repeat; `origin + path` for one built from parts.
    public let description: String

    /// Parses an absolute `http://` or `https://` URL. User information
    /// (`user@`) and the fragment (`#...`) are dropped; an empty port means the default.
    public init(parsing text: String) throws(HTTPURLError) {
        if let bad = text.unicodeScalars.first(where: { $0.value <= 0x20 || $0.value == 0x7F }) {
            throw .character(text, bad.value)
        }
        guard let colon = text.firstIndex(of: ":"), text[colon...].hasPrefix("://") else {
            throw .noScheme(text)
        }
        guard let scheme = Scheme(rawValue: text[..<colon].lowercased()) else {
            throw .unsupportedScheme(text, String(text[..<colon]))
        }
        let rest = text[colon...].dropFirst(3)
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        var authority = rest[..<authorityEnd]
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        var target = rest[authorityEnd...]
        if let hash = target.firstIndex(of: "#") { target = target[..<hash] }
        let host: Substring
        var portText: Substring = ""
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw .unclosedBracket(text) }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            guard after.isEmpty || after.hasPrefix(":") else { throw .textAfterBracket(text) }
            portText = after.dropFirst()
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            portText = authority[authority.index(after: colon)...]
        } else {
            host = authority
        }
        guard !host.isEmpty else { throw .noHost(text) }
        var port = scheme == .https ? 443 : 80
        if !portText.isEmpty {
            guard portText.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let value = Int(portText),
                (1...65_535).contains(value)
            else { throw .badPort(text) }
            port = value
        }
        self.scheme = scheme
        self.host = String(host)
        self.port = port
        self.path = target.isEmpty || target.hasPrefix("?") ? "/" + target : String(target)
        self.description = text
    }

    /// A URL from its parts; an empty `path` is `/`.
    public init(scheme: Scheme, host: String, port: Int, path: String) {
        self.scheme = scheme
        self.host = host
        self.port = port
        self.path = path.isEmpty || path.hasPrefix("?") ? "/" + path : path
        let shown = host.contains(":") ? "[\(host)]" : host
        let isDefault = port == (scheme == .https ? 443 : 80)
        self.description = "\(scheme.rawValue)://" + (isDefault ? shown : "\(shown):\(port)") + self.path
    }

    /// The `Host` header value: the host, bracketed if IPv6, with the port unless it is the scheme's default.
    public var hostHeader: String {
        let shown = host.contains(":") ? "[\(host)]" : host
        return port == (scheme == .https ? 443 : 80) ? shown : "\(shown):\(port)"
    }

    /// `scheme://host[:port]`.
    public var origin: String { "\(scheme.rawValue)://\(hostHeader)" }

    /// Whether the host is an IP address literal (a TLS client sends no server name then).
    public var hostIsAddress: Bool {
        host.contains(":") || host.split(separator: ".").count == 4 && host.allSatisfy { $0.isNumber || $0 == "." }
    }

    /// The same origin with another request target.
    public func with(path: String) -> HTTPURL {
        HTTPURL(scheme: scheme, host: host, port: port, path: path)
    }

    /// For a file path that does not exist but reads like a URL without its
    /// scheme (`localhost:8000/metrics`): the hint to write the scheme, else "".
    public static func schemeHint(for path: String) -> String {
        let authority = path.split(separator: "/", maxSplits: 1).first ?? ""
        let parts = authority.split(separator: ":")
        guard parts.count == 2, !parts[0].isEmpty, let port = Int(parts[1]), (1...65_535).contains(port) else {
            return ""
        }
        return "; for a URL, write http://\(path)"
    }
}
