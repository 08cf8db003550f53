/// The OpenMetrics naming rules: units, `_created`, `_info`, clashes and reserved names.
struct OpenMetricsRules {
    /// The sample names a family of `type` called `name` may expose in `format`.
    /// `exposed` is the family's name as a scrape shows it (``PromlintRules/exposedName(_:sampleNames:)``).
    /// In the text format a counter has its one sample and prometheus_client writes
    /// `_created` as a gauge of its own; in OpenMetrics (and for families merged from
    /// `.db` files, which prometheus_client also serves as OpenMetrics) the suffixes
    /// of the OpenMetrics types apply.
    static func sampleNames(of family: MetricFamily, exposed: String, format: ExpositionFormatKind? = nil) -> [String] {
        let name = family.name
        let text = format == .text
        switch family.type {
        case .counter: return text ? [exposed] : [exposed, name + "_created"]
        case .gauge, .stateset, .unknown: return [name]
        case .histogram:
            return [name + "_bucket", name + "_count", name + "_sum"] + (text ? [] : [name + "_created"])
        case .gaugehistogram: return [name + "_bucket", name + "_gcount", name + "_gsum"]
        case .summary: return [name, name + "_count", name + "_sum"] + (text ? [] : [name + "_created"])
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

    /// The indexes of the families that are such `_created` gauges.
    static func createdTwins(_ families: [MetricFamily]) -> Set<Int> {
        var byName: [String: Int] = [:]
        for (index, family) in families.enumerated() where byName[family.name] == nil { byName[family.name] = index }
        return Set(families.indices.filter { isTextCreatedGauge(families[$0], byName: byName, families: families) })
    }

    /// Adds the findings for every family of `input`.
    /// `scans` holds each family's scan, parallel to the subjects.
    static func check(_ input: LintInput, scans: [FamilyScan], emit: (LintFinding) -> Void) {
        let families = input.subjects.map(\.family)
        let exposed = zip(families, scans).map { PromlintRules.exposedName($0, sampleNames: $1.sampleNames) }
        let text = input.format == .text
        // What makes a family one: in the text format the name its TYPE line gives
        // (a counter with its _total); in OpenMetrics and in a merge the family name.
        let identity = text ? exposed : families.map(\.name)
        var byName: [String: Int] = [:]
        var byIdentity: [String: Int] = [:]
        for (index, family) in families.enumerated() {
            if byName[family.name] == nil { byName[family.name] = index }
            if byIdentity[identity[index]] == nil { byIdentity[identity[index]] = index }
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
            // A counter named x_created_total is no creation time: its samples end in _total.
            let textCreated = isTextCreatedGauge(family, byName: byName, families: families)
            if name.hasSuffix("_created"), !textCreated {
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
            if let first = byIdentity[identity[index]], first != index {
                problem(.nameClash, "the family is declared twice")
                continue
            }
            if text, let first = byName[family.name], first != index {
                let other = families[first]
                problem(
                    .openMetricsNameClash,
                    "\(family.type.rawValue) \"\(name)\" and \(other.type.rawValue) \"\(exposed[first])\" are apart "
                        + "in the text format, but both are family \"\(family.name)\" in OpenMetrics, which forbids "
                        + "a family name twice: it matters only if the server also offers OpenMetrics (Prometheus 3 "
                        + "asks for it first)")
            }
            for sampleName in sampleNames(of: family, exposed: name, format: input.format) {
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
