/// The directory's files and the processes that write them.
struct ContentChecks {
    var listing: MultiprocDirectory
    var now: Double
    var processStart: @Sendable (Int32) -> Double?
    var serverProcesses: @Sendable () -> [Int32]

    static let titles = [
        ("files.dead-processes", "no files of dead processes"),
        ("files.not-wiped", "the directory was wiped at start-up: no files older than the oldest live writer"),
        ("files.mixed-layouts", "all .db files have one layout, v1 or v2"),
        ("files.empty", "no 0-byte .db files"),
        ("files.unknown", "no unknown .db files"),
        ("gauges.all-mode", "no gauges in multiprocess_mode 'all'"),
        ("writers.live", "live writers are visible"),
    ]

    static var skippedAfterMissing: [DoctorCheck] { skipped("the directory is missing") }

    /// Every check, skipped for `reason`.
    static func skipped(_ reason: String) -> [DoctorCheck] {
        titles.map { DoctorCheck.skipped($0.0, $0.1, reason) }
    }

    /// What one file tells.
    struct FileFacts {
        var entry: DirectoryEntry
        var name: DBFileName
        var state: ProcessState
        var layout: DBLayout?
    }

    func run() -> [DoctorCheck] {
        let word = Doctor.shellWord(listing.path)
        let reader = DBFileReader()
        let writers = FileWriters.survey(listing)
        let facts: [FileFacts] = listing.dbFiles.map { entry, name in
            let state = writers.verdict(for: entry).state
            let layout = try? reader.withRegion(of: entry.path) { _, region in region.layout }
            return FileFacts(entry: entry, name: name, state: state, layout: layout ?? nil)
        }
        return [
            deadProcesses(facts, word), notWiped(facts, word), mixedLayouts(facts, word), emptyFiles(word),
            unknownFiles(word), allModeGauges(facts), liveWriters(facts),
        ]
    }

    private func deadProcesses(_ facts: [FileFacts], _ word: String) -> DoctorCheck {
        let (id, title) = Self.titles[0]
        let dead = facts.filter { $0.state == .dead }
        guard !dead.isEmpty else { return .pass(id, title, "\(facts.count) .db files") }
        let pids = Set(dead.compactMap { $0.name.processID })
        let oldest = dead.map(\.entry.modified).min() ?? now
        let live = dead.filter { $0.name.mode?.isLive == true }.count
        let liveNote =
            live > 0
            ? "; \(live) are live-mode gauge files that still count in live* gauges (mark_process_dead was not called)"
            : ""
        return .fail(
            id, title,
            "\(Doctor.count(dead.count, "file", "files")) of \(Doctor.count(pids.count, "dead process", "dead processes")), oldest written \(Doctor.age(now - oldest)) ago\(liveNote)",
            fix: "*/10 * * * * /usr/local/bin/promkit clean --quiet \(Doctor.shellWord(Doctor.absolute(listing.path)))"
                + "   # crontab line: folds dead workers' "
                + "files, totals kept\nand with gunicorn, the child_exit hook of the README's gunicorn.conf.py recipe")
    }

    private func notWiped(_ facts: [FileFacts], _ word: String) -> DoctorCheck {
        let (id, title) = Self.titles[1]
        let starts = Set(facts.filter { $0.state == .alive }.compactMap { $0.name.processID }).compactMap(processStart)
        guard let oldestStart = starts.min() else { return .pass(id, title, "nothing to compare: no live writer") }
        let older = facts.filter { $0.state != .alive && $0.entry.modified < oldestStart - 1 }
        guard !older.isEmpty else {
            return .pass(id, title, "oldest live writer started \(Doctor.age(now - oldestStart)) ago")
        }
        let oldest = older.map(\.entry.modified).min() ?? oldestStart
        return .fail(
            id, title,
            "\(Doctor.count(older.count, "file was", "files were")) last written before the oldest live writer started "
                + "(\(Doctor.age(now - oldestStart)) ago), the oldest \(Doctor.age(now - oldest)) ago: "
                + "left from an earlier run, so counters carry the old run's counts",
            fix: "promkit clean --wipe \(word)   # in gunicorn's on_starting hook, or before uvicorn starts\n"
                + "(Python: shutil.rmtree(dir); os.makedirs(dir) in on_starting)")
    }

