import ArgumentParser
import PromKit

@main
struct Promkit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "promkit",
        abstract: "Look after prometheus_client multiprocess directories and the /metrics they serve.",
        discussion: """
            DIR defaults to $PROMETHEUS_MULTIPROC_DIR. Results go to stdout; warnings and \
            diagnostics to stderr, coloured only on a terminal with NO_COLOR unset.

            Exit status: 0 fine; 1 problems found (validation, lint, verification, a clean \
            that could not finish); 2 the input could not be read or the run could not be \
            done; 64 usage error.
            """,
        version: PromKitVersion.current,
        subcommands: [
            Inspect.self, Render.self, Merge.self, Clean.self, Validate.self, Lint.self, Load.self, Serve.self,
            Run.self, Doctor.self, Paths.self,
        ]
    )
}
