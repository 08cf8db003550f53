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
        var result: [UInt8] = []
        result.reserveCapacity(file.size)
        do {
            try SystemCall.readToEnd(file.descriptor, appendingTo: &result)
        } catch {
            throw .unreadableBody(path, error.reason)
        }
        return result
    }
}
