// libFuzzer target: the directory scan (names and file kinds). Each input is a
// list of entries made in a fresh folder: odd and non-UTF-8 names, regular
// files, symbolic links (dangling, to a FIFO, to a folder), FIFOs, folders and
// hard links. The scan must list each exactly once, by its exact bytes, with
// the right kind; validate's directory checks and render's merge then read
// the folder, and must never open a FIFO or follow a link (a hang is a
// libFuzzer timeout). Input: records of [kind][name length][name][content
// length][content]; the kind's high bits pick a name prefix and a `.db` suffix.

import Glibc

let scanPrefixes: [[UInt8]] = [
    [], Array("counter_".utf8), Array("gauge_all_".utf8), Array("gauge_livesum_".utf8),
    Array("histogram_".utf8), Array("summary_".utf8), Array("gauge_mostrecent_".utf8), Array(".".utf8),
]

/// What an entry was made as.
private enum MadeKind {
    case file, link, fifo, directory
}

/// A folder of its own under `$TMPDIR` (else `/tmp`), emptied after each input
/// and removed at exit.
let scanFolder: String? = makeScanFolder()

private func makeScanFolder() -> String? {
    let base = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
    var template = Array((base + "/promkit-fuzz-scan-XXXXXX").utf8CString)
    guard let folder = mkdtemp(&template) else { return nil }
    // libFuzzer ends with exit(): the folder, empty by then, goes with it.
    atexit { removeScanFolder() }
    return String(cString: folder)
}

private func removeScanFolder() {
    if let scanFolder { _ = rmdir(scanFolder) }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDirectoryScan(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, let folder = scanFolder else { return 0 }
    let input = UnsafeBufferPointer(start: data, count: size)
    var made: [(name: [UInt8], kind: MadeKind)] = []
    var cursor = 0
    func next() -> UInt8? {
        guard cursor < input.count else { return nil }
        defer { cursor += 1 }
        return input[cursor]
    }
    while made.count < 24, let kind = next(), let nameLength = next() {
        var name = scanPrefixes[Int(kind >> 4) & 7]
        for _ in 0..<Int(nameLength % 64) {
            guard let byte = next() else { break }
            // A name holds any byte but '/' and NUL.
            name.append(byte == 0 || byte == UInt8(ascii: "/") ? UInt8(ascii: "_") : byte)
        }
        if kind & 0x80 != 0 { name += Array(".db".utf8) }
        var content: [UInt8] = []
        let contentLength = Int(next() ?? 0)
        for _ in 0..<contentLength {
            guard let byte = next() else { break }
            content.append(byte)
        }
        if name.isEmpty || name == [0x2E] || name == [0x2E, 0x2E] || name.count > 255 { continue }
        if made.contains(where: { $0.name == name }) { continue }
        let path = Array(folder.utf8) + [UInt8(ascii: "/")] + name
        let result: MadeKind?
        switch kind & 0x07 {
        case 0, 1: result = makeFile(path, content: kind & 1 == 0 ? content : []) ? .file : nil
        case 2: result = makeLink(path, target: content.isEmpty ? Array("missing".utf8) : content) ? .link : nil
        case 3: result = withPath(path) { mkfifo($0, 0o644) == 0 } ? .fifo : nil
        case 4: result = withPath(path) { mkdir($0, 0o755) == 0 } ? .directory : nil
        case 5:
            // A hard link to an earlier regular file: two names, one inode.
            guard let earlier = made.last(where: { $0.kind == .file }) else { continue }
            let from = Array(folder.utf8) + [UInt8(ascii: "/")] + earlier.name
            result = withPath(from) { source in withPath(path) { link(source, $0) == 0 } } ? .file : nil
        case 6:
            // A link to an earlier FIFO or folder, or to /dev/zero.
            let target =
                made.last(where: { $0.kind == .fifo || $0.kind == .directory })?.name ?? Array("/dev/zero".utf8)
            result = makeLink(path, target: target) ? .link : nil
        default:
            // A valid header and one entry, so that the checks read past the header.
            result = makeFile(path, content: validFile(content)) ? .file : nil
        }
        if let result { made.append((name, result)) }
    }
    defer { emptyFolder(folder, made.map(\.name)) }
    guard let directory = try? MultiprocDirectory.scan(folder) else {
        fatalError("the scan of a readable folder failed")
    }
    guard directory.entries.count == made.count else {
        fatalError("the scan listed \(directory.entries.count) entries, \(made.count) were made")
    }
    for entry in directory.entries {
        // The listed name, turned back into the kernel's bytes, is the name made.
        let raw = SystemPath.withCString(entry.name) { Array(UnsafeRawBufferPointer(start: $0, count: strlen($0))) }
        guard let known = made.first(where: { $0.name == raw }) else {
            fatalError("the scan listed a name that was not made: \(raw)")
        }
        let fits: Bool
        switch (entry.kind, known.kind) {
        case (.db, .file), (.misnamed, .file), (.other, .file), (.link, .link), (.directory, .directory),
            (.special, .fifo):
            fits = true
        default: fits = false
        }
        if !fits { fatalError("\(raw) was made as \(known.kind) and listed as \(entry.kind)") }
        // What a person sees of a name holds no control character.
        if TerminalText.escaped(entry.name).unicodeScalars.contains(where: TerminalText.isControl) {
            fatalError("an escaped name still holds a control character")
        }
    }
    _ = DirectoryCheck.check(directory, now: 1_800_000_000)
    _ = try? directory.merged(skipInvalid: true)
    return 0
}

/// A file holding a header whose `used` covers one entry with key `key` (or a
/// small sound key), then the value: the checks walk it and decode the key.
private func validFile(_ key: [UInt8]) -> [UInt8] {
    let keyBytes = key.isEmpty ? Array(#"["c", "c_total", {}, "h"]"#.utf8) : key
    var bytes: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 0]
    withUnsafeBytes(of: Int32(keyBytes.count).littleEndian) { bytes += $0 }
    bytes += keyBytes + [UInt8](repeating: 0x20, count: 8 - (keyBytes.count + 4) % 8)
    withUnsafeBytes(of: (1.0).bitPattern.littleEndian) { bytes += $0 }
    bytes += [UInt8](repeating: 0, count: 8)
    withUnsafeBytes(of: Int32(bytes.count).littleEndian) { bytes.replaceSubrange(0..<4, with: $0) }
    return bytes
}

private func withPath(_ path: [UInt8], _ body: (UnsafePointer<CChar>) -> Bool) -> Bool {
    (path + [0]).withUnsafeBufferPointer { raw in
        raw.withMemoryRebound(to: CChar.self) { chars in chars.baseAddress.map(body) ?? false }
    }
}

private func makeFile(_ path: [UInt8], content: [UInt8]) -> Bool {
    withPath(path) { name in
        let descriptor = open(name, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        return content.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) } == content.count
    }
}

private func makeLink(_ path: [UInt8], target: [UInt8]) -> Bool {
    let cleaned = target.map { $0 == 0 ? UInt8(ascii: "_") : $0 }
    return withPath(cleaned) { destination in withPath(path) { symlink(destination, $0) == 0 } }
}

/// Removes what an input made (folders are made empty).
private func emptyFolder(_ folder: String, _ names: [[UInt8]]) {
    for name in names {
        let path = Array(folder.utf8) + [UInt8(ascii: "/")] + name
        _ = withPath(path) { pointer in unlink(pointer) == 0 || rmdir(pointer) == 0 }
    }
}
