/// Folds parsed samples into per-family scans on a second thread: the parser's
/// thread copies each sample into a batch of bytes, and a worker decodes the
/// batches and runs ``FamilyScan/Builder/add(name:labels:value:line:)``, so that
/// linting costs about what parsing alone does. At most a few batches are in
/// flight, so memory stays flat however large the input.
final class ScanPipeline: SampleSink {
    /// Full batches (the first `used` bytes of each are records), then nil.
    private let channel = BoundedChannel<([UInt8], used: Int)?>(capacity: 4)
    /// Decoded batches, given back for the parser's thread to fill again.
    private let spares = BoundedChannel<[UInt8]>(capacity: 4)
    private let worker: ThreadTask<[FamilyScan]>
    /// The batch being filled: its first `used` bytes are records.
    private var batch: [UInt8]
    private var used = 0
    private var nameIDs: [String: Int32] = [:]
    private var lastName = ""
    private var lastNameID: Int32 = -1
    private var lastLine = 0
    /// The result, once ``finish()`` has waited for it.
    private var scans: [FamilyScan]?

    static let batchBytes = 1 << 17

    init() {
        batch = [UInt8](repeating: 0, count: Self.batchBytes)
        worker = ThreadTask { [channel, spares] in
            var decoder = ScanDecoder()
            while let (batch, used) = channel.take() {
                batch.withUnsafeBytes { decoder.decode(UnsafeRawBufferPointer(rebasing: $0[0..<used])) }
                if batch.count == Self.batchBytes { spares.offer(batch) }
            }
            return decoder.builders.map { $0.finish() }
        }
    }

    func sample(name: String, labels: LabelRuns, value: Double, family: Int, line: Int) {
        if lastNameID < 0 || name != lastName {
            lastName = name
            if let known = nameIDs[name] {
                lastNameID = known
            } else {
                lastNameID = Int32(truncatingIfNeeded: nameIDs.count)
                nameIDs[name] = lastNameID
                var bytes = name
                bytes.withUTF8 { define(UnsafeRawBufferPointer($0)) }
            }
        }
        // Kind, family, line step, name, label count and two lengths per label are
        // varints (at most 10 bytes each); the value is 8 bytes.
        var size = 1 + 8 + 10 * (4 + 2 * labels.count)
        for index in 0..<labels.count { size += labels.name(index).count + labels.value(index).count }
        reserve(size)
        let step = line - lastLine
        lastLine = line
        used = batch.withUnsafeMutableBytes { out in
            var offset = used
            func put(_ value: Int) {
                var rest = UInt(bitPattern: value)
                while rest >= 0x80 {
                    out[offset] = UInt8(truncatingIfNeeded: rest) | 0x80
                    rest >>= 7
                    offset += 1
                }
                out[offset] = UInt8(rest)
                offset += 1
            }
            func put(_ bytes: UnsafeRawBufferPointer) {
                guard let base = out.baseAddress, let source = bytes.baseAddress, !bytes.isEmpty else { return }
                (base + offset).copyMemory(from: source, byteCount: bytes.count)
                offset += bytes.count
            }
            put(1)
            put(family)
            put(step)
            out.storeBytes(of: value.bitPattern, toByteOffset: offset, as: UInt64.self)
            offset += 8
            put(Int(lastNameID))
            put(labels.count)
            for index in 0..<labels.count {
                put(labels.name(index).count)
                put(labels.value(index).count)
                put(labels.name(index))
                put(labels.value(index))
            }
            return offset
        }
    }

    /// Waits for the worker and returns the scan of each family, by the index the
    /// parser gave it (families without samples may be missing at the end).
    func finish() -> [FamilyScan] {
        if let scans { return scans }
        send()
        channel.put(nil)
        let scans = worker.join()
        self.scans = scans
        return scans
    }

    deinit {
        if scans == nil { channel.put(nil) }
    }

    /// A name's definition: kind 0, its length (8 bytes) and its bytes.
    private func define(_ name: UnsafeRawBufferPointer) {
        reserve(1 + 8 + name.count)
        batch.withUnsafeMutableBytes { out in
            out[used] = 0
            out.storeBytes(of: name.count, toByteOffset: used + 1, as: Int.self)
            if let base = out.baseAddress, let source = name.baseAddress, !name.isEmpty {
                (base + used + 9).copyMemory(from: source, byteCount: name.count)
            }
        }
        used += 1 + 8 + name.count
    }

    /// Makes room for `size` more bytes: sends a full batch, grows for a huge record.
    private func reserve(_ size: Int) {
        if used + size <= batch.count { return }
        send()
        if size > batch.count { batch = [UInt8](repeating: 0, count: size) }
    }

    private func send() {
        guard used > 0 else { return }
        channel.put((batch, used))
        batch = spares.poll() ?? [UInt8](repeating: 0, count: Self.batchBytes)
        used = 0
    }
}

/// The worker's side: decodes batches into the builders.
private struct ScanDecoder {
    private(set) var builders: [FamilyScan.Builder] = []
    private var names: [String] = []
    private var spans: [LabelRuns.Span] = []
    /// The line of the last sample decoded (records carry the step from it).
    private var line = 0

    mutating func decode(_ bytes: UnsafeRawBufferPointer) {
        var offset = 0
        func varint() -> Int {
            var value: UInt = 0
            var shift: UInt = 0
            while true {
                let byte = bytes[offset]
                offset += 1
                value |= UInt(byte & 0x7F) << shift
                if byte < 0x80 { return Int(bitPattern: value) }
                shift += 7
            }
        }
        while offset < bytes.count {
            if bytes[offset] == 0 {
                let count = bytes.loadUnaligned(fromByteOffset: offset + 1, as: Int.self)
                offset += 9
                names.append(
                    String(decoding: UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + count]), as: UTF8.self))
                offset += count
                continue
            }
            offset += 1
            let family = varint()
            line += varint()
            let value = Double(bitPattern: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            offset += 8
            let name = varint()
            let labelCount = varint()
            spans.removeAll(keepingCapacity: true)
            for _ in 0..<labelCount {
                let nameLength = varint()
                let valueLength = varint()
                spans.append(
                    LabelRuns.Span(
                        nameStart: offset, nameEnd: offset + nameLength, valueStart: offset + nameLength,
                        valueEnd: offset + nameLength + valueLength))
                offset += nameLength + valueLength
            }
            while builders.count <= family { builders.append(FamilyScan.Builder()) }
            spans.withUnsafeBufferPointer {
                builders[family].add(
                    name: names[name], labels: LabelRuns(base: bytes, spans: $0), value: value, line: line)
            }
        }
    }
}
