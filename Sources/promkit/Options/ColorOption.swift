import ArgumentParser

#if canImport(Glibc)
    import Glibc
#endif

/// `--no-color`, for every subcommand that prints diagnostics.
struct ColorOption: ParsableArguments {
    @Flag(help: "Never colour diagnostics. Colour is used only when stderr is a terminal and NO_COLOR is unset.")
    var noColor = false

    /// Turns colour off for the rest of the run when asked. Call it first in
    /// `run()`, before anything is printed.
    func apply() {
        if noColor { setenv("NO_COLOR", "1", 1) }
    }
}
