#!/usr/bin/env python3
"""Workers that keep writing to a multiprocess directory while `promkit clean` runs.

Usage:
  clean_workers.py --dir D --waves W --workers K --increments M
      W waves, one after another, of K forked workers each; every worker
      increments work_total M times, observes M latencies and holds a livesum
      gauge, pausing now and then so that waves overlap with cleans, then
      exits (os._exit, like a killed worker). Prints {"work": W*K*M} at the end.
  clean_workers.py --dir D --sentinel --increments M [--identifier I]
      One worker that does its M increments, prints "ready", then waits for
      standard input to close: a live process whose files must not change.
      With --identifier its files carry I instead of its pid (a custom
      process_identifier); on a line of standard input it does M more.
"""
import argparse
import json
import os
import sys
import time


def work(increments):
    from prometheus_client import Counter, Gauge, Histogram
    work = Counter('work', 'Work done.', ['kind'], registry=None)
    latency = Histogram('latency_seconds', 'Latency.', registry=None)
    busy = Gauge('busy', 'Busy workers.', registry=None, multiprocess_mode='livesum')
    busy.inc()
    for index in range(increments):
        work.labels('job').inc()
        latency.observe(0.25)
        if index % 50 == 49:
            time.sleep(0.002)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--dir', required=True)
    parser.add_argument('--waves', type=int, default=1)
    parser.add_argument('--workers', type=int, default=1)
    parser.add_argument('--increments', type=int, default=100)
    parser.add_argument('--sentinel', action='store_true')
    parser.add_argument('--identifier', type=int)
    args = parser.parse_args()
    os.environ['PROMETHEUS_MULTIPROC_DIR'] = args.dir
    if args.sentinel:
        if args.identifier is not None:
            from prometheus_client import values
            values.ValueClass = values.MultiProcessValue(lambda: args.identifier)
        work(args.increments)
        print('ready', flush=True)
        for _ in sys.stdin:
            work(args.increments)
            print('more', flush=True)
        return
    for _ in range(args.waves):
        children = []
        for _ in range(args.workers):
            pid = os.fork()
            if pid == 0:
                try:
                    work(args.increments)
                finally:
                    os._exit(0)
            children.append(pid)
        for pid in children:
            os.waitpid(pid, 0)
    print(json.dumps({'work': args.waves * args.workers * args.increments}), flush=True)


if __name__ == '__main__':
    main()
