import ArgumentParser
import PromKit

/// The exit statuses of every subcommand (the README's "Exit status" table), and
/// the one place where an error becomes one.
enum ExitStatus {
    /// Problems found: findings, a failed check or verification.
    static let findings = ExitCode(1)
    /// The input could not be read, or the run could not be done.
    static let unreadable = ExitCode(2)
    /// A usage error: a bad option, or nothing to work on.
    static let usage = ExitCode(64)

    /// The status for `error`: 64 for a ``UsageError``, 1 for a clean that found the
    /// lock held or ran into another namespace (2 when it cannot open the lock file), 126 or 127 for a command `run` cannot start,
    /// 2 for anything else (a directory, file or URL that cannot be read, an address
    /// that cannot be bound).
    static func code(for error: any Error) -> ExitCode {
        switch error {
        case is UsageError: return usage
        case let error as CleanError:
            switch error {
            case .unreadable, .locked(.unavailable): return unreadable
            case .locked(.busy), .otherNamespace, .journal: return findings
            }
        case let error as ChildProcess.SpawnError: return ExitCode(error.exitCode)
        default: return unreadable
        }
    }
}

/// Nothing to work on, or options that do not fit together, found after parsing
/// (exit 64); printed as `promkit: error: ...`, without the usage text.
struct UsageError: Error, CustomStringConvertible {
    var description: String
}

extension Console {
    /// Runs a subcommand's body. An error it throws is printed once, as
    /// `promkit: error: DESCRIPTION`, and ends the run with ``ExitStatus/code(for:)``;
    /// an `ExitCode` or argument-parser's own errors pass through as they are.
    func exiting(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let error as ExitCode {
            throw error
        } catch let error as CleanExit {
            throw error
        } catch let error as ValidationError {
            throw error
        } catch {
            self.error(String(describing: error))
            throw ExitStatus.code(for: error)
        }
    }
}
