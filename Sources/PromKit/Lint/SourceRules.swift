/// Rules about the input as a whole: a body or directory with no metrics in it.
/// The loader notes what it saw (``SourceNotice``); each rule reports its own notices.
enum SourceRules {
    struct EmptyBody: InputCheck {
        let rule = LintRule(
            "empty-body", .warning, .source,
            "An empty exposition has no metrics: often a redirect not followed (curl without -L on FastAPI's 307).")

        func check(_ input: LintedInput, emit: (LintFinding) -> Void) {
            report(rule, input, emit: emit)
        }
    }

    struct EmptyDirectory: InputCheck {
        let rule = LintRule(
            "empty-directory", .warning, .source,
            "A multiprocess directory without .db files: nothing written yet, or not the app's directory.")

        func check(_ input: LintedInput, emit: (LintFinding) -> Void) {
            report(rule, input, emit: emit)
        }
    }

    /// Emits the input's notices that name `rule`.
    private static func report(_ rule: LintRule, _ input: LintedInput, emit: (LintFinding) -> Void) {
        for notice in input.input.notices where notice.rule == rule.id {
            emit(LintFinding(rule: rule, metric: "", message: notice.message, line: notice.line))
        }
    }
}
