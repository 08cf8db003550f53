import NIOConcurrencyHelpers
import NIOCore

/// The server's open connections, so that a shutdown can stop accepting, close
/// the idle ones at once and let the busy ones finish their request.
final class ConnectionRegistry: Sendable {
    private struct State {
        var listener: (any Channel)?
        var connections: [ObjectIdentifier: (channel: any Channel, busy: Bool)] = [:]
        var shuttingDown = false
    }

    private let state = NIOLockedValueBox(State())

    /// Records the listening channel; closes it at once if a shutdown came first.
    func listening(on channel: any Channel) {
        let close = state.withLockedValue { state in
            state.listener = channel
            return state.shuttingDown
        }
        if close { channel.close(promise: nil) }
    }

    /// Records a new connection; false when the server is shutting down (close it).
    func opened(_ channel: any Channel) -> Bool {
        state.withLockedValue { state in
            guard !state.shuttingDown else { return false }
            state.connections[ObjectIdentifier(channel)] = (channel, false)
            return true
        }
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
            state.connections[ObjectIdentifier(channel)]?.busy = false
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
