"""Writes the benchmark multiprocess directory with the real prometheus_client.

usage: make_bench_dir.py --workers 64 --series 2000 --out DIR

Each worker is a real forked process that writes, through prometheus_client:
  - a counter `bench_requests_total{route, method, status}` on every label set,
  - a histogram `bench_latency_seconds` (default buckets) on a quarter of them,
  - a livesum gauge `bench_inflight` on every label set.
So DIR holds `workers` files of each type. Workers run two at a time.
"""
import argparse
import os
import random
import sys


def label_sets(count):
    methods = ["GET", "POST", "PUT", "DELETE"]
    statuses = ["200", "201", "204", "301", "400", "404", "500", "503"]
    out = []
    for i in range(count):
        out.append((f"/api/v1/resource{i // 32}/item{i % 32}", methods[i % 4], statuses[(i // 4) % 8]))
    return out


def worker(index, series):
    from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

    rng = random.Random(index)
    registry = CollectorRegistry()
    names = ["route", "method", "status"]
    counter = Counter("bench_requests", "Requests handled.", names, registry=registry)
    histogram = Histogram("bench_latency_seconds", "Request latency.", names, registry=registry)
    gauge = Gauge("bench_inflight", "Requests in flight.", names, registry=registry, multiprocess_mode="livesum")
    for i, labels in enumerate(label_sets(series)):
        counter.labels(*labels).inc(rng.randint(1, 1000))
        gauge.labels(*labels).set(rng.randint(0, 8))
        if i % 4 == 0:
            histogram.labels(*labels).observe(rng.random() * 2)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=64)
    parser.add_argument("--series", type=int, default=2000)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = args.out
    running = []
    for index in range(args.workers):
        pid = os.fork()
        if pid == 0:
            try:
                worker(index, args.series)
                os._exit(0)
            except BaseException:
                os._exit(1)
        running.append(pid)
        if len(running) >= 2:
            _, status = os.waitpid(running.pop(0), 0)
            if status != 0:
                sys.exit("a worker failed")
    for pid in running:
        _, status = os.waitpid(pid, 0)
        if status != 0:
            sys.exit("a worker failed")


if __name__ == "__main__":
    main()
