/// The metric type that a `.db` file's name gives it.
public enum DBFileType: String, Sendable, Codable, CaseIterable {
    case counter
    case gauge
    case histogram
    case summary
}

/// How prometheus_client merges a gauge across processes (`multiprocess_mode`).
public enum GaugeMode: String, Sendable, Codable, CaseIterable {
    case all, liveall, min, livemin, max, livemax, sum, livesum, mostrecent, livemostrecent

    /// Whether the mode's files belong to live processes only: `mark_process_dead` deletes them.
    public var isLive: Bool { rawValue.hasPrefix("live") }

    /// Whether each process keeps its own series, labelled `pid`.
    public var keepsPid: Bool { self == .all || self == .liveall }
}

/// A parsed multiprocess file name: `counter_123.db`, `gauge_livesum_123.db`.
///
/// Python's reader splits the base name on `_`: the first part is the type; for
/// gauges the second is the mode and the third, less `.db`, the pid. The pid of
/// a counter, histogram or summary file is never parsed, so `counter_archive.db`
/// is a valid file.
public struct DBFileName: Hashable, Sendable, Codable {
    /// The base name, for example `gauge_livesum_123.db`.
    public var fileName: String
    /// The type.
    public var type: DBFileType
    /// The gauge mode; nil for other types.
    public var mode: GaugeMode?
    /// The pid part of the name as written (`123`, `archive`).
    public var pid: String

    /// The process id, when the pid part is a positive decimal number.
    public var processID: Int32? {
        guard !pid.isEmpty, pid.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            let value = Int32(pid), value > 0
        else { return nil }
        return value
    }

    /// Why a name does not fit the scheme.
    public enum Problem: Error, Hashable, Sendable, CustomStringConvertible {
        /// Not ending in `.db`: prometheus_client never reads it.
        case notDB
        /// Starts with `.`: Python's glob skips it.
        case hidden
        /// The type prefix is not counter, gauge, histogram or summary (client_python#878).
        case unknownType(String)
        /// A gauge file whose mode is not one of the ten.
        case unknownGaugeMode(String)
        /// A gauge file name that is not `gauge_<mode>_<pid>.db`.
        case malformedGaugeName

        public var description: String {
            switch self {
            case .notDB: return "not a .db file"
            case .hidden: return "hidden file, never read by prometheus_client"
            case .unknownType(let type):
                return "unknown type prefix '\(type)': prometheus_client fails every scrape on it (client_python#878)"
            case .unknownGaugeMode(let mode):
                // Python keeps one mode per metric, the last file's: the total then depends on directory order.
                return "unknown gauge mode '\(mode)': prometheus_client's value for its metrics depends on file order"
            case .malformedGaugeName:
                return
                    "gauge file name is not gauge_<mode>_<pid>.db: prometheus_client fails every scrape on it "
                    + "or labels its series with a wrong pid"
            }
        }
    }

    /// Creates a name from its parts.
    public init(type: DBFileType, mode: GaugeMode? = nil, pid: String) {
        self.type = type
        self.mode = type == .gauge ? (mode ?? .all) : nil
        self.pid = pid
        if let mode = self.mode {
            self.fileName = "gauge_\(mode.rawValue)_\(pid).db"
        } else {
            self.fileName = "\(type.rawValue)_\(pid).db"
        }
    }

    /// Parses a base name.
    public static func parse(_ fileName: String) -> Result<DBFileName, Problem> {
        guard fileName.hasSuffix(".db") else { return .failure(.notDB) }
        guard !fileName.hasPrefix(".") else { return .failure(.hidden) }
        let stem = fileName.dropLast(3)
        let parts = stem.split(separator: "_", omittingEmptySubsequences: false)
        guard let first = parts.first, let type = DBFileType(rawValue: String(first)) else {
            return .failure(.unknownType(String(parts.first ?? "")))
        }
        if type == .gauge {
            guard parts.count == 3, !parts[2].isEmpty else { return .failure(.malformedGaugeName) }
            guard let mode = GaugeMode(rawValue: String(parts[1])) else {
                return .failure(.unknownGaugeMode(String(parts[1])))
            }
            return .success(DBFileName(type: .gauge, mode: mode, pid: String(parts[2])))
        }
        let pid = parts.count > 1 ? parts[1...].joined(separator: "_") : ""
        return .success(DBFileName(type: type, pid: pid))
    }
}
