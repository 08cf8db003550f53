import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Folds each process's files into the archives as soon as the process ends,
/// by the protocol of `promkit clean` (``Cleaner``): for `promkit run` and
/// `promkit serve --fold`.
///
/// A thread of its own learns of new files through inotify, watches the
/// process each file names (and every process found mapping a file) through
/// a pidfd, and wakes when one ends; where the kernel offers neither, it
/// looks every second. An end starts a fold 50 ms later (400 ms under
/// churn), so that ends close together share a fold; the fold itself decides
/// what is dead, as `clean` does, so a file that another process still maps
/// stays until that process ends too.
public final class FoldWatcher: Sendable {
    /// What a fold did, or why one could not run.
    public enum Event: Sendable {
        /// Files folded or deleted; `ended` are the processes whose end led to it,
        /// `latency` the seconds from the first of those ends to the fold's end.
        case folded(CleanReport, ended: [Int32], latency: Double?)
        /// A fold that failed, or a file it kept (said once per cause).
        case problem(String)
    }

    private let directory: String
    private let options: CleanOptions
    /// A pipe whose write end ``stop()`` writes to, and whose read end the thread polls.
    private let wake: (read: Int32, write: Int32)
    private let finished = DispatchSemaphore(value: 0)
    private let onEvent: @Sendable (Event) -> Void

    /// Creates a watcher for `directory` that folds with `options` (those of a
    /// plain `clean` by default); `onEvent` is called on the watcher's thread.
    public init(
        directory: String, options: CleanOptions = CleanOptions(), onEvent: @escaping @Sendable (Event) -> Void
    ) throws(DirectoryError) {
        var ends: [Int32] = [-1, -1]
        // Close-on-exec, so that the command promkit run starts does not inherit it.
        guard pipe(&ends) == 0 else {
            throw DirectoryError(path: directory, message: SystemText.error("cannot create a pipe"))
        }
        guard fcntl(ends[0], F_SETFD, FD_CLOEXEC) == 0, fcntl(ends[1], F_SETFD, FD_CLOEXEC) == 0 else {
            let error = DirectoryError(path: directory, message: SystemText.error("cannot set up a pipe"))
            close(ends[0])
            close(ends[1])
            throw error
        }
        self.directory = directory
        self.options = options
        self.wake = (ends[0], ends[1])
        self.onEvent = onEvent
    }

    /// Starts watching, with a fold of whatever is already dead.
    public func start() {
        let (directory, options, wake, onEvent, finished) = (directory, options, wake.read, onEvent, finished)
        let thread = Thread {
            FoldLoop(directory: directory, options: options, wake: wake, onEvent: onEvent).run()
            finished.signal()
        }
        thread.name = "promkit-fold"
        thread.start()
    }

    /// Stops watching after one last fold, and returns when it is done.
    /// Call once, after ``start()``.
    public func stop() {
        var one: UInt8 = 1
        _ = SystemCall.retryingEINTR { write(wake.write, &one, 1) }
        finished.wait()
        close(wake.read)
        close(wake.write)
    }
}

/// The watcher's state, confined to its thread.
private final class FoldLoop {
    let directory: String
    let options: CleanOptions
    let wake: Int32
    let onEvent: @Sendable (FoldWatcher.Event) -> Void
    var inotify: Int32 = -1
    /// Watched processes, with their pidfds (-1 where none could be had: looked at every second).
    var watched: [Int32: Int32] = [:]
    /// Processes seen to end since the last fold, and when.
    var ended: [Int32: Double] = [:]
    var foldAt: Double?
    /// Problems already said, so that one that lasts is said once.
    var said: Set<String> = []

    /// From an end to its fold: ends that come close together share one fold.
    static let gather = 0.05
    /// Under churn (a fold less than a second ago), ends gather for longer, so
    /// that folds stay at about two a second whatever the rate of ends, and
    /// each end is still folded within a second.
    static let churnGather = 0.4
    static let tick = 1.0
    /// When the last fold ended.
    var lastFold = -Double.infinity

    init(
        directory: String, options: CleanOptions, wake: Int32, onEvent: @escaping @Sendable (FoldWatcher.Event) -> Void
    ) {
        self.directory = directory
        self.options = options
        self.wake = wake
        self.onEvent = onEvent
    }

    func run() {
        inotify = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        if inotify >= 0, inotify_add_watch(inotify, directory, UInt32(IN_CREATE | IN_MOVED_TO | IN_ONLYDIR)) < 0 {
            close(inotify)
            inotify = -1
        }
        defer {
            if inotify >= 0 { close(inotify) }
            for descriptor in watched.values where descriptor >= 0 { close(descriptor) }
        }
        discover()
        fold()
        var nextTick = Self.now() + Self.tick
        while true {
            let pids = watched.filter { $0.value >= 0 }.map(\.key)
            var descriptors = [pollfd(fd: wake, events: Int16(POLLIN), revents: 0)]
            descriptors.append(pollfd(fd: inotify, events: Int16(POLLIN), revents: 0))
            descriptors += pids.compactMap { pid in
                watched[pid].map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            }
            let wait = min(nextTick, foldAt ?? .infinity) - Self.now()
            let ready = poll(&descriptors, nfds_t(descriptors.count), Int32(max(0, (wait * 1000).rounded(.up))))
            if ready < 0, errno != EINTR {
                say(SystemText.error("\(directory): cannot wait for events"))
                usleep(100_000)
            }
            if descriptors[0].revents != 0 { break }
            if descriptors[1].revents != 0 { readNames() }
            for (index, pid) in pids.enumerated() where descriptors[index + 2].revents != 0 {
                end(pid)
            }
            let now = Self.now()
            if now >= nextTick {
                nextTick = now + Self.tick
                lookAtUnwatchable()
                if inotify < 0 { discover() }
            }
            if let due = foldAt, now >= due { fold() }
        }
        fold()
    }

