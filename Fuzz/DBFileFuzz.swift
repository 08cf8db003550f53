// libFuzzer target: the .db checks (header, v1/v2 walk, key decoding, values),
// in memory and read from a file through a small window (the two must agree),
// the plain-key scan against the general key decoder, and the merge's reading
// path. The first byte picks the file name, and so the type rules applied.

import Glibc

let fuzzNames = [
    "counter_1.db", "gauge_all_1.db", "gauge_mostrecent_1.db", "gauge_livesum_1.db", "histogram_1.db",
    "summary_1.db", "weird.db",
]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDBFile(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size > 0 else { return 0 }
    let bytes = UnsafeRawBufferPointer(start: data + 1, count: size - 1)
    let fileName = fuzzNames[Int(data[0]) % fuzzNames.count]
    let name = try? DBFileName.parse(fileName).get()
    let checked = DBFileCheck.check(bytes: bytes, path: fileName, name: name, now: 1_800_000_000)
    if bytes.count >= 8 {
        let used = Int(Int32(littleEndian: bytes.loadUnaligned(as: Int32.self)))
        if used >= 8, used <= bytes.count {
            let region = UnsafeRawBufferPointer(rebasing: bytes[0..<used])
            if let layout = try? DBWalk.detectLayout(region, path: fileName) {
                DBWalk.forEach(region, layout: layout) { _, key, _, _ in
                    let decoded = try? DBKey.decode(key)
                    // A key the scan takes as plain reads as the general decoder reads it.
                    if let plain = PlainKey.scan(key), plain.key(key) != decoded {
                        fatalError("PlainKey.scan disagrees with DBKey.decode")
                    }
                }
            }
        }
    }
    guard let path = fuzzFile, let file = fopen(path, "wb") else { return 0 }
    fwrite(data + 1, 1, size - 1, file)
    fclose(file)
    // validate reads a file's used region a window at a time: read from the
    // file through a window of 1 to 32 bytes, the findings must be those of the
    // bytes in memory.
    do {
        let opened = try RegularFile(path: path)
        let region = DBCheckRegion(
            descriptor: opened.descriptor, count: bytes.count, windowBytes: 1 + Int(data[0] >> 3))
        let windowed = DBFileCheck.check(
            region: region, size: bytes.count, path: fileName, name: name, now: 1_800_000_000
        ) { start in bytes[start...].firstIndex { $0 != 0 } }
        if windowed.findings != checked.findings || windowed.summary.layout != checked.summary.layout
            || windowed.summary.entries.count != checked.summary.entries.count || region.failure != nil
        {
            fatalError("the check read through a window differs from the check of the bytes in memory")
        }
    } catch {
        fatalError("the fuzz file cannot be opened: \(error)")
    }
    // The merge reads files by path: the same bytes as a file, through the
    // reading path `render` takes (walk, key catalog, sums, families).
    if let name {
        let merge = MultiprocMerge()
        if (try? merge.add(path: path, name: name)) != nil {
            _ = merge.families()
        }
    }
    return 0
}

/// A file in a folder of its own for the merge to read (its type is the one the
/// first byte picked, given beside the path).
let fuzzFile: String? = {
    var template = Array("/tmp/promkit-fuzz-XXXXXX".utf8CString)
    guard let folder = mkdtemp(&template) else { return nil }
    return String(cString: folder) + "/counter_1.db"
}()
