import NIOCore

/// Connects a channel's events to its `LoadConnection`.
final class LoadChannelHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let connection: LoadConnection

    init(connection: LoadConnection) {
        self.connection = connection
    }

    func channelActive(context: ChannelHandlerContext) {
        connection.attached(context)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        connection.received(unwrapInboundIn(data))
    }

    func channelInactive(context: ChannelHandlerContext) {
        connection.closed()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        connection.failed(error)
        context.close(promise: nil)
    }
}
