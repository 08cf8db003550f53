import Foundation
import PromKit
import TestSupport
import Testing

/// The OpenMetrics parser test suite (../shared/conformance/openmetrics): every
/// case must be accepted or rejected exactly as its test.json says.
@Suite struct OpenMetricsConformanceTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var bytes: [UInt8]
        var shouldParse: Bool
        var testDescription: String { name }
    }

    static let suiteFolder = TestSupport.packageRoot
        .appendingPathComponent("../shared/conformance/openmetrics").standardizedFileURL

    static let cases: [Case] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: suiteFolder.path)) ?? []
        return names.sorted().compactMap { name in
            let folder = suiteFolder.appendingPathComponent(name)
            guard let json = try? Data(contentsOf: folder.appendingPathComponent("test.json")),
                let object = try? JSONSerialization.jsonObject(with: json) as? [String: Any],
                let file = object["file"] as? String,
                let shouldParse = object["shouldParse"] as? Bool,
                let bytes = try? Data(contentsOf: folder.appendingPathComponent(file))
            else { return nil }
            return Case(name: name, bytes: [UInt8](bytes), shouldParse: shouldParse)
        }
    }()

    @Test func suiteIsComplete() {
        #expect(Self.cases.count == 211, "expected 211 cases in \(Self.suiteFolder.path)")
        #expect(Self.cases.filter(\.shouldParse).count == 44)
    }

    @Test(arguments: cases)
    func conformance(_ testCase: Case) {
        let result = ExpositionParser.parse(testCase.bytes, format: .openmetrics)
        let errors = result.findings.filter { $0.severity == .error }
        if testCase.shouldParse {
            #expect(!result.hasErrors, "\(testCase.name) must parse: \(errors)")
        } else {
            #expect(result.hasErrors, "\(testCase.name) must be rejected")
        }
    }

    @Test func autoPicksOpenMetricsForTheSuite() {
        for testCase in Self.cases where testCase.shouldParse {
            let result = ExpositionParser.parse(testCase.bytes, format: .auto)
            #expect(result.format == .openmetrics, "\(testCase.name)")
        }
    }
}
