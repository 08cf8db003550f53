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

    /// The directory to use; prints the deprecation warning; a usage error (64) when there is none.
    func resolved() throws -> String {
        try Self.resolve(directory, noun: "directory")
    }

    /// `explicit`, or the directory the environment names (with the deprecation
    /// warning for the lowercase variable); a usage error (64) when there is none.
    static func resolve(_ explicit: String?, noun: String) throws -> String {
        let (path, warning) = MultiprocDirectory.resolve(explicit, environment: Environment.variables)
        if let warning { Console.warning(warning) }
        guard let path else {
            // Nothing to work on is a usage error (64), not unreadable input.
            Console.error("no \(noun) given and PROMETHEUS_MULTIPROC_DIR is not set: name one, or set it")
            throw ExitCode(64)
        }
        return path
    }

    /// The sources given, or else the directory the environment names (see
    /// ``resolve(_:noun:)``): for subcommands that take several sources.
    static func resolve(_ given: [String], noun: String) throws -> [String] {
        given.isEmpty ? [try resolve(nil, noun: noun)] : given
    }

    /// Lists the directory, exiting 2 when it cannot be read.
    func scan() throws -> MultiprocDirectory {
        let path = try resolved()
        do {
            return try MultiprocDirectory.scan(path)
        } catch {
            Console.error(error.description)
            throw ExitCode(2)
        }
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
