#!/usr/bin/env python3
"""Writes a benchmark multiprocess directory with the real prometheus_client.

Usage: make_bench_dir.py --workers 64 --series 2000 --out DIR [--jobs 2]

Each of the --workers worker processes (forked, each with its own pid, so
its own files) writes, under the same label sets as the others:
- a counter `bench_requests_total{method,path,status}` for --series label sets,
- a histogram `bench_request_duration_seconds{method,path}` (default buckets)
  for a quarter of them,
- a livesum gauge `bench_in_progress{method}`.
DIR is emptied first. Prints the number of .db files and their total size.
"""
import argparse
import os
import shutil
import sys


def label_sets(count):
    methods = ["GET", "POST", "PUT", "DELETE"]
    statuses = ["200", "201", "204", "400", "404", "500"]
    for index in range(count):
        yield methods[index % 4], "/api/v1/resource/%d" % (index // 4), statuses[index % 6]


def worker(index, series):
    from prometheus_client import Counter, Gauge, Histogram

    requests = Counter("bench_requests", "Requests served.", ["method", "path", "status"])
    duration = Histogram("bench_request_duration_seconds", "Request latency.", ["method", "path"])
    in_progress = Gauge("bench_in_progress", "Requests in progress.", ["method"], multiprocess_mode="livesum")
    for number, (method, path, status) in enumerate(label_sets(series)):
        requests.labels(method, path, status).inc(1 + (number + index) % 5)
        if number % 4 == 0:
            duration.labels(method, path).observe(((number * 7 + index) % 1000) / 400.0)
        in_progress.labels(method).set(index % 3)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=64)
    parser.add_argument("--series", type=int, default=2000)
    parser.add_argument("--out", required=True)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    if os.path.isdir(args.out):
        shutil.rmtree(args.out)
    os.makedirs(args.out)
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = args.out
    running = 0
    for index in range(args.workers):
        if running >= args.jobs:
            os.wait()
            running -= 1
        pid = os.fork()
        if pid == 0:
            try:
                worker(index, args.series)
            finally:
                os._exit(0)
        running += 1
    while running:
        os.wait()
        running -= 1
    names = [n for n in os.listdir(args.out) if n.endswith(".db")]
    size = sum(os.path.getsize(os.path.join(args.out, n)) for n in names)
    print("%d files, %d bytes" % (len(names), size))
    return 0


if __name__ == "__main__":
    sys.exit(main())