    private func mixedLayouts(_ facts: [FileFacts], _ word: String) -> DoctorCheck {
        let (id, title) = Self.titles[2]
        let v1 = facts.filter { $0.layout == .v1 }
        let v2 = facts.filter { $0.layout == .v2 }
        guard !v1.isEmpty, !v2.isEmpty else {
            let layout = v1.isEmpty ? (v2.isEmpty ? "no entries yet" : "v2") : "v1"
            return .pass(id, title, layout)
        }
        let examples = v1.prefix(3).map(\.entry.name).joined(separator: ", ")
        return .fail(
            id, title,
            "\(Doctor.count(v1.count, "file", "files")) in the v1 layout (prometheus_client <= 0.17.1, e.g. \(examples)) beside "
                + "\(v2.count) in v2: the library was upgraded without wiping the directory, and the newer "
                + "library misreads the old files",
            fix: "promkit clean --wipe \(word)   # at start-up, after every prometheus_client upgrade")
    }

    private func emptyFiles(_ word: String) -> DoctorCheck {
        let (id, title) = Self.titles[3]
        let empty = listing.dbFiles.filter { $0.entry.size == 0 }.map(\.entry)
        guard !empty.isEmpty else { return .pass(id, title) }
        let names = empty.prefix(5).map(\.name)
        return .fail(
            id, title,
            "\(Doctor.count(empty.count, "empty file", "empty files")) (\(names.joined(separator: ", "))): a worker died between creating and "
                + "sizing its file, and every Python scrape fails on it (client_python#1199)",
            fix: names.map { "rm \(Doctor.shellWord(listing.path + "/" + $0))" }.joined(separator: "\n"))
    }

    private func unknownFiles(_ word: String) -> DoctorCheck {
        let (id, title) = Self.titles[4]
        let unknown = listing.entries.filter { entry in
            switch entry.kind {
            case .misnamed: return true
            case .link, .directory, .special: return entry.name.hasSuffix(".db") && !entry.name.hasPrefix(".")
            case .db, .other: return false
            }
        }
        guard !unknown.isEmpty else {
            let others = listing.entries.filter { if case .other = $0.kind { return true } else { return false } }
            return .pass(id, title, others.isEmpty ? "" : "\(others.count) other files, which Python ignores")
        }
        let names = unknown.prefix(5).map(\.name)
        return .fail(
            id, title,
            "\(Doctor.count(unknown.count, "entry", "entries")) named *.db that prometheus_client cannot read (\(names.joined(separator: ", "))): "
                + "its collector globs *.db and every scrape fails on them (client_python#878)",
            fix: names.map { "mv \(Doctor.shellWord(listing.path + "/" + $0)) /somewhere/else/" }.joined(
                separator: "\n"))
    }

    private func allModeGauges(_ facts: [FileFacts]) -> DoctorCheck {
        let (id, title) = Self.titles[5]
        let all = facts.filter { $0.name.mode?.keepsPid == true }
        guard !all.isEmpty else { return .pass(id, title) }
        var metrics = Set<String>()
        for fact in all.prefix(50) {
            if let file = try? DBFile.read(fact.entry.path) {
                for entry in file.entries { metrics.insert(entry.key.metricName) }
            }
        }
        let names = metrics.sorted().prefix(5).joined(separator: ", ")
        let pids = Set(all.map(\.name.pid)).count
        return .fail(
            id, title,
            "\(Doctor.count(all.count, "gauge file", "gauge files")) of \(Doctor.count(pids, "process", "processes")) in mode all/liveall\(names.isEmpty ? "" : " (\(names))"): "
                + "each process exports its own series with a pid label, which grows with every restarted worker",
            fix:
                "Gauge(\"name\", \"help\", multiprocess_mode=\"livesum\")   # or max, min, mostrecent; 'all' is the default"
        )
    }

    private func liveWriters(_ facts: [FileFacts]) -> DoctorCheck {
        let (id, title) = Self.titles[6]
        let pids = Set(facts.compactMap { $0.name.processID })
        let alive = Set(facts.filter { $0.state == .alive }.compactMap { $0.name.processID })
        let servers = serverProcesses()
        let seen = servers.isEmpty ? "" : "; \(servers.count) uvicorn/gunicorn/hypercorn processes visible"
        let detail = "\(alive.count) live of the \(pids.count) pids the files name\(seen)"
        if pids.isEmpty || !alive.isEmpty { return .pass(id, title, detail) }
        return .fail(
            id, title,
            "none of the \(pids.count) pids the files name is alive in this process namespace\(seen): the app is down, "
                + "or this runs in a container that cannot see the app's processes",
            fix: "Kubernetes: set shareProcessNamespace: true in the pod spec, so the sidecar sees the workers' pids\n"
                + "elsewhere: run promkit doctor where the workers run (ps aux | grep -c '[u]vicorn.*worker')")
    }
}
