// What more than one fuzz target uses; build.sh compiles it into each.

/// Families equal field by field, numbers by bit pattern (NaN equals NaN).
func same(_ a: [MetricFamily], _ b: [MetricFamily]) -> Bool {
    guard a.count == b.count else { return false }
    for (x, y) in zip(a, b) {
        guard x.name == y.name, x.type == y.type, x.help == y.help, x.unit == y.unit,
            x.samples.count == y.samples.count
        else { return false }
        for (s, t) in zip(x.samples, y.samples) {
            guard s.name == t.name, s.labels == t.labels, s.value.bitPattern == t.value.bitPattern,
                s.timestamp?.bitPattern == t.timestamp?.bitPattern,
                s.exemplar?.labels == t.exemplar?.labels,
                s.exemplar?.value.bitPattern == t.exemplar?.value.bitPattern,
                s.exemplar?.timestamp?.bitPattern == t.exemplar?.timestamp?.bitPattern
            else { return false }
        }
    }
    return true
}
