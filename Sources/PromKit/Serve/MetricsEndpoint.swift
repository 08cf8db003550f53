import Logging
import NIOCore
import NIOHTTP1
import NIOPosix

/// The exporter's HTTP semantics, apart from any socket: a request in, a response out.
///
/// - `GET /metrics` scrapes the directory and renders it in the format the
///   `Accept` header asks for (``ContentNegotiation``); `?name[]=` restricts
///   the samples. (gzip is the server's: NIO's `HTTPResponseCompressor`
///   after ``GzipAcceptance``.)
/// - `GET /healthz` answers 200 `ok`.
/// - `HEAD` answers as `GET` without the body.
/// - Other paths answer 404, other methods 405 with `Allow: GET, HEAD`.
/// - A damaged file answers 500 with its path and byte offset; a scrape that
///   takes longer than the timeout answers 503.
///
/// Scrapes run on a thread pool, so they proceed in parallel and never block
/// an event loop.
public final class MetricsEndpoint: Sendable {
    /// A response: status, headers and body.
    public struct Response: Sendable {
        /// The status.
        public var status: HTTPResponseStatus
        /// The headers, `Content-Length` included.
        public var headers: HTTPHeaders
        /// The body (empty for `HEAD`).
        public var body: [UInt8]
    }

    private let configuration: ServeConfiguration
    private let pool: NIOThreadPool
    private let logger: Logger

    /// Creates an endpoint that scrapes on `pool` (started by the caller) and logs
    /// through `logger`: skipped files and refused or timed-out scrapes as warnings,
    /// failed scrapes as errors, one line per scrape at debug.
    public init(configuration: ServeConfiguration, pool: NIOThreadPool, logger: Logger) {
        self.configuration = configuration
        self.pool = pool
        self.logger = logger
    }

    /// Answers one request.
    public func respond(to head: HTTPRequestHead, on eventLoop: any EventLoop) async -> Response {
        let isHead = head.method == .HEAD
        guard head.method == .GET || isHead else {
            var response = Self.plain(
                .methodNotAllowed, "method \(head.method.rawValue) not allowed; use GET or HEAD\n")
            response.headers.add(name: "Allow", value: "GET, HEAD")
            return response
        }
        let (path, query) = QueryString.split(head.uri)
        var response: Response
        switch path {
        case "/metrics":
            response = await metrics(head: head, query: query, on: eventLoop)
        case "/healthz":
            response = Self.plain(.ok, "ok\n")
        default:
            response = Self.plain(.notFound, "not found: \(path); metrics are at /metrics\n")
        }
        if isHead { response.body = [] }
        return response
    }

    private func metrics(head: HTTPRequestHead, query: String, on eventLoop: any EventLoop) async -> Response {
        let accept = head.headers["accept"].joined(separator: ",")
        let negotiated: ContentNegotiation
        do {
            negotiated = try ContentNegotiation.choose(accept: accept)
        } catch {
            return Self.plain(.internalServerError, "\(error)\n")
        }
        let names = QueryString.values(of: "name[]", in: query)
        let configuration = self.configuration
        let logger = self.logger
        let work: @Sendable () throws -> Response = {
            let scrape: MetricsScrape
            do {
                scrape = try MetricsScrape.collect(
                    directory: configuration.directory, skipInvalid: configuration.skipInvalid,
                    selfMetrics: configuration.selfMetrics, lockWait: configuration.lockWait)
            } catch MetricsScrape.Failure.busy(let error) {
                // A wrong number answered 200 is worse than no number.
                logger.warning("scrape refused: \(error)")
                return Self.plain(.serviceUnavailable, "scrape refused: \(error)\n")
            } catch {
                logger.error("scrape failed: \(error)")
                return Self.plain(.internalServerError, "scrape failed: \(error)\n")
            }
            for skipped in scrape.skipped { logger.warning("skipped \(skipped)") }
            let families = names.isEmpty ? scrape.families : MetricsScrape.restrict(scrape.families, to: Set(names))
            let body = negotiated.format.render(families, escaping: negotiated.escaping)
            let headers = HTTPHeaders([
                ("Content-Type", negotiated.contentType), ("Content-Length", String(body.count)),
            ])
            logger.debug(
                """
                scraped \(scrape.filesRead) file(s) in \(Int((scrape.seconds * 1000).rounded())) ms: \
                \(body.count) bytes of \(negotiated.contentType)
                """)
            return Response(status: .ok, headers: headers, body: body)
        }
        do {
            return try await Deadline.run(work, on: pool, eventLoop: eventLoop, timeout: configuration.scrapeTimeout)
        } catch let error as Deadline.Expired {
            logger.warning("scrape timed out: \(error)")
            return Self.plain(.serviceUnavailable, "scrape timed out: \(error)\n")
        } catch {
            logger.error("scrape failed: \(error)")
            return Self.plain(.internalServerError, "scrape failed: \(error)\n")
        }
    }

    /// A `text/plain` response.
    static func plain(_ status: HTTPResponseStatus, _ text: String) -> Response {
        let body = Array(text.utf8)
        return Response(
            status: status,
            headers: HTTPHeaders([
                ("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", String(body.count)),
            ]), body: body)
    }
}
