import Foundation

/// Reads a whole regular file without following links (see ``RegularFile``).
enum RawFile {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func read(_ path: String) throws -> [UInt8] {
        let file: RegularFile
        do {
            file = try RegularFile(path: path)
        } catch {
            throw Failure(description: error.description)
        }
        return try read(descriptor: file.descriptor)
    }

    /// Reads an open descriptor to its end.
    static func read(descriptor: Int32) throws -> [UInt8] {
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let got = chunk.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress, $0.count) }
            if got < 0 {
                if errno == EINTR { continue }
                throw Failure(description: SystemText.error("cannot read"))
            }
            if got == 0 { return result }
            result.append(contentsOf: chunk[0..<got])
        }
    }
}
