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
