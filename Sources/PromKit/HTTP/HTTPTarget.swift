import Foundation

/// An absolute http(s) URL split into what a request needs.
struct HTTPTarget: Sendable {
    var url: String
    var secure: Bool
    var host: String
    var port: Int
    var pathAndQuery: String

    init(_ text: String) throws {
        guard let components = URLComponents(string: text),
            let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = components.host, !host.isEmpty
        else { throw HTTPFetchError.invalidURL(text) }
        url = text
        secure = scheme == "https"
        self.host = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        port = components.port ?? (secure ? 443 : 80)
        let path = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
        pathAndQuery = components.percentEncodedQuery.map { path + "?" + $0 } ?? path
    }

    /// The value of the `Host` header.
    var hostHeader: String {
        let shown = host.contains(":") ? "[\(host)]" : host
        let defaultPort = secure ? 443 : 80
        return port == defaultPort ? shown : "\(shown):\(port)"
    }

    /// Where a `Location` header points, resolved against this URL.
    func resolve(_ location: String) throws -> HTTPTarget {
        guard let base = URL(string: url), let resolved = URL(string: location, relativeTo: base) else {
            throw HTTPFetchError.redirects(url: url, problem: "redirect to an unusable Location \"\(location)\"")
        }
        return try HTTPTarget(resolved.absoluteString)
    }

    /// Whether `host` is an IP address literal (no SNI then).
    var isIPAddress: Bool {
        host.contains(":") || host.split(separator: ".").count == 4 && host.allSatisfy { $0.isNumber || $0 == "." }
    }
}
