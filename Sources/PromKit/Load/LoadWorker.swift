import NIOCore

/// One event loop's share of a run: its connections and its statistics, both confined to
/// the loop. Completes `finished` when every connection has stopped.
final class LoadWorker: Sendable {
    let loop: EventLoop
    let coordinator: LoadCoordinator
    let plan: LoadPlan
    /// What changes as the run goes, reached only on `loop`.
    private let state: NIOLoopBoundBox<State>
    private let finished: EventLoopPromise<Void>

    private struct State {
        var stats = LoadStatistics()
        var connections: [LoadConnection] = []
        var running = 0
        var sweep: RepeatedTask?
    }

    init(loop: EventLoop, coordinator: LoadCoordinator, plan: LoadPlan) {
        self.loop = loop
        self.coordinator = coordinator
        self.plan = plan
        self.state = .makeBoxSendingValue(State(), eventLoop: loop)
        self.finished = loop.makePromise()
    }

    /// The statistics so far; on the loop only.
    var stats: LoadStatistics {
        get { state.value.stats }
        _modify { yield &state.value.stats }
    }

    /// Opens `count` connections and starts sending; the future completes when all have stopped.
    func start(connections count: Int) -> EventLoopFuture<Void> {
        loop.execute { [self] in
            let connections = (0..<count).map { _ in LoadConnection(worker: self) }
            state.value.connections = connections
            state.value.running = count
            guard count > 0 else { return finished.succeed() }
            let tick = TimeAmount.nanoseconds(Int64(min(50_000_000, max(1_000_000, plan.timeout / 4))))
            state.value.sweep = loop.scheduleRepeatedTask(initialDelay: tick, delay: tick) { [self] _ in check() }
            for connection in connections { connection.next() }
        }
        return finished.futureResult
    }

    /// Looks for timed-out requests and acts on stop and abort.
    func check() {
        let now = NIODeadline.now().uptimeNanoseconds
        let phase = coordinator.phase
        for connection in state.value.connections { connection.check(now: now, phase: phase) }
    }

    /// Acts on a stop or abort at once rather than at the next tick.
    func signal() {
        loop.execute { [self] in check() }
    }

    /// A connection will send no more.
    func connectionFinished() {
        state.value.running -= 1
        if state.value.running == 0 {
            state.value.sweep?.cancel()
            state.value.sweep = nil
            loop.execute { [self] in state.value.connections = [] }  // breaks the connection -> worker cycle
            finished.succeed()
        }
    }

    /// A copy of the statistics so far, taken on the loop.
    func snapshot() -> EventLoopFuture<LoadStatistics> {
        loop.submit { [self] in state.value.stats }
    }
}
