#!/usr/bin/env python3
"""Write a random prometheus_client multiprocess directory and its expected exposition.

Usage: python random_multiproc.py --seed N --out DIR [--children K] [--gauge-mode MODE]

Creates DIR/db/ (used as PROMETHEUS_MULTIPROC_DIR) and DIR/expected/.  The
.db files are written by the *real* prometheus_client of the running
interpreter: the parent forks 2-5 children one after another; each child
builds its metrics in a fresh CollectorRegistry, applies a pre-computed list
of operations and leaves with os._exit(0).  Some children are then passed to
multiprocess.mark_process_dead(), which deletes their gauge_live*_<pid>.db
files exactly as a real deployment does.  Finally the parent renders the
directory with MultiProcessCollector and writes the bytes it gets into
DIR/expected/:

    text.txt, openmetrics.txt          default (underscores) escaping
    text-<esc>.txt, openmetrics-<esc>.txt
                                       esc in allow-utf-8, dots, values,
                                       underscores (only on library versions
                                       whose generate_latest takes escaping=)
    pids.json                          children's pids, which were marked dead

The whole plan (metrics, label values, operations, which children die) is
drawn from random.Random(seed) in the parent before any fork, so a seed
always produces the same directory apart from the pids (which appear in
file names and in the `pid` label of all/liveall gauges) and the
timestamps of mostrecent gauges.  The order of families and samples in the
rendered output follows the directory listing order (glob), which depends
on the file names and the file system, so compare outputs per family and
ignoring line order.

Merged results are kept independent of the order in which files are read:

* a summed series (counter, summary, histogram _sum, gauge sum/livesum) that
  more than two children write only gets values whose sums are exact
  (small multiples of 0.25, +-Inf, NaN for gauges), because float addition
  of three or more arbitrary values depends on the order;  with at most two
  writers any value is fine (0.0 + a + b == 0.0 + b + a);
* min/max gauges never see NaN or -0.0 (NaN compares false and -0.0 == 0.0,
  so the first file read would win);
* children run one after another, so mostrecent timestamps are strictly
  increasing and the last child that called .set() wins.

The parent re-merges the files in several shuffled orders and refuses to
write expected/ if any result differs.

Works with prometheus_client 0.17.1 (v1 file layout, eight gauge modes,
legacy names only, no escaping parameter) and 0.26.0; features are detected
at run time and the plan degrades accordingly.
"""

import argparse
import inspect
import json
import math
import os
import random
import sys
import traceback
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

ALL_GAUGE_MODES = ('all', 'liveall', 'min', 'livemin', 'max', 'livemax',
                   'sum', 'livesum', 'mostrecent', 'livemostrecent')
ESCAPINGS = ('allow-utf-8', 'dots', 'values', 'underscores')

# ---------------------------------------------------------------------------
# Pools of names, label values, help texts and numbers.

# Label values are always arbitrary UTF-8 (any library version).  Lone
# surrogates are left out: json.dumps would store them, but the exposition
# cannot encode them.
LABEL_VALUES = [
    'GET', 'POST', '/api/v1/users', '200', '404', '',
    'say "hi"', 'C:\\path\\to\\file', 'back\\slash', 'line1\nline2',
    'tab\tseparated', 'cr\rinside', 'ünïcödé', '日本語', 'emoji 😀',
    '𝄞 clef', 'mix "\\\n\t😀"', '\\n is not a newline', 'esc\x1bape',
    'a,b=c{d}', '  spaces  ', '# not a comment', 'x' * 40,
]
# Characters for generated label values: ASCII, the escaped trio, control
# characters, 2-, 3- and 4-byte UTF-8.
VALUE_CHARS = list('abcXYZ019 _-.:/=,{}#') + ['"', '\\', '\n', '\t', '\r',
                                             'é', 'ß', '中', '€', '😀', '𝄞']

HELP_TEXTS = [
    'Total number of requests.', 'Back\\slash and a literal \\n.',
    'Multi\nline\nhelp', 'Has "double" quotes', "Has 'single' quotes",
    'Ünïcödé hélp — ✓', 'Emoji 😀 and astral 𝄞', '', 'Tab\there',
    'Trailing backslash \\', 'CR\rinside', '  leading and trailing  ',
    'Mixed \\ " \n 😀 end',
]

LEGACY_LABEL_NAMES = ['method', 'endpoint', 'status', 'code', 'handler',
                      '_private', 'Job', 'le', 'quantile', 'x9']
