/// Where a load run sends its requests: scheme, host, port and request target.
public struct LoadTarget: Sendable, Equatable, CustomStringConvertible {
    /// `http` or `https`.
    public enum Scheme: String, Sendable { case http, https }

    /// The scheme.
    public var scheme: Scheme
    /// The host name or address, without IPv6 brackets.
    public var host: String
    /// The TCP port (80 or 443 when the URL gives none).
    public var port: Int
    /// The request target: path and query, at least `/`.
    public var path: String

    /// Parses an absolute `http://` or `https://` URL.
    public init(parsing url: String) throws(LoadError) {
        guard let colon = url.firstIndex(of: ":"), url[colon...].hasPrefix("://"),
            let scheme = Scheme(rawValue: url[..<colon].lowercased())
        else {
            throw .invalidURL(url, "expected http:// or https://")
        }
        self.scheme = scheme
        let rest: Substring = url[colon...].dropFirst(3)
        let authorityEnd: String.Index =
            rest.firstIndex { (c: Character) in c == "/" || c == "?" || c == "#" } ?? rest.endIndex
        var authority: Substring = rest[..<authorityEnd]
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        var pathPart = String(rest[authorityEnd...])
        if let hash = pathPart.firstIndex(of: "#") { pathPart = String(pathPart[..<hash]) }
        if pathPart.isEmpty || pathPart.hasPrefix("?") { pathPart = "/" + pathPart }
        self.path = pathPart
        var portText: Substring? = nil
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw .invalidURL(url, "unclosed [ in host") }
            host = String(authority[authority.index(after: authority.startIndex)..<close])
            let after = authority[authority.index(after: close)...]
            if after.hasPrefix(":") {
                portText = after.dropFirst()
            } else if !after.isEmpty {
                throw .invalidURL(url, "unexpected text after ]")
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = String(authority[..<colon])
            portText = authority[authority.index(after: colon)...]
        } else {
            host = String(authority)
        }
        guard !host.isEmpty else { throw .invalidURL(url, "no host") }
        if let portText {
            guard let value = Int(portText), (1...65535).contains(value) else {
                throw .invalidURL(url, "port must be 1-65535")
            }
            port = value
        } else {
            port = scheme == .https ? 443 : 80
        }
    }

    /// Creates a target from its parts.
    public init(scheme: Scheme, host: String, port: Int, path: String) {
        self.scheme = scheme
        self.host = host
        self.port = port
        self.path = path.isEmpty ? "/" : path
    }

    /// The `Host` header value: the host, bracketed if IPv6, with the port unless it is the default.
    public var hostHeader: String {
        let name = host.contains(":") ? "[\(host)]" : host
        let isDefault = (scheme == .http && port == 80) || (scheme == .https && port == 443)
        return isDefault ? name : "\(name):\(port)"
    }

    /// `scheme://host[:port]`.
    public var origin: String { "\(scheme.rawValue)://\(hostHeader)" }

    /// The whole URL.
    public var description: String { origin + path }

    /// Resolves a `Location` header value (absolute, scheme-relative, or a path) against this target.
    public func resolving(_ location: String) throws(LoadError) -> LoadTarget {
        if location.contains("://") { return try LoadTarget(parsing: location) }
        if location.hasPrefix("//") { return try LoadTarget(parsing: "\(scheme.rawValue):\(location)") }
        if location.hasPrefix("/") { return LoadTarget(scheme: scheme, host: host, port: port, path: location) }
        let query = path.firstIndex(of: "?").map { path[..<$0] } ?? path[...]
        let directory = query.lastIndex(of: "/").map { query[...$0] } ?? "/"
        return LoadTarget(scheme: scheme, host: host, port: port, path: directory + location)
    }
}
