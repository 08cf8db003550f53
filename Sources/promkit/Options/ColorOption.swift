import ArgumentParser

/// `--no-color`, for every subcommand that prints diagnostics.
struct ColorOption: ParsableArguments {
    @Flag(help: "Never colour diagnostics. Colour is used only when stderr is a terminal and NO_COLOR is unset.")
    var noColor = false

    /// The printer for this run, colouring only when `--no-color`, `NO_COLOR` and stderr allow.
    var console: Console { Console(color: .forStderr(noColor: noColor)) }
}
