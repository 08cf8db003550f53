"""Times whole commands, interleaved, and prints medians and ratios.

usage: measure.py --runs 5 [--reference NAME] NAME=COMMAND [NAME=COMMAND ...]

Each COMMAND runs through `sh -c` with stdout to /dev/null, once per round,
the commands taking turns so that a noisy moment hits all of them alike.
Prints a Markdown table: median, min and max wall seconds, peak RSS (MiB, from
the slowest child of the round) and the ratio of each median to the
reference's median. Exits non-zero if any command fails.
"""
import argparse
import os
import resource
import statistics
import subprocess
import sys
import time


def run_once(command):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(["sh", "-c", command], stdout=subprocess.DEVNULL)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        sys.exit(f"command failed ({result.returncode}): {command}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu, after.ru_maxrss / 1024


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--reference")
    parser.add_argument("commands", nargs="+")
    args = parser.parse_args()
    named = []
    for item in args.commands:
        name, _, command = item.partition("=")
        named.append((name, command))
    times = {name: [] for name, _ in named}
    cpus = {name: [] for name, _ in named}
    for name, command in named:  # warm-up: page cache, first-run costs
        run_once(command)
    for _ in range(args.runs):
        for name, command in named:
            elapsed, cpu, _ = run_once(command)
            times[name].append(elapsed)
            cpus[name].append(cpu)
    reference = args.reference or named[0][0]
    ref = statistics.median(times[reference])
    print(f"| command | median s | min s | max s | CPU s (median) | vs {reference} |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, _ in named:
        median = statistics.median(times[name])
        print(
            f"| {name} | {median:.4f} | {min(times[name]):.4f} | {max(times[name]):.4f} "
            f"| {statistics.median(cpus[name]):.4f} | {median / ref:.3f}x |"
        )
    print()
    for name, command in named:
        print(f"- {name}: `{command}`")


if __name__ == "__main__":
    main()
