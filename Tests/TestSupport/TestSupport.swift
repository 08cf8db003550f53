import Foundation
import Testing

/// Paths, processes and the Python interpreter that tests share.
public enum TestSupport {
    /// The package's root folder.
    public static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()

    /// `Tests/Fixtures/<name>`.
    public static func fixture(_ name: String) -> String {
        packageRoot.appendingPathComponent("Tests/Fixtures/\(name)").path
    }

    /// `Tests/tools/<name>`.
    public static func tool(_ name: String) -> String {
        packageRoot.appendingPathComponent("Tests/tools/\(name)").path
    }

    /// Whether this run is CI, where a missing tool is a failure, not a skip.
    public static var isCI: Bool {
        let value = ProcessInfo.processInfo.environment["CI"]?.lowercased() ?? ""
        return value == "true" || value == "1"
    }

    /// A missing tool: a failure under CI, a skip (nil) elsewhere.
    public struct MissingTool: Error, CustomStringConvertible {
        public var description: String
        /// Creates the error, for a test's own tool check.
        public init(description: String) { self.description = description }
    }

    /// The path of an executable named by an environment variable (or a fallback),
    /// if it exists. Under CI a missing one throws, so the test fails.
    public static func requireTool(
        _ variable: String, fallback: String? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> String? {
        let environment = ProcessInfo.processInfo.environment
        let candidates = [environment[variable], fallback].compactMap { $0 }
        if let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) {
            return found
        }
        let message = "\(variable) is not set to an executable (run the tests through `make test`)"
        if isCI { throw MissingTool(description: message) }
        print("skipping: \(message)")
        return nil
    }

    /// The venv's Python with the pinned prometheus_client (`PROMKIT_PYTHON`).
    public static func python(sourceLocation: SourceLocation = #_sourceLocation) throws -> String? {
        try requireTool(
            "PROMKIT_PYTHON", fallback: packageRoot.appendingPathComponent(".venv/bin/python").path,
            sourceLocation: sourceLocation)
    }

    /// The venv's Python with prometheus_client 0.17.1 (`PROMKIT_PYTHON_OLD`).
    public static func oldPython(sourceLocation: SourceLocation = #_sourceLocation) throws -> String? {
        try requireTool(
            "PROMKIT_PYTHON_OLD", fallback: packageRoot.appendingPathComponent(".venv-0.17.1/bin/python").path,
            sourceLocation: sourceLocation)
    }

    /// The built `promkit` executable beside the test bundle (or `PROMKIT_BIN`).
    public static var promkitBinary: String {
        if let path = ProcessInfo.processInfo.environment["PROMKIT_BIN"] { return path }
        let products = Bundle.main.bundleURL
        for candidate in [products, products.deletingLastPathComponent()] {
            let path = candidate.appendingPathComponent("promkit").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return packageRoot.appendingPathComponent(".build/debug/promkit").path
    }

    /// A fresh temporary folder, removed by the caller with `removeItem` when done.
    public static func temporaryDirectory(_ label: String = "promkit") throws -> String {
        let path = NSTemporaryDirectory() + "\(label)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// What a finished process left.
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: Data
        public var stderr: Data
        public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
        public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
    }

    /// Runs `executable` with `arguments` to completion, with stdout and stderr
    /// captured separately and standard input from `input` (or empty).
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil,
        input: Data? = nil, currentDirectory: String? = nil
    ) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let currentDirectory { process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }
        let outPipe = Pipe()
        let errPipe = Pipe()
        let inPipe = Pipe()
        process.standardOutput = outPipe
        process.standardError = errPipe
        process.standardInput = inPipe
        try process.run()
        // Drain both pipes concurrently so a full pipe never blocks the child.
        nonisolated(unsafe) var errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errData = errPipe.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        if let input { inPipe.fileHandleForWriting.write(input) }
        try? inPipe.fileHandleForWriting.close()
        let outData = outPipe.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: outData, stderr: errData)
    }

    /// Runs the built `promkit` with `arguments`.
    public static func promkit(
        _ arguments: [String], environment: [String: String]? = nil, input: Data? = nil
    ) throws -> Result {
        var env = environment ?? ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        return try run(promkitBinary, arguments, environment: env, input: input)
    }

    /// Families of an exposition as a set of lines per family, for comparing
    /// outputs whose order depends on the directory's order: the HELP, TYPE and
    /// UNIT lines and the sorted sample lines of each family.
    public static func familyBlocks(_ text: String) -> [String: [String]] {
        var blocks: [String: [String]] = [:]
        var current = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) where !line.isEmpty {
            if line == "# EOF" {
                blocks["# EOF", default: []].append(String(line))
                continue
            }
            if line.hasPrefix("# HELP ") {
                current = String(line.dropFirst(7).prefix { $0 != " " })
            }
            blocks[current, default: []].append(String(line))
        }
        return blocks.mapValues { $0.sorted() }
    }
}
