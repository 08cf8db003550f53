import Foundation

/// `promkit validate`: checks directories, `.db` files, expositions from files,
/// standard input (`-`) or http(s) URLs.
public enum Validation {
    /// How findings name standard input (`-`), as `lint`'s do.
    public static let standardInput = SourceName.standardInput

    /// Validates one source.
    public static func validate(
        _ source: String, format: ValidationFormat, timeout: Duration = .seconds(10), maxFindings: Int = 1000
    ) async -> SourceValidation {
        if source.hasPrefix("http://") || source.hasPrefix("https://") {
            return await validateURL(source, format: format, timeout: timeout, maxFindings: maxFindings)
        }
        if source == "-" && format == .db {
            do {
                var bytes: [UInt8] = []
                try SystemCall.readToEnd(0, appendingTo: &bytes)
                let findings = bytes.withUnsafeBytes {
                    DBFileCheck.check(bytes: $0, path: standardInput, name: nil, now: Date().timeIntervalSince1970)
                        .findings
                }
                return summarize(standardInput, readAs: "db", findings)
            } catch {
                return failed(standardInput, "\(error)")
            }
        }
        if source == "-" {
            return validateStream(standardInput, descriptor: 0, format: format, tail: nil, maxFindings: maxFindings)
        }
        var status = stat()
        guard stat(source, &status) == 0 else {
            let missing = errno == ENOENT
            return failed(source, SystemText.error("cannot open") + (missing ? HTTPURL.schemeHint(for: source) : ""))
        }
        let isDirectory = (status.st_mode & S_IFMT) == S_IFDIR
        if isDirectory {
            do {
                let findings = try MultiprocDirectory.withReadersLock(on: source, wait: 2) {
                    DirectoryCheck.check(try MultiprocDirectory.scan(source))
                }
                return summarize(source, readAs: "directory", findings)
            } catch {
                return failed(source, "\(error)")
            }
        }
        if format == .db || (format == .auto && source.hasSuffix(".db")) {
            let file: RegularFile
            do {
                file = try RegularFile(path: source)
            } catch {
                return failed(source, error.description)
            }
            let fileName = URL(fileURLWithPath: source).lastPathComponent
            let name = try? DBFileName.parse(fileName).get()
            let checked = DBFileCheck.check(
                file: file, path: source, name: name, now: Date().timeIntervalSince1970, keepEntries: false)
            return summarize(source, readAs: "db", checked.findings)
        }
        let file: RegularFile
        do {
            file = try RegularFile(path: source)
        } catch {
            return failed(source, error.description)
        }
        let descriptor = file.descriptor
        var tail = [UInt8](repeating: 0, count: 64)
        let size = file.size
        let offset = max(0, size - 64)
        let got = (try? SystemCall.read(descriptor, into: &tail, at: offset)) ?? 0
        return validateStream(
            source, descriptor: descriptor, format: format, tail: Array(tail.prefix(max(0, got))),
            maxFindings: maxFindings)
    }

    private static func failed(_ source: String, _ message: String) -> SourceValidation {
        SourceValidation(source: source, readAs: "", findings: [], errorCount: 0, warningCount: 0, failure: message)
    }

    private static func summarize(_ source: String, readAs: String, _ findings: [Diagnostic]) -> SourceValidation {
        SourceValidation(
            source: source, readAs: readAs, findings: findings,
            errorCount: findings.filter { $0.severity == .error }.count,
            warningCount: findings.filter { $0.severity == .warning }.count, failure: nil)
    }

    private static func exposition(_ source: String, _ result: ParseResult) -> SourceValidation {
        SourceValidation(
            source: source, readAs: result.format.rawValue,
            findings: result.findings.map { $0.at(source) },
            errorCount: result.errorCount, warningCount: result.warningCount, failure: nil)
    }

    /// Streams a file or standard input through the parser in 1 MiB chunks.
    /// With `.auto` and no known tail, both grammars run and the end decides.
    static func validateStream(
        _ source: String, descriptor: Int32, format: ValidationFormat, tail: [UInt8]?, maxFindings: Int
    ) -> SourceValidation {
        var kinds: [ExpositionFormatKind]
        switch format {
        case .openmetrics: kinds = [.openmetrics]
        case .text, .db: kinds = [.text]
        case .auto: kinds = tail.map { [ExpositionFormatKind.sniff(tail: $0)] } ?? [.text, .openmetrics]
        }
        var parsers = kinds.map { ExpositionParser(format: $0, keepSamples: false, maxFindings: maxFindings) }
        var sniffer = BodySniffer()
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        var last: [UInt8] = []
        // An HTML page is read no further than its head.
        while !(sniffer.isHTML && sniffer.isDecided) {
            let got: Int
            do { got = try SystemCall.read(descriptor, into: &chunk) } catch { return failed(source, "\(error)") }
            if got == 0 { break }
            chunk.withUnsafeBytes { raw in
                let part = UnsafeRawBufferPointer(rebasing: raw[0..<got])
                sniffer.feed(part)
                if sniffer.isHTML { return }
                for index in parsers.indices { parsers[index].feed(part) }
                if parsers.count > 1 { last = Array((last + part).suffix(64)) }
            }
        }
        if let notice = sniffer.notice(fetched: false) { return noticed(source, readAs: kinds[0].rawValue, notice) }
        let chosen = parsers.count > 1 ? (ExpositionFormatKind.sniff(tail: last) == .openmetrics ? 1 : 0) : 0
        return exposition(source, parsers[chosen].finish())
    }

    /// One finding about the whole source: nothing else is said about it.
    private static func noticed(_ source: String, readAs: String, _ notice: SourceNotice) -> SourceValidation {
        summarize(source, readAs: readAs, [notice.at(source)])
    }

    /// Fetches `url` and streams its body through the parser as it arrives, so
    /// that memory stays bounded whatever the body's size. The format is the
    /// one `format` names, or with `.auto` the one the `Content-Type` names.
    static func validateURL(
        _ url: String, format: ValidationFormat, timeout: Duration, maxFindings: Int
    ) async -> SourceValidation {
        var parser: ExpositionParser?
        var sniffer = BodySniffer()
        do {
            _ = try await HTTPFetcher.stream(
                url: url, headers: [(name: "Accept", value: HTTPFetcher.prometheusAccept)], timeout: timeout,
                head: { response in
                    let kind: ExpositionFormatKind
                    switch format {
                    case .openmetrics: kind = .openmetrics
                    case .text, .db: kind = .text
                    case .auto: kind = ExpositionFormatKind(contentType: response.header("content-type") ?? "")
                    }
                    parser = ExpositionParser(format: kind, keepSamples: false, maxFindings: maxFindings)
                },
                body: { bytes in
                    if try sniffer.admit(bytes) { parser?.feed(bytes) }
                })
        } catch is BodySniffer.StopReading {
        } catch {
            return failed(url, "\(error)")
        }
        guard var parser else { return failed(url, "no response") }
        if let notice = sniffer.notice(fetched: true) { return noticed(url, readAs: parser.format.rawValue, notice) }
        return exposition(url, parser.finish())
    }
}
