/// The rule list `promkit lint --list-rules` prints.
public enum LintRuleList {
    /// One rule a line: id, severity, category, `(off)` when off by default, rationale.
    public static var text: String {
        let width = LintRule.all.map(\.id.count).max() ?? 0
        var out = ""
        for rule in LintRule.all {
            let id = rule.id + String(repeating: " ", count: width - rule.id.count)
            let severity = rule.severity.rawValue + String(repeating: " ", count: 7 - rule.severity.rawValue.count)
            let category = rule.category.rawValue + String(repeating: " ", count: 12 - rule.category.rawValue.count)
            let off = rule.enabledByDefault ? "" : "(off by default) "
            out += "\(id)  \(severity)  \(category)  \(off)\(rule.rationale)\n"
        }
        return out
    }

    /// The rules as a JSON array of {id, severity, category, enabled_by_default, rationale}.
    public static var json: String {
        var writer = JSONWriter()
        writer.write("[")
        for (index, rule) in LintRule.all.enumerated() {
            writer.write(index == 0 ? "\n  {\"id\": " : ",\n  {\"id\": ")
            writer.string(rule.id)
            writer.write(", \"severity\": ")
            writer.string(rule.severity.rawValue)
            writer.write(", \"category\": ")
            writer.string(rule.category.rawValue)
            writer.write(", \"enabled_by_default\": \(rule.enabledByDefault), \"rationale\": ")
            writer.string(rule.rationale)
            writer.write("}")
        }
        writer.write("\n]\n")
        return String(decoding: writer.bytes, as: UTF8.self)
    }
}
