/// Fetches a metrics URL (following redirects) and parses it with the project's
/// exposition parser, the body streamed through the parser as it arrives.
enum VerifyScrape {
    /// The families of one scrape of `target`.
    static func fetch(_ target: HTTPURL, timeout: Duration) async throws(VerifyError) -> [MetricFamily] {
        let url = target.description
        var attempt = 0
        var parser: ExpositionParser?
        while parser == nil {
            attempt += 1
            do {
                _ = try await HTTPFetcher.stream(
                    url: url, headers: [("Accept", "text/plain;version=0.0.4;q=0.9,*/*;q=0.1")], timeout: timeout,
                    maxRedirects: 5,
                    head: { response in
                        // A fresh parser for each response: a repeated GET starts over.
                        parser = ExpositionParser(
                            format: ExpositionFormatKind(contentType: response.header("content-type") ?? ""))
                    },
                    body: { parser?.feed($0) })
            } catch HTTPFetchError.connection(_, let problem) where attempt < 3 && !problem.hasPrefix("cannot connect")
            {
                // A server that closes right after answering can race the request's last write; a GET is safe to repeat.
                parser = nil
                continue
            } catch {
                throw .scrape(url, "\(error)")
            }
        }
        guard var parser else { throw .scrape(url, "no response") }
        let result = parser.finish()
        if let error = result.findings.first(where: { $0.severity == .error }) {
            throw .scrape(url, "\(error)")
        }
        return result.families
    }
}
