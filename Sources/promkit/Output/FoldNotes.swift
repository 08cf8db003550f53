import PromKit

/// The lines `promkit run` and `serve --fold` print about their folds.
enum FoldNotes {
    /// One line per fold on stderr (none with `quiet`); problems always, as warnings.
    static func say(_ event: FoldWatcher.Event, quiet: Bool, _ console: Console) {
        switch event {
        case .problem(let message):
            console.warning(message)
        case .folded(let report, let ended, let latency):
            guard !quiet else { return }
            var parts: [String] = []
            if !report.folded.isEmpty {
                parts.append("folded \(report.folded.count) file(s) into \(report.archives.count) archive(s)")
            }
            if !report.deleted.isEmpty { parts.append("deleted \(report.deleted.count)") }
            var line = parts.joined(separator: ", ")
            if !ended.isEmpty {
                let pids = ended.map(String.init).joined(separator: ", ")
                let ago = latency.map { " \(Int(($0 * 1000).rounded())) ms ago" } ?? ""
                line = "pid \(pids) ended\(ago): " + line
            }
            console.note(line)
        }
    }
}
