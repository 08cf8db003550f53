import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Scratch directories for merge and clean tests, made and read by the real
/// prometheus_client.
enum MultiprocScratch {
    /// `random_multiproc.py --seed N --out OUT`: OUT/db and OUT/expected.
    static func random(python: String, seed: Int) throws -> String {
        let out = try TestSupport.temporaryDirectory("random-\(seed)")
        let result = try TestSupport.run(
            python, [TestSupport.tool("random_multiproc.py"), "--seed", "\(seed)", "--out", out])
        #expect(result.status == 0, "\(result.stderrText)")
        return out
    }

    /// `make_dead_dir.py`: files of dead (never alive) pids.
    static func dead(
        python: String, files: Int, series: Int = 4, age: Double = 3600, kinds: String? = nil, onDisk: Bool = false
    ) throws -> String {
        let dir = onDisk ? try TestSupport.temporaryDirectory("dead") : try memoryDirectory("dead")
        var arguments = [
            TestSupport.tool("make_dead_dir.py"), "--dir", dir, "--files", "\(files)", "--series", "\(series)",
            "--age", "\(age)",
        ]
        if let kinds { arguments += ["--kinds", kinds] }
        let result = try TestSupport.run(python, arguments)
        #expect(result.status == 0, "\(result.stderrText)")
        return dir
    }

    /// Starts `Tests/tools/soak_workers.py`: 3 prometheus_client workers that
    /// write `dir` for `seconds`, ending and being replaced as they go; its
    /// stdout (the totals written) in the pipe. The caller kills it if it runs on.
    static func soakWorkers(python: String, dir: String, seconds: Double) throws -> (process: Process, output: Pipe) {
        var environment = ProcessInfo.processInfo.environment
        environment["PROMETHEUS_MULTIPROC_DIR"] = dir
        let workers = Process()
        workers.executableURL = URL(fileURLWithPath: python)
        workers.arguments = [
            TestSupport.tool("soak_workers.py"), "--dir", dir, "--seconds", "\(seconds)", "--workers", "3",
        ]
        workers.environment = environment
        let output = Pipe()
        workers.standardOutput = output
        try workers.run()
        return (workers, output)
    }

    /// What prometheus_client's collector renders for `dir`.
    static func render(python: String, _ dir: String) throws -> String {
        let result = try TestSupport.run(python, [TestSupport.tool("mp_tool.py"), "render", dir])
        #expect(result.status == 0, "render \(dir): \(result.stderrText)")
        return result.stdoutText
    }

    /// `mark_process_dead(pid, dir)` for each pid.
    static func markDead(python: String, _ dir: String, pids: [String]) throws {
        guard !pids.isEmpty else { return }
        let result = try TestSupport.run(python, [TestSupport.tool("mp_tool.py"), "mark-dead", dir] + pids)
        #expect(result.status == 0, "\(result.stderrText)")
    }

    /// A fresh folder in memory (`/dev/shm`) where there is one, else in the
    /// temporary folder: for tests that copy thousands of files many times.
    static func memoryDirectory(_ label: String) throws -> String {
        guard access("/dev/shm", W_OK) == 0 else { return try TestSupport.temporaryDirectory(label) }
        let path = "/dev/shm/promkit-\(label)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// A copy of `source` in a fresh folder, with modes and mtimes kept (`cp -a`).
    static func copy(_ source: String, inMemory: Bool = false) throws -> String {
        let target = inMemory ? try memoryDirectory("copy") : try TestSupport.temporaryDirectory("copy")
        let result = try TestSupport.run("/bin/cp", ["-a", source + "/.", target])
        #expect(result.status == 0, "\(result.stderrText)")
        return target
    }

    /// Every entry's bytes (links as their target text), by name.
    static func snapshot(_ dir: String) throws -> [String: Data] {
        var result: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: dir) {
            let path = dir + "/" + name
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            switch attributes[.type] as? FileAttributeType {
            case .typeSymbolicLink?:
                result[name] = Data(try FileManager.default.destinationOfSymbolicLink(atPath: path).utf8)
            case .typeDirectory?:
                result[name] = Data("dir".utf8)
            default:
                result[name] = try Data(contentsOf: URL(fileURLWithPath: path))
            }
        }
        return result
    }

    /// The pids of the `.db` files whose pid part is a number.
    static func pids(_ dir: String) throws -> [String] {
        var pids: Set<String> = []
        for name in try FileManager.default.contentsOfDirectory(atPath: dir) where name.hasSuffix(".db") {
            let stem = name.dropLast(3)
            if let last = stem.split(separator: "_").last, Int(last) != nil { pids.insert(String(last)) }
        }
        return pids.sorted()
    }

    /// The value of the sample line starting with `prefix ` (name and labels).
    static func value(_ text: String, _ prefix: String) -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix(prefix + " ") {
            return Double(line.dropFirst(prefix.count + 1))
        }
        return nil
    }
}
