import NIOCore

/// One event loop's share of a run: its connections and its statistics, both confined to
/// the loop. Completes `finished` when every connection has stopped.
final class LoadWorker: @unchecked Sendable {
    let loop: EventLoop
    let coordinator: LoadCoordinator
    let plan: LoadPlan
    @exclusivity(unchecked) var stats = LoadStatistics()  // confined to the loop
    private var connections: [LoadConnection] = []
    private var running = 0
    private var sweep: RepeatedTask?
    private let finished: EventLoopPromise<Void>

    init(loop: EventLoop, coordinator: LoadCoordinator, plan: LoadPlan) {
        self.loop = loop
        self.coordinator = coordinator
        self.plan = plan
        self.finished = loop.makePromise()
    }

    /// Opens `count` connections and starts sending; the future completes when all have stopped.
    func start(connections count: Int) -> EventLoopFuture<Void> {
        loop.execute { [self] in
            connections = (0..<count).map { _ in LoadConnection(worker: self) }
            running = count
            guard count > 0 else { return finished.succeed() }
            let tick = TimeAmount.nanoseconds(Int64(min(50_000_000, max(1_000_000, plan.timeout / 4))))
            sweep = loop.scheduleRepeatedTask(initialDelay: tick, delay: tick) { [self] _ in check() }
            for connection in connections { connection.next() }
        }
        return finished.futureResult
    }

    /// Looks for timed-out requests and acts on stop and abort.
    func check() {
        let now = NIODeadline.now().uptimeNanoseconds
        let phase = coordinator.phase
        for connection in connections { connection.check(now: now, phase: phase) }
    }

    /// Acts on a stop or abort at once rather than at the next tick.
    func signal() {
        loop.execute { [self] in check() }
    }

    /// A connection will send no more.
    func connectionFinished() {
        running -= 1
        if running == 0 {
            sweep?.cancel()
            sweep = nil
            loop.execute { [self] in connections = [] }  // breaks the connection -> worker cycle
            finished.succeed()
        }
    }

    /// A copy of the statistics so far, taken on the loop.
    func snapshot() -> EventLoopFuture<LoadStatistics> {
        loop.submit { [self] in stats }
    }
}
