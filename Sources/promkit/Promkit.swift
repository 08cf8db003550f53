import ArgumentParser
import PromKit

@main
struct Promkit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "promkit",
        abstract: "Look after prometheus_client multiprocess directories and the /metrics they serve.",
        version: PromKitVersion.current,
        subcommands: [Inspect.self, Render.self, Merge.self, Clean.self]
    )
}
