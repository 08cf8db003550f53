import NIOCore
import NIOHTTP1

/// Rewrites a request's `Accept-Encoding` to what prometheus_client's
/// `gzip_accepted` decides, for the `HTTPResponseCompressor` after it: `gzip`
/// when any listed coding is gzip (in any case, whatever its q-value), none
/// otherwise, and none for `HEAD`, whose empty body must keep the length of
/// the plain one. The compressor alone would also answer `deflate` and `*`,
/// and refuse `GZIP` or `gzip;q=0`, where prometheus_client compresses.
final class GzipAcceptance: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .head(var head) = unwrapInboundIn(data) else {
            context.fireChannelRead(data)
            return
        }
        let accepted = head.headers["accept-encoding"].joined(separator: ",")
        head.headers.remove(name: "accept-encoding")
        if head.method != .HEAD, ContentNegotiation.gzipAccepted(accepted) {
            head.headers.add(name: "Accept-Encoding", value: "gzip")
        }
        context.fireChannelRead(wrapInboundOut(.head(head)))
    }
}
