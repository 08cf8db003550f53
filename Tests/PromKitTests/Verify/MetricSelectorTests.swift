import PromKit
import Testing

@Suite struct MetricSelectorTests {
    static let labels = [Label("endpoint", "/"), Label("method", "GET"), Label("code", "200")]

    @Test(arguments: [
        ("http_requests_total", true),
        ("http_requests_total{}", true),
        ("http_requests_total{endpoint=\"/\"}", true),
        ("http_requests_total{endpoint='/'}", true),
        ("http_requests_total{endpoint=`/`,}", true),
        ("http_requests_total{endpoint!=\"/\"}", false),
        ("http_requests_total{method=~\"G.*\"}", true),
        ("http_requests_total{method=~\"E.*\"}", false),
        ("http_requests_total{method=~\"ET\"}", false),  // anchored: ET does not match GET
        ("http_requests_total{method!~\"P.*\", code=~\"2..\"}", true),
        ("http_requests_total{missing=\"\"}", true),  // an absent label is the empty string
        ("http_requests_total{missing!=\"\"}", false),
        ("{__name__=\"http_requests_total\", endpoint=\"/\"}", true),
        ("{__name__=~\"http_.*_total\"}", true),
        ("{\"http_requests_total\", code=\"200\"}", true),
        ("other_total{endpoint=\"/\"}", false),
    ])
    func matches(_ text: String, _ expected: Bool) throws {
        let selector = try MetricSelector(parsing: text)
        #expect(selector.matches(name: "http_requests_total", labels: Self.labels) == expected)
    }

    @Test(arguments: [
        ("", 1), ("http_requests_total{", 21), ("http_requests_total{endpoint}", 29),
        ("http_requests_total{endpoint=\"/}", 33), ("{x=\"\"}", 7), ("name{a=~\"(\"}", 12), ("name extra", 6),
    ])
    func rejects(_ text: String, _ column: Int) {
        #expect(throws: SelectorError.self) { try MetricSelector(parsing: text) }
        do {
            _ = try MetricSelector(parsing: text)
        } catch {
            #expect(error.column == column, "\(error)")
        }
    }

    @Test func sumsTheSelectedSamples() throws {
        let family = MetricFamily(
            name: "hits", type: .counter, help: "", unit: "",
            samples: [
                Sample(name: "hits_total", labels: [Label("endpoint", "/")], value: 3),
                Sample(name: "hits_total", labels: [Label("endpoint", "/a")], value: 4),
                Sample(name: "hits_created", labels: [Label("endpoint", "/")], value: 1e9),
            ])
        #expect(try MetricSelector(parsing: "hits_total").sum([family]) == 7)
        #expect(try MetricSelector(parsing: "hits_total{endpoint=\"/\"}").sum([family]) == 3)
        #expect(try MetricSelector(parsing: "missing_total").sum([family]) == 0)
    }
}
