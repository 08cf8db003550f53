#!/usr/bin/env python3
"""Scrapes a multiprocess directory back to back, as an app's /metrics would,
until STOPFILE exists; prints one JSON line for the race tests.

Usage: collector_scrape_loop.py DIR SAMPLE STOPFILE [--collector promkit|prometheus_client]
                                [--lock-wait SECONDS]

Each scrape is a fresh CollectorRegistry holding one MultiProcessCollector
(promkit's from python/, or prometheus_client's own) and generate_latest.
Prints {"scrapes": N, "failures": {type: count}, "examples": [first three
failures], "values": [SAMPLE's value in each good scrape], "seconds": [p50,
p99, max of the good scrapes]}.
"""
import argparse
import json
import os
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('directory')
    parser.add_argument('sample', help='a sample line prefix, as soak_work_total{kind="job"}')
    parser.add_argument('stop')
    parser.add_argument('--collector', choices=['promkit', 'prometheus_client'], default='promkit')
    parser.add_argument('--lock-wait', type=float, default=2.0)
    args = parser.parse_args()
    from prometheus_client import CollectorRegistry, generate_latest
    if args.collector == 'promkit':
        sys.path.insert(0, os.path.join(ROOT, 'python'))
        import promkit

        def make(registry):
            promkit.MultiProcessCollector(registry, path=args.directory, lock_wait=args.lock_wait)
    else:
        from prometheus_client import multiprocess

        def make(registry):
            multiprocess.MultiProcessCollector(registry, path=args.directory)

    scrapes, failures, examples, values, seconds = 0, {}, [], [], []
    prefix = args.sample + ' '
    while not os.path.exists(args.stop):
        scrapes += 1
        started = time.monotonic()
        try:
            registry = CollectorRegistry()
            make(registry)
            text = generate_latest(registry).decode()
        except Exception as error:  # a failed scrape is what is counted
            failures[type(error).__name__] = failures.get(type(error).__name__, 0) + 1
            if len(examples) < 3:
                examples.append(f'{type(error).__name__}: {error}')
            continue
        seconds.append(time.monotonic() - started)
        for line in text.splitlines():
            if line.startswith(prefix):
                values.append(float(line[len(prefix):]))
    seconds.sort()
    summary = [seconds[len(seconds) // 2], seconds[len(seconds) * 99 // 100], seconds[-1]] if seconds else []
    print(json.dumps({'scrapes': scrapes, 'failures': failures, 'examples': examples, 'values': values,
                      'seconds': summary}))


if __name__ == '__main__':
    main()
