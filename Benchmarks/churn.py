#!/usr/bin/env python3
"""Worker churn: gunicorn recycling its workers under steady load.

Runs the E2E FastAPI app under gunicorn (3 uvicorn workers, --max-requests
20) with steady load from a few keep-alive clients, until RESTARTS workers
have been replaced, either under `promkit run --listen` (mode run) or alone
with PROMETHEUS_MULTIPROC_DIR set and nothing cleaning it (mode plain). At
each checkpoint it records the number of .db files and the median latency
of 5 scrapes of the app's own Python /metrics/ and (mode run) of run's
/metrics. At the end, for mode run: promkit's CPU time per second of wall
time, and the fold latencies that run printed ("pid N ended X ms ago").

Usage: churn.py --mode run|plain --promkit BIN --restarts 5000 --checkpoints 0,1000,5000
Prints one JSON object.
"""
import argparse
import http.client
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(port, path, timeout=120):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read()
        return response.status, body
    finally:
        connection.close()


def scrape_ms(port, path, count=5):
    times = []
    for _ in range(count):
        start = time.perf_counter()
        status, _ = get(port, path)
        if status != 200:
            raise SystemExit(f"GET {path} on {port}: {status}")
        times.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(times), 2)


def load(port, stop, errors):
    """One client sending requests back to back, reconnecting when a recycled worker closes."""
    connection = None
    while not stop.is_set():
        try:
            if connection is None:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.request("GET", "/")
            connection.getresponse().read()
        except Exception:
            errors.append(1)
            if connection is not None:
                connection.close()
            connection = None
            time.sleep(0.01)


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", choices=["run", "plain"], required=True)
    parser.add_argument("--promkit", required=True)
    parser.add_argument("--restarts", type=int, default=5000)
    parser.add_argument("--checkpoints", default="0,1000,5000")
    parser.add_argument("--clients", type=int, default=3)
    parser.add_argument("--limit-seconds", type=float, default=3600)
    parser.add_argument("--namespace", action="store_true",
                        help="mode run as pid 1 of a new pid namespace (unshare), as in a container: "
                             "only the app's processes are visible")
    args = parser.parse_args()
    checkpoints = sorted(int(c) for c in args.checkpoints.split(","))

    # On tmpfs where there is one, as /run/prometheus and a Kubernetes emptyDir
    # with medium: Memory are: a disk's fsync latency is not promkit's.
    base = os.environ.get("CHURN_DIR") or ("/dev/shm" if os.path.isdir("/dev/shm") else None)
    work = tempfile.mkdtemp(prefix=f"promkit-churn-{args.mode}-", dir=base)
    directory = os.path.join(work, "multiproc")
    os.mkdir(directory)
    app_port, metrics_port = free_port(), free_port()
    bindir = os.path.dirname(sys.executable)
    gunicorn = [
        os.path.join(bindir, "gunicorn"), "-k", "uvicorn.workers.UvicornWorker", "-w", "3",
        "--max-requests", "20", "-b", f"127.0.0.1:{app_port}",
        "--chdir", os.path.join(ROOT, "Tests/E2E"), "app:app",
    ]
    environment = dict(os.environ, PROMETHEUS_MULTIPROC_DIR=directory)
    if args.mode == "run":
        command = [args.promkit, "run", "--dir", directory, "--listen", f"127.0.0.1:{metrics_port}", "--"] + gunicorn
        if args.namespace:
            command = ["unshare", "--pid", "--fork", "--mount-proc"] + command
    else:
        command = gunicorn
    log_path = os.path.join(work, "log")
    log = open(log_path, "w")
    process = subprocess.Popen(command, env=environment, stdout=log, stderr=subprocess.STDOUT,
                               start_new_session=True)
    result = {"mode": args.mode + (" (own pid namespace)" if args.namespace else ""), "checkpoints": []}
    stop = threading.Event()
    errors = []
    try:
        for _ in range(600):
            try:
                if get(app_port, "/metrics/", timeout=5)[0] == 200 and (
                        args.mode == "plain" or get(metrics_port, "/metrics", timeout=5)[0] == 200):
                    break
            except OSError:
                pass
            time.sleep(0.1)
        else:
            raise SystemExit("the app did not start:\n" + open(log_path).read())

        def restarts():
            with open(log_path) as f:
                return max(0, f.read().count("Booting worker") - 3)

        promkit = process.pid
        if args.namespace:
            promkit = int(subprocess.run(["pgrep", "-P", str(process.pid)], capture_output=True,
                                         text=True).stdout.split()[0])
        started = time.monotonic()
        cpu_start = cpu_seconds(promkit) if args.mode == "run" else 0.0
        clients = [threading.Thread(target=load, args=(app_port, stop, errors), daemon=True)
                   for _ in range(args.clients)]
        for client in clients:
            client.start()
        pending = list(checkpoints)
        while pending:
            done = restarts()
            if done >= pending[0]:
                stop.set()  # scrape the directory as it is, not while workers start
                for client in clients:
                    client.join()
                time.sleep(1.5)
                point = {
                    "restarts": done,
                    "db_files": len([n for n in os.listdir(directory) if n.endswith(".db")]),
                    "python_ms": scrape_ms(app_port, "/metrics/"),
                }
                if args.mode == "run":
                    point["run_ms"] = scrape_ms(metrics_port, "/metrics")
                result["checkpoints"].append(point)
                print(json.dumps(point), file=sys.stderr, flush=True)
                pending.pop(0)
                if not pending:
                    break
                stop.clear()
                clients = [threading.Thread(target=load, args=(app_port, stop, errors), daemon=True)
                           for _ in range(args.clients)]
                for client in clients:
                    client.start()
                continue
            if time.monotonic() - started > args.limit_seconds:
                result["stopped_early"] = f"{done} restarts after {args.limit_seconds} s"
                pending = [done]  # measure where it stopped
                continue
            time.sleep(0.2)
        wall = time.monotonic() - started
        total = restarts()
        result["restarts"] = total
        result["seconds"] = round(wall, 1)
        result["restarts_per_second"] = round(total / wall, 2)
        result["load_errors"] = len(errors)
        if args.mode == "run":
            cpu = cpu_seconds(promkit) - cpu_start
            result["promkit_cpu_percent_of_a_core"] = round(100 * cpu / wall, 2)
            with open(log_path) as f:
                latencies = sorted(int(m) for m in re.findall(r"ended (\d+) ms ago: folded", f.read()))
            if latencies:
                result["folds"] = len(latencies)
                result["fold_ms_median"] = statistics.median(latencies)
                result["fold_ms_p99"] = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    finally:
        stop.set()
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        subprocess.run(["pkill", "-KILL", "-f", f"127.0.0.1:{app_port}"])
        subprocess.run(["rm", "-rf", work])
    print(json.dumps(result))


if __name__ == "__main__":
    main()
