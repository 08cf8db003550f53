import ArgumentParser
import PromKit

/// `--lock-wait` for the subcommands that read a multiprocess directory: they
/// hold its lock shared while they list and read, so that a fold by
/// `promkit clean` is seen whole or not at all.
struct LockWaitOption: ParsableArguments {
    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "How long to wait for a running promkit clean to publish its fold before giving up.",
            valueName: "duration"), transform: TimeSpan.argument)
    var lockWait = TimeSpan(seconds: 2)

    /// Runs `body` under the directory's readers' lock; throws when the lock cannot
    /// be had (``FoldInProgress``) or `body` throws (exit 2, ``ExitStatus``).
    func read<T>(_ path: String, _ body: () throws -> T) throws -> T {
        try MultiprocDirectory.withReadersLock(on: path, wait: lockWait.seconds, body)
    }
}
