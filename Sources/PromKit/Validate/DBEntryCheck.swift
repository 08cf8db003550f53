/// The per-entry checks of a `.db` file whose walk is sound: padding, keys,
/// sample names against the file type, duplicates, values and timestamps.
/// Entries are read one at a time (``DBCheckRegion``); what is kept per entry
/// is its offset under a hash of its key (``FirstKeyOffsets``), and its decoded
/// key only with `keepEntries`. After ``maxFindings`` findings the rest of the
/// file is not checked.
struct DBEntryCheck {
    let path: String
    let name: DBFileName?
    let layout: DBLayout
    let now: Double
    var keepEntries = true

    /// Earliest plausible `mostrecent` timestamp: 2000-01-01.
    static let earliest = 946_684_800.0
    /// The findings of one file past which its entries are no longer checked.
    static let maxFindings = 1000

    /// A seeded 64-bit hash of `key`.
    static func hash(_ key: UnsafeRawBufferPointer) -> UInt64 {
        var hasher = Hasher()
        hasher.combine(bytes: key)
        return UInt64(UInt(bitPattern: hasher.finalize()))
    }

    func run(
        _ region: DBCheckRegion, used: Int, findings: inout [Diagnostic], summary: inout DBFileCheck.Summary
    ) {
        var seen = FirstKeyOffsets()
        let first = findings.count
        func add(_ offset: Int, _ check: String, _ message: String, _ severity: Severity = .error) {
            findings.append(
                Diagnostic(severity: severity, rule: check, source: path, offset: offset, message: message))
        }
        region.forEachEntry(used: used, layout: layout) { offset, keyLength, entry in
            guard findings.count - first < Self.maxFindings else {
                add(
                    offset, "too-many-findings",
                    "\(findings.count - first) findings in this file; the entries from here on are not checked")
                return false
            }
            guard let entry else {
                add(
                    offset + 4, "key-too-long",
                    "the key is \(keyLength) bytes, longer than \(DBCheckRegion.maxEntryBytes >> 20) MiB: not read")
                return true
            }
            let keyBytes = UnsafeRawBufferPointer(rebasing: entry[4..<(4 + keyLength)])
            let keyEnd = 4 + keyLength
            let padding = DBWalk.padding(forKeyLength: keyLength)
            if let bad = (keyEnd..<(keyEnd + padding)).first(where: { entry[$0] != 0x20 }) {
                add(offset + bad, "padding", "padding byte is 0x\(String(entry[bad], radix: 16)), not a space")
            }
            let repeated = seen.earlier(hash: Self.hash(keyBytes), offset: offset) { earlier in
                guard let length = region.int32(at: earlier), length == keyLength else { return false }
                return region.copy((earlier + 4)..<(earlier + 4 + length))?.elementsEqual(keyBytes) == true
            }
            if repeated != nil {
                add(offset, "duplicate-key", "the same key appears twice in this file; Python adds both")
            }
            let key: DBKey
            do {
                key = try DBKey.decode(keyBytes)
            } catch let error as KeyError {
                let check = error.reason.contains("UTF-8") ? "key-utf8" : "key"
                add(offset + 4 + error.offset, check, "invalid key: \(error.reason)")
                return true
            } catch {
                add(offset + 4, "key", "invalid key: \(error)")
                return true
            }
            let valueStart = keyEnd + padding
            let value = DBWalk.double(entry, at: valueStart)
            let timestamp = layout == .v2 ? DBWalk.double(entry, at: valueStart + 8) : 0
            if keepEntries { summary.entries.append((key, value)) }
            checkName(key, offset: offset, add: add)
            checkValue(key, value: value, timestamp: timestamp, valueOffset: offset + valueStart, add: add)
            return true
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
