import NIOCore
import NIOHTTP1

/// Closes a connection whose request does not arrive in time: the whole request
/// within ``ConnectionLimits/headerTimeout`` of the accept, or of the first byte
/// after an idle spell; the next request's first byte within
/// ``ConnectionLimits/idleTimeout`` of the last response. No limit runs while a
/// request is being answered (`--scrape-timeout` bounds that).
///
/// It sits after the HTTP codec, where requests and responses begin and end;
/// ``ByteArrival``, before the codec, tells it when bytes come in.
final class RequestDeadlineHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    /// Placed first in the pipeline: announces each read to the handler above
    /// the codec, which cannot see a request that is only partly in.
    final class ByteArrival: ChannelInboundHandler, RemovableChannelHandler {
        typealias InboundIn = ByteBuffer
        typealias InboundOut = ByteBuffer

        /// The event it sends up the pipeline.
        struct Event: Sendable {}

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            context.fireUserInboundEventTriggered(Event())
            context.fireChannelRead(data)
        }
    }

    private enum State {
        /// A request is coming in, under the header timeout.
        case reading
        /// A request has arrived and is being answered: no timeout.
        case answering
        /// Between requests, under the idle timeout.
        case idle
    }

    private let limits: ConnectionLimits
    private var state = State.reading
    private var timer: Scheduled<Void>?

    init(limits: ConnectionLimits) {
        self.limits = limits
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { arm(limits.headerTimeout, context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        if timer == nil, state == .reading { arm(limits.headerTimeout, context: context) }
        context.fireChannelActive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        disarm()
    }

    func channelInactive(context: ChannelHandlerContext) {
        disarm()
        context.fireChannelInactive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard event is ByteArrival.Event else {
            context.fireUserInboundEventTriggered(event)
            return
        }
        if state == .idle {
            state = .reading
            arm(limits.headerTimeout, context: context)
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            // A request the codec held back (pipelined) arrives while idle: its
            // bytes are in, so the header timeout has nothing left to wait for.
            if state == .idle { state = .reading }
        case .body:
            break
        case .end:
            state = .answering
            disarm()
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data), state == .answering {
            state = .idle
            arm(limits.idleTimeout, context: context)
        }
        context.write(data, promise: promise)
    }

    private func arm(_ timeout: Duration, context: ChannelHandlerContext) {
        disarm()
        let (seconds, attoseconds) = timeout.components
        let nanoseconds = seconds * 1_000_000_000 + attoseconds / 1_000_000_000
        timer = context.eventLoop.assumeIsolated().scheduleTask(in: .nanoseconds(nanoseconds)) {
            context.close(promise: nil)
        }
    }

    private func disarm() {
        timer?.cancel()
        timer = nil
    }
}
