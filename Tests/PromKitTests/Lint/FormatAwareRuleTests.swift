import PromKit
import Testing

/// The rules that once raised false alarms on stock exporters (issue 16), each on the
/// lines of the real page that raised it (Tests/Fixtures/corpus), and on what must
/// still trigger.
@Suite struct FormatAwareRuleTests {
    /// Every Go exporter: a gauge and a counter whose text names differ only by `_total`.
    static let goMemstats = """
        # HELP go_memstats_alloc_bytes Number of bytes allocated and still in use.
        # TYPE go_memstats_alloc_bytes gauge
        go_memstats_alloc_bytes 4.13724e+06
        # HELP go_memstats_alloc_bytes_total Total number of bytes allocated, even if freed.
        # TYPE go_memstats_alloc_bytes_total counter
        go_memstats_alloc_bytes_total 8.123304e+06

        """

    @Test func textFamiliesThatDifferByTotalDoNotClash() throws {
        let found = try LintTesting.findings(Self.goMemstats)
        #expect(found.isEmpty, "\(found)")
    }

    /// The clash is real in OpenMetrics only, and said so when the rule is turned on.
    @Test func theOpenMetricsClashIsOptInAndSaysWhenItMatters() throws {
        let found = try LintTesting.findings(Self.goMemstats, enable: ["openmetrics-name-clash"])
            .of("openmetrics-name-clash")
        #expect(found.count == 1)
        #expect(found.first?.metric == "go_memstats_alloc_bytes_total")
        #expect(found.first?.severity == .warning)
        #expect(found.first?.message.contains("both are family \"go_memstats_alloc_bytes\" in OpenMetrics") == true)
        #expect(found.first?.message.contains("only if the server also offers OpenMetrics") == true)
        #expect(LintRule.named("openmetrics-name-clash")?.enabledByDefault == false)
    }

    /// Families merged from `.db` files (served in either format) keep the clash an error.
    @Test func mergedFamiliesStillClash() throws {
        let families = [
            LintTesting.family("depth", .gauge), LintTesting.family("depth", .counter, sampleName: "depth_total"),
        ]
        let found = try LintTesting.findings(families: families).of("name-clash")
        #expect(found.map(\.message) == ["the family is declared twice"])
        #expect(found.first?.severity == .error)
    }

    /// Prometheus' own counters named `*_created_total` hold no creation time.
    @Test func createdTotalCountersAreNoCreatedSamples() throws {
        let text = """
            # HELP prometheus_tsdb_head_chunks_created_total Total number of chunks created in the head
            # TYPE prometheus_tsdb_head_chunks_created_total counter
            prometheus_tsdb_head_chunks_created_total 3

            """
        #expect(try LintTesting.findings(text).isEmpty)
        let gauge = "# HELP job_created When.\n# TYPE job_created gauge\njob_created 1.7e+09\n"
        #expect(try LintTesting.findings(gauge).of("created-misuse").count == 1)
    }

    /// `le` is a gauge histogram's bucket label, as a histogram's.
    @Test func gaugeHistogramBucketsMayHaveLe() throws {
        let text = """
            # HELP app_backlog_age_seconds Age of the jobs waiting.
            # TYPE app_backlog_age_seconds gaugehistogram
            app_backlog_age_seconds_bucket{le="1.0"} 4.0
            app_backlog_age_seconds_bucket{le="+Inf"} 7.0
            app_backlog_age_seconds_gcount 7.0
            app_backlog_age_seconds_gsum 21.5
            # EOF

            """
        let found = try LintTesting.findings(text)
        #expect(found.isEmpty, "\(found)")
        let gauge = "# HELP q Q.\n# TYPE q gauge\nq{le=\"1\"} 1\n# EOF\n"
        #expect(try LintTesting.findings(gauge).of("reserved-label").count == 1)
    }

    /// node_exporter's disk and network families: device numbers and MAC addresses.
    @Test func nodeExporterDevicesAndCards() throws {
        let text = """
            # HELP node_disk_info Info of /sys/block/<block_device>.
            # TYPE node_disk_info gauge
            node_disk_info{device="dm-0",major="253",minor="0"} 1
            node_disk_info{device="dm-1",major="253",minor="1"} 1
            node_disk_info{device="vda",major="254",minor="0"} 1
            # HELP node_network_info Non-numeric data from /sys/class/net/<iface>, value is always 1.
            # TYPE node_network_info gauge
            node_network_info{address="00:00:00:00:00:00",broadcast="00:00:00:00:00:00",device="lo"} 1
            node_network_info{address="02:fc:00:00:00:01",broadcast="ff:ff:ff:ff:ff:ff",device="eth0"} 1
            node_network_info{address="3a:f3:e4:38:97:61",broadcast="ff:ff:ff:ff:ff:ff",device="eth1"} 1

            """
        let found = try LintTesting.findings(text)
        #expect(found.isEmpty, "\(found)")
    }

    /// A series repeated after another family is a repeat too (no second TYPE line in text).
    @Test func repeatsAcrossFamilies() throws {
        let text = """
            # HELP a A.
            # TYPE a gauge
            a{x="1"} 1
            # HELP b B.
            # TYPE b gauge
            b 2
            a{x="1"} 3

            """
        let found = try LintTesting.findings(text).of("duplicate-series")
        #expect(found.map(\.line) == [7])
        #expect(found.first?.severity == .warning)
        #expect(found.first?.promtoolLine == "a metric not unique")
        #expect(LintRule.named("metric-not-unique")?.id == "duplicate-series")
        #expect(throws: Never.self) { try Linter(disable: ["metric-not-unique"], enable: []) }
    }
}