# Accepted by 0.26.0's default (non-legacy) validation: any UTF-8 string not
# starting with "__" (and not 'le' / 'quantile' on histograms / summaries).
UTF8_LABEL_NAMES = ['http.method', 'ünï', 'emoji😀', 'with space', '1st',
                    'has"quote', 'x:y', 'back\\slash', 'dash-name']

# Bucket lists.  Histogram appends +Inf unless the list already ends with
# it; a single finite bound is the smallest list the library accepts.
BUCKET_LISTS = [
    [0.1, 1, 1.5, 1e6, 2.5e7],
    [-10, -1, -0.5, 0, 0.5],
    [-math.inf, 0, 1],
    [1, 2, math.inf],
    [5],
    [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    [1e-300, 1e-10, 1e300],
    [999999.9, 1e6, 1234567, 1e7, 1.5e16, 1e21],
    [-0.0, 1],
    [2 ** 53],
    [0.25, 0.5, 0.75],
]

# Numbers chosen for floatToGoString corner cases.
SPECIAL_NONNEG = [
    0.0, 1.0, 0.1, 0.5, 3.0, 1e-300, 5e-324, 1e-05, 0.0001, 123456.7,
    999999.9, 1e6, 1234567.0, 9999999.0, 1e7, 12345678901.0, 2.0 ** 53,
    2.0 ** 53 + 2, 1e15 + 0.5, 1e16, 1.5e16, 1e21, 0.30000000000000004,
    1.7976931348623157e308, math.inf,
]


def is_exact(v: float) -> bool:
    """True if v is a small multiple of 0.25 (or infinite): such values add
    up exactly in any order, whatever their number."""
    if math.isinf(v):
        return True
    return not math.isnan(v) and abs(v) < 2 ** 20 and v * 4 == int(v * 4)


def wild_value(rng: random.Random, negative=True, nan=False, negzero=True,
               finite=False) -> float:
    """A value from anywhere in the double range, biased to corner cases."""
    r = rng.random()
    if r < 0.5:
        v = rng.choice(SPECIAL_NONNEG)
    elif r < 0.75:
        # Decimal-looking: uniform number rounded to a few digits.
        v = round(rng.uniform(0, 10.0 ** rng.randint(-3, 9)), rng.randint(0, 6))
    else:
        # Random digits with a random exponent, correctly rounded.
        v = float('%de%d' % (rng.randint(0, 10 ** rng.randint(1, 17)),
                             rng.randint(-320, 300)))
    if finite and math.isinf(v):
        v = 1e300
    if negative and rng.random() < 0.35:
        v = -v
    if negzero and rng.random() < 0.04:
        v = -0.0
    elif not negzero and v == 0:
        v = 0.0            # negating 0.0 above gave -0.0
    if nan and rng.random() < 0.06:
        v = math.nan
    return v


def exact_value(rng: random.Random, negative=True, nan=False, inf=True) -> float:
    """A value whose sums are exact in any order (see is_exact)."""
    r = rng.random()
    if inf and r < 0.04:
        v = math.inf
    elif nan and r < 0.08:
        return math.nan
    else:
        v = rng.randint(0, 1000) + rng.choice((0.0, 0.25, 0.5, 0.75))
    if negative and rng.random() < 0.35:
        v = -v
    return v


# ---------------------------------------------------------------------------
# The plan.

@dataclass
class Series:
    labelvalues: Tuple[str, ...]
    # child index -> list of (operation, value); an empty list means the
    # child only creates the series (an entry holding 0.0).
    ops: Dict[int, List[Tuple[str, Optional[float]]]] = field(default_factory=dict)


@dataclass
class MetricPlan:
    kind: str                 # counter, gauge, histogram, summary
    name: str                 # as passed to the constructor
    documentation: str
    labelnames: Tuple[str, ...]
    mode: Optional[str] = None
    buckets: Optional[list] = None
    series: List[Series] = field(default_factory=list)


@dataclass
class Plan:
    children: int
    dead: List[int]
    metrics: List[MetricPlan]
    # Per child: list of (metric index, series index, op, value) in the
    # order the child executes them; op 'touch' just creates the series.
    steps: List[List[Tuple[int, int, str, Optional[float]]]]


class Features:
    """What the running prometheus_client supports."""

    def __init__(self):
        import prometheus_client
        from prometheus_client import Counter, Gauge
        from prometheus_client import exposition
        try:
            from importlib.metadata import version
            self.version = version('prometheus_client')
        except Exception:  # pragma: no cover - very old Pythons
            self.version = getattr(prometheus_client, '__version__', 'unknown')
        self.modes = [m for m in ALL_GAUGE_MODES
                      if m in getattr(Gauge, '_MULTIPROC_MODES', ())]
        self.escaping = 'escaping' in inspect.signature(
            exposition.generate_latest).parameters
        # A labelled parent with registry=None validates its names but
        # creates no value, so probing writes no .db file.
        self.utf8_names = True
        try:
            Counter('app.probe', 'probe', ['http.method'], registry=None)
        except ValueError:
            self.utf8_names = False


def metric_name(rng: random.Random, kind: str, i: int, utf8: bool) -> str:
    """A unique name (the index is part of every style)."""
    base = {'counter': 'c', 'gauge': 'g', 'histogram': 'h', 'summary': 's'}[kind]
    styles = ['legacy'] * 6 + ['colon', 'camel']
    if utf8:
        styles += ['dotted'] * 4 + ['digit', 'unicode', 'emoji', 'space',
                                    'quote', 'backslash', 'newline']
    style = rng.choice(styles)
    name = {
        'legacy': f'{base}{i}_requests',
        'colon': f'ns:{base}{i}_latency',
        'camel': f'App{base.upper()}{i}Things',
        'dotted': f'app.{base}{i}.requests',
        'digit': f'{i}xx.{base}.responses',
        'unicode': f'ünïcödé_{base}{i}',
        'emoji': f'{base}{i}_😀_events',
        'space': f'{base}{i} with space',
        'quote': f'{base}{i}"quoted"',
        'backslash': f'{base}{i}\\back',
        'newline': f'{base}{i}\nnewline',
    }[style]
    # Counters drop a trailing _total from the name they are given.
    if kind == 'counter' and rng.random() < 0.4:
        name += '_total'
    return name


def label_names(rng: random.Random, kind: str, utf8: bool) -> Tuple[str, ...]:
    pool = list(LEGACY_LABEL_NAMES)
    if utf8:
        pool += UTF8_LABEL_NAMES
    if kind == 'histogram':
        pool.remove('le')
    if kind == 'summary':
        pool.remove('quantile')
    return tuple(rng.sample(pool, rng.randint(0, 3)))


def label_value(rng: random.Random) -> str:
    if rng.random() < 0.6:
        return rng.choice(LABEL_VALUES)
    return ''.join(rng.choice(VALUE_CHARS) for _ in range(rng.randint(0, 10)))


def make_ops(rng: random.Random, m: MetricPlan, wild: bool, set_it: bool):
    """Operations one child applies to one series of metric m."""
    ops = []
    if not set_it:
        return ops
    for _ in range(rng.randint(1, 4)):
        if m.kind == 'counter':
            if rng.random() < 0.2:
                ops.append(('inc', None))          # inc() by the default 1
            elif wild:
                ops.append(('inc', wild_value(rng, negative=False)))
            else:
                ops.append(('inc', exact_value(rng, negative=False)))
        elif m.kind in ('histogram', 'summary'):
            bounds = [float(b) for b in (m.buckets or [])]
            if wild:
                candidates = bounds
                v = wild_value(rng)
            else:
                candidates = [b for b in bounds if is_exact(b)]
                v = exact_value(rng)
            # Observing a bound exactly tests `amount <= bound`.
            if candidates and rng.random() < 0.3:
                v = rng.choice(candidates)
            ops.append(('observe', v))
        else:
            mode = m.mode.replace('live', '')
            if mode == 'mostrecent':
                ops.append(('set', wild_value(rng, nan=True)))
            elif mode in ('min', 'max'):
                if rng.random() < 0.6:
                    ops.append(('set', wild_value(rng, negzero=False)))
                else:
                    ops.append((rng.choice(('inc', 'dec')),
                                wild_value(rng, negzero=False, finite=True)))
            elif mode == 'sum' and not wild:
                op = rng.choice(('set', 'inc', 'dec'))
                ops.append((op, exact_value(rng, nan=(op == 'set'),
                                            inf=(op == 'set'))))
            else:   # all, liveall, or sum with at most two writers
                ops.append((rng.choice(('set', 'inc', 'dec')),
                            wild_value(rng, nan=True)))
    return ops


def make_plan(seed: int, features: Features, children: Optional[int]) -> Plan:
    rng = random.Random(seed)
    n = children if children else rng.randint(2, 5)
    dead = sorted(rng.sample(range(n), rng.randint(1, n - 1)))
    lonely = rng.randrange(n)   # this child's counter file gets ONE entry
    utf8 = features.utf8_names

    kinds = (['counter'] * rng.randint(1, 3)
             + [('gauge', mode) for mode in features.modes]
             + [('gauge', rng.choice(features.modes)) for _ in range(rng.randint(0, 3))]
             + ['histogram'] * rng.randint(2, 4)
             + ['summary'] * rng.randint(1, 2))
    rng.shuffle(kinds)
    bucket_lists = rng.sample(BUCKET_LISTS, len(BUCKET_LISTS))

    metrics: List[MetricPlan] = []
    for i, k in enumerate(kinds):
        kind, mode = k if isinstance(k, tuple) else (k, None)
        m = MetricPlan(kind, metric_name(rng, kind, i, utf8),
                       rng.choice(HELP_TEXTS), label_names(rng, kind, utf8), mode)
        if kind == 'histogram':
            m.buckets = bucket_lists.pop()
        metrics.append(m)
    # The lonely counter: the only counter series child `lonely` touches.
    metrics.append(MetricPlan('counter', 'lonely_total', 'The only counter of one child.',
                              ('worker',) if rng.random() < 0.5 else ()))

    for mi, m in enumerate(metrics):
        is_lonely = mi == len(metrics) - 1
        candidates = [c for c in range(n) if m.kind != 'counter' or c != lonely]
        seen = set()
        for _ in range(rng.randint(1, 4) if m.labelnames else 1):
            values = tuple(label_value(rng) for _ in m.labelnames)
            if values in seen:
                continue
            seen.add(values)
            s = Series(values)
            if is_lonely:
                touchers = [lonely]
            else:
                touchers = rng.sample(candidates, rng.randint(1, len(candidates)))
            writers = [c for c in touchers if rng.random() < 0.8] or touchers[:1]
            if m.mode in ('mostrecent', 'livemostrecent') and rng.random() < 0.3:
                writers = []       # never set: every timestamp stays 0
            # Sums of more than two arbitrary values depend on the order.
            wild = len(writers) <= 2
            for c in sorted(touchers):
                s.ops[c] = make_ops(rng, m, wild, c in writers)
            m.series.append(s)
            if is_lonely:
                break

    # Make sure some mostrecent series is never set.
    recent = [m for m in metrics if m.mode in ('mostrecent', 'livemostrecent')]
    if recent and not any(not any(s.ops.values()) for m in recent for s in m.series):
        s = rng.choice(recent).series[0]
        s.ops = {c: [] for c in s.ops}

    # Each child's steps: create its series in random order, then apply the
    # operations interleaved across series (keeping each series' own order).
    steps: List[List[Tuple[int, int, str, Optional[float]]]] = []
    for c in range(n):
        mine = [(mi, si) for mi, m in enumerate(metrics)
                for si, s in enumerate(m.series) if c in s.ops]
        rng.shuffle(mine)
        child_steps = [(mi, si, 'touch', None) for mi, si in mine]
        queues = [[(mi, si, op, v) for op, v in metrics[mi].series[si].ops[c]]
                  for mi, si in mine]
        queues = [q for q in queues if q]
        while queues:
            q = rng.choice(queues)
            child_steps.append(q.pop(0))
            if not q:
                queues.remove(q)
        steps.append(child_steps)
    return Plan(n, dead, metrics, steps)


# ---------------------------------------------------------------------------
# Running it.

def run_child(plan: Plan, index: int) -> None:
    """Body of a forked child: build metrics, apply the steps."""
    from prometheus_client import (CollectorRegistry, Counter, Gauge,
                                   Histogram, Summary)
    registry = CollectorRegistry()
    built = {}
    for mi, si, op, value in plan.steps[index]:
        m = plan.metrics[mi]
        if mi not in built:
            kwargs = {'registry': registry}
            if m.kind == 'gauge':
                kwargs['multiprocess_mode'] = m.mode
            if m.kind == 'histogram':
                kwargs['buckets'] = m.buckets
            cls = {'counter': Counter, 'gauge': Gauge,
                   'histogram': Histogram, 'summary': Summary}[m.kind]
            built[mi] = cls(m.name, m.documentation, m.labelnames, **kwargs)
        metric = built[mi]
        if m.labelnames:
            metric = metric.labels(*m.series[si].labelvalues)
        if op == 'touch':
            continue
        if value is None:
            getattr(metric, op)()
        else:
            getattr(metric, op)(value)


def fork_children(plan: Plan) -> List[int]:
    """Run the children one after another; return their pids."""
    pids = []
    for index in range(plan.children):
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                run_child(plan, index)
            except BaseException:
                traceback.print_exc()
                code = 1
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        if status != 0:
            sys.exit(f'child {index} (pid {pid}) failed with status {status}')
        if pid in pids:
            sys.exit(f'pid {pid} was reused; run again')
        pids.append(pid)
    return pids


def canonical_samples(metrics) -> List[tuple]:
    """Order-free view of merged metrics, used to compare file orders."""
    from prometheus_client.utils import floatToGoString
    out = []
    for m in metrics:
        for s in m.samples:
            out.append((m.name, m.type, m.documentation, s.name,
                        tuple(sorted(s.labels.items())), floatToGoString(s.value)))
    return sorted(out)


def check_order_independence(db: str, seed: int) -> None:
    from prometheus_client.multiprocess import MultiProcessCollector
    files = sorted(os.path.join(db, f) for f in os.listdir(db) if f.endswith('.db'))
    reference = canonical_samples(MultiProcessCollector.merge(files))
    rng = random.Random(seed)
    orders = [list(reversed(files))] + [rng.sample(files, len(files)) for _ in range(8)]
    for order in orders:
        if canonical_samples(MultiProcessCollector.merge(order)) != reference:
            sys.exit('merged result depends on file order; this is a bug in the plan')


def render(db: str, expected: str, features: Features) -> None:
    from prometheus_client import CollectorRegistry
    from prometheus_client import exposition
    from prometheus_client.multiprocess import MultiProcessCollector
    from prometheus_client.openmetrics import exposition as om_exposition
    registry = CollectorRegistry()
    MultiProcessCollector(registry, path=db)
    outputs = {
        'text.txt': exposition.generate_latest(registry),
        'openmetrics.txt': om_exposition.generate_latest(registry),
    }
    if features.escaping:
        for esc in ESCAPINGS:
            outputs[f'text-{esc}.txt'] = exposition.generate_latest(registry, escaping=esc)
            outputs[f'openmetrics-{esc}.txt'] = om_exposition.generate_latest(
                registry, escaping=esc)
    for name, data in outputs.items():
        with open(os.path.join(expected, name), 'wb') as f:
            f.write(data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--seed', type=int, required=True)
    parser.add_argument('--out', required=True)
    parser.add_argument('--children', type=int, choices=range(2, 6),
                        help='number of children (default: 2-5 from the seed)')
    parser.add_argument('--gauge-mode', choices=ALL_GAUGE_MODES,
                        help='give every gauge this mode (default: every mode the library has)')
    args = parser.parse_args()

    out = os.path.abspath(args.out)
    db = os.path.join(out, 'db')
    expected = os.path.join(out, 'expected')
    for d in (db, expected):
        os.makedirs(d, exist_ok=True)
        if os.listdir(d):
            sys.exit(f'{d} is not empty')

    # prometheus_client picks its value class when imported: the variable
    # must be set first.
    os.environ['PROMETHEUS_MULTIPROC_DIR'] = db
    from prometheus_client import multiprocess

    features = Features()
    if args.gauge_mode:
        if args.gauge_mode not in features.modes:
            sys.exit(f'prometheus_client {features.version} has no gauge mode {args.gauge_mode}')
        features.modes = [args.gauge_mode]
    plan = make_plan(args.seed, features, args.children)
    pids = fork_children(plan)
    for index in plan.dead:
        multiprocess.mark_process_dead(pids[index], path=db)

    stray = [f for f in os.listdir(db) if f.endswith(f'_{os.getpid()}.db')]
    if stray:
        sys.exit(f'the parent wrote files: {stray}')

    check_order_independence(db, args.seed)
    render(db, expected, features)
    info = {
        'seed': args.seed,
        'prometheus_client': features.version,
        'gauge_modes': features.modes,
        'utf8_names': features.utf8_names,
        'escaping': features.escaping,
        'children': [{'index': i, 'pid': pid, 'marked_dead': i in plan.dead}
                     for i, pid in enumerate(pids)],
        'marked_dead': [pids[i] for i in plan.dead],
        'single_entry_counter_pid': next(
            pids[c] for c in plan.metrics[-1].series[0].ops),
    }
    with open(os.path.join(expected, 'pids.json'), 'w') as f:
        json.dump(info, f, indent=2)
        f.write('\n')


if __name__ == '__main__':
    main()
