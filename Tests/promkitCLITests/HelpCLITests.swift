import Foundation
import TestSupport
import Testing

/// Every subcommand's help teaches: an abstract, a discussion with examples,
/// help text on every option, and `--no-color`.
@Suite struct HelpCLITests {
    static let subcommands = ["inspect", "render", "merge", "clean", "validate", "lint", "load", "serve", "doctor"]

    @Test(arguments: subcommands)
    func helpHasExamplesAndOptionHelp(subcommand: String) throws {
        let result = try TestSupport.promkit([subcommand, "--help"])
        #expect(result.status == 0)
        let help = result.stdoutText
        #expect(help.hasPrefix("OVERVIEW: "))
        #expect(help.contains("Examples:"))
        let examples = help.components(separatedBy: "Examples:").last ?? ""
        let exampleLines = examples.split(separator: "\n").filter { $0.contains("promkit \(subcommand)") }
        #expect(exampleLines.count >= 2, "\(subcommand): fewer than two examples")
        #expect(help.contains("--no-color"))
        // An option line with nothing after its name has no help text.
        let options = help.components(separatedBy: "OPTIONS:").last ?? ""
        for line in options.split(separator: "\n") where line.hasPrefix("  -") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            let hasText = trimmed.contains("  ")
            let wrapped = trimmed.count > 24
            #expect(hasText || wrapped, "\(subcommand): option without help: \(trimmed)")
        }
    }

    @Test func rootHelpListsEverySubcommand() throws {
        let result = try TestSupport.promkit(["--help"])
        #expect(result.status == 0)
        for subcommand in Self.subcommands {
            #expect(result.stdoutText.contains("  \(subcommand) "), "root help lacks \(subcommand)")
        }
    }
}
