/// The format of a scrape, chosen from the request's `Accept` header exactly
/// as prometheus_client 0.26.0's `choose_encoder` chooses it.
///
/// Accepted media ranges are tried in the order written, comma-separated:
/// - `application/openmetrics-text` with no `version`: OpenMetrics 1.0.0 with
///   underscores escaping, content type without `escaping`;
/// - `application/openmetrics-text; version>=1.0.0`: OpenMetrics, that version
///   and the `escaping=` parameter (underscores when absent or unknown);
/// - `text/plain; version>=1.0.0`: text with the `escaping=` parameter,
///   content type `version=1.0.0`;
/// - anything else, or nothing matching: text 0.0.4.
///
/// The `version` compare is Python's tuple compare of `parse_version`: parts
/// that are numbers compare as numbers; a part that is not a number compared
/// with a number is a `TypeError` in Python (a 500), here ``Failure``.
public struct ContentNegotiation: Hashable, Sendable {
    /// The format to render.
    public var format: ExpositionFormat
    /// The name escaping to render with.
    public var escaping: NameEscaping
    /// The `Content-Type` of the response.
    public var contentType: String

    /// A version Python cannot compare with `(1, 0, 0)`.
    public struct Failure: Error, Hashable, Sendable, CustomStringConvertible {
        /// The version parameter as written.
        public var version: String
        public var description: String {
            "TypeError: cannot compare Accept header version '\(version)' with 1.0.0 (as prometheus_client fails)"
        }
    }

    /// Text 0.0.4, the answer when nothing else is asked for.
    public static let text004 = ContentNegotiation(
        format: .text, escaping: .underscores, contentType: "text/plain; version=0.0.4; charset=utf-8")

    /// Chooses the format for an `Accept` header (several headers joined with `,`).
    public static func choose(accept: String?) throws(Failure) -> ContentNegotiation {
        for accepted in (accept ?? "").split(separator: ",", omittingEmptySubsequences: false) {
            let tokens = accepted.split(separator: ";", omittingEmptySubsequences: false)
            let mediaType = pythonStrip(tokens.first ?? "")
            if mediaType == "application/openmetrics-text" {
                let version = parameter("version", in: tokens)
                let escaping = escapingParameter(tokens)
                if version.isEmpty {
                    return ContentNegotiation(
                        format: .openmetrics, escaping: .underscores,
                        contentType: "application/openmetrics-text; version=1.0.0; charset=utf-8")
                }
                if try atLeastOne(version) {
                    return ContentNegotiation(
                        format: .openmetrics, escaping: escaping,
                        contentType:
                            "application/openmetrics-text; version=\(version); charset=utf-8; escaping=\(escaping.rawValue)"
                    )
                }
            } else if mediaType == "text/plain" {
                let version = parameter("version", in: tokens)
                let escaping = escapingParameter(tokens)
                if !version.isEmpty, try atLeastOne(version) {
                    return ContentNegotiation(
                        format: .text, escaping: escaping,
                        contentType: "text/plain; version=1.0.0; charset=utf-8; escaping=\(escaping.rawValue)")
                }
            }
        }
        return text004
    }

    /// Whether `Accept-Encoding` (several headers joined with `,`) names gzip, as `gzip_accepted`.
    public static func gzipAccepted(_ acceptEncoding: String?) -> Bool {
        for accepted in (acceptEncoding ?? "").split(separator: ",", omittingEmptySubsequences: false) {
            let coding = pythonStrip(accepted.split(separator: ";", omittingEmptySubsequences: false).first ?? "")
            if coding.lowercased() == "gzip" { return true }
        }
        return false
    }

    /// `_get_version`: the first `version=` token's value, or "".
    private static func parameter(_ key: String, in tokens: [Substring]) -> String {
        for token in tokens where token.contains("=") {
            let stripped = pythonStrip(token)
            guard let equals = stripped.firstIndex(of: "=") else { continue }
            if stripped[..<equals] == key { return String(stripped[stripped.index(after: equals)...]) }
        }
        return ""
    }

    /// `_get_escaping`: the first `escaping=` token, underscores when unknown.
    private static func escapingParameter(_ tokens: [Substring]) -> NameEscaping {
        for token in tokens where token.contains("=") {
            let stripped = pythonStrip(token)
            guard let equals = stripped.firstIndex(of: "=") else { continue }
            guard stripped[..<equals] == "escaping" else { continue }
            return NameEscaping(rawValue: String(stripped[stripped.index(after: equals)...])) ?? .underscores
        }
        return .underscores
    }

    /// `parse_version(version) >= (1, 0, 0)` with Python's tuple semantics.
    static func atLeastOne(_ version: String) throws(Failure) -> Bool {
        let reference = [1, 0, 0]
        let parts = version.split(separator: ".", omittingEmptySubsequences: false)
        for (index, part) in parts.enumerated() {
            guard index < reference.count else { return true }
            guard let number = pythonInt(part) else {
                throw Failure(version: version)
            }
            if number != reference[index] { return number > reference[index] }
        }
        return parts.count >= reference.count
    }

    /// Python's `int(text)`: optional surrounding whitespace and sign, digits with single `_` between.
    static func pythonInt(_ text: Substring) -> Int? {
        var body = pythonStrip(text)
        var negative = false
        if body.first == "+" || body.first == "-" {
            negative = body.first == "-"
            body = body.dropFirst()
        }
        guard let first = body.first, first.isASCII, first.isNumber, body.last?.isNumber == true,
            !body.contains("__")
        else { return nil }
        var value = 0
        for character in body where character != "_" {
            guard character.isASCII, let digit = character.wholeNumberValue else { return nil }
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(digit)
            if overflow1 || overflow2 { return Int.max }
            value = sum
        }
        return negative ? -value : value
    }

    /// Python's `str.strip()` for the ASCII whitespace that headers carry.
    static func pythonStrip(_ text: Substring) -> Substring {
        let isSpace: (Character) -> Bool = {
            $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\u{0B}" || $0 == "\u{0C}"
        }
        var result = text
        while let first = result.first, isSpace(first) { result = result.dropFirst() }
        while let last = result.last, isSpace(last) { result = result.dropLast() }
        return result
    }
}
