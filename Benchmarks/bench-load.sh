#!/usr/bin/env bash
# promkit load against wrk (and hey, ab, h2load when installed), all loading one
# nginx worker that serves a small static file with keep-alive on 127.0.0.1.
# The clients alternate, RUNS times each; the table gives medians of requests
# per second and of client CPU (user + system seconds from /usr/bin/time), and
# promkit's ratios to wrk measured in this same run.
#
#   PROMKIT_BIN=.build/release/promkit bash Benchmarks/bench-load.sh
#   RUNS=5 DURATION=5s CONNECTIONS=50 bash Benchmarks/bench-load.sh
set -euo pipefail
cd "$(dirname "$0")/.."
: "${PROMKIT_BIN:=$PWD/.build/release/promkit}"
: "${RUNS:=3}"
: "${DURATION:=5s}"
: "${CONNECTIONS:=50}"
: "${PYTHON:=python3}"

install_missing() {  # the benchmark is not run in CI: install what it needs from Debian
    local missing=()
    command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
    command -v wrk >/dev/null 2>&1 || missing+=(wrk)
    [ -x /usr/bin/time ] || missing+=(time)
    if [ ${#missing[@]} -gt 0 ]; then
        echo "installing ${missing[*]}" >&2
        apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
    fi
}
install_missing
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$PROMKIT_BIN" ] || { echo "no promkit binary at $PROMKIT_BIN (swift build -c release)" >&2; exit 2; }

work=$(mktemp -d /tmp/promkit-bench-load.XXXXXX)
nginx_pid=""
cleanup() {
    if [ -n "$nginx_pid" ]; then kill "$nginx_pid" 2>/dev/null || true; wait "$nginx_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

port=$("$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$work/www" "$work/tmp"
printf 'promkit load benchmark: a small static file served by nginx with keep-alive.\n' >"$work/www/index.html"
cat >"$work/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $work/nginx.pid;
error_log $work/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    keepalive_timeout 65;
    keepalive_requests 100000000;
    client_body_temp_path $work/tmp;
    proxy_temp_path $work/tmp;
    fastcgi_temp_path $work/tmp;
    uwsgi_temp_path $work/tmp;
    scgi_temp_path $work/tmp;
    server {
        listen 127.0.0.1:$port;
        root $work/www;
    }
}
CONF
"$NGINX" -c "$work/nginx.conf" -p "$work" &
nginx_pid=$!
for _ in $(seq 50); do
    curl -sf "http://127.0.0.1:$port/index.html" >/dev/null 2>&1 && break
    "$PYTHON" -c "import socket; socket.create_connection(('127.0.0.1', $port), 0.2)" 2>/dev/null && break
    sleep 0.1
done
url="http://127.0.0.1:$port/index.html"
seconds=${DURATION%s}

# Each client: one line "requests_per_second requests cpu_seconds".
run_wrk() {
    /usr/bin/time -f "%U %S" -o "$work/time" wrk -t1 -c"$CONNECTIONS" -d"$DURATION" "$url" >"$work/out" 2>&1
    local rps total
    rps=$(awk '/^Requests\/sec:/ {print $2}' "$work/out")
    total=$(awk '/requests in/ {print $1}' "$work/out")
    echo "$rps $total $(awk '{print $1 + $2}' "$work/time")"
}
run_promkit() {
    /usr/bin/time -f "%U %S" -o "$work/time" "$PROMKIT_BIN" load "$url" -c "$CONNECTIONS" -d "$DURATION" --json "$@" \
        >"$work/out" 2>"$work/err"
    "$PYTHON" -c 'import json,sys; r=json.load(open(sys.argv[1])); print(r["requests_per_second"], r["requests"], end=" ")' "$work/out"
    awk '{print $1 + $2}' "$work/time"
}
run_hey() {
    /usr/bin/time -f "%U %S" -o "$work/time" hey -z "$DURATION" -c "$CONNECTIONS" "$url" >"$work/out" 2>&1
    local rps
    rps=$(awk '/Requests\/sec:/ {print $2}' "$work/out")
    echo "$rps $(awk -v r="$rps" -v s="$seconds" 'BEGIN {printf "%d", r * s}') $(awk '{print $1 + $2}' "$work/time")"
}
run_ab() {
    /usr/bin/time -f "%U %S" -o "$work/time" ab -q -k -c "$CONNECTIONS" -t "$seconds" -n 100000000 "$url" >"$work/out" 2>&1
    echo "$(awk '/^Requests per second:/ {print $4}' "$work/out") $(awk '/^Complete requests:/ {print $3}' "$work/out") $(awk '{print $1 + $2}' "$work/time")"
}
run_h2load() {
    /usr/bin/time -f "%U %S" -o "$work/time" h2load --h1 -c "$CONNECTIONS" -D "$seconds" "$url" >"$work/out" 2>&1
    local rps total
    rps=$(awk '/^finished in/ {print $4}' "$work/out")
    total=$(awk '/^requests:/ {print $8}' "$work/out")
    [ -n "$total" ] && [ "$total" != 0 ] || total=$(awk -v r="$rps" -v s="$seconds" 'BEGIN {printf "%d", r * s}')
    echo "$rps $total $(awk '{print $1 + $2}' "$work/time")"
}

clients=(wrk promkit promkit-t1)
command -v hey >/dev/null 2>&1 && clients+=(hey)
command -v ab >/dev/null 2>&1 && clients+=(ab)
command -v h2load >/dev/null 2>&1 && clients+=(h2load)

run_wrk >/dev/null  # warm nginx up
for round in $(seq "$RUNS"); do
    for client in "${clients[@]}"; do
        case $client in
        wrk) line=$(run_wrk) ;;
        promkit) line=$(run_promkit) ;;
        promkit-t1) line=$(run_promkit --threads 1) ;;
        hey) line=$(run_hey) ;;
        ab) line=$(run_ab) ;;
        h2load) line=$(run_h2load) ;;
        esac
        echo "$client $line" >>"$work/results"
        echo "round $round: $client $line" >&2
    done
done

"$PYTHON" - "$work/results" "$DURATION" "$CONNECTIONS" "$RUNS" <<'PY'
import statistics, sys
path, duration, connections, runs = sys.argv[1:]
rows = {}
for line in open(path):
    client, rps, total, cpu = line.split()
    rows.setdefault(client, []).append((float(rps), int(float(total)), float(cpu)))
def median(values): return statistics.median(values)
seconds = float(duration.rstrip("s"))
summary = {}
for client, runs_ in rows.items():
    rps = median([r[0] for r in runs_])
    cpu = median([r[2] for r in runs_])
    per_request = median([r[2] / r[1] * 1e6 if r[1] else float("nan") for r in runs_])
    summary[client] = (rps, cpu / seconds, per_request)
wrk = summary.get("wrk")
print(f"One nginx worker, static file, keep-alive, -c {connections} for {duration}, median of {runs} runs each.\n")
print("| client | req/s | client CPU (cores) | CPU µs per request | req/s vs wrk | CPU/request vs wrk |")
print("|---|---:|---:|---:|---:|---:|")
names = {"wrk": "wrk -t1", "promkit": "promkit load", "promkit-t1": "promkit load --threads 1"}
for client, (rps, cores, per) in summary.items():
    ratio = f"{rps / wrk[0]:.2f}x" if wrk else "-"
    cpu_ratio = f"{per / wrk[2]:.2f}x" if wrk else "-"
    print(f"| {names.get(client, client)} | {rps:,.0f} | {cores:.2f} | {per:.2f} | {ratio} | {cpu_ratio} |")
PY
