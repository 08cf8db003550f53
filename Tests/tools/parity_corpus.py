#!/usr/bin/env python3
"""Write a corpus of mutated Prometheus text expositions for the promtool parity test.

Usage: python parity_corpus.py --seed N --count K --out DIR

The base texts are what the *real* prometheus_client of the running interpreter
renders (generate_latest, text 0.0.4) for registries holding counters, gauges,
histograms, summaries, info and enum metrics with awkward label values and help
texts.  Each case DIR/case_NNNN.txt is a base text with one to three mutations:
lines dropped, duplicated, swapped or cut; bad escapes, bad numbers, bad
timestamps, stray spaces and tabs, stray bytes, repeated or late HELP/TYPE
lines injected.  The verdict of each case is left to promtool and promkit.
"""
import argparse
import os
import random

from prometheus_client import (
    CollectorRegistry, Counter, Enum, Gauge, Histogram, Info, Summary, generate_latest,
)

BAD_NUMBERS = [
    "0x1p-3", "0x1", "0X1P3", "nan(0x1)", "1_000", "1e400", "-1e400", "+nan", "-nan", "Infinity", "-inf",
    "+Inf", "inf", "NaN", "nan", ".5", "5.", ".", "1e", "1e+", "--1", "1.2.3", "0b1", "0o7", "1e-400", "",
    "1,5", "one", "1e5", "-0", "+0.0", "0.1E-3", "infinity", "INF", "1d", "0x", "1p3", "٣",
]
BAD_TIMESTAMPS = [" 1.5", " 123", " -1", " 9223372036854775807", " 9223372036854775808", " abc", " +5",
                  " 1e3", "  7", " 12 ", " 0x10", " -9223372036854775808", "\t99"]
STRAY = [" ", "\t", "  ", "\r", "\\", "\"", "{", "}", ",", "=", "#", "\x00", "é", "\xff"]
ESCAPES = ["\\q", "\\t", "\\\\", "\\n", "\\\"", "\\", "\\u00e9"]


def base_texts(rng):
    texts = []
    for variant in range(4):
        registry = CollectorRegistry()
        c = Counter("http_requests", "Requests served.\nSecond line with \\ backslash.",
                    ["method", "path"], registry=registry)
        for method, path in [("GET", "/"), ("POST", "/api/v1/items"), ("GET", 'quote"d\\path\nx')]:
            c.labels(method, path).inc(rng.choice([1, 2.5, 1e6, 12345678.0]))
        g = Gauge("temperature_celsius", "Temperature.", ["room"], registry=registry)
        g.labels("kitchen").set(rng.choice([21.5, -3.25, float("inf"), float("nan"), 1e-7]))
        g.labels("hall").set(0)
        h = Histogram("request_latency_seconds", "Latency.", ["handler"], registry=registry,
                      buckets=[0.005, 0.1, 1, 2.5, float("inf")])
        for _ in range(5 + variant):
            h.labels("/items").observe(rng.random() * 3)
        s = Summary("payload_bytes", "Payload size.", registry=registry)
        s.observe(rng.randint(1, 9999))
        if variant % 2:
            Info("build", "Build information.", registry=registry).info({"version": "1.2.3", "commit": "abc"})
            Enum("state", "State.", states=["up", "down"], registry=registry).state("down")
        plain = Gauge("queue_depth", "Queue depth.", registry=registry)
        plain.set(rng.randint(0, 100))
        texts.append(generate_latest(registry).decode("utf-8"))
    return texts


def mutate(text, rng):
    lines = text.split("\n")[:-1]
    if not lines or not any(l and not l.startswith("#") for l in lines):
        return text
    kind = rng.randrange(15)
    i = rng.randrange(len(lines))
    line = lines[i]
    samples = [k for k, l in enumerate(lines) if l and not l.startswith("#")]
    s = rng.choice(samples)
    if kind == 0:
        del lines[i]
    elif kind == 1:
        lines.insert(i, line)
    elif kind == 2 and i + 1 < len(lines):
        lines[i], lines[i + 1] = lines[i + 1], lines[i]
    elif kind == 3:
        lines[i] = line[: rng.randrange(len(line) + 1)]
    elif kind == 4:
        body = "\n".join(lines) + "\n"
        return body[: rng.randrange(1, len(body) + 1)]
    elif kind == 5:
        sample = lines[s]
        head, _, _ = sample.rpartition(" ")
        lines[s] = head + " " + rng.choice(BAD_NUMBERS)
    elif kind == 6:
        lines[s] = lines[s] + rng.choice(BAD_TIMESTAMPS)
    elif kind == 7:
        pos = rng.randrange(len(line) + 1)
        lines[i] = line[:pos] + rng.choice(STRAY) + line[pos:]
    elif kind == 8:
        quote = lines[s].find('="')
        target = s
        helps = [k for k, l in enumerate(lines) if l.startswith("# HELP ")]
        if quote < 0 and helps:
            target = rng.choice(helps)
            quote = len(lines[target]) - 1
        lines[target] = lines[target][: quote + 2] + rng.choice(ESCAPES) + lines[target][quote + 2:]
    elif kind == 9:
        meta = [l for l in lines if l.startswith("# HELP ") or l.startswith("# TYPE ")] or ["# TYPE x gauge"]
        lines.insert(rng.randrange(len(lines) + 1), rng.choice(meta))
    elif kind == 10:
        name = lines[s].split("{")[0].split(" ")[0]
        lines.insert(s + 1, "# TYPE %s %s" % (name, rng.choice(["gauge", "counter", "untyped", "histogram", "summary", "gauge_histogram", "Gauge", "meter"])))
    elif kind == 11:
        lines.insert(i, rng.choice(["", "   ", "# a comment", "#", "# HELP", "# TYPE", "# HELP x", "# TYPE x", "#HELP x y", "\t"]))
    elif kind == 12:
        sample = lines[s]
        lines[s] = sample.replace("}", "", 1) if "}" in sample and rng.random() < 0.5 else sample.replace('"', "", 1)
    elif kind == 13:
        sample = lines[s]
        pos = rng.randrange(len(sample))
        lines[s] = sample[:pos] + rng.choice(["-", ".", "1", ":", "é", "a b", "__name__", "le"]) + sample[pos + 1:]
    else:
        sample = lines[s]
        if "{" in sample:
            first = sample[sample.index("{") + 1: sample.index("}")].split(",")[0] if "}" in sample else ""
            lines[s] = sample.replace("{", "{" + first + ",", 1) if first else sample
        else:
            name, _, rest = sample.partition(" ")
            lines[s] = name + '{a="1",a="2"} ' + rest
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    texts = base_texts(rng)
    os.makedirs(args.out, exist_ok=True)
    for n in range(args.count):
        text = texts[n % len(texts)]
        if n >= len(texts):
            for _ in range(rng.choice([1, 1, 1, 2, 3])):
                text = mutate(text, rng)
        with open(os.path.join(args.out, "case_%04d.txt" % n), "wb") as out:
            out.write(text.encode("utf-8", "surrogateescape").replace("\u00ff".encode(), b"\xff"))


if __name__ == "__main__":
    main()
