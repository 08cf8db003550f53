#!/usr/bin/env python3
"""Workers that keep incrementing, dying and being replaced, for the clean soak.

Usage: soak_workers.py --dir D --seconds S [--workers K] [--increments M]

Keeps K forked prometheus_client workers running for S seconds. Each worker
increments soak_work_total M times and observes M latencies (pausing now and
then, so that it lives a while and scrapes see it mid-way), moves a livesum
gauge, says it is done, and waits; the parent then kills it, by SIGTERM and
SIGKILL in turn, and calls mark_process_dead for every other one (as a
gunicorn child_exit hook would). A new worker replaces each dead one at once.
Prints {"work": N, "workers": W} at the end: N is every increment made.
"""
import argparse
import json
import os
import signal
import time


def worker(increments, done):
    from prometheus_client import Counter, Gauge, Histogram
    work = Counter('soak_work', 'Work done.', ['kind'], registry=None)
    latency = Histogram('soak_latency_seconds', 'Latency.', registry=None, buckets=(0.1, 1.0))
    busy = Gauge('soak_busy', 'Busy workers.', registry=None, multiprocess_mode='livesum')
    busy.inc()
    for index in range(increments):
        work.labels('job').inc()
        latency.observe(0.25)
        if index % 20 == 19:
            time.sleep(0.005)
    os.write(done, b'x')
    while True:
        time.sleep(1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--dir', required=True)
    parser.add_argument('--seconds', type=float, required=True)
    parser.add_argument('--workers', type=int, default=3)
    parser.add_argument('--increments', type=int, default=100)
    args = parser.parse_args()
    os.environ['PROMETHEUS_MULTIPROC_DIR'] = args.dir
    # A test runner may start us with signals blocked; the workers must die of them.
    signal.pthread_sigmask(signal.SIG_SETMASK, set())
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    from prometheus_client import multiprocess
    deadline = time.monotonic() + args.seconds
    running = {}
    started = 0
    while True:
        while time.monotonic() < deadline and len(running) < args.workers:
            read, write = os.pipe()
            pid = os.fork()
            if pid == 0:
                os.close(read)
                try:
                    worker(args.increments, write)
                finally:
                    os._exit(0)
            os.close(write)
            running[pid] = read
            started += 1
        if not running:
            break
        pid, read = next(iter(running.items()))
        os.read(read, 1)
        os.close(read)
        del running[pid]
        os.kill(pid, signal.SIGKILL if started % 2 else signal.SIGTERM)
        os.waitpid(pid, 0)
        if started % 3 == 0:
            multiprocess.mark_process_dead(pid)
    print(json.dumps({'work': started * args.increments, 'workers': started}), flush=True)


if __name__ == '__main__':
    main()
