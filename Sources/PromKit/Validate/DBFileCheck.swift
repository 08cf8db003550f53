import Foundation

/// Checks one `.db` file byte by byte: header, the v1/v2 walk, padding, the
/// zeros past `used`, keys and values. Every finding names the byte offset.
public enum DBFileCheck {
    /// What a file check learned, for the directory checks.
    public struct Summary: Sendable {
        /// The layout, when the walk told it.
        public var layout: DBLayout?
        /// Each entry's decoded key and value.
        public var entries: [(key: DBKey, value: Double)] = []
    }

    /// Checks the file at `path`; `name` is its parsed name when it follows the scheme.
    /// With `keepEntries`, the summary holds every entry's key and value (for
    /// the directory checks); without, memory does not grow with the entries.
    public static func check(
        path: String, name: DBFileName?, now: Double = Date().timeIntervalSince1970, keepEntries: Bool = true
    ) -> (findings: [Diagnostic], summary: Summary) {
        let file: RegularFile
        do {
            file = try RegularFile(path: path)
        } catch {
            return ([ioFinding(path, error.description)], Summary())
        }
        return check(file: file, path: path, name: name, now: now, keepEntries: keepEntries)
    }

    /// Checks the open file `file`, found at `path`. The used region is read a
    /// window at a time (``DBCheckRegion``) and the rest in 1 MiB chunks to
    /// check that it is zero, skipping holes, so a file of any size costs a few
    /// MiB, and a sparse one reads only what it stores.
    static func check(
        file: borrowing RegularFile, path: String, name: DBFileName?, now: Double, keepEntries: Bool = true
    ) -> (findings: [Diagnostic], summary: Summary) {
        let size = file.size
        var head = [UInt8](repeating: 0, count: min(size, 8))
        var end = head.count
        do {
            if try readAll(file, into: &head) < head.count { return ([changed(path)], Summary()) }
            if head.count == 8 {
                let used = head.withUnsafeBytes { DBWalk.int32($0, at: 0) }
                end = used >= 8 && used <= size ? used : 8
                if end > DBFileReader.wholeReadLimit, case let hole = file.nextHole(from: 0), hole < end {
                    return ([usedHole(path, used: used, hole: hole)], Summary())
                }
            }
        } catch {
            return ([ioFinding(path, "\(error)")], Summary())
        }
        let region = DBCheckRegion(descriptor: file.descriptor, count: end)
        let tail = TailScan(file: file)
        let checked = check(region: region, size: size, path: path, name: name, now: now, keepEntries: keepEntries) {
            tail.firstNonZero(from: $0)
        }
        // A read that failed midway (the file shrank) leaves no finding but its own.
        if let failure = region.failure { return ([ioFinding(path, failure)], Summary()) }
        return checked
    }

    /// Fills `bytes` from the start of the file; returns how many were read.
    private static func readAll(_ file: borrowing RegularFile, into bytes: inout [UInt8]) throws -> Int {
        let count = bytes.count
        return try bytes.withUnsafeMutableBytes { raw in
            guard let base = raw.baseAddress else { return 0 }
            return try file.read(into: base, count: count, at: 0)
        }
    }

    /// The rule of a finding for a file that could not be read.
    static let ioRule = "io"

    private static func ioFinding(_ path: String, _ message: String) -> Diagnostic {
        Diagnostic(severity: .error, rule: ioRule, source: path, offset: 0, message: message)
    }

    private static func changed(_ path: String) -> Diagnostic {
        ioFinding(path, "the file shrank while it was being read")
    }

    private static func usedHole(_ path: String, used: Int, hole: Int) -> Diagnostic {
        Diagnostic(
            severity: .error, rule: "used-hole", source: path, offset: hole,
            message: "used=\(used), but the file has a hole here that no writer wrote: the file is damaged "
                + "and prometheus_client fails on it")
    }

    /// Checks the bytes of a `.db` file.
    public static func check(
        bytes: UnsafeRawBufferPointer, path: String, name: DBFileName?, now: Double
    ) -> (findings: [Diagnostic], summary: Summary) {
        check(region: DBCheckRegion(bytes: bytes), size: bytes.count, path: path, name: name, now: now) { start in
            bytes[start...].firstIndex { $0 != 0 }
        }
    }

