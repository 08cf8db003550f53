import Synchronization

/// What the event loops of one run share: the request budget, the send schedule and
/// the stop signals. Every connection asks it before each request.
final class LoadCoordinator: Sendable {
    /// Whether connections may send, drain, or must give up at once.
    enum Phase: Int {
        case running = 0
        case stopping = 1
        case aborting = 2
    }

    /// The total number of requests, if bounded by count.
    let limit: Int?
    /// When the run started (monotonic nanoseconds).
    let start: UInt64
    /// When sending stops (monotonic nanoseconds), if bounded by time.
    let deadline: UInt64?
    /// Nanoseconds between intended sends in an open-loop run.
    let interval: Double?
    private let issued = Atomic<Int>(0)
    private let phaseValue = Atomic<Int>(Phase.running.rawValue)

    init(limit: Int?, start: UInt64, duration: Duration?, rate: Double?) {
        self.limit = limit
        self.start = start
        self.deadline = duration.map { start &+ UInt64(Swift.max(0, DurationText.nanoseconds($0))) }
        self.interval = rate.map { 1e9 / $0 }
    }

    /// The current phase.
    var phase: Phase { Phase(rawValue: phaseValue.load(ordering: .relaxed)) ?? .aborting }

    /// Moves to a later phase (never back).
    func advance(to phase: Phase) {
        var current = phaseValue.load(ordering: .relaxed)
        while current < phase.rawValue {
            let (exchanged, original) = phaseValue.compareExchange(
                expected: current, desired: phase.rawValue, ordering: .relaxed)
            if exchanged { return }
            current = original
        }
    }

    /// Claims the next request: its intended send time (monotonic nanoseconds; `now` in a
    /// closed loop), or nil when the run sends no more.
    @inline(__always)
    func claim(now: UInt64) -> UInt64? {
        if phaseValue.load(ordering: .relaxed) != 0 { return nil }
        if let deadline, now >= deadline { return nil }
        let slot = issued.wrappingAdd(1, ordering: .relaxed).oldValue
        if let limit, slot >= limit { return nil }
        guard let interval else { return now }
        let intended = start &+ UInt64(Double(slot) * interval)
        if let deadline, intended >= deadline { return nil }
        return intended
    }

    /// Requests claimed so far (capped at the limit).
    var claimed: Int {
        let value = issued.load(ordering: .relaxed)
        return limit.map { Swift.min($0, value) } ?? value
    }
}
