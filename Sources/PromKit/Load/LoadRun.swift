import NIOCore
import NIOPosix
import NIOSSL
import Synchronization

/// One load run: sends requests as configured and reports what came back.
///
/// Create it, call `run()`, and from elsewhere `stop()` (stop sending, drain what is in
/// flight) or `abort()` (give up on what is in flight), e.g. on Ctrl-C. `progress()` reads
/// the counts so far while it runs.
public final class LoadRun: Sendable {
    /// The configuration being run.
    public let configuration: LoadConfiguration
    private let live = Mutex<(workers: [LoadWorker], coordinator: LoadCoordinator?, stop: LoadCoordinator.Phase?)>(
        ([], nil, nil))

    /// A run of `configuration`.
    public init(_ configuration: LoadConfiguration) {
        self.configuration = configuration
    }

    /// Sends the load and waits for every request to be answered, fail, or time out.
    public func run() async throws(LoadError) -> LoadReport {
        let plan = try makePlan()
        let threads = max(1, min(configuration.threads, configuration.connections))
        let group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
        let start = NIODeadline.now().uptimeNanoseconds
        let coordinator = LoadCoordinator(
            limit: configuration.requests, start: start, duration: configuration.duration, rate: configuration.rate)
        let workers = (0..<threads).map { _ in LoadWorker(loop: group.next(), coordinator: coordinator, plan: plan) }
        let pending = live.withLock { state in
            state.workers = workers
            state.coordinator = coordinator
            return state.stop
        }
        if let pending { coordinator.advance(to: pending) }
        let futures = workers.enumerated().map { index, worker in
            worker.start(
                connections: configuration.connections / threads + (index < configuration.connections % threads ? 1 : 0)
            )
        }
        await withTaskCancellationHandler {
            for future in futures { try? await future.get() }
        } onCancel: {
            self.stop()
        }
        let end = NIODeadline.now().uptimeNanoseconds
        var total = LoadStatistics()
        for worker in workers {
            if let stats = try? await worker.snapshot().get() { total.add(stats) }
        }
        live.withLock { $0.workers = [] }
        try? await group.shutdownGracefully()
        return LoadReport(
            statistics: total, seconds: Double(end &- start) / 1e9, configuration: configuration,
            threads: threads, interrupted: coordinator.phase != .running)
    }

    /// Stops sending; requests in flight are still waited for (up to the timeout).
    public func stop() { signal(.stopping) }

    /// Stops at once; requests in flight count as `interrupted`.
    public func abort() { signal(.aborting) }

    private func signal(_ phase: LoadCoordinator.Phase) {
        let (workers, coordinator) = live.withLock { state in
            if (state.stop?.rawValue ?? -1) < phase.rawValue { state.stop = phase }
            return (state.workers, state.coordinator)
        }
        coordinator?.advance(to: phase)
        for worker in workers { worker.signal() }
    }

    /// The counts so far, or nil before the run starts or after it ends.
    public func progress() async -> LoadProgress? {
        let (workers, coordinator) = live.withLock { ($0.workers, $0.coordinator) }
        guard let coordinator, !workers.isEmpty else { return nil }
        var total = LoadStatistics()
        for worker in workers {
            guard let stats = try? await worker.snapshot().get() else { return nil }
            total.add(stats)
        }
        return LoadProgress(
            responses: total.responses, errors: total.errorTotal, total: configuration.requests,
            seconds: Double(NIODeadline.now().uptimeNanoseconds &- coordinator.start) / 1e9,
            p99Seconds: total.p99Seconds)
    }

    private func makePlan() throws(LoadError) -> LoadPlan {
        let target = configuration.target
        let address: SocketAddress
        do {
            address = try SocketAddress.makeAddressResolvingHost(target.host, port: target.port)
        } catch {
            throw .unresolvable(target.host, "\(error)")
        }
        var tls: NIOSSLContext? = nil
        if target.scheme == .https {
            var tlsConfiguration = TLSConfiguration.makeClientConfiguration()
            if configuration.insecure { tlsConfiguration.certificateVerification = .none }
            do {
                tls = try NIOSSLContext(configuration: tlsConfiguration)
            } catch {
                throw .tls("\(error)")
            }
        }
        let isAddress = (try? SocketAddress(ipAddress: target.host, port: target.port)) != nil
        return LoadPlan(
            address: address, request: ByteBuffer(bytes: configuration.requestBytes()), tls: tls,
            serverHostname: isAddress ? nil : target.host,
            timeout: UInt64(max(1_000_000, DurationText.nanoseconds(configuration.timeout))),
            disableKeepAlive: configuration.disableKeepAlive,
            expectsBody: configuration.method.uppercased() != "HEAD", openLoop: configuration.rate != nil)
    }
}

/// Counts part-way through a run, for a progress line.
public struct LoadProgress: Sendable {
    /// Responses so far.
    public var responses: Int
    /// Failed requests so far.
    public var errors: Int
    /// The total requests, if bounded by count.
    public var total: Int?
    /// Seconds since the start.
    public var seconds: Double
    /// The 99th percentile latency so far, in seconds.
    public var p99Seconds: Double
}
