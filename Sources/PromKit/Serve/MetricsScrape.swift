#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// One scrape of a multiprocess directory: list, merge, and the families to render.
///
/// Every scrape lists the directory afresh, so files that workers create or
/// remove between scrapes are picked up; a file that vanishes between the
/// listing and its read is passed over (``MultiprocDirectory/merged(skipInvalid:cumulative:)``).
public struct MetricsScrape: Sendable {
    /// The families to render, sorted by name, with promkit's own series when asked for.
    public var families: [MetricFamily]
    /// Files left out because they are damaged (only with `skipInvalid`).
    public var skipped: [DBFileError]
    /// The number of `.db` files read.
    public var filesRead: Int
    /// Seconds spent listing and merging.
    public var seconds: Double

    /// Why a scrape failed: the directory could not be listed, or a file is damaged.
    public enum Failure: Error, Sendable, CustomStringConvertible {
        /// The directory could not be listed.
        case directory(DirectoryError)
        /// A `.db` file is damaged or misnamed; its path and byte offset are in the error.
        case file(DBFileError)
        /// A fold held the directory's lock for the whole wait, or left it half folded.
        case busy(FoldInProgress)

        public var description: String {
            switch self {
            case .directory(let error): return error.description
            case .file(let error): return error.description
            case .busy(let error): return error.description
            }
        }
    }

    /// Lists and merges `directory`.
    ///
    /// With `skipInvalid`, damaged files are left out and a `promkit_skipped_files`
    /// gauge is added; with `selfMetrics`, `promkit_scrape_duration_seconds` and
    /// `promkit_scrape_files` are added.
    public static func collect(
        directory: String, skipInvalid: Bool, selfMetrics: Bool, lockWait: Double = 2
    ) throws(Failure) -> MetricsScrape {
        let start = SystemClock.monotonicSeconds()
        let merged: MultiprocDirectory.Merged
        do {
            merged = try MultiprocDirectory.withReadersLock(on: directory, wait: lockWait) {
                var listing = try MultiprocDirectory.scan(directory)
                let empty = listing.dbFiles.map(\.entry).filter { $0.size == 0 }
                if !empty.isEmpty {
                    let writers = FileWriters.survey(empty)
                    let now = Cleaner.currentTime()
                    let appearing = Set(empty.filter { isBeingCreated($0, writers: writers, now: now) }.map(\.name))
                    listing.entries.removeAll { appearing.contains($0.name) }
                }
                return try listing.merged(skipInvalid: skipInvalid)
            }
        } catch let error as DirectoryError {
            throw .directory(error)
        } catch let error as DBFileError {
            throw .file(error)
        } catch let error as FoldInProgress {
            throw .busy(error)
        } catch {
            throw .directory(DirectoryError(path: directory, message: "\(error)"))
        }
        let seconds = SystemClock.monotonicSeconds() - start
        var families = merged.families
        var own: [MetricFamily] = []
        if skipInvalid {
            own.append(
                gauge(
                    "promkit_skipped_files", "Damaged .db files left out of this scrape by --skip-invalid.",
                    Double(merged.skipped.count)))
        }
        if selfMetrics {
            own.append(
                gauge(
                    "promkit_scrape_duration_seconds", "Seconds promkit spent listing and merging the directory.",
                    seconds))
            own.append(
                gauge("promkit_scrape_files", "The .db files promkit read for this scrape.", Double(merged.filesRead)))
        }
        if !own.isEmpty {
            families.append(contentsOf: own)
            families.sort { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
        }
        return MetricsScrape(families: families, skipped: merged.skipped, filesRead: merged.filesRead, seconds: seconds)
    }

    /// Keeps only the samples named in `names`, and the families left with any, as
    /// prometheus_client's `restricted_registry` does for `?name[]=`.
    public static func restrict(_ families: [MetricFamily], to names: Set<String>) -> [MetricFamily] {
        families.compactMap { family in
            var kept = family
            kept.samples = family.samples.filter { names.contains($0.name) }
            return kept.samples.isEmpty ? nil : kept
        }
    }

    /// A 0-byte `.db` file that a live worker (or one in the last few seconds)
    /// has just created and not yet sized: prometheus_client opens the file,
    /// then truncates it to 1 MiB, so every new file is empty for a moment.
    /// Such a file is appearing, not damaged, and is left out of this scrape;
    /// an empty file that no process writes is left for the merge to report.
    static func isBeingCreated(_ entry: DirectoryEntry, writers: FileWriters, now: Double) -> Bool {
        entry.size == 0 && (now - entry.modified < 5 || writers.verdict(for: entry).isLive)
    }

    private static func gauge(_ name: String, _ help: String, _ value: Double) -> MetricFamily {
        MetricFamily(name: name, type: .gauge, help: help, samples: [Sample(name: name, value: value)])
    }
}
