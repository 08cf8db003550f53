/// promlint's unit tables (client_golang `prometheus/testutil/promlint/validations/units.go`).
enum PromlintUnits {
    /// Known units and their base unit.
    static let units: [String: String] = [
        // Base units.
        "amperes": "amperes", "bytes": "bytes", "celsius": "celsius", "grams": "grams", "joules": "joules",
        "kelvin": "kelvin", "meters": "meters", "metres": "metres", "seconds": "seconds", "volts": "volts",
        // Time.
        "minutes": "seconds", "hours": "seconds", "days": "seconds", "weeks": "seconds",
        // Temperature.
        "kelvins": "kelvin", "fahrenheit": "celsius", "rankine": "celsius",
        // Length.
        "inches": "meters", "yards": "meters", "miles": "meters",
        // Bytes, energy, mass.
        "bits": "bytes", "calories": "joules", "pounds": "grams", "ounces": "grams",
    ]

    /// Prefixes, tried in this order.
    static let prefixes = [
        "pico", "nano", "micro", "milli", "centi", "deci", "deca", "hecto", "kilo", "kibi", "mega", "mibi",
        "giga", "gibi", "tera", "tebi", "peta", "pebi",
    ]

    /// Abbreviations promlint discourages, in its order.
    static let abbreviations = ["s", "ms", "us", "ns", "sec", "b", "kb", "mb", "gb", "tb", "pb", "m", "h", "d"]

    /// The first `_`-separated part of `name` that is a known unit, with or without a
    /// prefix, and its base unit (promlint's `metricUnits`, client_golang 1.16 and later:
    /// parts in order, the bare unit before any prefix).
    static func unit(in name: String) -> (unit: String, base: String)? {
        for part in name.split(separator: "_", omittingEmptySubsequences: true) {
            let part = String(part)
            if let base = units[part] { return (part, base) }
            for prefix in prefixes where part.hasPrefix(prefix) {
                if let base = units[String(part.dropFirst(prefix.count))] { return (part, base) }
            }
        }
        return nil
    }

    /// How many of promlint's abbreviations `name` contains as a `_`-separated part
    /// (`_x_` inside or `_x` at the end, case-insensitive); promlint reports each.
    static func abbreviationCount(in name: String) -> Int {
        let lower = name.lowercased()
        return abbreviations.count { lower.contains("_\($0)_") || lower.hasSuffix("_\($0)") }
    }

    /// Whether `name` has a lower-case ASCII letter followed by an upper-case one
    /// (promlint's `[a-z][A-Z]`).
    static func isCamelCase(_ name: String) -> Bool {
        var previousLower = false
        for byte in name.utf8 {
            if previousLower, byte >= UInt8(ascii: "A"), byte <= UInt8(ascii: "Z") { return true }
            previousLower = byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")
        }
        return false
    }
}
