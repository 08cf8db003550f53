import NIOCore
import NIOPosix

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Errors of the network layer in a person's words: "Connection refused",
/// not `SingleConnectionFailure(target: [IPv4]..., error: connection reset
/// (error set): Connection refused (errno: 111))`.
public enum ErrorText {
    /// What went wrong, as `strerror` says it where a system call failed.
    public static func describe(_ error: any Error) -> String {
        switch error {
        case let error as IOError:
            return SystemError.reason(error.errnoCode)
        case let error as NIOConnectionError:
            if let first = error.connectionErrors.first { return describe(first.error) }
            if let failure = error.dnsAAAAError ?? error.dnsAError { return "cannot resolve: \(describe(failure))" }
            return "cannot connect"
        case ChannelError.connectTimeout:
            return "connection timed out"
        case ChannelError.ioOnClosedChannel, ChannelError.alreadyClosed, ChannelError.eof:
            return "connection closed"
        default:
            return "\(error)"
        }
    }
}
