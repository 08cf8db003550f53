import Foundation
import TestSupport
import Testing

/// The committed completion scripts are what the command definitions generate
/// now (`make man completions` regenerates them; `make check-generated`
/// checks the man page the same way).
@Suite struct GeneratedFilesTests {
    @Test(arguments: [("bash", "promkit.bash"), ("zsh", "_promkit"), ("fish", "promkit.fish")])
    func completionScriptIsCurrent(shell: String, file: String) throws {
        let result = try TestSupport.promkit(["--generate-completion-script", shell])
        #expect(result.status == 0)
        let committed = try Data(
            contentsOf: TestSupport.packageRoot.appendingPathComponent("completions/\(file)"))
        #expect(result.stdout == committed, "completions/\(file) is out of date: run 'make completions'")
    }

    @Test func completionsOfferFormatsAndDirectories() throws {
        let bash = try String(
            contentsOf: TestSupport.packageRoot.appendingPathComponent("completions/promkit.bash"), encoding: .utf8)
        #expect(bash.contains("openmetrics"))
        #expect(bash.contains("allow-utf-8"))
        #expect(bash.contains("-d") || bash.contains("directory"))
    }

    @Test func manPageNamesEverySubcommand() throws {
        let man = try String(
            contentsOf: TestSupport.packageRoot.appendingPathComponent("man/promkit.1"), encoding: .utf8)
        let help = try TestSupport.promkit(["--help"])
        let section = help.stdoutText.components(separatedBy: "SUBCOMMANDS:").last ?? ""
        // Subcommand lines are indented two spaces; wrapped help text more.
        let names = section.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("  "), !line.hasPrefix("   "), let word = line.split(separator: " ").first
            else { return nil }
            return word == "See" ? nil : String(word)
        }
        #expect(!names.isEmpty)
        for name in names {
            #expect(man.contains(".It Em \(name)"), "man page lacks \(name)")
        }
        #expect(man.contains("Exit status"))
    }
}
