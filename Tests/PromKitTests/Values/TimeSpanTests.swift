import PromKit
import Testing

/// The one grammar for lengths of time, in every option that takes one.
struct TimeSpanTests {
    @Test(arguments: [
        ("500ms", 0.5), ("90s", 90.0), ("30m", 1800.0), ("1h30m", 5400.0), ("1.5h", 5400.0), ("7d", 604_800.0),
        ("2w", 1_209_600.0), ("0s", 0.0), ("1m30s", 90.0), (" 5s ", 5.0),
    ])
    func parses(text: String, seconds: Double) throws {
        #expect(abs(try TimeSpan.parse(text).seconds - seconds) < 1e-9)
    }

    @Test(arguments: ["", "15", "1.5", "7x", "-1d", "d", "ms", "1e3s", "7 d", "1.2.3s", "5s5", "banana"])
    func refuses(text: String) {
        #expect(throws: TimeSpan.ParseError.self) { try TimeSpan.parse(text) }
    }

    /// A bare number gets a hint with units; anything else the grammar's examples.
    @Test func saysWhatToWrite() {
        #expect(message("15") == "'15' has no unit: write 15s, 15m or 15h")
        #expect(message("banana")?.contains("as in 500ms, 90s, 1h30m or 7d") == true)
    }

    private func message(_ text: String) -> String? {
        do {
            _ = try TimeSpan.parse(text)
            return nil
        } catch {
            return error.description
        }
    }

    /// Defaults print as they would be typed.
    @Test func writesDefaults() {
        #expect(TimeSpan(seconds: 2).text == "2s")
        #expect(TimeSpan(seconds: 0.2).text == "200ms")
        #expect(TimeSpan(seconds: 60).duration == .seconds(60))
    }
}

/// `load --expect-status`: codes and classes.
struct StatusExpectationTests {
    @Test func allowsCodesAndClasses() throws {
        let expectation = try StatusExpectation.parse("2xx,304")
        #expect(expectation.allows(200) && expectation.allows(299) && expectation.allows(304))
        #expect(!expectation.allows(404) && !expectation.allows(301))
        #expect(expectation.unexpected(in: [200: 5, 404: 2, 500: 1]) == "404: 2, 500: 1")
        #expect(expectation.unexpected(in: [204: 5]) == nil)
    }

    @Test(arguments: ["", "2xx,", "abc", "99", "600", "6xx", "2xxx"])
    func refuses(text: String) {
        #expect(throws: StatusExpectation.ParseError.self) { try StatusExpectation.parse(text) }
    }
}
