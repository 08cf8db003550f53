import Testing

@testable import PromKit

/// Cardinality rules and the value shapes behind them.
@Suite struct CardinalityRuleTests {
    static func requests(_ label: String, _ values: [String]) -> [MetricFamily] {
        [
            LintTesting.family(
                "requests", .counter, labels: values.map { [Label(label, $0)] }, sampleName: "requests_total")
        ]
    }

    @Test(
        arguments: [
            ("/users/42", ValueShape.pathWithID), ("/orders/3f2a9c1e77", .pathWithID), ("/users/{id}", nil),
            ("/api/v1/items", nil), ("123e4567-e89b-12d3-a456-426614174000", .uuid), ("ann@example.com", .email),
            ("10.0.0.12", .ipAddress), ("10.0.0.12:8080", .ipAddress), ("fe80::1", .ipAddress),
            ("2001:db8::8a2e:370:7334", .ipAddress), ("1700000000", .timestamp),
            ("1700000000123", .timestamp), ("2024-05-01T10:00:00Z", .timestamp), ("deadbeef0123456789", .hex),
            ("123456", .number), ("3.25", .number), ("GET", nil), ("200", nil), ("7", nil), ("1.2.3", nil),
            ("v1.2.3", nil), ("", nil),
            // MAC addresses (node_exporter's node_network_info) are no IP addresses.
            ("02:fc:00:00:00:01", nil), ("ff:ff:ff:ff:ff:ff", nil), ("3A-F3-E4-38-97-61", nil),
        ] as [(String, ValueShape?)])
    func shapes(value: String, shape: ValueShape?) {
        #expect(ValueShape.of(value, label: "path") == shape)
    }

    /// A path is a request's only in a label named for one: a mount point's numbers are no ids.
    @Test(arguments: [
        ("path", true), ("url", true), ("http_route", true), ("handler", true), ("endpoint", true),
        ("mountpoint", false), ("device", false), ("file", false), ("cgroup", false),
    ])
    func pathsCountInRequestLabelsOnly(label: String, counts: Bool) {
        #expect((ValueShape.of("/run/user/1000", label: label) == .pathWithID) == counts)
    }

    @Test func valueInternerIsExactThroughGrowth() {
        var interner = ValueInterner()
        let values = (0..<5000).map { "/items/\($0)" } + ["", "ünï", String(repeating: "x", count: 100)]
        for (index, value) in values.enumerated() {
            #expect(interner.intern(value) == (Int32(index), true))
        }
        for (index, value) in values.enumerated().reversed() {
            #expect(interner.intern(value) == (Int32(index), false))
        }
        #expect(interner.count == values.count)
        #expect(interner.values == values)
    }

    @Test func maxSeries() throws {
        let family = Self.requests("path", ["/a", "/b", "/c", "/d", "/e"])
        let over = try LintTesting.findings(families: family, maxSeries: 4).of("max-series")
        #expect(over.count == 1)
        #expect(over.first?.message.hasPrefix("5 series, more than --max-series 4") == true)
        #expect(try LintTesting.findings(families: family, maxSeries: 5).of("max-series").isEmpty)
    }

    @Test(arguments: [
        (["/users/1", "/users/2"], true), (["/users/1"], true), (["/users/{id}", "/health"], false),
        (["a@example.com", "b@example.com"], true), (["123e4567-e89b-12d3-a456-426614174000"], false),
        (["10.0.0.1", "10.0.0.2"], true), (["GET", "POST"], false), (["1", "2", "3"], false),
    ])
    func unbounded(values: [String], triggers: Bool) throws {
        let found = try LintTesting.findings(families: Self.requests("handler", values)).of("unbounded-label-values")
        #expect(found.isEmpty != triggers, "\(found)")
        if triggers {
            #expect(found.first?.label == "handler")
            #expect(found.first?.examples.isEmpty == false)
        }
    }

    /// Requests by `label` and by handler (two handlers, or one when `handlers` is 1).
    static func requestsByHandler(_ label: String, _ values: [String], handlers: Int = 2) -> [MetricFamily] {
        let labels = (0..<handlers).flatMap { handler in
            values.map { [Label("handler", "/items\(handler)"), Label(label, $0)] }
        }
        return [LintTesting.family("requests", .counter, labels: labels, sampleName: "requests_total")]
    }

    @Test(arguments: [
        ("status", ["200", "201", "404"], true), ("code", ["200", "404", "500"], false),
        ("status_code", ["200", "201"], true), ("http_status", ["500", "503"], true),
        ("status", ["2xx", "4xx"], false),
        // The name says what the values are, not their shape: a device number is no status code.
        ("major", ["253", "254"], false), ("outcome", ["500", "503"], false), ("region", ["eu", "500", "501"], false),
    ])
    func statusCodes(label: String, values: [String], triggers: Bool) throws {
        let found = try LintTesting.findings(families: Self.requestsByHandler(label, values))
            .of("ungrouped-status-codes")
        #expect(found.isEmpty != triggers, "\(found)")
    }

