import ArgumentParser
import PromKit

extension TimeSpan: ExpressibleByArgument {
    public init?(argument: String) {
        guard let span = try? TimeSpan.parse(argument) else { return nil }
        self = span
    }

    public var defaultValueDescription: String { text }

    public static var defaultCompletionKind: CompletionKind { .list(["500ms", "10s", "30m", "1h", "7d"]) }
}

extension TimeSpan {
    /// For `@Option(transform:)`: a text that is not a length of time fails
    /// with what to write instead (64, with usage).
    static func argument(_ text: String) throws -> TimeSpan {
        do {
            return try TimeSpan.parse(text)
        } catch {
            throw ValidationError(error.description)
        }
    }
}
