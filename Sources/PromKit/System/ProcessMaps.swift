#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Which files the running processes have mapped, from `/proc/*/maps`.
///
/// prometheus_client keeps every `.db` file it writes mapped for the life of
/// the process, so a file that no process maps is not being written to.
public struct ProcessMaps: Sendable {
    /// A file's identity: its device (as `stat` gives it) and inode.
    public struct FileID: Hashable, Sendable {
        /// The device.
        public var device: UInt64
        /// The inode.
        public var inode: UInt64

        /// Creates an identity.
        public init(device: UInt64, inode: UInt64) {
            self.device = device
            self.inode = inode
        }
    }

    /// The pids mapping each of the files asked about.
    public var mappedBy: [FileID: [Int32]]
    /// Processes whose maps could not be read (not ours and we are not root).
    public var unreadable: Int

    /// Scans every `/proc/<pid>/maps` for mappings of `files`.
    public static func scan(for files: Set<FileID>, proc: String = "/proc") -> ProcessMaps {
        var result = ProcessMaps(mappedBy: [:], unreadable: 0)
        guard !files.isEmpty, var listing = try? FolderListing(proc) else { return result }
        // maps spells the device as hex major:minor.
        var wanted: [UInt64: Set<UInt64>] = [:]
        for file in files { wanted[file.inode, default: []].insert(file.device) }
        var text: [UInt8] = []
        while let name = listing.nextName() {
            guard let pid = Int32(name), pid > 0 else { continue }
            let descriptor: Int32
            do {
                descriptor = try SystemCall.open("\(proc)/\(name)/maps", O_RDONLY)
            } catch {
                if error.code == EACCES || error.code == EPERM { result.unreadable += 1 }
                continue
            }
            text.removeAll(keepingCapacity: true)
            do {
                try SystemCall.readToEnd(descriptor, appendingTo: &text)
            } catch {
                if error.code == EACCES || error.code == EPERM { result.unreadable += 1 }
            }
            close(descriptor)
            var start = text.startIndex
            while start < text.endIndex {
                let end = text[start...].firstIndex(of: UInt8(ascii: "\n")) ?? text.endIndex
                defer { start = end + 1 }
                guard let id = parse(text[start..<end]), let devices = wanted[id.inode], devices.contains(id.device)
                else { continue }
                if result.mappedBy[id]?.contains(pid) != true { result.mappedBy[id, default: []].append(pid) }
            }
        }
        return result
    }

    /// `address perms offset major:minor inode path`: the device (encoded as
    /// glibc's `makedev` does) and the inode; nil for an anonymous mapping
    /// (inode 0) or a line of another shape. Read in place, byte by byte: a
    /// survey reads every line of every process's maps.
    static func parse(_ line: ArraySlice<UInt8>) -> FileID? {
        var index = line.startIndex
        func skipField() {
            while index < line.endIndex, line[index] != UInt8(ascii: " ") { index += 1 }
            while index < line.endIndex, line[index] == UInt8(ascii: " ") { index += 1 }
        }
        func number(radix: UInt64, until stop: UInt8) -> UInt64? {
            var value: UInt64 = 0
            var digits = 0
            while index < line.endIndex, line[index] != stop {
                let byte = line[index] | 0x20  // lower-case hex letters
                let digit: UInt64
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt64(byte - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f") where radix == 16:
                    digit = UInt64(byte - UInt8(ascii: "a") + 10)
                default: return nil
                }
                let (times, overflow) = value.multipliedReportingOverflow(by: radix)
                guard !overflow, digits < 20 else { return nil }
                value = times + digit
                digits += 1
                index += 1
            }
            return digits > 0 ? value : nil
        }
        skipField()  // address
        skipField()  // perms
        skipField()  // offset
        guard let major = number(radix: 16, until: UInt8(ascii: ":")), index < line.endIndex else { return nil }
        index += 1
        guard let minor = number(radix: 16, until: UInt8(ascii: " ")) else { return nil }
        while index < line.endIndex, line[index] == UInt8(ascii: " ") { index += 1 }
        guard let inode = number(radix: 10, until: UInt8(ascii: " ")), inode != 0 else { return nil }
        let device =
            ((major & 0xffff_f000) << 32) | ((major & 0xfff) << 8) | ((minor & 0xffff_ff00) << 12) | (minor & 0xff)
        return FileID(device: device, inode: inode)
    }
}
