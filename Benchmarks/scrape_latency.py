#!/usr/bin/env python3
"""Median latency of GET URL over one keep-alive connection.

Usage: scrape_latency.py URL --scrapes N [--accept HEADER] [--gzip]
Prints: median_ms p90_ms bytes. Every response must be 200.
"""
import argparse
import http.client
import statistics
import sys
import time
import urllib.parse


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("--scrapes", type=int, default=20)
    parser.add_argument("--accept", default="")
    parser.add_argument("--gzip", action="store_true")
    args = parser.parse_args()
    url = urllib.parse.urlparse(args.url)
    headers = {}
    if args.accept:
        headers["Accept"] = args.accept
    if args.gzip:
        headers["Accept-Encoding"] = "gzip"
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=120)
    times = []
    size = 0
    for _ in range(args.scrapes):
        start = time.perf_counter()
        connection.request("GET", url.path, headers=headers)
        response = connection.getresponse()
        body = response.read()
        times.append(time.perf_counter() - start)
        if response.status != 200:
            print("status %d: %s" % (response.status, body[:200]), file=sys.stderr)
            return 1
        size = len(body)
    times.sort()
    print("%.3f %.3f %d" % (statistics.median(times) * 1000, times[int(len(times) * 0.9) - 1] * 1000, size))
    return 0


if __name__ == "__main__":
    sys.exit(main())
