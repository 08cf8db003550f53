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
    static func argument(_ text: String) throws -> TimeSpan { try usage(TimeSpan.parse, text) }
}

/// `parse(text)`, its failure turned into a usage error (64) that carries its
/// message, which an `ExpressibleByArgument` initializer cannot.
func usage<Value, Failure: Error & CustomStringConvertible>(
    _ parse: (String) throws(Failure) -> Value, _ text: String
) throws -> Value {
    do {
        return try parse(text)
    } catch {
        throw ValidationError(error.description)
    }
}
