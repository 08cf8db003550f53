import Testing

@testable import PromKit

/// The fast path for keys as current prometheus_client writes them gives
/// exactly what the general decoder gives, and hands anything else to it.
@Suite struct KeyDecodingTests {
    static let keys: [String] = [
        #"["requests", "requests_total", {"method": "GET", "path": "/a"}, "Requests."]"#,
        #"["requests", "requests_total", {}, "Requests."]"#,
        #"["latency", "latency_bucket", {"le": "0.005", "route": "/x"}, "Latency in seconds, a long help text."]"#,
        #"["latency", "latency_bucket", {"le": "+Inf", "route": "/x"}, ""]"#,
        // Not the fast path: unsorted or repeated names, escapes, non-ASCII,
        // other shapes and spacing, errors.
        #"["m", "m_total", {"b": "1", "a": "2"}, "h"]"#,
        #"["m", "m_total", {"a": "1", "a": "2"}, "h"]"#,
        #"["m", "m_total", {"a": "x\"y", "b": "\u00e9"}, "h\n"]"#,
        #"["m", "m_total", {"a": "é"}, "h"]"#,
        #"["m", "m_total", {"a": "1"}]"#,
        #"["m", "m_total", ["a", "b"], ["1", "2"]]"#,
        #"["m","m_total",{"a":"1"},"h"]"#,
        #"["m", "m_total", {"a": "1"}, "h"] "#,
        #"["", "m_total", {}, "h"]"#,
        #"["m", "", {}, "h"]"#,
        #"["m", "m_total", {"a": 1}, "h"]"#,
        #"["m", "m_total", {"a": "1"}, null]"#,
        #"["m", "m_total", {"a": "1"}, "h"]]"#,
        #"["m", "m_total", {"a": "1"}, "h""#,
        #"["m", "m_total", {"a": "1\u0001"}, "h"]"#,
    ]

    static func general(_ text: String) -> Result<DBKey, KeyError> {
        Array(text.utf8).withUnsafeBytes { bytes in Result { () throws(KeyError) in try DBKey.decode(bytes) } }
    }

    static func fast(_ text: String, _ strings: inout KeyStrings) -> Result<DBKey, KeyError> {
        Array(text.utf8).withUnsafeBytes { bytes in
            Result { () throws(KeyError) in try DBKey.decode(bytes, reusing: &strings) }
        }
    }

    @Test(arguments: keys)
    func fastPathAgreesWithTheGeneralDecoder(text: String) {
        var strings = KeyStrings()
        #expect(Self.fast(text, &strings) == Self.general(text))
        // Again, with the strings of the last key in the cache.
        #expect(Self.fast(text, &strings) == Self.general(text))
    }

    @Test func reusedStringsNeverLeakIntoTheNextKey() {
        var strings = KeyStrings()
        for (index, text) in (Self.keys + Self.keys.reversed()).enumerated() {
            #expect(Self.fast(text, &strings) == Self.general(text), "key \(index): \(text)")
        }
    }
}
