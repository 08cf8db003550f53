import NIOConcurrencyHelpers
import NIOCore

/// The server's open connections, so that a shutdown can stop accepting, close
/// the idle ones at once and let the busy ones finish their request, and so
/// that their number stays under a cap.
final class ConnectionRegistry: Sendable {
    private struct Connection {
        var channel: any Channel
        var busy: Bool
        /// When it was opened or last became idle, as a sequence number.
        var since: UInt64
    }

    private struct State {
        var listener: (any Channel)?
        var connections: [ObjectIdentifier: Connection] = [:]
        var shuttingDown = false
        var clock: UInt64 = 0
    }

    private let state = NIOLockedValueBox(State())
    private let cap: Int

    /// A registry that keeps at most `cap` connections open.
    init(cap: Int = .max) {
        self.cap = max(1, cap)
    }

    /// Records the listening channel; closes it at once if a shutdown came first.
    func listening(on channel: any Channel) {
        let close = state.withLockedValue { state in
            state.listener = channel
            return state.shuttingDown
        }
        if close { channel.close(promise: nil) }
    }

    /// Records a new connection; false when the server is shutting down, or
    /// when the cap is reached and every connection is busy (close it). At the
    /// cap, the connection that has waited longest for a request is closed to
    /// make room.
    func opened(_ channel: any Channel) -> Bool {
        let (accepted, evicted) = state.withLockedValue { state -> (Bool, (any Channel)?) in
            guard !state.shuttingDown else { return (false, nil) }
            var evicted: (any Channel)?
            if state.connections.count >= cap {
                let waiting = state.connections.filter { !$0.value.busy }
                guard let oldest = waiting.min(by: { $0.value.since < $1.value.since }) else { return (false, nil) }
                state.connections.removeValue(forKey: oldest.key)
                evicted = oldest.value.channel
            }
            state.clock += 1
            state.connections[ObjectIdentifier(channel)] = Connection(channel: channel, busy: false, since: state.clock)
            return (true, evicted)
        }
        evicted?.close(promise: nil)
        return accepted
    }

    /// Whether `channel` is recorded: opened, and neither closed nor evicted since.
    func isOpen(_ channel: any Channel) -> Bool {
        state.withLockedValue { $0.connections[ObjectIdentifier(channel)] != nil }
    }

    /// Forgets a connection.
    func closed(_ channel: any Channel) {
        _ = state.withLockedValue { $0.connections.removeValue(forKey: ObjectIdentifier(channel)) }
    }

    /// Marks a connection as serving a request.
    func busy(_ channel: any Channel) {
        state.withLockedValue { $0.connections[ObjectIdentifier(channel)]?.busy = true }
    }

    /// Marks a connection as between requests; true when it should now close.
    func idle(_ channel: any Channel) -> Bool {
        state.withLockedValue { state in
            state.clock += 1
            state.connections[ObjectIdentifier(channel)]?.busy = false
            state.connections[ObjectIdentifier(channel)]?.since = state.clock
            return state.shuttingDown
        }
    }

    /// Whether a shutdown has begun.
    var isShuttingDown: Bool { state.withLockedValue { $0.shuttingDown } }

    /// Stops accepting and closes idle connections; busy ones close after their response.
    func shutdown() {
        let toClose: [any Channel] = state.withLockedValue { state in
            guard !state.shuttingDown else { return [] }
            state.shuttingDown = true
            var channels = state.connections.values.filter { !$0.busy }.map(\.channel)
            if let listener = state.listener { channels.append(listener) }
            return channels
        }
        for channel in toClose { channel.close(promise: nil) }
    }
}
