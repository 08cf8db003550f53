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
            ("1700000000", .timestamp),
            ("1700000000123", .timestamp), ("2024-05-01T10:00:00Z", .timestamp), ("deadbeef0123456789", .hex),
            ("123456", .number), ("3.25", .number), ("GET", nil), ("200", nil), ("7", nil), ("1.2.3", nil),
            ("v1.2.3", nil), ("", nil),
        ] as [(String, ValueShape?)])
    func shapes(value: String, shape: ValueShape?) {
        #expect(ValueShape.of(value, label: "x") == shape)
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

    @Test(arguments: [
        ("status", ["200", "201", "404"], true), ("code", ["200", "404", "500"], false),
        ("status", ["2xx", "4xx"], false), ("outcome", ["500", "503"], true), ("region", ["eu", "500", "501"], false),
    ])
    func statusCodes(label: String, values: [String], triggers: Bool) throws {
        let found = try LintTesting.findings(families: Self.requests(label, values)).of("ungrouped-status-codes")
        #expect(found.isEmpty != triggers, "\(found)")
    }

    @Test func ungroupedMessageNamesTheGroup() throws {
        let found = try LintTesting.findings(families: Self.requests("status", ["200", "201", "503", "500"]))
            .of("ungrouped-status-codes")
        #expect(found.first?.message.contains("\"2xx\", \"5xx\" would do") == true)
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
