/// Why a load run (or its verification) could not be done.
public enum LoadError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The host name did not resolve: host and the resolver's message.
    case unresolvable(String, String)
    /// A body file could not be read: path and reason.
    case unreadableBody(String, String)
    /// A header given with `-H` is not `Name: value`.
    case invalidHeader(String)
    /// TLS could not be set up.
    case tls(String)

    /// The message for a person, naming the URL, host, file or text at fault.
    public var description: String {
        switch self {
        case .unresolvable(let host, let reason): "\(host): cannot resolve: \(reason)"
        case .unreadableBody(let path, let reason): "\(path): cannot read body: \(reason)"
        case .invalidHeader(let header): "invalid header '\(header)': expected 'Name: value'"
        case .tls(let reason): "TLS: \(reason)"
        }
    }
}
