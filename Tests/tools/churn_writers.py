#!/usr/bin/env python3
"""Real prometheus_client workers that come and go in a multiprocess directory.

Usage: churn_writers.py --dir DIR --stop FILE [--max-seconds N]

Runs short-lived worker processes one after another (two at a time), each
incrementing counters, observing a histogram and moving a livesum gauge
under new label values (so its files grow), then exiting; the parent calls
mark_process_dead for each, which deletes its live gauge file, and removes
the other files of nine dead workers in ten (as a cleanup would), so the
directory stays small. Stops when
FILE exists or after --max-seconds. Prints the number of workers run.
"""
import argparse
import os
import random
import sys
import time


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    parser.add_argument("--stop", required=True)
    parser.add_argument("--max-seconds", type=float, default=60)
    args = parser.parse_args()
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = args.dir
    from prometheus_client import Counter, Gauge, Histogram, multiprocess

    requests = Counter("churn_requests", "Requests.", ["worker", "path"])
    latency = Histogram("churn_latency_seconds", "Latency.", ["path"], buckets=(0.01, 0.1, 1.0))
    in_progress = Gauge("churn_in_progress", "In progress.", multiprocess_mode="livesum")

    deadline = time.monotonic() + args.max_seconds
    workers = 0
    running = []
    while time.monotonic() < deadline and not os.path.exists(args.stop):
        while len(running) < 2:
            pid = os.fork()
            if pid == 0:
                rng = random.Random(os.getpid())
                end = time.monotonic() + rng.uniform(0.1, 0.5)
                n = 0
                while time.monotonic() < end:
                    path = "/p%d" % rng.randrange(40)
                    requests.labels(str(os.getpid() % 7), path).inc()
                    latency.labels(path).observe(rng.random())
                    in_progress.inc()
                    in_progress.dec()
                    n += 1
                os._exit(0)
            running.append(pid)
            workers += 1
        pid, _ = os.wait()
        running.remove(pid)
        multiprocess.mark_process_dead(pid, args.dir)
        if workers % 10 != 0:
            for name in ("counter_%d.db" % pid, "histogram_%d.db" % pid):
                try:
                    os.remove(os.path.join(args.dir, name))
                except FileNotFoundError:
                    pass
    for pid in running:
        os.waitpid(pid, 0)
        multiprocess.mark_process_dead(pid, args.dir)
    print(workers)
    return 0


if __name__ == "__main__":
    sys.exit(main())
