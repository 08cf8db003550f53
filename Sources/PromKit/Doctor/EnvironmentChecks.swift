/// The environment variables prometheus_client reads, and the mistakes made with them.
enum EnvironmentChecks {
    /// Names people write for `PROMETHEUS_MULTIPROC_DIR` that the library never reads.
    static let misspellings = [
        "PROMETHEUS_MULTIPROCESS_DIR", "PROMETHEUS_MULTI_PROC_DIR", "PROMETHEUS_MULTIPROC_DIRECTORY",
        "PROMETHEUS_MULTIPROCESSING_DIR", "PROM_MULTIPROC_DIR", "PROMETHEUS_MULTIPROC",
    ]

    static func run(_ environment: [String: String]) -> [DoctorCheck] {
        var checks: [DoctorCheck] = []
        let upper = environment["PROMETHEUS_MULTIPROC_DIR"] ?? ""
        let lower = environment["prometheus_multiproc_dir"] ?? ""
        if !upper.isEmpty {
            checks.append(.pass("environment.set", "PROMETHEUS_MULTIPROC_DIR is set", upper))
        } else {
            checks.append(
                .fail(
                    "environment.set", "PROMETHEUS_MULTIPROC_DIR is set",
                    "it is not set in this environment: prometheus_client runs in single-process mode and "
                        + "each worker serves only its own counts",
                    fix: "export PROMETHEUS_MULTIPROC_DIR=/run/prometheus (before the server starts, in every worker's "
                        + "environment; in Kubernetes, under env: in the app container)"))
        }
        if lower.isEmpty {
            checks.append(.pass("environment.lowercase", "the deprecated prometheus_multiproc_dir is not used"))
        } else {
            let conflict = !upper.isEmpty && upper != lower ? " and differs from PROMETHEUS_MULTIPROC_DIR=\(upper)" : ""
            checks.append(
                .fail(
                    "environment.lowercase", "the deprecated prometheus_multiproc_dir is not used",
                    "prometheus_multiproc_dir=\(lower) is set\(conflict); prometheus_client deprecates it",
                    // With the right variable set, keep its value; else move the old one over.
                    fix: upper.isEmpty
                        ? "export PROMETHEUS_MULTIPROC_DIR=\(Doctor.shellWord(lower)); unset prometheus_multiproc_dir"
                        : "unset prometheus_multiproc_dir"))
        }
        let misspelt = environment.keys.filter { key in
            key != "PROMETHEUS_MULTIPROC_DIR" && key != "prometheus_multiproc_dir"
                && (misspellings.contains(key.uppercased())
                    || (key.uppercased().contains("MULTIPROC") && key.uppercased().hasPrefix("PROM")))
        }.sorted()
        if misspelt.isEmpty {
            checks.append(.pass("environment.misspelt", "no misspelt PROMETHEUS_MULTIPROC_DIR variable"))
        } else {
            let name = misspelt[0]
            let value = environment[name] ?? ""
            checks.append(
                .fail(
                    "environment.misspelt", "no misspelt PROMETHEUS_MULTIPROC_DIR variable",
                    "\(misspelt.joined(separator: ", ")) is set, but prometheus_client reads only "
                        + "PROMETHEUS_MULTIPROC_DIR and silently runs in single-process mode",
                    fix: upper.isEmpty
                        ? "export PROMETHEUS_MULTIPROC_DIR=\(Doctor.shellWord(value)); unset \(name)"
                        : "unset \(misspelt.joined(separator: " "))"))
        }
        return checks
    }
}
