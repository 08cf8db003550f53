#!/usr/bin/env python3
"""Write a large Prometheus text exposition rendered by the real prometheus_client.

Usage: python make_big_exposition.py --megabytes 50 --out FILE

Builds registries of counters, gauges, histograms and summaries with realistic
label sets (method, handler, status, instance) and appends what generate_latest
renders for each until the file reaches the size; each registry's family names
carry a distinct suffix so the whole file is one valid exposition.
"""
import argparse
import random

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, Summary, generate_latest


def registry_text(part, rng):
    registry = CollectorRegistry()
    suffix = "_p%d" % part
    requests = Counter("http_requests" + suffix, "Requests served.", ["method", "handler", "status"], registry=registry)
    latency = Histogram("http_request_duration_seconds" + suffix, "Latency.", ["method", "handler"], registry=registry)
    inflight = Gauge("http_requests_in_flight" + suffix, "In flight.", ["handler"], registry=registry)
    size = Summary("http_response_size_bytes" + suffix, "Response size.", ["handler"], registry=registry)
    for h in range(60):
        handler = "/api/v1/resource_%d/{item_id}" % h
        for method in ("GET", "POST", "PUT", "DELETE"):
            for status in ("200", "404", "500"):
                requests.labels(method, handler, status).inc(rng.randint(1, 10**6))
            for _ in range(3):
                latency.labels(method, handler).observe(rng.random() * 4)
        inflight.labels(handler).set(rng.randint(0, 50))
        size.labels(handler).observe(rng.randint(100, 100000))
    return generate_latest(registry)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--megabytes", type=int, default=50)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    rng = random.Random(7)
    target = args.megabytes * 1024 * 1024
    written = 0
    part = 0
    with open(args.out, "wb") as out:
        while written < target:
            chunk = registry_text(part, rng)
            out.write(chunk)
            written += len(chunk)
            part += 1


if __name__ == "__main__":
    main()