    /// Watches the process each `.db` file names.
    func discover() {
        guard let listing = try? MultiprocDirectory.scan(directory) else { return }
        for (_, name) in listing.dbFiles {
            if let pid = name.processID { watch(pid) }
        }
    }

    /// New names from inotify: the process a new file names is watched; a file
    /// that names none (a custom `process_identifier`) is looked up by a fold.
    func readNames() {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { raw in
                SystemCall.retryingEINTR { read(inotify, raw.baseAddress, raw.count) }
            }
            guard count > 0 else { return }
            var offset = 0
            while offset + 16 <= count {
                let mask = Self.word(buffer, offset + 4)
                let length = Int(Self.word(buffer, offset + 12))
                let end = min(count, offset + 16 + length)
                let name = String(decoding: buffer[(offset + 16)..<end].prefix { $0 != 0 }, as: UTF8.self)
                offset = end
                if mask & UInt32(IN_Q_OVERFLOW) != 0 {
                    discover()
                    schedule(after: FoldLoop.gather)
                    continue
                }
                if mask & UInt32(IN_IGNORED) != 0 {
                    // The directory went (or its watch did): look every second from now on.
                    close(inotify)
                    inotify = -1
                    return
                }
                guard case .success(let parsed) = DBFileName.parse(name) else { continue }
                if let pid = parsed.processID {
                    watch(pid)
                } else if parsed.pid != CleanPlan.archiveLabel {
                    schedule(after: FoldLoop.gather)
                }
            }
        }
    }

    /// Watches `pid` for its end; one already gone is an end now.
    func watch(_ pid: Int32) {
        guard pid > 0, watched[pid] == nil, pid != getpid() else { return }
        guard let pidfdOpen = Self.pidfdOpen else {
            watched[pid] = -1
            return
        }
        let descriptor = pidfdOpen(pid, 0)
        if descriptor >= 0 {
            watched[pid] = descriptor
        } else if errno == ESRCH {
            ended[pid] = ended[pid] ?? Self.now()
            schedule(after: FoldLoop.gather)
        } else {
            watched[pid] = -1
        }
    }

    func end(_ pid: Int32) {
        if let descriptor = watched.removeValue(forKey: pid), descriptor >= 0 { close(descriptor) }
        let now = Self.now()
        ended[pid] = ended[pid] ?? now
        schedule(after: now - lastFold < 1 ? Self.churnGather : Self.gather)
    }

    /// Processes watched without a pidfd: ended when `/proc` and `kill` no longer find them.
    func lookAtUnwatchable() {
        for (pid, descriptor) in watched where descriptor < 0 && ProcessClock.start(of: pid) == nil {
            end(pid)
        }
    }

    func schedule(after delay: Double) {
        let due = Self.now() + delay
        foldAt = min(foldAt ?? due, due)
    }

    func fold() {
        foldAt = nil
        let cleaner = Cleaner(directory: directory, options: options)
        let report: CleanReport
        do {
            report = try cleaner.run()
        } catch {
            say(error.description)
            schedule(after: 1)
            return
        }
        for pid in cleaner.writers { watch(pid) }
        for item in report.kept { say("\(item.path): kept: \(item.reason)") }
        if report.retained.contains(where: { $0.reason == Fold.writtenSinceListed }) {
            schedule(after: FoldLoop.gather)
        }
        guard !report.folded.isEmpty || !report.deleted.isEmpty else { return }
        let first = ended.values.min()
        let pids = Set(
            (report.folded + report.deleted).compactMap { item in
                (try? DBFileName.parse(String(item.path.split(separator: "/").last ?? "")).get())?.processID
            })
        lastFold = Self.now()
        let latency = first.map { lastFold - $0 }
        ended = [:]
        onEvent(.folded(report, ended: pids.sorted(), latency: latency))
    }

    func say(_ problem: String) {
        guard said.insert(problem).inserted else { return }
        onEvent(.problem(problem))
    }

    static func now() -> Double { SystemClock.monotonicSeconds() }

    static func word(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: UInt32.self) }
    }

    private typealias PidfdOpen = @convention(c) (Int32, UInt32) -> Int32

    /// `pidfd_open(2)` (Linux 5.3, glibc 2.36), looked up at run time; nil where it is missing.
    private static let pidfdOpen: PidfdOpen? = {
        guard let symbol = dlsym(nil, "pidfd_open") else { return nil }
        return unsafeBitCast(symbol, to: PidfdOpen.self)
    }()
}
