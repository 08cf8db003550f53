/// Why a fetch failed.
public enum HTTPFetchError: Error, CustomStringConvertible, Sendable {
    /// The URL is not a usable `http://` or `https://` URL.
    case invalidURL(HTTPURLError)
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

    /// What went wrong, without the URL (for a line that names it already).
    public var reason: String {
        switch self {
        case .invalidURL(let error): return "invalid URL: \(error.reason)"
        case .status(_, let response): return response.statusLine
        case .timeout(_, let seconds): return "no complete response within \(seconds) s"
        case .redirects(_, let problem), .connection(_, let problem): return problem
        case .bodyTooLarge(_, let limit): return "the body is larger than \(limit) bytes"
        }
    }

    /// One line for a person.
    public var description: String {
        switch self {
        case .invalidURL(let error):
            return "\(error.url): \(reason)"
        case .status(let url, _), .timeout(let url, _), .redirects(let url, _),
            .bodyTooLarge(let url, _), .connection(let url, _):
            return "\(url): \(reason)"
        }
    }
}
