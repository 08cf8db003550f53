import NIOCore

/// One connection of `TestHTTPServer`: reads requests from raw bytes and answers by path.
final class TestHTTPConnection: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let server: TestHTTPServer
    private let worker: Int
    private var pending = ByteBuffer()

    init(server: TestHTTPServer, worker: Int) {
        self.server = server
        self.worker = worker
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        pending.writeBuffer(&buffer)
        while let (path, close) = nextRequest() {
            respond(context: context, path: path, close: close)
        }
    }

    /// Takes one complete request from the pending bytes: its path and whether it asked to close.
    private func nextRequest() -> (String, Bool)? {
        let view = pending.readableBytesView
        guard let end = view.firstRange(of: Array("\r\n\r\n".utf8)) else { return nil }
        let head = String(decoding: view[view.startIndex..<end.lowerBound], as: UTF8.self)
        let lines = head.split(separator: "\r\n")
        let parts = lines.first?.split(separator: " ") ?? []
        var length = 0
        var close = false
        for line in lines.dropFirst() {
            let lower = line.lowercased()
            if lower.hasPrefix("content-length:") { length = Int(lower.dropFirst(15).trimmingCharacters()) ?? 0 }
            if lower.hasPrefix("connection:") && lower.contains("close") { close = true }
        }
        let total = end.upperBound - view.startIndex + length
        guard pending.readableBytes >= total else { return nil }
        pending.moveReaderIndex(forwardBy: total)
        pending.discardReadBytes()
        let path = parts.count > 1 ? String(parts[1]) : "/"
        return (path, close)
    }

    private func respond(context: ChannelHandlerContext, path: String, close: Bool) {
        server.record(path, worker: worker)
        let connection = close ? "Connection: close\r\n" : ""
        switch path {
        case "/":
            send(
                context, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: text/plain\r\n\(connection)\r\nok",
                close)
        case "/chunked":
            send(
                context,
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\(connection)\r\n3\r\nabc\r\n2;x=y\r\nde\r\n0\r\n\r\n",
                close)
        case "/close":
            send(context, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok", true)
        case "/extra":
            send(context, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokJUNK", false)
        case "/eof":
            send(context, "HTTP/1.0 200 OK\r\n\r\nbody until close", true)
        case "/slow":
            let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
            context.eventLoop.scheduleTask(in: server.slowDelay) {
                self.send(loopBound.value, "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\(connection)\r\nslow", close)
            }
        case "/hang":
            break
        case "/reset":
            context.close(promise: nil)
        case "/garbage":
            send(context, "SPDY/9 nonsense\r\n\r\n", false)
        case "/notfound":
            send(context, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\(connection)\r\n", close)
        case "/metrics":
            send(context, "HTTP/1.1 307 Temporary Redirect\r\nLocation: /metrics/\r\nContent-Length: 0\r\n\r\n", close)
        case "/metrics/":
            let body = server.metricsText(worker: worker)
            send(
                context,
                "HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4\r\nContent-Length: \(body.utf8.count)\r\n"
                    + "\(connection)\r\n\(body)", close)
        default:
            send(context, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\(connection)\r\n", close)
        }
    }

    private func send(_ context: ChannelHandlerContext, _ text: String, _ close: Bool) {
        let buffer = context.channel.allocator.buffer(string: text)
        if close {
            let channel = context.channel
            context.writeAndFlush(wrapOutboundOut(buffer)).whenComplete { _ in channel.close(promise: nil) }
        } else {
            context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
        }
    }
}

extension StringProtocol {
    fileprivate func trimmingCharacters() -> String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
