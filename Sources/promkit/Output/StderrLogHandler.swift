import Logging
import PromKit

/// swift-log's lines for `promkit serve`, printed on stderr as every other
/// promkit line: `promkit: message` for info and notice, `promkit: warning:
/// message` for warnings, `promkit: error: message` for errors and critical
/// ones, `promkit: debug: message` and `promkit: trace: message` below info.
/// Metadata follow the message as ` key=value`.
struct StderrLogHandler: LogHandler {
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?
    /// The printer, with the run's colour mode.
    let console: Console

    /// A handler that prints `level` and above through `console`.
    init(level: Logger.Level, console: Console) {
        logLevel = level
        self.console = console
    }

    /// A logger labelled `label` that prints `level` and above this way.
    static func logger(_ label: String, level: Logger.Level, _ console: Console) -> Logger {
        Logger(label: label) { _ in StderrLogHandler(level: level, console: console) }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var line = event.message.description
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        for key in merged.keys.sorted() {
            if let value = merged[key] { line += " \(key)=\(value)" }
        }
        switch event.level {
        case .info, .notice: console.note(line)
        case .warning: console.warning(line)
        case .error, .critical: console.error(line)
        case .debug, .trace: console.note("\(event.level): \(line)")
        }
    }
}
