#!/usr/bin/env python3
"""Write a multiprocess directory full of dead processes' files, with the real
prometheus_client of this interpreter.

Usage: make_dead_dir.py --dir DIR --files N [--series S] [--kinds K1,K2,...]
                        [--pid-base B] [--age SECONDS]

Each of N fake processes (pids B, B+1, ...; the default base 5,000,000 is
above any kernel's pid_max, so these pids are never alive) writes one file of
the kind N % len(kinds): counter, histogram, summary, gauge_<mode>. A fake
process is a fresh MultiProcessValue whose process identifier returns its pid,
so the bytes are exactly what a worker with that pid would leave. Values are
small integers, so sums are exact in any order. With --age the files' mtimes
are set that many seconds into the past.
"""
import argparse
import os
import time

from prometheus_client import Counter, Gauge, Histogram, Summary, values


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--dir', required=True)
    parser.add_argument('--files', type=int, required=True)
    parser.add_argument('--series', type=int, default=4)
    parser.add_argument('--kinds', default='counter,histogram,summary,gauge_sum,gauge_max,gauge_livesum,gauge_all')
    parser.add_argument('--pid-base', type=int, default=5_000_000)
    parser.add_argument('--age', type=float, default=0)
    args = parser.parse_args()
    os.environ['PROMETHEUS_MULTIPROC_DIR'] = args.dir
    os.makedirs(args.dir, exist_ok=True)
    kinds = args.kinds.split(',')
    for index in range(args.files):
        pid = args.pid_base + index
        values.ValueClass = values.MultiProcessValue(lambda pid=pid: pid)
        kind = kinds[index % len(kinds)]
        amount = 1 + index % 7
        if kind == 'counter':
            metric = Counter('jobs', 'Jobs done.', ['route'], registry=None)
            for s in range(args.series):
                metric.labels(f'/r{s}').inc(amount)
        elif kind == 'histogram':
            metric = Histogram('latency_seconds', 'Latency.', ['route'], registry=None)
            for s in range(max(1, args.series // 16)):
                metric.labels(f'/r{s}').observe(0.01 * amount)
        elif kind == 'summary':
            metric = Summary('size_bytes', 'Sizes.', ['route'], registry=None)
            for s in range(max(1, args.series // 2)):
                metric.labels(f'/r{s}').observe(amount)
        elif kind.startswith('gauge_'):
            mode = kind[len('gauge_'):]
            metric = Gauge(f'g_{mode}', f'Gauge {mode}.', ['route'], registry=None, multiprocess_mode=mode)
            for s in range(args.series):
                metric.labels(f'/r{s}').set(amount + s)
        else:
            raise SystemExit('unknown kind ' + kind)
        values._multi_process_cleanups.pop()()
    if args.age:
        when = time.time() - args.age
        for name in os.listdir(args.dir):
            os.utime(os.path.join(args.dir, name), (when, when), follow_symlinks=False)


if __name__ == '__main__':
    main()
