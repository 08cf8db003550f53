/// Fetches a metrics URL and parses it with the project's exposition parser.
enum MetricsScrape {
    static func fetch(_ target: LoadTarget, timeout: Duration) async throws(VerifyError) -> [MetricFamily] {
        throw .scrape(target.description, "not implemented yet")
    }
}
