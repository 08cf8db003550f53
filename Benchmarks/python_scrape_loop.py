#!/usr/bin/env python3
"""Scrapes a multiprocess directory with prometheus_client's own collector,
back to back, until FILE exists; prints one JSON line: scrapes, failures (by
exception type) and every value of COUNTER seen, for race-readers.sh.

Usage: python_scrape_loop.py DIR COUNTER STOPFILE
"""
import json
import os
import sys

from prometheus_client import CollectorRegistry, generate_latest, multiprocess


def main():
    directory, counter, stop = sys.argv[1:4]
    values, failures, scrapes = [], {}, 0
    while not os.path.exists(stop):
        scrapes += 1
        try:
            registry = CollectorRegistry()
            multiprocess.MultiProcessCollector(registry, path=directory)
            text = generate_latest(registry).decode()
        except Exception as error:  # the failure is what is measured
            failures[type(error).__name__] = failures.get(type(error).__name__, 0) + 1
            continue
        for line in text.splitlines():
            if line.startswith(counter):
                values.append(float(line.rsplit(' ', 1)[1]))
    print(json.dumps({'scrapes': scrapes, 'failures': failures, 'values': values}))


if __name__ == '__main__':
    main()
