import PromKit

#if canImport(Glibc)
    import Glibc
#endif

/// A live progress line on stderr while a load runs, only when stderr is a terminal.
struct ProgressLine: Sendable {
    let run: LoadRun
    /// `-d`'s length in seconds, for the time left; nil with `-n`.
    var duration: Double?

    /// Whether stderr is a terminal.
    static var enabled: Bool { isatty(2) == 1 }

    /// Redraws the line four times a second until cancelled, then clears it.
    func show() async {
        var lastResponses = 0
        var lastSeconds = 0.0
        while !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(250))
            if Task.isCancelled { break }
            guard let progress = await run.progress() else { continue }
            let interval = progress.seconds - lastSeconds
            let rate = interval > 0 ? Double(progress.responses - lastResponses) / interval : 0
            lastResponses = progress.responses
            lastSeconds = progress.seconds
            let done = progress.responses + progress.errors
            let total = progress.total.map { "/\($0)" } ?? ""
            var left = ""
            if let duration {
                left = ", \(max(0, Int((duration - progress.seconds).rounded(.up))))s left of \(Int(duration))s"
            } else if let count = progress.total, rate > 0 {
                left = ", about \(Int((Double(max(0, count - done)) / rate).rounded(.up)))s left"
            }
            let line =
                "\r\u{1B}[K\(done)\(total) done, \(Int(rate)) req/s, \(progress.errors) errors, "
                + "p99 \(DurationText.format(seconds: progress.p99Seconds)), \(Int(progress.seconds))s\(left)"
            Self.write(line)
        }
        Self.clear()
    }

    /// Clears the line, so that a message written next starts on a line of its own.
    static func clear() {
        if enabled { write("\r\u{1B}[K") }
    }

    private static func write(_ text: String) {
        Console.write(Array(text.utf8), to: 2)
    }
}
