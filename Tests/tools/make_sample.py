#!/usr/bin/env python3
"""Write a small, realistic multiprocess directory for the README's quick start.

Usage: python make_sample.py --out DIR [--expected DIR]

Simulates a FastAPI-like app served by four worker processes (real
os.fork children using the running prometheus_client).  Each worker handles
a few dozen requests and records them in

    http_requests_total{method,endpoint,status}          counter
    http_request_duration_seconds{method,endpoint}       histogram (default buckets)
    inprogress_requests                                  gauge, livesum

Worker 2 is then marked dead with mark_process_dead(), which removes its
gauge_livesum file (its counter and histogram files stay, as in production).
Workers 0 and 2 each leave one request in flight, so the live in-progress
total is 1.

Request durations are whole multiples of 1/1024 s, so the histogram _sum is
exact whatever order the files are added in.  With --expected, the text and
OpenMetrics renderings and pids.json are written there.
"""

import argparse
import json
import os
import random
import sys

WORKERS = 4
DEAD = {2}
IN_FLIGHT = {0, 2}
ROUTES = [  # (method, endpoint, weight, typical seconds)
    ('GET', '/', 5, 0.004),
    ('GET', '/items/{item_id}', 8, 0.020),
    ('POST', '/items', 3, 0.060),
    ('GET', '/users/me', 4, 0.015),
    ('GET', '/health', 2, 0.001),
]


def worker(index: int) -> None:
    from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
    registry = CollectorRegistry()
    requests = Counter('http_requests_total', 'Total HTTP requests.',
                       ['method', 'endpoint', 'status'], registry=registry)
    latency = Histogram('http_request_duration_seconds',
                        'HTTP request latency in seconds.',
                        ['method', 'endpoint'], registry=registry)
    inprogress = Gauge('inprogress_requests', 'Requests currently being served.',
                       multiprocess_mode='livesum', registry=registry)

    rng = random.Random(1000 + index)
    for _ in range(rng.randint(20, 60)):
        method, endpoint, _, typical = rng.choices(ROUTES, [r[2] for r in ROUTES])[0]
        inprogress.inc()
        r = rng.random()
        status = '500' if r < 0.03 else '404' if r < 0.12 and '{' in endpoint else '200'
        seconds = max(1, round(rng.lognormvariate(0, 0.8) * typical * 1024)) / 1024
        latency.labels(method, endpoint).observe(seconds)
        requests.labels(method, endpoint, status).inc()
        inprogress.dec()
    if index in IN_FLIGHT:
        inprogress.inc()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--out', required=True)
    parser.add_argument('--expected')
    args = parser.parse_args()
    db = os.path.abspath(args.out)
    os.makedirs(db, exist_ok=True)
    if os.listdir(db):
        sys.exit(f'{db} is not empty')
    os.environ['PROMETHEUS_MULTIPROC_DIR'] = db   # before the import
    from prometheus_client import CollectorRegistry, exposition, multiprocess
    from prometheus_client.openmetrics import exposition as om_exposition

    pids = []
    for index in range(WORKERS):
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                worker(index)
            except BaseException:
                import traceback
                traceback.print_exc()
                code = 1
            finally:
                sys.stderr.flush()
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        if status:
            sys.exit(f'worker {index} failed')
        pids.append(pid)
    for index in DEAD:
        multiprocess.mark_process_dead(pids[index], path=db)

    if args.expected:
        out = os.path.abspath(args.expected)
        os.makedirs(out, exist_ok=True)
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry, path=db)
        with open(os.path.join(out, 'text.txt'), 'wb') as f:
            f.write(exposition.generate_latest(registry))
        with open(os.path.join(out, 'openmetrics.txt'), 'wb') as f:
            f.write(om_exposition.generate_latest(registry))
        with open(os.path.join(out, 'pids.json'), 'w') as f:
            json.dump({'children': [{'index': i, 'pid': p, 'marked_dead': i in DEAD}
                                    for i, p in enumerate(pids)],
                       'marked_dead': [pids[i] for i in sorted(DEAD)]}, f, indent=2)
            f.write('\n')


if __name__ == '__main__':
    main()
