/// The OpenMetrics naming rules: units, `_created`, `_info`, clashes and reserved names,
/// one unit per rule.
enum OpenMetricsRules {
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

    static let createdTypes: Set<MetricType> = [.counter, .histogram, .summary]

    /// The indexes of the families that are the gauge prometheus_client's text format
    /// writes for the `_created` sample of a counter, histogram or summary (`x_created`, same help).
    static func createdTwins(_ families: [MetricFamily]) -> Set<Int> {
        var byName: [String: Int] = [:]
        for (index, family) in families.enumerated() where byName[family.name] == nil { byName[family.name] = index }
        return Set(
            families.indices.filter { index in
                let family = families[index]
                guard family.type == .gauge, family.name.hasSuffix("_created") else { return false }
                guard let base = byName[String(family.name.dropLast("_created".count))] else { return false }
                return createdTypes.contains(families[base].type) && families[base].help == family.help
            })
    }

    /// The families declared a second time: in the text format under the name its TYPE
    /// line gives (a counter with its `_total`), in OpenMetrics and in a merge under the
    /// family name. With, for each family, the index of the first family of its name.
    static func redeclared(_ input: LintedInput) -> (redeclared: [Bool], firstOfName: [Int]) {
        let text = input.input.format == .text
        var byName: [String: Int] = [:]
        var byIdentity: [String: Int] = [:]
        var redeclared: [Bool] = []
        var firstOfName: [Int] = []
        for (index, family) in input.families.enumerated() {
            let identity = text ? family.name : family.family.name
            if byName[family.family.name] == nil { byName[family.family.name] = index }
            if byIdentity[identity] == nil { byIdentity[identity] = index }
            redeclared.append(byIdentity[identity] != index)
            firstOfName.append(byName[family.family.name] ?? index)
        }
        return (redeclared, firstOfName)
    }
}

extension OpenMetricsRules {
    struct UnitSuffix: FamilyCheck {
        let rule = LintRule(
            "unit-suffix", .error, .openmetrics, "OpenMetrics requires a family with a UNIT to end in _<unit>.")

        func check(_ family: LintedFamily, emit: (LintFinding) -> Void) {
            let unit = family.family.unit
            if !unit.isEmpty, !family.family.name.hasSuffix("_" + unit) {
                emit(family.finding(rule, "name does not end in \"_\(unit)\", the unit its UNIT line gives"))
            }
        }
    }

    struct CreatedMisuse: FamilyCheck {
        let rule = LintRule(
            "created-misuse", .warning, .openmetrics,
            "_created holds the creation time of counters, histograms and summaries only.")

        func check(_ family: LintedFamily, emit: (LintFinding) -> Void) {
            // A counter named x_created_total is no creation time: its samples end in _total.
            if family.name.hasSuffix("_created"), !family.isCreatedTwin {
                emit(
                    family.finding(
                        rule,
                        "names ending in \"_created\" are read as the creation time of a counter, histogram or summary"
                    ))
            }
            if !createdTypes.contains(family.family.type),
                family.scan.sampleNames.contains(family.family.name + "_created")
            {
                emit(family.finding(rule, "only counters, histograms and summaries have \"_created\" samples"))
            }
        }
    }

    struct InfoMisuse: FamilyCheck {
        let rule = LintRule(
            "info-misuse", .warning, .openmetrics, "_info names an info metric: a gauge whose value is always 1.")

        func check(_ family: LintedFamily, emit: (LintFinding) -> Void) {
            guard family.name.hasSuffix("_info") else { return }
            let type = family.family.type
            if type != .info, type != .gauge {
                emit(family.finding(rule, "\"_info\" names an info metric, but this is a \(type.rawValue)"))
                return
            }
            let others = family.scan.valuesOtherThanOne.map { FloatFormatting.goString($0) }
            if !others.isEmpty {
                emit(
                    family.finding(
                        rule, "info metrics have the value 1 and carry their information in labels", examples: others))
            }
        }
    }

    struct NameClash: InputCheck {
        let rule = LintRule(
            "name-clash", .error, .openmetrics,
            "Two families that expose the same sample name, in the input's own format, cannot both be scraped.")

        func check(_ input: LintedInput, emit: (LintFinding) -> Void) {
            let families = input.families
            let redeclared = OpenMetricsRules.redeclared(input).redeclared
            var owner: [String: Int] = [:]
            for (index, family) in families.enumerated() {
                if redeclared[index] {
                    emit(family.finding(rule, "the family is declared twice"))
                    continue
                }
                for name in sampleNames(of: family.family, exposed: family.name, format: input.input.format) {
                    guard let other = owner[name], other != index else {
                        owner[name] = index
                        continue
                    }
                    if name.hasSuffix("_created"), family.isCreatedTwin || families[other].isCreatedTwin { continue }
                    emit(
                        family.finding(
                            rule,
                            "sample name \"\(name)\" clashes with \(families[other].family.type.rawValue) "
                                + "\"\(families[other].name)\""))
                }
            }
        }
    }

    struct OpenMetricsNameClash: InputCheck {
        let rule = LintRule(
            "openmetrics-name-clash", .warning, .openmetrics,
            "A text counter x_total beside a family x: apart in the text format, one family name twice in OpenMetrics.",
            enabledByDefault: false)

        func check(_ input: LintedInput, emit: (LintFinding) -> Void) {
            guard input.input.format == .text else { return }
            let (redeclared, firstOfName) = OpenMetricsRules.redeclared(input)
            for (index, family) in input.families.enumerated() where !redeclared[index] && firstOfName[index] != index {
                let other = input.families[firstOfName[index]]
                emit(
                    family.finding(
                        rule,
                        "\(family.family.type.rawValue) \"\(family.name)\" and \(other.family.type.rawValue) "
                            + "\"\(other.name)\" are apart in the text format, but both are family "
                            + "\"\(family.family.name)\" in OpenMetrics, which forbids a family name twice: it matters "
                            + "only if the server also offers OpenMetrics (Prometheus 3 asks for it first)"))
            }
        }
    }

    struct ReservedName: FamilyCheck {
        let rule = LintRule(
            "reserved-name", .error, .openmetrics, "Names starting with __ are reserved for Prometheus itself.")

        func check(_ family: LintedFamily, emit: (LintFinding) -> Void) {
            if family.name.hasPrefix("__") {
                emit(family.finding(rule, "metric names starting with \"__\" are reserved"))
            }
            for (label, _) in family.scan.labelNames where label.hasPrefix("__") {
                emit(family.finding(rule, "label names starting with \"__\" are reserved", label: label))
            }
        }
    }
}
