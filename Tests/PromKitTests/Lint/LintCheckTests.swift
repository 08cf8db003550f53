import Testing

@testable import PromKit

/// The rule units and their list: every unit runs, once, under an id of its own.
@Suite struct LintCheckTests {
    @Test func everyUnitIsCheckedPerFamilyOrOverTheInput() {
        for check in LintRule.checks {
            #expect(check is any FamilyCheck || check is any InputCheck, "\(check.rule.id) would never run")
        }
    }

    @Test func idsAreUniqueAndListedInOrder() {
        let ids = LintRule.checks.map(\.rule.id)
        #expect(Set(ids).count == ids.count)
        #expect(LintRule.all.map(\.id) == ids)
        for (former, current) in LintRule.formerIDs {
            #expect(!ids.contains(former))
            #expect(ids.contains(current))
        }
    }

    /// A disabled rule's check does not run: its findings are missing, the others' are not.
    @Test func onlyEnabledRulesRun() throws {
        let family = MetricFamily(name: "fooBar", type: .gauge, help: "")
        let all = Linter(enabled: Set(LintRule.all.map(\.id))).lint(LintInput(families: [family])).findings
        #expect(Set(all.map(\.rule)) == ["no-help", "camelcase-metric-name"])
        let some = try Linter(disable: ["no-help"], enable: []).lint(LintInput(families: [family])).findings
        #expect(some.map(\.rule) == ["camelcase-metric-name"])
    }
}
