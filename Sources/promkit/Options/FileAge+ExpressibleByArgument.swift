import ArgumentParser
import PromKit

extension FileAge: ExpressibleByArgument {
    public init?(argument: String) {
        guard let age = try? FileAge.parse(argument) else { return nil }
        self = age
    }

    public static var defaultCompletionKind: CompletionKind { .list(["30m", "1h", "1d", "7d"]) }
}
