/// A `.db` file that could not be read, with the byte offset of the problem.
public struct DBFileError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong.
    public enum Problem: Hashable, Sendable, CustomStringConvertible {
        /// The file has no bytes (a worker killed between creating and sizing it; client_python#1199).
        case emptyFile
        /// The file is shorter than the 8-byte header.
        case shorterThanHeader(size: Int)
        /// `used` is between 1 and 7: inside the header.
        case usedInsideHeader(used: Int)
        /// `used` is larger than the file.
        case usedPastEnd(used: Int, size: Int)
        /// An entry's key length is negative.
        case negativeLength(Int)
        /// An entry's key length runs past `used`.
        case lengthPastUsed(length: Int, used: Int)
        /// An entry is cut off by `used`.
        case truncatedEntry
        /// A key is not valid UTF-8.
        case invalidUTF8
        /// A key is not valid JSON or not of a known shape.
        case invalidKey(String)
        /// A histogram bucket's `le` is not a number Python's `float()` reads.
        case invalidBucketBound(String)
        /// The file is not a regular file (a link, a folder, a device).
        case notRegularFile
        /// The name does not fit the scheme, so prometheus_client cannot read it.
        case misnamed(DBFileName.Problem)
        /// The file disappeared between listing and reading (a worker exited, `clean` ran).
        case vanished
        /// The operating system refused: open, stat or read failed.
        case io(String)

        public var description: String {
            switch self {
            case .emptyFile: return "file is empty (0 bytes); prometheus_client fails every scrape on it"
            case .shorterThanHeader(let size): return "file is \(size) bytes, shorter than the 8-byte header"
            case .usedInsideHeader(let used): return "used=\(used) points inside the 8-byte header"
            case .usedPastEnd(let used, let size): return "used=\(used) is past the end of the \(size)-byte file"
            case .negativeLength(let length): return "negative key length \(length)"
            case .lengthPastUsed(let length, let used): return "key length \(length) runs past used=\(used)"
            case .truncatedEntry: return "entry is cut off before used"
            case .invalidUTF8: return "key is not valid UTF-8"
            case .invalidKey(let reason): return "key is not a valid prometheus_client key: \(reason)"
            case .invalidBucketBound(let bound): return "bucket bound le=\"\(bound)\" is not a number"
            case .notRegularFile: return "not a regular file"
            case .misnamed(let problem): return problem.description
            case .vanished: return "file vanished while it was being read"
            case .io(let message): return message
            }
        }
    }

    /// The file's path.
    public var path: String
    /// The byte offset of the problem within the file.
    public var offset: Int
    /// What is wrong.
    public var problem: Problem

    /// Creates an error.
    public init(path: String, offset: Int, problem: Problem) {
        self.path = path
        self.offset = offset
        self.problem = problem
    }

    /// `path: byte N: problem`.
    public var description: String { "\(path): byte \(offset): \(problem)" }
}
