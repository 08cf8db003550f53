import ArgumentParser
import PromKit

#if canImport(Glibc)
    import Glibc
#endif

extension Promkit {
    struct Paths: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "paths",
            abstract: "Print where this promkit's man page and shell completions are installed.",
            discussion: """
                For a promkit installed by make install or from the wheel (pip, uv tool, pipx): the \
                binary's prefix holds share/man/man1/promkit.1 and the bash, zsh and fish completions. \
                Prints one NAME<TAB>PATH line for each that exists, so that they can be linked where \
                the shell and man look, as in:

                  ln -s "$(promkit paths | awk '$1 == "bash" {print $2}')" ~/.local/share/bash-completion/completions/promkit
                  MANPATH="$(dirname "$(dirname "$(promkit paths | awk '$1 == "man" {print $2}')")"):" man promkit

                Exit status 1 when none is found beside the binary.
                """
        )

        func run() async throws {
            let console = Console(color: .forStderr(noColor: false))
            guard let binary = InstalledFiles.executable() else {
                console.error("cannot tell where this binary is (/proc/self/exe)")
                throw ExitStatus.unreadable
            }
            Console.output(line: "binary\t\(binary)")
            let found = InstalledFiles.beside(binary)
            for (name, path) in found { Console.output(line: "\(name)\t\(path)") }
            if found.isEmpty {
                console.warning("no man page or completions beside \(binary) (run from a build tree?)")
                throw ExitStatus.findings
            }
        }
    }
}

/// Where `make install` and the wheel put the files that go with the binary.
enum InstalledFiles {
    static let relative: [(name: String, path: String)] = [
        ("man", "share/man/man1/promkit.1"),
        ("bash", "share/bash-completion/completions/promkit"),
        ("zsh", "share/zsh/site-functions/_promkit"),
        ("fish", "share/fish/vendor_completions.d/promkit.fish"),
    ]

    /// This binary's path, links resolved.
    static func executable() -> String? {
        guard let resolved = realpath("/proc/self/exe", nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// The files that exist under the prefix of `binary` (`PREFIX/bin/promkit`).
    static func beside(_ binary: String) -> [(name: String, path: String)] {
        var parts = binary.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 3 else { return [] }
        parts.removeLast(2)
        let prefix = parts.joined(separator: "/")
        return relative.map { ($0.name, prefix + "/" + $0.path) }.filter { access($0.path, F_OK) == 0 }
    }
}
