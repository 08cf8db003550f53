#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Whether the process that a file belongs to is still running.
public enum ProcessState: String, Sendable, Codable {
    /// `kill(pid, 0)` found it (or was refused permission, which means it exists).
    case alive
    /// No such process.
    case dead
    /// The name holds no pid (`counter_archive.db`), or the check could not tell.
    case unknown

    /// Asks the kernel with `kill(pid, 0)`.
    public static func of(pid: Int32?) -> ProcessState {
        guard let pid, pid > 0 else { return .unknown }
        if kill(pid, 0) == 0 { return .alive }
        switch errno {
        case ESRCH: return .dead
        case EPERM: return .alive
        default: return .unknown
        }
    }
}