    /// Checks a `.db` file of `size` bytes whose first bytes `region` holds:
    /// the used region, or all of a file shorter than the header, or the header
    /// alone when `used` is out of range. `firstNonZero` finds the first byte
    /// at or after an offset that is not zero.
    static func check(
        region: DBCheckRegion, size: Int, path: String, name: DBFileName?, now: Double, keepEntries: Bool = true,
        firstNonZero: (Int) -> Int?
    ) -> (findings: [Diagnostic], summary: Summary) {
        var findings: [Diagnostic] = []
        var summary = Summary()
        func add(_ offset: Int, _ severity: Severity, _ check: String, _ message: String) {
            findings.append(
                Diagnostic(severity: severity, rule: check, source: path, offset: offset, message: message))
        }
        if size == 0 {
            add(
                0, .error, "empty-file",
                "the file is empty (0 bytes); every prometheus_client scrape fails on it (client_python#1199)")
            return (findings, summary)
        }
        guard size >= 8 else {
            add(0, .error, "header", "the file is \(size) bytes, shorter than the 8-byte header")
            return (findings, summary)
        }
        guard let used = region.int32(at: 0), let flags = region.int32(at: 4) else { return (findings, summary) }
        guard used >= 8 || used == 0 else {
            add(0, .error, "header", "used=\(used) is inside the 8-byte header")
            return (findings, summary)
        }
        guard used <= size else {
            add(0, .error, "used-past-end", "used=\(used) is past the end of the \(size)-byte file")
            return (findings, summary)
        }
        if flags != 0 {
            add(4, .warning, "header", "the 4 header bytes after used are not zero")
        }
        if used > 8 {
            let v2 = region.structuralProblem(used: used, layout: .v2)
            let v1 = region.structuralProblem(used: used, layout: .v1)
            switch (v2, v1) {
            case (nil, nil):
                let v2Decodes = region.keysDecode(used: used, layout: .v2)
                summary.layout = v2Decodes || !region.keysDecode(used: used, layout: .v1) ? .v2 : .v1
            case (nil, _): summary.layout = .v2
            case (_, nil): summary.layout = .v1
            case (.some(let problem2), .some(let problem1)):
                let worst =
                    region.goodEntries(used: used, layout: .v2) >= region.goodEntries(used: used, layout: .v1)
                    ? problem2 : problem1
                add(
                    worst.offset, .error, "walk",
                    "neither the v1 nor the v2 walk lands on used=\(used): \(worst.problem)")
            }
        }
        if let layout = summary.layout {
            DBEntryCheck(path: path, name: name, layout: layout, now: now, keepEntries: keepEntries).run(
                region, used: used, findings: &findings, summary: &summary)
        }
        let tailStart = max(used, 8)
        if tailStart < size, let nonZero = firstNonZero(tailStart) {
            add(
                nonZero, .warning, "tail-not-zero",
                "bytes past used=\(used) are not zero (a writer was appending, or the file is damaged)")
        }
        return (findings, summary)
    }
}

extension DBFileCheck {
    /// Finds non-zero bytes past `used` without holding the file: data is read
    /// in 1 MiB chunks, holes are skipped.
    struct TailScan: ~Copyable {
        let descriptor: Int32
        let size: Int

        init(file: borrowing RegularFile) {
            descriptor = file.descriptor
            size = file.size
        }

        /// The offset of the first non-zero byte at or after `start`; nil when
        /// there is none (or the file cannot be read further).
        func firstNonZero(from start: Int) -> Int? {
            var chunk = [UInt8](repeating: 0, count: 1 << 20)
            var offset = start
            while offset < size {
                guard let data = RegularFile.nextData(descriptor, from: offset), data < size else { return nil }
                let holeAt = RegularFile.nextHole(descriptor, from: data, size: size)
                let end = holeAt > data ? min(holeAt, size) : size
                var position = data
                while position < end {
                    let wanted = min(chunk.count, end - position)
                    let got = chunk.withUnsafeMutableBytes { raw in
                        try? SystemCall.read(
                            descriptor, into: UnsafeMutableRawBufferPointer(rebasing: raw[..<wanted]), at: position)
                    }
                    guard let got, got > 0 else { return nil }
                    if let index = chunk[0..<got].firstIndex(where: { $0 != 0 }) { return position + index }
                    position += got
                }
                offset = end
            }
            return nil
        }
    }
}
