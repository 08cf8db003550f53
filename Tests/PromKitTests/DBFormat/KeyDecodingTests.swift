import Testing

@testable import PromKit

/// Plain keys (as current prometheus_client writes them) are read by a scan
/// that gives what the general decoder gives; their label sets intern to the
/// same bytes as the same sets read from any other key, with or without
/// `pid` and `le`; and anything else is left to the general decoder.
@Suite struct KeyDecodingTests {
    static let plain: [String] = [
        #"["requests", "requests_total", {"method": "GET", "path": "/a"}, "Requests."]"#,
        #"["requests", "requests_total", {}, "Requests."]"#,
        #"["latency", "latency_bucket", {"le": "0.005", "route": "/x"}, "Latency in seconds, a long help text."]"#,
        #"["latency", "latency_bucket", {"a": "1", "le": "+Inf", "pid": "7", "z": "2"}, ""]"#,
        #"["g", "g", {"pid": "12"}, "h"]"#,
        #"["g", "g", {"le": "1", "pid": "12"}, "h"]"#,
        #"["m", "m_total", {"a": "x y~"}, "h"]"#,
    ]

    static let other: [String] = [
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

    static func canonical(_ labels: [Label]) -> [UInt8] {
        var bytes: [UInt8] = []
        LabelSetBytes.write(labels, into: &bytes)
        return bytes
    }

    @Test(arguments: plain)
    func plainKeysReadAsTheGeneralDecoderReadsThem(text: String) throws {
        try Array(text.utf8).withUnsafeBytes { bytes in
            let key = try #require(PlainKey.scan(bytes))
            let decoded = try DBKey.decode(bytes)
            #expect(key.key(bytes) == decoded)
            var ours: [UInt8] = []
            key.labelSetBytes(bytes, leaving: nil, into: &ours)
            #expect(ours == Self.canonical(decoded.labels))
            for (pair, name) in [(key.pidPair, "pid"), (key.lePair, "le")] {
                let without = decoded.labels.filter { $0.name != name }
                #expect((pair != nil) == (without.count < decoded.labels.count))
                guard let pair else { continue }
                key.labelSetBytes(bytes, leaving: pair, into: &ours)
                #expect(ours == Self.canonical(without), "\(text) without \(name)")
                #expect(key.labels(bytes, leaving: pair) == without)
            }
            #expect(key.leValue.map { PlainKey.string(bytes, $0) } == decoded.labels.first { $0.name == "le" }?.value)
        }
    }

    @Test(arguments: other)
    func otherKeysAreLeftToTheGeneralDecoder(text: String) {
        Array(text.utf8).withUnsafeBytes { bytes in
            #expect(PlainKey.scan(bytes) == nil)
        }
    }

    /// Sets equal to Python are equal as bytes whichever way they were read;
    /// sets that differ never meet.
    @Test func labelSetBytesTellSetsApart() {
        let sets: [[Label]] = [
            [], [Label("a", "1")], [Label("a", "1"), Label("b", "2")], [Label("a", "1, \"b\": \"2")],
            [Label("a", "é")], [Label("a", "e\u{301}")], [Label("a", "x\"y")], [Label("a\u{FF}", "")],
            [Label("a", ""), Label("", "a")],
        ]
        let encoded = sets.map(Self.canonical)
        #expect(Set(encoded).count == sets.count)
    }
}

/// A key whose label object repeats a name keeps one label with the last
/// value, as Python's `dict` does, with few labels or many (the check goes
/// through a table past 16 labels).
@Suite struct RepeatedKeyLabelTests {
    @Test(arguments: [2, 16, 17, 40, 5000])
    func repeatedNameKeepsTheLastValue(count: Int) throws {
        let pairs = (0..<count).map { "\"l\($0)\": \"v\($0)\"" } + ["\"l1\": \"last\""]
        let json = "[\"m\", \"m\", {" + pairs.joined(separator: ", ") + "}, \"h\"]"
        let key = try Array(json.utf8).withUnsafeBytes { try DBKey.decode($0) }
        #expect(key.labels.count == count)
        #expect(key.labels.filter { $0.name == "l1" }.map(\.value) == ["last"])
        #expect(key.labels.first { $0.name == "l0" }?.value == "v0")
    }
}
