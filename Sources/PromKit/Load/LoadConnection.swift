import NIOCore
import NIOPosix
import NIOSSL

/// One of a worker's connections: sends a request, waits for its response, and sends the
/// next, reconnecting when the server or an error closes it. Confined to its event loop:
/// made, used and dropped there, and handed to the loop's callbacks through `assumeIsolated()`.
final class LoadConnection {
    enum Phase { case idle, connecting, waiting, inFlight, closing, finished }

    private let worker: LoadWorker  // released when the worker drops its connections at the end
    private let coordinator: LoadCoordinator
    private let request: NIOAny
    private let timeout: UInt64
    private let expectsBody: Bool
    private let openLoop: Bool
    private let disableKeepAlive: Bool
    private(set) var phase = Phase.idle
    private var context: ChannelHandlerContext?
    private var parser = ResponseParser()
    private var intended: UInt64 = 0
    private var sentAt: UInt64 = 0
    private var pendingError: LoadErrorKind?
    private var pendingDetail: String?
    private var scheduled: Scheduled<Void>?
    private var connectFailures = 0

    init(worker: LoadWorker) {
        self.worker = worker
        let plan = worker.plan
        coordinator = worker.coordinator
        request = NIOAny(plan.request)
        timeout = plan.timeout
        expectsBody = plan.expectsBody
        openLoop = plan.openLoop
        disableKeepAlive = plan.disableKeepAlive
    }

    /// Claims and sends the next request, or finishes when the run sends no more.
    func next(now: UInt64 = NIODeadline.now().uptimeNanoseconds) {
        guard let intended = coordinator.claim(now: now) else { return finish() }
        self.intended = intended
        if intended > now &+ 200_000 {
            phase = .waiting
            scheduled = worker.loop.assumeIsolated().scheduleTask(deadline: .uptimeNanoseconds(intended)) { [self] in
                scheduled = nil
                fire()
            }
        } else {
            fire(now: now)
        }
    }

    private func fire(now: UInt64? = nil) {
        if context != nil { return send(now: now) }
        phase = .connecting
        let plan = worker.plan
        let this = NIOLoopBound(self, eventLoop: worker.loop)
        let bootstrap = ClientBootstrap(group: worker.loop)
            .connectTimeout(.nanoseconds(Int64(plan.timeout)))
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .channelOption(.maxMessagesPerRead, value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls = plan.tls {
                        let handler = try NIOSSLClientHandler(context: tls, serverHostname: plan.serverHostname)
                        try channel.pipeline.syncOperations.addHandler(handler)
                    }
                    try channel.pipeline.syncOperations.addHandler(LoadChannelHandler(connection: this.value))
                }
            }
        bootstrap.connect(to: plan.address).assumeIsolated().whenComplete { [self] result in
            switch result {
            case .success:
                connectFailures = 0
                if context != nil, phase == .connecting { send() }
            case .failure(let error):
                context = nil
                worker.stats.record(.connect, ErrorText.describe(error))
                retryAfterConnectFailure()
            }
        }
    }

    private func retryAfterConnectFailure() {
        connectFailures += 1
        let backoff = Int64(min(100, 5 << min(connectFailures, 5)))
        phase = .waiting
        scheduled = worker.loop.assumeIsolated().scheduleTask(in: .milliseconds(backoff)) { [self] in
            scheduled = nil
            next()
        }
    }

    private func send(now: UInt64? = nil) {
        guard let context else { return fire() }
        parser.reset(expectsBody: expectsBody)
        sentAt = now ?? NIODeadline.now().uptimeNanoseconds
        if !openLoop { intended = sentAt }
        pendingError = nil
        pendingDetail = nil
        phase = .inFlight
        context.writeAndFlush(request, promise: nil)
    }

    /// A new channel became active (the connect may not have reported yet).
    func attached(_ context: ChannelHandlerContext) {
        self.context = context
        if phase == .connecting { send() }
    }

    /// Bytes arrived on the channel.
    func received(_ buffer: ByteBuffer) {
        worker.stats.bytesRead &+= buffer.readableBytes
        guard phase == .inFlight else {
            context?.close(promise: nil)  // bytes nobody asked for: drop the connection
            return
        }
        let outcome = buffer.withUnsafeReadableBytes { parser.feed($0) }
        switch outcome {
        case .needMore:
            return
        case .complete(let consumed):
            // Bytes beyond the response mean the connection cannot be trusted with another request.
            complete(reuse: consumed == buffer.readableBytes)
        case .malformed(let problem):
            closeChannel(counting: .malformed, problem)
        }
    }

    private func complete(reuse: Bool) {
        let now = NIODeadline.now().uptimeNanoseconds
        worker.stats.record(status: parser.status, nanoseconds: now &- intended)
        if reuse && parser.keepAlive && !disableKeepAlive {
            phase = .idle
            next(now: now)
        } else {
            closeChannel(counting: nil)
        }
    }

    /// Closes the channel on purpose; `kind` counts the in-flight request as failed.
    private func closeChannel(counting kind: LoadErrorKind?, _ detail: @autoclosure () -> String = "") {
        if let kind, phase == .inFlight { worker.stats.record(kind, detail()) }
        if phase != .finished { phase = .closing }
        context?.close(promise: nil)
    }

    /// An error on the channel; the close that follows decides how it counts.
    func failed(_ error: Error) {
        if error is NIOSSLError && !parser.started { pendingError = .connect }
        if pendingDetail == nil { pendingDetail = ErrorText.describe(error) }
    }

    /// The channel closed.
    func closed() {
        context = nil
        switch phase {
        case .inFlight:
            if parser.endsAtClose, case .complete = parser.finish() {
                let now = NIODeadline.now().uptimeNanoseconds
                worker.stats.record(status: parser.status, nanoseconds: now &- intended)
            } else {
                worker.stats.record(
                    pendingError ?? .reset, pendingDetail ?? "connection closed before the response was complete")
            }
            phase = .idle
            next()
        case .closing:
            phase = .idle
            next()
        case .idle, .waiting, .connecting, .finished:
            break  // an idle keep-alive connection closed by the server: the next send reconnects
        }
    }

    /// Periodic check: timeouts, and the stop and abort signals.
    func check(now: UInt64, phase runPhase: LoadCoordinator.Phase) {
        switch phase {
        case .inFlight:
            if runPhase == .aborting {
                worker.stats.record(.interrupted, "interrupted while waiting for the response")
                finish()
            } else if now &- sentAt > timeout {
                closeChannel(counting: .timeout, "no complete response within \(timeout / 1_000_000) ms")
            }
        case .waiting where runPhase != .running:
            scheduled?.cancel()
            scheduled = nil
            finish()
        default:
            break
        }
    }

    private func finish() {
        guard phase != .finished else { return }
        phase = .finished
        context?.close(promise: nil)
        worker.connectionFinished()
    }
}
