import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The command `promkit run` supervises: spawned with the multiprocess
/// directory in its environment, sent the signals a process manager sends
/// to promkit, and waited for.
///
/// A thread reaps every child of promkit (`waitpid(-1)`), so that as a
/// container's pid 1 promkit also reaps the orphans the kernel hands it.
public final class ChildProcess: Sendable {
    /// The signals passed on to the command: all that gunicorn and uvicorn
    /// act on (graceful and quick stops, reload, log reopening, more and
    /// fewer workers).
    public static let forwardedSignals: [Int32] = [
        SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGTTIN, SIGTTOU, SIGWINCH,
    ]

    /// How a process ended.
    public enum Exit: Sendable, Hashable, CustomStringConvertible {
        case exited(Int32)
        case signaled(Int32)

        /// The status a shell gives: the exit code, or 128 + the signal number.
        public var code: Int32 {
            switch self {
            case .exited(let code): return code
            case .signaled(let number): return 128 + number
            }
        }

        /// From a `waitpid` status (neither stopped nor continued: not asked for).
        init(waitStatus status: Int32) {
            let signal = status & 0x7f
            self = signal == 0 ? .exited((status >> 8) & 0xff) : .signaled(signal)
        }

        public var description: String {
            switch self {
            case .exited(let code): return "exited with status \(code)"
            case .signaled(let number): return "was killed by signal \(number) (\(Self.signalName(number)))"
            }
        }

        static func signalName(_ number: Int32) -> String {
            guard let name = strsignal(number) else { return "signal \(number)" }
            return String(cString: name)
        }
    }

    /// Why the command could not be started.
    public struct SpawnError: Error, Sendable, CustomStringConvertible {
        /// The command as given.
        public var command: String
        /// `errno` of `posix_spawnp`.
        public var code: Int32

        /// 127 for a command that is not found, 126 for one that cannot be run, as a shell does.
        public var exitCode: Int32 { code == ENOENT ? 127 : 126 }

        public var description: String {
            if code == ENOENT { return "\(command): command not found" }
            return "\(command): cannot run: \(SystemError.reason(code))"
        }
    }

    /// The child's pid.
    public let pid: pid_t
    private let state = Mutex<(exit: Exit?, waiters: [CheckedContinuation<Exit, Never>])>((nil, []))

    private init(pid: pid_t) {
        self.pid = pid
    }

    /// Starts `arguments` (looked up in `PATH` as a shell does) with `environment`
    /// (`NAME=value` strings), in a process group of its own, so that a
    /// terminal's Ctrl-C reaches it once, through promkit. Signals the command
    /// gets start at their default actions and unblocked, whatever promkit set.
    public static func spawn(_ arguments: [String], environment: [String]) throws(SpawnError) -> ChildProcess {
        let command = arguments.first ?? ""
        var attributes = posix_spawnattr_t()
        guard posix_spawnattr_init(&attributes) == 0 else { throw SpawnError(command: command, code: ENOMEM) }
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        var mask = sigset_t()
        sigemptyset(&defaults)
        sigemptyset(&mask)
        for number: Int32 in 1..<32 where number != SIGKILL && number != SIGSTOP {
            sigaddset(&defaults, number)
        }
        let flags = POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETPGROUP
        var status = posix_spawnattr_setsigdefault(&attributes, &defaults)
        if status == 0 { status = posix_spawnattr_setsigmask(&attributes, &mask) }
        if status == 0 { status = posix_spawnattr_setpgroup(&attributes, 0) }
        if status == 0 { status = posix_spawnattr_setflags(&attributes, Int16(flags)) }
        guard status == 0 else { throw SpawnError(command: command, code: status) }

        var pid: pid_t = 0
        status = withCStrings(arguments) { argv in
            withCStrings(environment) { envp in
                posix_spawnp(&pid, command, nil, &attributes, argv, envp)
            }
        }
        guard status == 0 else { throw SpawnError(command: command, code: status) }
        let child = ChildProcess(pid: pid)
        let reaper = Thread { child.reap() }
        reaper.name = "promkit-reaper"
        reaper.start()
        return child
    }

    /// Sends `signal` to the command (not to its workers: the command decides what they get).
    public func send(_ signal: Int32) {
        if state.withLock({ $0.exit }) == nil { kill(pid, signal) }
    }

    /// Waits for the command to end.
    public func exit() async -> Exit {
        await withCheckedContinuation { continuation in
            let done: Exit? = state.withLock { state in
                if let exit = state.exit { return exit }
                state.waiters.append(continuation)
                return nil
            }
            if let done { continuation.resume(returning: done) }
        }
    }

    /// Reaps every child until none is left: the command, and the orphans
    /// the kernel gives a pid 1.
    private func reap() {
        while true {
            var status: Int32 = 0
            let reaped = SystemCall.retryingEINTR { waitpid(-1, &status, 0) }
            if reaped < 0 { return }
            guard reaped == pid else { continue }
            let exit = Exit(waitStatus: status)
            let waiters = state.withLock { state in
                state.exit = exit
                defer { state.waiters = [] }
                return state.waiters
            }
            for waiter in waiters { waiter.resume(returning: exit) }
        }
    }
}

/// Calls `body` with a NULL-terminated array of C strings that live for the call.
private func withCStrings<T>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> T) -> T {
    var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
    pointers.append(nil)
    defer { for pointer in pointers { free(pointer) } }
    return body(pointers)
}

/// Passes signals on to the command once it runs; those that come before it
/// does are held and passed on as soon as it starts.
public final class SignalRelay: Sendable {
    private let state = Mutex<(child: ChildProcess?, held: [Int32])>((nil, []))

    /// Creates a relay with no command yet.
    public init() {}

    /// Passes `signal` on, or holds it until ``attach(_:)``.
    public func relay(_ signal: Int32) {
        let child: ChildProcess? = state.withLock { state in
            if state.child == nil { state.held.append(signal) }
            return state.child
        }
        child?.send(signal)
    }

    /// From now on, signals go to `child`; the held ones go first.
    public func attach(_ child: ChildProcess) {
        let held = state.withLock { state in
            state.child = child
            defer { state.held = [] }
            return state.held
        }
        for signal in held { child.send(signal) }
    }
}
