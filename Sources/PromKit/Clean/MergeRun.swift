#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// `promkit merge`: folds a directory's (or some files') `.db` files into a
/// new directory of few files that prometheus_client renders as it renders
/// the input. The input is never modified.
public enum MergeRun {
    /// A file written.
    public struct Written: Codable, Sendable, Hashable {
        /// The file's path.
        public var path: String
        /// The entries in it.
        public var entries: Int
        /// How many input files were folded into it.
        public var sources: Int
    }

    /// What a merge wrote.
    public struct Report: Codable, Sendable {
        /// The output folder.
        public var output: String
        /// The layout written (`v1`, `v2`), nil when no input had entries.
        public var layout: DBLayout?
        /// The number of input files read.
        public var inputs: Int
        /// The files written.
        public var files: [Written]
        /// Entries named like `.db` files that were not read: links, folders.
        public var notRead: [String]
    }

    /// Why a merge could not be done.
    public enum Failure: Error, Sendable, CustomStringConvertible {
        /// An input could not be listed or is not a `.db` file.
        case input(String)
        /// Reading or folding failed (damaged file, mixed layouts).
        case fold(Compaction.Failure)
        /// The output exists and is not an empty folder, and `force` was not given.
        case outputExists(String)
        /// The output could not be created or written.
        case output(String)

        public var description: String {
            switch self {
            case .input(let message), .output(let message): return message
            case .fold(let failure): return failure.description
            case .outputExists(let path):
                return "\(path): exists and is not an empty folder; pass --force to write into it"
            }
        }
    }

    /// The `.db` files named by `inputs`: one directory (its files in
    /// directory order), or files.
    public static func inputs(
        _ inputs: [String]
    ) throws(Failure) -> (files: [(path: String, name: DBFileName)], notRead: [String], folder: String?) {
        var status = stat()
        if inputs.count == 1, stat(inputs[0], &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR {
            let listing: MultiprocDirectory
            do { listing = try MultiprocDirectory.scan(inputs[0]) } catch { throw .input(error.description) }
            var notRead: [String] = []
            for entry in listing.entries {
                switch entry.kind {
                case .misnamed(let problem): throw .input("\(entry.path): \(problem)")
                case .link, .directory, .special:
                    if entry.name.hasSuffix(".db"), !entry.name.hasPrefix(".") { notRead.append(entry.path) }
                default: break
                }
            }
            return (listing.dbFiles.map { ($0.entry.path, $0.name) }, notRead, inputs[0])
        }
        var files: [(path: String, name: DBFileName)] = []
        for path in inputs {
            let base = path.split(separator: "/").last.map(String.init) ?? path
            guard lstat(path, &status) == 0 else { throw .input("\(path): " + SystemText.error("cannot open")) }
            guard (status.st_mode & S_IFMT) == S_IFREG else { throw .input("\(path): not a regular file") }
            switch DBFileName.parse(base) {
            case .success(let name): files.append((path, name))
            case .failure(let problem): throw .input("\(path): \(problem)")
            }
        }
        return (files, [], nil)
    }

    /// Merges `inputs` into the folder `output`.
    /// A directory is listed and read under its readers' lock (see
    /// ``MultiprocDirectory/withReadersLock(on:wait:_:)``), waiting at most `lockWait` seconds.
    public static func run(
        _ inputs: [String], output: String, force: Bool, lockWait: Double = 2
    ) throws(Failure) -> Report {
        let read: (files: [(path: String, name: DBFileName)], notRead: [String], folder: String?, [Compaction.Output])
        do {
            read = try MultiprocDirectory.withReadersLock(on: inputs.count == 1 ? inputs[0] : "", wait: lockWait) {
                let (files, notRead, folder) = try Self.inputs(inputs)
                try prepare(output, force: force, input: folder)
                do { return (files, notRead, folder, try Compaction.fold(files)) } catch let error as Compaction.Failure
                {
                    throw Failure.fold(error)
                }
            }
        } catch let error as Failure {
            throw error
        } catch {
            throw .input("\(error)")
        }
        let (files, notRead, _, outputs) = read
        var report = Report(
            output: output, layout: outputs.first?.layout, inputs: files.count, files: [], notRead: notRead)
        let prefix = output.hasSuffix("/") ? output : output + "/"
        for item in outputs where !item.entries.isEmpty {
            let path = prefix + item.target.fileName(label: CleanPlan.archiveLabel).fileName
            do {
                try DBFileWriter.write(
                    item.entries, layout: item.layout ?? .v2, to: path,
                    ownership: item.sources.first.flatMap(DBFileWriter.Ownership.of))
            } catch {
                throw .output(error.description)
            }
            report.files.append(Written(path: path, entries: item.entries.count, sources: item.sources.count))
        }
        return report
    }

    /// Checks (and creates) the output folder: absent, or an empty folder, or
    /// any folder with `force`; never the input folder itself.
    private static func prepare(_ output: String, force: Bool, input: String?) throws(Failure) {
        var status = stat()
        guard lstat(output, &status) == 0 else {
            guard mkdir(output, 0o755) == 0 else {
                throw .output("\(output): " + SystemText.error("cannot create folder"))
            }
            return
        }
        guard (status.st_mode & S_IFMT) == S_IFDIR else {
            throw force ? .output("\(output): not a folder") : .outputExists(output)
        }
        if let input {
            var inputStatus = stat()
            if stat(input, &inputStatus) == 0, inputStatus.st_dev == status.st_dev,
                inputStatus.st_ino == status.st_ino
            {
                throw .output("\(output): is the input folder; the input is never modified")
            }
        }
        guard !force else { return }
        var listing: FolderListing
        do {
            listing = try FolderListing(output)
        } catch {
            throw .output("\(output): cannot open folder: \(error.reason)")
        }
        if listing.next() != nil { throw .outputExists(output) }
        if let failure = listing.failure { throw .output("\(output): \(failure)") }
    }
}
