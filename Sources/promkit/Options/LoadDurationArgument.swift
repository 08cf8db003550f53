import ArgumentParser
import PromKit

/// A duration typed as `200ms`, `5s`, `1m30s` (parsed by `DurationText`).
struct LoadDurationArgument: ExpressibleByArgument, CustomStringConvertible {
    var duration: Duration
    var text: String

    init?(argument: String) {
        guard let duration = try? DurationText.parse(argument) else { return nil }
        self.duration = duration
        self.text = argument
    }

    init(_ text: String, _ duration: Duration) {
        self.text = text
        self.duration = duration
    }

    var description: String { text }
    var defaultValueDescription: String { text }
}
