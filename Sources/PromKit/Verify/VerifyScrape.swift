/// Fetches a metrics URL (following redirects) and parses it with the project's exposition parser.
enum VerifyScrape {
    /// The families of one scrape of `target`.
    static func fetch(_ target: LoadTarget, timeout: Duration) async throws(VerifyError) -> [MetricFamily] {
        let url = target.description
        var attempt = 0
        var response: HTTPResponse? = nil
        while response == nil {
            attempt += 1
            do {
                response = try await HTTPFetcher.get(
                    url: url, headers: [("Accept", "text/plain;version=0.0.4;q=0.9,*/*;q=0.1")], timeout: timeout,
                    maxRedirects: 5)
            } catch HTTPFetchError.connection(_, let problem) where attempt < 3 && !problem.hasPrefix("cannot connect")
            {
                // A server that closes right after answering can race the request's last write; a GET is safe to repeat.
                continue
            } catch {
                throw .scrape(url, "\(error)")
            }
        }
        guard let response else { throw .scrape(url, "no response") }
        let format = ExpositionFormatKind(contentType: response.header("content-type") ?? "")
        let result = ExpositionParser.parse(response.body, format: format)
        if let error = result.findings.first(where: { $0.severity == .error }) {
            throw .scrape(url, "\(error)")
        }
        return result.families
    }
}
