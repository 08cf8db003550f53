import ArgumentParser
import PromKit

#if canImport(Glibc)
    import Glibc
#endif

/// The multiprocess directory argument, defaulting as prometheus_client does.
struct DirectoryArgument: ParsableArguments {
    @Argument(
        help: ArgumentHelp(
            "The multiprocess directory.",
            discussion: "Defaults to $PROMETHEUS_MULTIPROC_DIR, then the deprecated $prometheus_multiproc_dir.",
            valueName: "dir"),
        completion: .directory)
    var directory: String?

    /// The directory to use; `console` prints the deprecation warning; a ``UsageError``
    /// (64) when there is none.
    func resolved(_ console: Console) throws(UsageError) -> String {
        try Self.resolve(directory, noun: "directory", console)
    }

    /// `explicit`, or the directory the environment names (`console` prints the
    /// deprecation warning for the lowercase variable); a ``UsageError`` (64) when there is none.
    static func resolve(_ explicit: String?, noun: String, _ console: Console) throws(UsageError) -> String {
        let (path, warning) = MultiprocDirectory.resolve(explicit, environment: Environment.variables)
        if let warning { console.warning(warning) }
        guard let path else {
            // Nothing to work on is a usage error (64), not unreadable input.
            throw UsageError(
                description: "no \(noun) given and PROMETHEUS_MULTIPROC_DIR is not set: name one, or set it")
        }
        return path
    }

    /// The sources given, or else the directory the environment names (see
    /// ``resolve(_:noun:_:)``): for subcommands that take several sources.
    static func resolve(_ given: [String], noun: String, _ console: Console) throws(UsageError) -> [String] {
        given.isEmpty ? [try resolve(nil, noun: noun, console)] : given
    }
}

/// The process environment as a dictionary.
enum Environment {
    static var variables: [String: String] {
        var result: [String: String] = [:]
        for text in list {
            if let equals = text.firstIndex(of: "=") {
                result[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
        }
        return result
    }

    /// The environment as `NAME=value` strings, in order.
    static var list: [String] {
        var result: [String] = []
        var pointer = environ
        while let entry = pointer.pointee {
            result.append(String(cString: entry))
            pointer += 1
        }
        return result
    }
}
