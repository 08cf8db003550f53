/// The per-entry checks of a `.db` file whose walk is sound: padding, keys,
/// sample names against the file type, duplicates, values and timestamps.
struct DBEntryCheck {
    let path: String
    let name: DBFileName?
    let layout: DBLayout
    let now: Double

    /// Earliest plausible `mostrecent` timestamp: 2000-01-01.
    static let earliest = 946_684_800.0

    func run(_ region: UnsafeRawBufferPointer, findings: inout [ValidationFinding], summary: inout DBFileCheck.Summary)
    {
        var seen = Set<[UInt8]>()
        func add(_ offset: Int, _ check: String, _ message: String, _ severity: Severity = .error) {
            findings.append(
                ValidationFinding(source: path, offset: offset, severity: severity, check: check, message: message))
        }
        DBWalk.forEach(region, layout: layout) { offset, keyBytes, value, timestamp in
            let keyEnd = offset + 4 + keyBytes.count
            let padding = DBWalk.padding(forKeyLength: keyBytes.count)
            if let bad = (keyEnd..<(keyEnd + padding)).first(where: { region[$0] != 0x20 }) {
                add(bad, "padding", "padding byte is 0x\(String(region[bad], radix: 16)), not a space")
            }
            if !seen.insert(Array(keyBytes)).inserted {
                add(offset, "duplicate-key", "the same key appears twice in this file; Python adds both")
            }
            let key: DBKey
            do {
                key = try DBKey.decode(keyBytes)
            } catch let error as KeyError {
                let check = error.reason.contains("UTF-8") ? "key-utf8" : "key"
                add(offset + 4 + error.offset, check, "invalid key: \(error.reason)")
                return
            } catch {
                add(offset + 4, "key", "invalid key: \(error)")
                return
            }
            summary.entries.append((key, value))
            let valueOffset = keyEnd + padding
            checkName(key, offset: offset, add: add)
            checkValue(key, value: value, timestamp: timestamp, valueOffset: valueOffset, add: add)
        }
    }

    private func checkName(_ key: DBKey, offset: Int, add: (Int, String, String, Severity) -> Void) {
        guard let type = name?.type else { return }
        let metric = key.metricName
        let sample = key.sampleName
        let fits: Bool
        switch type {
        case .counter: fits = sample == metric + "_total" || (key.shape != .current && sample == metric)
        case .gauge: fits = sample == metric
        case .summary: fits = sample == metric + "_sum" || sample == metric + "_count"
        case .histogram:
            if sample == metric + "_bucket" {
                guard let le = key.labels.last(where: { $0.name == "le" })?.value else {
                    add(offset, "sample-name", "histogram bucket \(sample) has no le label", .error)
                    return
                }
                if PythonFloat.parse(le) == nil {
                    add(offset, "sample-name", "histogram bucket le=\"\(le)\" is not a number", .error)
                }
                return
            }
            fits = sample == metric + "_sum"
        }
        if !fits {
            add(
                offset, "sample-name",
                "sample \(sample) of metric \(metric) does not belong in a \(type.rawValue) file", .error)
        }
    }

    private func checkValue(
        _ key: DBKey, value: Double, timestamp: Double, valueOffset: Int, add: (Int, String, String, Severity) -> Void
    ) {
        guard let name else { return }
        let counting =
            name.type == .counter || (name.type == .histogram && key.sampleName.hasSuffix("_bucket"))
            || (name.type == .summary && key.sampleName.hasSuffix("_count"))
        if counting && (value < 0 || value.isNaN) {
            add(
                valueOffset, "value",
                "\(key.sampleName) is \(value.isNaN ? "NaN" : "negative") (\(value)); it can only count up", .error)
        }
        guard layout == .v2 else { return }
        let mostRecent = name.mode == .mostrecent || name.mode == .livemostrecent
        if mostRecent {
            let plausible = timestamp == 0 || (timestamp >= Self.earliest && timestamp <= now + 86_400)
            if !plausible || !timestamp.isFinite {
                add(valueOffset + 8, "timestamp", "mostrecent timestamp \(timestamp) is not a plausible time", .error)
            }
        } else if timestamp != 0 {
            add(valueOffset + 8, "timestamp", "timestamp \(timestamp) is set outside a mostrecent file", .error)
        }
    }
}
