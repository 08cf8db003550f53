#if canImport(Glibc)
    import Glibc
#endif

/// Reads a request body from a file.
public enum LoadBody {
    /// The bytes of the file at `path`.
    public static func read(_ path: String) throws(LoadError) -> [UInt8] {
        let file: RegularFile
        do {
            file = try RegularFile(path: path)
        } catch {
            throw .unreadableBody(path, error.description)
        }
        let descriptor = file.descriptor
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .unreadableBody(path, String(cString: strerror(errno)))
            }
            if count == 0 { return result }
            result.append(contentsOf: chunk[0..<count])
        }
    }
}
