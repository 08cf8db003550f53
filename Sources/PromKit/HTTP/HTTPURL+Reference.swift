extension HTTPURL {
    /// Where a reference (a `Location` header's value) points from this URL, resolved as
    /// RFC 3986 section 5 says: an absolute URL, `//host/path`, `/path`, `?query`, or a
    /// path relative to this one's directory; `.` and `..` segments are removed.
    public func resolving(_ reference: String) throws(HTTPURLError) -> HTTPURL {
        var relative = Substring(reference)
        if let hash = relative.firstIndex(of: "#") { relative = relative[..<hash] }
        if Self.startsWithScheme(relative) { return try HTTPURL(parsing: String(relative)) }
        if relative.hasPrefix("//") { return try HTTPURL(parsing: "\(scheme.rawValue):\(relative)") }
        let basePath = path[..<(path.firstIndex(of: "?") ?? path.endIndex)]
        let query = relative.firstIndex(of: "?").map { relative[$0...] } ?? ""
        let relativePath = relative[..<(relative.firstIndex(of: "?") ?? relative.endIndex)]
        let target: String
        if relative.isEmpty {
            target = path
        } else if relativePath.isEmpty {
            target = String(basePath + query)
        } else if relativePath.hasPrefix("/") {
            target = Self.removingDotSegments(relativePath) + query
        } else {
            let directory = basePath[...(basePath.lastIndex(of: "/") ?? basePath.startIndex)]
            target = Self.removingDotSegments(directory + relativePath) + query
        }
        return try HTTPURL(parsing: origin + target)
    }

    /// Whether `text` begins with `scheme:` (a letter, then letters, digits, `+`, `-` or `.`).
    private static func startsWithScheme(_ text: Substring) -> Bool {
        guard let colon = text.firstIndex(of: ":"), let first = text.first, first.isASCII, first.isLetter else {
            return false
        }
        return text[..<colon].allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }
    }

    /// An absolute path without its `.` and `..` segments (RFC 3986 section 5.2.4).
    static func removingDotSegments<Path: StringProtocol>(_ path: Path) -> String {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        var kept: [Path.SubSequence] = []
        for (index, segment) in zip(segments.indices, segments) {
            let isLast = index == segments.indices.last
            switch segment {
            case ".":
                if isLast { kept.append("") }
            case "..":
                if !kept.isEmpty { kept.removeLast() }
                if isLast { kept.append("") }
            default:
                kept.append(segment)
            }
        }
        return "/" + kept.joined(separator: "/")
    }
}
