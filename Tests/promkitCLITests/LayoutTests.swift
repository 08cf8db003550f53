import Foundation
import TestSupport
import Testing

/// The library's folders form layers: a folder may use the types of another
/// only if that one does not use its types back, directly or through others
/// (CONTRIBUTING.md, "Layout"), and no source file outgrows a reader.
@Suite struct LayoutTests {
    static let library = TestSupport.packageRoot.appendingPathComponent("Sources/PromKit")
    static let longestFile = 320

    @Test func libraryFoldersFormNoCycle() throws {
        let graph = try Self.folderGraph()
        #expect(graph.count >= 10, "too few folders found under Sources/PromKit: \(graph.keys.sorted())")
        for folder in graph.keys.sorted() {
            if let cycle = Self.cycle(from: folder, in: graph) {
                Issue.record("folders use each other: \(cycle.joined(separator: " -> "))")
                return
            }
        }
    }

    @Test func cycleFinderFindsACycle() {
        let edge: Set<String> = ["Name"]
        let graph = ["A": ["B": edge], "B": ["C": edge], "C": ["A": edge]]
        #expect(Self.cycle(from: "A", in: graph) == ["A", "B", "C", "A"])
        #expect(Self.cycle(from: "A", in: ["A": ["B": edge], "B": [:]]) == nil)
    }

    @Test func noSourceFileIsTooLong() throws {
        let sources = TestSupport.packageRoot.appendingPathComponent("Sources")
        let files = try Self.swiftFiles(under: sources)
        #expect(!files.isEmpty)
        for file in files {
            let lines = try String(contentsOf: file, encoding: .utf8).split(
                separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.count <= Self.longestFile, "\(file.path) has \(lines.count) lines; split it")
        }
    }

    /// For each folder, the folders whose top-level types its files name, with
    /// the names that make each edge.
    static func folderGraph() throws -> [String: [String: Set<String>]] {
        var owner: [String: String] = [:]
        var texts: [(folder: String, text: String)] = []
        for file in try swiftFiles(under: library) {
            let folder = file.deletingLastPathComponent().lastPathComponent
            let text = try String(contentsOf: file, encoding: .utf8)
            for name in declaredTypes(in: text) where owner[name] == nil { owner[name] = folder }
            texts.append((folder, text))
        }
        var graph: [String: [String: Set<String>]] = [:]
        for (folder, text) in texts {
            graph[folder, default: [:]] = graph[folder, default: [:]]
            for word in typeNames(in: text) {
                guard let other = owner[word], other != folder else { continue }
                graph[folder, default: [:]][other, default: []].insert(word)
            }
        }
        return graph
    }

    /// A path from `start` back to itself, or nil.
    static func cycle(from start: String, in graph: [String: [String: Set<String>]]) -> [String]? {
        var seen: Set<String> = []
        func walk(_ node: String, _ path: [String]) -> [String]? {
            for next in (graph[node] ?? [:]).keys.sorted() {
                if next == start { return path + [next] }
                if seen.insert(next).inserted, let found = walk(next, path + [next]) { return found }
            }
            return nil
        }
        return walk(start, [start])
    }

    static func swiftFiles(under root: URL) throws -> [URL] {
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else {
            throw CocoaError(.fileReadNoSuchFile)
        }
        return walker.compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }.sorted { $0.path < $1.path }
    }

    /// Types declared at the top level (column 0): `struct`, `enum`, `class`,
    /// `protocol`, `actor` and `typealias`, after attributes and modifiers.
    static func declaredTypes(in text: String) -> [String] {
        let kinds: Set<Substring> = ["struct", "enum", "class", "protocol", "actor", "typealias"]
        return text.split(separator: "\n").compactMap { line in
            guard let first = line.first, first.isLetter || first == "@" else { return nil }
            let words = line.split(whereSeparator: { !$0.isLetter && !$0.isNumber && $0 != "_" && $0 != "@" })
            guard let kind = words.firstIndex(where: { kinds.contains($0) }), kind + 1 < words.count,
                words[..<kind].allSatisfy({ $0.first == "@" || $0.first?.isLowercase == true })
            else { return nil }
            let name = words[kind + 1]
            return name.first?.isUppercase == true ? String(name) : nil
        }
    }

    /// Capitalised identifiers outside `//` comments.
    static func typeNames(in text: String) -> Set<String> {
        var names: Set<String> = []
        for line in text.split(separator: "\n") {
            let code = line.range(of: "//").map { line[..<$0.lowerBound] } ?? line[...]
            for word in code.split(whereSeparator: { !$0.isLetter && !$0.isNumber && $0 != "_" })
            where word.first?.isUppercase == true {
                names.insert(String(word))
            }
        }
        return names
    }
}
