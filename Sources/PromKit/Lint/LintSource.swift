#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where lint input comes from: a multiprocess directory, a `.db` file, an
/// exposition file, standard input (`-`) or an `http://` / `https://` URL.
public enum LintSource: Hashable, Sendable {
    case directory(String)
    case dbFile(String)
    case exposition(String)
    case standardInput
    case url(String)

    /// Classifies a command-line argument: `-`, a URL, an existing directory, a name
    /// ending in `.db`, else an exposition file.
    public init(argument: String) {
        if argument == "-" {
            self = .standardInput
        } else if argument.hasPrefix("http://") || argument.hasPrefix("https://") {
            self = .url(argument)
        } else {
            var status = stat()
            if stat(argument, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR {
                self = .directory(argument)
            } else if argument.hasSuffix(".db") {
                self = .dbFile(argument)
            } else {
                self = .exposition(argument)
            }
        }
    }

    /// How findings name the source: the path, `<stdin>` or the URL.
    public var displayName: String {
        switch self {
        case .directory(let path), .dbFile(let path), .exposition(let path), .url(let path): path
        case .standardInput: SourceName.standardInput
        }
    }
}

/// Why a source could not be linted (exit status 2).
public enum LintSourceError: Error, Sendable, CustomStringConvertible {
    /// The file or directory could not be read.
    case unreadable(path: String, message: String)
    /// A `.db` file is damaged or misnamed.
    case damaged(DBFileError)
    /// A `.db` file's name tells no type: `counter_<pid>.db`, `gauge_<mode>_<pid>.db`, ...
    case unnamed(path: String, problem: DBFileName.Problem)
    /// The exposition does not parse: the parser's errors, at line and column.
    case unparsable(source: String, findings: [Diagnostic], errorCount: Int)
    /// The source kind is not supported in this build.
    case unsupported(String)
    /// The directory's readers' lock could not be taken: a fold held it, or its file cannot be opened.
    case locked(FoldInProgress)

    /// The lines to print on stderr, each naming the source and the place.
    public var lines: [String] {
        switch self {
        case .unreadable(let path, let message): ["\(path): \(message)"]
        case .damaged(let error): [error.description]
        case .unnamed(let path, let problem):
            ["\(path): \(problem): the file name must tell the type (counter_<pid>.db, gauge_<mode>_<pid>.db, ...)"]
        case .unparsable(let source, let findings, let errorCount):
            findings.filter { $0.severity == .error }.map {
                "\($0.at(source).location): [\($0.rule)] \($0.message)"
            }
                + (errorCount > findings.count { $0.severity == .error }
                    ? ["\(source): \(errorCount) errors in all"] : [])
        case .unsupported(let message): [message]
        case .locked(let failure): [failure.description]
        }
    }

    public var description: String { lines.joined(separator: "\n") }
}
