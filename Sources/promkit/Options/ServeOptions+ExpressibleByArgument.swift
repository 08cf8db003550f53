import ArgumentParser
import PromKit

extension ListenAddress: ExpressibleByArgument {
    public init?(argument: String) {
        guard let parsed = try? ListenAddress.parse(argument) else { return nil }
        self = parsed
    }

    public var defaultValueDescription: String { description }
}
