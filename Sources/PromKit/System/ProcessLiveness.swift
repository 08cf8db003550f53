/// Whether a live process writes a file, as reports show it (see ``FileWriters``).
public enum ProcessState: String, Sendable, Codable {
    /// A running process maps the file, or the process its name gives may be its writer.
    case alive
    /// No running process writes it.
    case dead
    /// The name holds no pid (`counter_archive.db`), or the check could not tell.
    case unknown
}
