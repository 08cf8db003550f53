/// Why a text is not a usable `http://` or `https://` URL; each case carries the text.
public enum HTTPURLError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No `scheme://` at all (`localhost:8000/metrics`).
    case noScheme(String)
    /// A scheme other than http and https: the text and the scheme.
    case unsupportedScheme(String, String)
    /// A space or control character (its code point) anywhere in the text.
    case character(String, UInt32)
    /// `[` opens an IPv6 address that no `]` closes.
    case unclosedBracket(String)
    /// Something other than `:port` follows the `]` of an IPv6 address.
    case textAfterBracket(String)
    /// The host is empty (`http:///metrics`, `http://:8000/`).
    case noHost(String)
    /// The port is not a number from 1 to 65535.
    case badPort(String)

    /// The text that was to be a URL.
    public var url: String {
        switch self {
        case .noScheme(let url), .unsupportedScheme(let url, _), .character(let url, _), .unclosedBracket(let url),
            .textAfterBracket(let url), .noHost(let url), .badPort(let url):
            return url
        }
    }

    /// What is wrong, without the URL; a URL written without its scheme gets the hint to add it.
    public var reason: String {
        switch self {
        case .noScheme(let url): return "expected http:// or https://" + HTTPURL.schemeHint(for: url)
        case .unsupportedScheme(_, let scheme): return "expected http:// or https://, not \(scheme)://"
        case .character(_, let code):
            return code == 0x20 ? "a URL holds no spaces" : "a URL holds no control characters"
        case .unclosedBracket: return "unclosed [ in host"
        case .textAfterBracket: return "unexpected text after ]"
        case .noHost: return "no host"
        case .badPort: return "port must be 1-65535"
        }
    }

    /// `URL: invalid URL: reason`.
    public var description: String { "\(url): invalid URL: \(reason)" }
}
