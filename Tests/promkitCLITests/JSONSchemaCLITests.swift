import Foundation
import TestSupport
import Testing

/// The README's JSON table holds: each command's `--json` has exactly the
/// top-level keys the table lists, in snake_case.
@Suite struct JSONSchemaCLITests {
    /// The top-level keys the README lists for `command` (the first cell, in backticks).
    static func documentedKeys(_ command: String) throws -> Set<String> {
        let readme = try String(
            contentsOfFile: TestSupport.packageRoot.appendingPathComponent("README.md").path, encoding: .utf8)
        guard let row = readme.split(separator: "\n").first(where: { $0.hasPrefix("| `\(command)") }),
            let open = row.firstIndex(of: "{")
        else { throw UvicornError(description: "README has no JSON row for \(command)") }
        var keys: Set<String> = []
        var depth = 0
        var word = ""
        for character in row[row.index(after: open)...] {
            switch character {
            case "{", "[": depth += 1
            case "}", "]":
                if depth == 0 {
                    keys.insert(word.trimmingCharacters(in: .whitespaces))
                    return keys.subtracting([""])
                }
                depth -= 1
            case "," where depth == 0:
                keys.insert(word.trimmingCharacters(in: .whitespaces))
                word = ""
            case ":" where depth == 0:
                keys.insert(word.trimmingCharacters(in: .whitespaces))
                word = ""
                depth += 100  // skip the value up to the next top-level comma
            default:
                if depth == 0 { word.append(character) }
            }
            if depth >= 100, character == "," || character == "}" { depth -= 100 }
        }
        return keys.subtracting([""])
    }

    static func keys(_ arguments: [String]) throws -> Set<String> {
        let result = try TestSupport.promkit(arguments)
        let object = try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any]
        return Set(object?.keys.map { $0 } ?? [])
    }

    @Test func everyCommandMatchesTheREADME() throws {
        let sample = try MultiprocScratch.copy(TestSupport.fixture("sample"))
        defer { try? FileManager.default.removeItem(atPath: sample) }
        let output = try TestSupport.temporaryDirectory("json-merge") + "/out"
        defer { try? FileManager.default.removeItem(atPath: (output as NSString).deletingLastPathComponent) }
        let runs: [(String, [String])] = [
            ("inspect --json", ["inspect", "--json", sample]),
            ("merge --json", ["merge", "--json", sample, "--output", output]),
            ("clean --json", ["clean", "--json", "--dry-run", sample]),
            ("doctor --json", ["doctor", "--json", sample]),
            ("load --json", ["load", "--json", "http://127.0.0.1:\(try UvicornServer.freePort())/", "-n", "1"]),
        ]
        for (command, arguments) in runs {
            let documented = try Self.documentedKeys(command)
            let required = documented.filter { !$0.hasSuffix("?") }
            let all = Set(documented.map { $0.hasSuffix("?") ? String($0.dropLast()) : $0 })
            let actual = try Self.keys(arguments)
            #expect(
                actual.isSuperset(of: required) && actual.isSubset(of: all),
                "\(command): README \(documented.sorted()), actual \(actual.sorted())")
            #expect(actual.allSatisfy { $0 == $0.lowercased() }, "\(command): snake_case keys")
        }
    }

    /// The rows that document an array: each element has the listed keys.
    @Test func arrayRowsMatchTheREADME() throws {
        let runs: [(String, [String])] = [
            ("render --format json", ["render", "--format", "json", TestSupport.fixture("sample")]),
            ("lint --list-rules --json", ["lint", "--list-rules", "--json"]),
        ]
        for (command, arguments) in runs {
            let documented = try Self.documentedKeys(command)
            let result = try TestSupport.promkit(arguments)
            #expect(result.status == 0, "\(command): \(result.stderrText)")
            let array = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [[String: Any]])
            #expect(!array.isEmpty, "\(command)")
            for element in array {
                let keys = Set(element.keys)
                let required = Set(documented.filter { !$0.hasSuffix("?") })
                let all = Set(documented.map { $0.hasSuffix("?") ? String($0.dropLast()) : $0 })
                #expect(keys.isSuperset(of: required) && keys.isSubset(of: all), "\(command): \(keys.sorted())")
            }
        }
    }

    /// The keys of every finding that `command` writes for `input` on stdin.
    static func findingKeys(_ command: String, _ input: String) throws -> [String: Set<String>] {
        let result = try TestSupport.promkit([command, "--json", "-"], input: Data(input.utf8))
        let array = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [[String: Any]])
        var keys: [String: Set<String>] = [:]
        for finding in array { keys[finding["rule"] as? String ?? ""] = Set(finding.keys) }
        return keys
    }

    /// A finding reads the same in `validate --json` and `lint --json` (issue 17; lint said
    /// `rule` and validate `check` before): lint only adds what it is about, and both
    /// keep to the README's rows.
    @Test func lintAndValidateFindingsShareTheirKeys() throws {
        let input = "# TYPE x counter\nx_total 1\nx_total 2\n"
        let validated = try Self.findingKeys("validate", input)
        let linted = try Self.findingKeys("lint", input)
        let validateFinding = try #require(validated["duplicate-series"])
        let lintFinding = try #require(linted["duplicate-series"])
        #expect(validateFinding == ["source", "line", "column", "severity", "rule", "message"])
        #expect(lintFinding == validateFinding.union(["metric"]))
        for (command, found) in [("validate --json", validated), ("lint --json", linted)] {
            let documented = Set(
                try Self.documentedKeys(command).map { $0.hasSuffix("?") ? String($0.dropLast()) : $0 })
            for keys in found.values { #expect(keys.isSubset(of: documented), "\(command): \(keys.sorted())") }
        }
    }

    /// `load --json` pretty-prints, as every other `--json` does (it printed one line).
    @Test func loadJSONIsPrettyPrinted() throws {
        let url = "http://127.0.0.1:\(try UvicornServer.freePort())/"
        let result = try TestSupport.promkit(["load", "--json", url, "-n", "1"])
        #expect(result.stdoutText.split(separator: "\n").count > 10)
        #expect(try JSONSerialization.jsonObject(with: result.stdout) is [String: Any])
    }
}
