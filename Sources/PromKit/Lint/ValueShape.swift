/// What an unbounded-looking label value looks like.
///
/// Values are classified on their bytes; a value that fits none of the shapes
/// (a route template, a method, a small number) is taken as bounded.
enum ValueShape: String, CaseIterable, Comparable {
    /// A raw path with an id in it: `/users/42`, `/orders/3f2a…`.
    case pathWithID = "raw paths with ids"
    /// `123e4567-e89b-12d3-a456-426614174000`.
    case uuid = "UUIDs"
    /// An e-mail address.
    case email = "e-mail addresses"
    /// An IPv4 or IPv6 address, with or without a port.
    case ipAddress = "IP addresses"
    /// Unix seconds or milliseconds, or an ISO 8601 date.
    case timestamp = "timestamps"
    /// A long hex string: a hash, a token, an object id.
    case hex = "hex strings"
    /// A long integer or a fractional number.
    case number = "numbers"

    static func < (lhs: ValueShape, rhs: ValueShape) -> Bool {
        (allCases.firstIndex(of: lhs) ?? 0) < (allCases.firstIndex(of: rhs) ?? 0)
    }

    /// The shape of `value` in a label called `label`, or nil when it looks bounded.
    /// A path counts only in a label named for request paths (`path`, `url`, `route`,
    /// `handler`, `endpoint`...): `/run/user/1000` in `mountpoint` is a file system's.
    static func of(_ value: String, label: String) -> ValueShape? {
        let bytes = Array(value.utf8)
        guard !bytes.isEmpty else { return nil }
        if bytes[0] == UInt8(ascii: "/") {
            guard namesRequestPath(label) else { return nil }
            let parts = bytes.split(separator: UInt8(ascii: "/"))
            return parts.contains { isIDSegment(Array($0)) } ? .pathWithID : nil
        }
        if isUUID(bytes) { return .uuid }
        if isEmail(bytes) { return .email }
        if isMACAddress(bytes) { return nil }
        if isIPAddress(bytes) { return .ipAddress }
        if isTimestamp(bytes) { return .timestamp }
        if isHex(bytes, minimum: 12) { return .hex }
        if isNumber(bytes) { return .number }
        return nil
    }

    /// Three digits from 100 to 599.
    static func isStatusCode(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        return bytes.count == 3 && bytes.allSatisfy(isDigit) && bytes[0] >= UInt8(ascii: "1")
            && bytes[0] <= UInt8(ascii: "5")
    }

    /// Whether a label called `label` names the path of an HTTP request.
    static func namesRequestPath(_ label: String) -> Bool {
        let lower = label.lowercased()
        return ["path", "url", "uri", "route", "handler", "endpoint", "location"].contains { lower.contains($0) }
    }

    /// Six pairs of hex digits joined by `:` or `-`: a network card's MAC address,
    /// as many as there are cards (not an IPv6 address, which has no fixed six groups of two).
    static func isMACAddress(_ bytes: [UInt8]) -> Bool {
        guard bytes.count == 17 else { return false }
        let separator = bytes[2]
        guard separator == UInt8(ascii: ":") || separator == UInt8(ascii: "-") else { return false }
        for (index, byte) in bytes.enumerated() {
            if index % 3 == 2 ? byte != separator : !isHexDigit(byte) { return false }
        }
        return true
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte >= 97 && byte <= 102) || (byte >= 65 && byte <= 70)
    }

    private static func isIDSegment(_ part: [UInt8]) -> Bool {
        guard !part.isEmpty else { return false }
        if part.allSatisfy(isDigit) { return true }
        return isUUID(part) || isHex(part, minimum: 8) || isEmail(part)
    }

    private static func isUUID(_ bytes: [UInt8]) -> Bool {
        guard bytes.count == 36 else { return false }
        for (index, byte) in bytes.enumerated() {
            let dash = index == 8 || index == 13 || index == 18 || index == 23
            if dash ? byte != UInt8(ascii: "-") : !isHexDigit(byte) { return false }
        }
        return true
    }

    /// At least `minimum` hex digits with both a digit and a letter among them.
    private static func isHex(_ bytes: [UInt8], minimum: Int) -> Bool {
        bytes.count >= minimum && bytes.allSatisfy(isHexDigit) && bytes.contains(where: isDigit)
            && bytes.contains { !isDigit($0) }
    }

    private static func isEmail(_ bytes: [UInt8]) -> Bool {
        guard let at = bytes.firstIndex(of: UInt8(ascii: "@")), at > 0 else { return false }
        let domain = bytes[(at + 1)...]
        guard let dot = domain.lastIndex(of: UInt8(ascii: ".")) else { return false }
        return dot > at + 1 && dot < bytes.count - 1 && !domain.contains(UInt8(ascii: "@"))
            && !bytes.contains(UInt8(ascii: " "))
    }

    private static func isIPAddress(_ bytes: [UInt8]) -> Bool {
        var host = bytes[...]
        if let colon = bytes.firstIndex(of: UInt8(ascii: ":")), bytes.filter({ $0 == UInt8(ascii: ":") }).count == 1 {
            host = bytes[..<colon]  // IPv4 with a port
        }
        let octets = host.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        if octets.count == 4,
            octets.allSatisfy({
                !$0.isEmpty && $0.count <= 3 && $0.allSatisfy(isDigit)
                    && (Int(String(decoding: $0, as: UTF8.self)) ?? 256) <= 255
            })
        {
            return true
        }
        // IPv6: hex groups and colons (at least two), optionally in brackets or ending in IPv4.
        let colons = bytes.count { $0 == UInt8(ascii: ":") }
        return colons >= 2 && bytes.count >= 3
            && bytes.allSatisfy {
                isHexDigit($0) || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: ".") || $0 == 91 || $0 == 93
            }
    }

    private static func isTimestamp(_ bytes: [UInt8]) -> Bool {
        if bytes.allSatisfy(isDigit) {
            // Unix seconds (2001 to 2286) or milliseconds.
            return (bytes.count == 10 || bytes.count == 13) && bytes[0] == UInt8(ascii: "1")
        }
        // ISO 8601: YYYY-MM-DD, optionally followed by a time.
        guard bytes.count >= 10 else { return false }
        let shape = Array(bytes[0..<10])
        for (index, byte) in shape.enumerated() {
            let dash = index == 4 || index == 7
            if dash ? byte != UInt8(ascii: "-") : !isDigit(byte) { return false }
        }
        return bytes.count == 10 || bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " ")
    }

    /// An integer of five or more digits, or a number with a fractional part.
    private static func isNumber(_ bytes: [UInt8]) -> Bool {
        var digits = bytes[...]
        if digits.first == UInt8(ascii: "-") { digits = digits.dropFirst() }
        guard !digits.isEmpty else { return false }
        if digits.allSatisfy(isDigit) { return digits.count >= 5 }
        let parts = digits.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && !parts[1].isEmpty && parts.allSatisfy { $0.allSatisfy(isDigit) }
    }
}
