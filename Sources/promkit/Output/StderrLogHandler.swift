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

    /// A handler that prints `level` and above.
    init(level: Logger.Level) {
        logLevel = level
    }

    /// A logger labelled `label` that prints `level` and above this way.
    static func logger(_ label: String, level: Logger.Level) -> Logger {
        Logger(label: label) { _ in StderrLogHandler(level: level) }
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
        case .info, .notice: Console.note(line)
        case .warning: Console.warning(line)
        case .error, .critical: Console.error(line)
        case .debug, .trace: Console.note("\(event.level): \(line)")
        }
    }
}
