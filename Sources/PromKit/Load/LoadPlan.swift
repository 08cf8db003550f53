import NIOCore
import NIOSSL

/// The immutable, ready-to-use parts of a run that every connection shares.
struct LoadPlan: Sendable {
    /// The resolved server address.
    var address: SocketAddress
    /// The request, encoded once.
    var request: ByteBuffer
    /// TLS, for https targets.
    var tls: NIOSSLContext?
    /// The name sent for SNI and checked against the certificate.
    var serverHostname: String?
    /// Per-request timeout in nanoseconds.
    var timeout: UInt64
    /// Whether each request gets its own connection.
    var disableKeepAlive: Bool
    /// False for HEAD, whose responses have no body.
    var expectsBody: Bool
    /// Whether latency counts from the intended send time (open loop).
    var openLoop: Bool
}