    /// client_golang's promhttp_metric_handler_requests_total{code="200|500|503"}: the code is
    /// its only label, so there is a series per code and nothing for the codes to multiply.
    @Test func codesAloneAreNotUngrouped() throws {
        let family = LintTesting.family(
            "promhttp_metric_handler_requests", .counter,
            labels: [["200"], ["500"], ["503"]].map { [Label("code", $0[0])] },
            sampleName: "promhttp_metric_handler_requests_total")
        #expect(try LintTesting.findings(families: [family]).of("ungrouped-status-codes").isEmpty)
        let oneHandler = Self.requestsByHandler("status", ["200", "201"], handlers: 1)
        #expect(try LintTesting.findings(families: oneHandler).of("ungrouped-status-codes").isEmpty)
    }

    @Test func ungroupedMessageNamesTheGroupAndWhy() throws {
        let found = try LintTesting.findings(families: Self.requestsByHandler("status", ["200", "201", "503", "500"]))
            .of("ungrouped-status-codes")
        #expect(found.first?.message.contains("\"2xx\", \"5xx\" would do") == true)
        #expect(found.first?.message.hasSuffix("one more series for every value of \"handler\"") == true)
    }

    /// An info metric's labels are the attributes of what it describes (node_exporter's
    /// node_network_info: one series per network card, its addresses as labels).
    @Test func infoMetricsHoldAttributes() throws {
        let addresses = ["10.0.0.1", "10.0.0.2", "10.0.0.3"]
        let info = LintTesting.family(
            "interface_info", .gauge, labels: addresses.map { [Label("address", $0)] })
        #expect(try LintTesting.findings(families: [info]).of("unbounded-label-values").isEmpty)
        let clients = LintTesting.family(
            "client_requests", .counter, labels: addresses.map { [Label("client_ip", $0)] },
            sampleName: "client_requests_total")
        #expect(try LintTesting.findings(families: [clients]).of("unbounded-label-values").count == 1)
    }

    /// prometheus_client's text format writes `x_created` beside a counter `x_total` with the
    /// same labels; the counter's findings are not said twice.
    @Test func createdGaugesRepeatNothing() throws {
        let text = """
            # HELP hits_total Hits.
            # TYPE hits_total counter
            hits_total{path="/items/1"} 1.0
            hits_total{path="/items/2"} 1.0
            # HELP hits_created Hits.
            # TYPE hits_created gauge
            hits_created{path="/items/1"} 1.7e+09
            hits_created{path="/items/2"} 1.7e+09

            """
        let found = try LintTesting.findings(text).of("unbounded-label-values")
        #expect(found.map(\.metric) == ["hits_total"])
        #expect(found.first?.message.contains("route template") == true)
    }

    @Test func manyLabelValuesIsOffByDefault() throws {
        let values = (0..<101).map { "route\($0)" }
        #expect(try LintTesting.findings(families: Self.requests("route", values)).of("many-label-values").isEmpty)
        let enabled = try LintTesting.findings(families: Self.requests("route", values), enable: ["many-label-values"])
        #expect(enabled.of("many-label-values").count == 1)
        let fewer = Array(values.prefix(100))
        #expect(
            try LintTesting.findings(families: Self.requests("route", fewer), enable: ["many-label-values"])
                .of("many-label-values").isEmpty)
    }

    @Test func pidLabelOnAGaugeInAScrape() throws {
        let text =
            "# HELP busy_workers B.\n# TYPE busy_workers gauge\nbusy_workers{pid=\"101\"} 1\n"
            + "busy_workers{pid=\"102\"} 0\n"
        let found = try LintTesting.findings(text).of("multiprocess-pid-series")
        #expect(found.count == 1)
        #expect(found.first?.message.contains("multiprocess_mode=\"livesum\"") == true)
        let summed = "# HELP busy_workers B.\n# TYPE busy_workers gauge\nbusy_workers 1\n"
        #expect(try LintTesting.findings(summed).of("multiprocess-pid-series").isEmpty)
    }

    @Test func tableListsTopFamilies() throws {
        var families = Self.requests("path", ["/a", "/b", "/c"])
        families.append(LintTesting.family("depth", .gauge))
        let report = Linter().lint(LintInput(families: families))
        #expect(report.cardinality.totalSeries == 4)
        #expect(report.cardinality.top.map(\.metric) == ["requests_total", "depth"])
        #expect(report.cardinality.top.first?.labels.first?.values == 3)
        #expect(report.cardinality.text.contains("cardinality: 4 series in 2 families"))
    }
}
