// libFuzzer target: the .db checks (header, v1/v2 walk, key decoding, values).
// The first byte picks the file name, and so the type rules applied.

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
    _ = DBFileCheck.check(bytes: bytes, path: fileName, name: name, now: 1_800_000_000)
    if bytes.count >= 8 {
        let used = Int(Int32(littleEndian: bytes.loadUnaligned(as: Int32.self)))
        if used >= 8, used <= bytes.count {
            let region = UnsafeRawBufferPointer(rebasing: bytes[0..<used])
            if let layout = try? DBWalk.detectLayout(region, path: fileName) {
                DBWalk.forEach(region, layout: layout) { _, key, _, _ in _ = try? DBKey.decode(key) }
            }
        }
    }
    return 0
}
