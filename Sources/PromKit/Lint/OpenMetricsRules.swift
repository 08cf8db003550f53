/// The OpenMetrics naming rules: units, `_created`, `_info`, clashes and reserved names.
struct OpenMetricsRules {
    /// The sample names a family of `type` called `name` may expose (OpenMetrics suffixes).
    /// `exposed` is the family's name as a scrape shows it (``PromlintRules/exposedName(_:sampleNames:)``).
    static func sampleNames(of family: MetricFamily, exposed: String) -> [String] {
        let name = family.name
        switch family.type {
        case .counter: return [exposed, name + "_created"]
        case .gauge, .stateset, .unknown: return [name]
        case .histogram: return [name + "_bucket", name + "_count", name + "_sum", name + "_created"]
        case .gaugehistogram: return [name + "_bucket", name + "_gcount", name + "_gsum"]
        case .summary: return [name, name + "_count", name + "_sum", name + "_created"]
        case .info: return [exposed]
        }
    }

    private static let createdTypes: Set<MetricType> = [.counter, .histogram, .summary]

    /// Whether `family` is the gauge prometheus_client's text format writes for the
    /// `_created` sample of a counter, histogram or summary (`x_created`, same help).
    static func isTextCreatedGauge(_ family: MetricFamily, byName: [String: Int], families: [MetricFamily]) -> Bool {
        guard family.type == .gauge, family.name.hasSuffix("_created") else { return false }
        let base = String(family.name.dropLast("_created".count))
        guard let index = byName[base] else { return false }
        return createdTypes.contains(families[index].type) && families[index].help == family.help
    }

    /// Adds the findings for every family of `input`.
    /// `scans` holds each family's scan, parallel to the subjects.
    static func check(_ input: LintInput, scans: [FamilyScan], emit: (LintFinding) -> Void) {
        let families = input.subjects.map(\.family)
        let exposed = zip(families, scans).map { PromlintRules.exposedName($0, sampleNames: $1.sampleNames) }
        var byName: [String: Int] = [:]
        for (index, family) in families.enumerated() where byName[family.name] == nil {
            byName[family.name] = index
        }
        var owner: [String: Int] = [:]
        for (index, subject) in input.subjects.enumerated() {
            let family = subject.family
            let name = exposed[index]
            func problem(_ rule: LintRule, _ text: String, label: String? = nil, examples: [String] = []) {
                emit(
                    LintFinding(
                        rule: rule, metric: name, message: text, label: label, examples: examples, line: subject.line))
            }
            if !family.unit.isEmpty, !family.name.hasSuffix("_" + family.unit) {
                problem(.unitSuffix, "name does not end in \"_\(family.unit)\", the unit its UNIT line gives")
            }
            let textCreated = isTextCreatedGauge(family, byName: byName, families: families)
            if family.name.hasSuffix("_created"), !textCreated {
                problem(
                    .createdMisuse,
                    "names ending in \"_created\" are read as the creation time of a counter, histogram or summary")
            }
            let createdName = family.name + "_created"
            if !createdTypes.contains(family.type), scans[index].sampleNames.contains(createdName) {
                problem(.createdMisuse, "only counters, histograms and summaries have \"_created\" samples")
            }
            if name.hasSuffix("_info") {
                if family.type != .info, family.type != .gauge {
                    problem(.infoMisuse, "\"_info\" names an info metric, but this is a \(family.type.rawValue)")
                } else {
                    let others = scans[index].valuesOtherThanOne.map { FloatFormatting.goString($0) }
                    if !others.isEmpty {
                        problem(
                            .infoMisuse, "info metrics have the value 1 and carry their information in labels",
                            examples: Array(others))
                    }
                }
            }
            if name.hasPrefix("__") { problem(.reservedName, "metric names starting with \"__\" are reserved") }
            for (label, _) in scans[index].labelNames where label.hasPrefix("__") {
                problem(.reservedName, "label names starting with \"__\" are reserved", label: label)
            }
            if let first = byName[family.name], first != index {
                problem(.nameClash, "the family is declared twice")
                continue
            }
            for sampleName in sampleNames(of: family, exposed: name) {
                if let other = owner[sampleName], other != index {
                    let otherFamily = families[other]
                    let created = sampleName.hasSuffix("_created")
                    if created && (textCreated || isTextCreatedGauge(otherFamily, byName: byName, families: families)) {
                        continue
                    }
                    problem(
                        .nameClash,
                        "sample name \"\(sampleName)\" clashes with \(otherFamily.type.rawValue) \"\(exposed[other])\""
                    )
                } else {
                    owner[sampleName] = index
                }
            }
        }
    }
}
