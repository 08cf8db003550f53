import Testing

@testable import PromKit

/// The multiprocess rules on per-file facts, each with files that must and must not trigger it.
@Suite struct MultiprocessRuleTests {
    struct Entry {
        var metric: String
        var sample: String
        var labels: [Label] = []
        var help = "Help."
        var value: Double = 1
    }

    static func facts(_ files: [(String, [Entry])]) -> MultiprocessFacts {
        var facts = MultiprocessFacts()
        for (fileName, entries) in files {
            guard case .success(let name) = DBFileName.parse(fileName) else { continue }
            let decoded = entries.enumerated().map { index, entry in
                DBEntry(
                    offset: 8 + index * 64,
                    key: DBKey(
                        metricName: entry.metric, sampleName: entry.sample, labels: entry.labels, help: entry.help),
                    value: entry.value, timestamp: 0)
            }
            facts.add(
                DBFile(path: "/d/" + fileName, region: DBRegion(size: 4096, used: 8, layout: .v2), entries: decoded),
                name: name)
        }
        return facts
    }

    static func findings(_ files: [(String, [Entry])], rule: String) -> [LintFinding] {
        Linter().lint(LintInput(families: [], multiprocess: facts(files))).findings.of(rule)
    }

    static func bucket(_ le: String, _ value: Double = 1) -> Entry {
        Entry(metric: "rt_seconds", sample: "rt_seconds_bucket", labels: [Label("le", le)], value: value)
    }

    @Test func pidSeries() {
        let all = Self.findings(
            [
                ("gauge_all_1.db", [Entry(metric: "inprogress", sample: "inprogress")]),
                ("gauge_all_2.db", [Entry(metric: "inprogress", sample: "inprogress")]),
            ],
            rule: "multiprocess-pid-series")
        #expect(all.count == 1)
        #expect(all.first?.examples == ["1", "2"])
        #expect(all.first?.message.contains("multiprocess_mode \"all\"") == true)
        #expect(all.first?.message.contains("(2 now)") == true)
        let liveall = Self.findings(
            [("gauge_liveall_1.db", [Entry(metric: "peak_rss_bytes", sample: "peak_rss_bytes")])],
            rule: "multiprocess-pid-series")
        #expect(liveall.first?.message.contains("multiprocess_mode=\"max\"") == true)
        for mode in ["livesum", "max", "mostrecent"] {
            #expect(
                Self.findings(
                    [("gauge_\(mode)_1.db", [Entry(metric: "inprogress", sample: "inprogress")])],
                    rule: "multiprocess-pid-series"
                ).isEmpty)
        }
    }

    @Test(arguments: [
        ("last_success_timestamp_seconds", GaugeMode.mostrecent), ("inprogress_requests", .livesum),
        ("queue_high_water", .max), ("app_version_info", .max),
    ])
    func suggestedMode(name: String, mode: GaugeMode) {
        #expect(MultiprocessRules.suggestedMode(name: name, help: "") == mode)
    }

    @Test func inconsistentHelp() {
        let files = [
            ("counter_1.db", [Entry(metric: "jobs", sample: "jobs_total", help: "Jobs.")]),
            ("counter_2.db", [Entry(metric: "jobs", sample: "jobs_total", help: "Jobs run.")]),
        ]
        let found = Self.findings(files, rule: "multiprocess-inconsistent-help")
        #expect(found.count == 1)
        #expect(found.first?.metric == "jobs_total")
        #expect(found.first?.message.contains("\"Jobs.\" in counter_1.db; \"Jobs run.\" in counter_2.db") == true)
        #expect(Self.findings(Array(files.prefix(1)), rule: "multiprocess-inconsistent-help").isEmpty)
    }

    @Test func inconsistentTypeAndMode() {
        let mixed = [
            ("gauge_livesum_1.db", [Entry(metric: "busy", sample: "busy")]),
            ("gauge_max_2.db", [Entry(metric: "busy", sample: "busy")]),
        ]
        #expect(Self.findings(mixed, rule: "multiprocess-inconsistent-type").count == 1)
        let same = [
            ("gauge_livesum_1.db", [Entry(metric: "busy", sample: "busy")]),
            ("gauge_livesum_2.db", [Entry(metric: "busy", sample: "busy")]),
        ]
        #expect(Self.findings(same, rule: "multiprocess-inconsistent-type").isEmpty)
    }

    @Test func inconsistentLabels() {
        let method = Entry(metric: "jobs", sample: "jobs_total", labels: [Label("method", "GET")])
        let both = Entry(metric: "jobs", sample: "jobs_total", labels: [Label("method", "GET"), Label("path", "/")])
        #expect(
            Self.findings(
                [("counter_1.db", [method]), ("counter_2.db", [both])], rule: "multiprocess-inconsistent-labels"
            )
            .count == 1)
        let other = Entry(metric: "jobs", sample: "jobs_total", labels: [Label("method", "POST")])
        #expect(
            Self.findings(
                [("counter_1.db", [method]), ("counter_2.db", [other])], rule: "multiprocess-inconsistent-labels"
            )
            .isEmpty)
    }

    @Test func inconsistentBuckets() {
        let one = [Self.bucket("0.1"), Self.bucket("1.0"), Self.bucket("+Inf")]
        let two = [Self.bucket("0.5"), Self.bucket("+Inf")]
        let found = Self.findings(
            [("histogram_1.db", one), ("histogram_2.db", two)], rule: "multiprocess-inconsistent-buckets")
        #expect(
            found.first?.message.contains("[0.1, 1.0, +Inf] in histogram_1.db; [0.5, +Inf] in histogram_2.db") == true)
        #expect(
            Self.findings(
                [("histogram_1.db", one), ("histogram_2.db", one.reversed())], rule: "multiprocess-inconsistent-buckets"
            )
            .isEmpty)
    }

    @Test func summary() {
        let files = [
            ("summary_1.db", [Entry(metric: "rt", sample: "rt_count"), Entry(metric: "rt", sample: "rt_sum")])
        ]
        #expect(Self.findings(files, rule: "multiprocess-summary").count == 1)
        #expect(Self.findings([("histogram_1.db", [Self.bucket("+Inf")])], rule: "multiprocess-summary").isEmpty)
    }

    @Test func counterNeverIncremented() {
        let zero = Entry(metric: "retries", sample: "retries_total", value: 0)
        let one = Entry(metric: "retries", sample: "retries_total", value: 1)
        #expect(
            Self.findings(
                [("counter_1.db", [zero]), ("counter_2.db", [zero])], rule: "multiprocess-counter-never-incremented"
            )
            .count == 1)
        #expect(
            Self.findings(
                [("counter_1.db", [zero]), ("counter_2.db", [one])], rule: "multiprocess-counter-never-incremented"
            )
            .isEmpty)
    }
}
