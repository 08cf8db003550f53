#!/usr/bin/env python3
"""Capture the exposition corpus: real /metrics pages of real software.

Writes Tests/Fixtures/corpus/ (or --out): one file per page, corpus.json (what
each file is: software, version, request, response) and README.md. Nothing in
it is written by hand:

- the stock Go exporters of Debian's packages (prometheus, node_exporter,
  pushgateway, alertmanager), unpacked into .tools/ by .ci/setup.d/10-promtool.sh
  and 20-exporters.sh, each started on a loopback port and scraped as text and,
  where the server offers it, as OpenMetrics;
- prometheus_client's own output of every metric kind (counter, gauge,
  histogram, summary, info, stateset, gaugehistogram, unknown), in both formats,
  and a multiprocess directory rendered by its MultiProcessCollector;
- the pages of the instrumentation libraries Python web apps use
  (prometheus-fastapi-instrumentator, starlette-exporter, django-prometheus,
  prometheus-flask-exporter), each app served on a loopback port by a real
  server (uvicorn, wsgiref) after a few requests;
- what a user gets by mistake: FastAPI's mounted /metrics answered with a 307
  and an empty body (curl without -L), and node_exporter's HTML landing page.

All traffic goes to 127.0.0.1; every wait is bounded. Run it with the venv's
Python (make venv): .venv/bin/python Tests/tools/capture_corpus.py
"""

import argparse
import contextlib
import importlib.metadata
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
TOOLS = os.path.join(ROOT, ".tools")
TEXT_ACCEPT = "text/plain;version=0.0.4;q=1,*/*;q=0.1"
# What Prometheus 2.x sends when it asks for OpenMetrics first.
OPENMETRICS_ACCEPT = (
    "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
    "text/plain;version=0.0.4;q=0.5,*/*;q=0.1"
)
DEADLINE = 30.0


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """Return 3xx responses as they are, as curl without -L does."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def fetch(url, accept=TEXT_ACCEPT, method="GET", body=None):
    """(status, content type, body bytes) of one request, redirects not followed."""
    request = urllib.request.Request(url, data=body, method=method, headers={"Accept": accept})
    try:
        with OPENER.open(request, timeout=10) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url, deadline=DEADLINE):
    """Waits until url answers 200 (the server is up)."""
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        try:
            if fetch(url)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise SystemExit(f"capture_corpus: {url} did not answer within {deadline:.0f} s")


class Corpus:
    def __init__(self, out):
        self.out = out
        self.pages = []

    def save(self, file, software, version, origin, path, accept, response, note=""):
        status, content_type, body = response
        if content_type.startswith("application/openmetrics-text"):
            kind = "openmetrics"
        elif content_type.startswith("text/html"):
            kind = "html"
        else:
            kind = "text"
        if not body.strip():
            expect = "empty"
        elif body.lstrip()[:1] == b"<":
            expect = "html"
        else:
            expect = "metrics"
        with open(os.path.join(self.out, file), "wb") as handle:
            handle.write(body)
        self.pages.append(
            {
                "file": file,
                "software": software,
                "version": version,
                "origin": origin,
                "path": path,
                "accept": "openmetrics" if accept == OPENMETRICS_ACCEPT else "text",
                "status": status,
                "content_type": content_type,
                "format": kind,
                "expect": expect,
                "bytes": len(body),
                "note": note,
            }
        )
        print(f"  {file}: {status} {content_type or '-'}, {len(body)} bytes", file=sys.stderr)

    def scrape_both(self, base, stem, software, version, origin, path="/metrics", note=""):
        """Scrapes as text, then asks for OpenMetrics and keeps it if the server offers it."""
        text = fetch(base + path, TEXT_ACCEPT)
        self.save(f"{stem}.txt", software, version, origin, path, TEXT_ACCEPT, text, note)
        openmetrics = fetch(base + path, OPENMETRICS_ACCEPT)
        if openmetrics[1].startswith("application/openmetrics-text"):
            self.save(f"{stem}.om.txt", software, version, origin, path, OPENMETRICS_ACCEPT, openmetrics, note)
            return True
        return False


# --- the Go exporters of Debian's packages ---------------------------------


def tool(package, binary):
    path = os.path.join(TOOLS, package, "usr", "bin", binary)
    if not os.access(path, os.X_OK):
        for step in ("10-promtool.sh", "20-exporters.sh"):
            subprocess.run(["bash", os.path.join(ROOT, ".ci", "setup.d", step)], check=True, timeout=600)
    return path


def version_of(binary):
    out = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=30)
    first = (out.stdout or out.stderr).splitlines()[0]
    # "node_exporter, version 1.5.0 (branch: debian/sid, revision: 1.5.0-1+b6)"
    words = first.split()
    version = words[2] if len(words) > 2 else first
    revision = first.split("revision: ")[-1].rstrip(")") if "revision: " in first else ""
    return f"{version} (Debian {revision})" if revision else version


@contextlib.contextmanager
def started(command, url, log, cwd=None):
    """Starts a server, waits until url answers, stops it at the end."""
    with open(log, "wb") as handle:
        process = subprocess.Popen(command, stdout=handle, stderr=subprocess.STDOUT, cwd=cwd)
    try:
        try:
            wait_for(url)
        except SystemExit:
            with open(log, "rb") as handle:
                sys.stderr.write(handle.read().decode(errors="replace")[-2000:])
            raise
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def go_exporters(corpus, work):
    node = tool("prometheus-node-exporter", "prometheus-node-exporter")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    print("node_exporter", file=sys.stderr)
    with started([node, f"--web.listen-address=127.0.0.1:{port}"], base + "/metrics", f"{work}/node.log"):
        version = version_of(node)
        corpus.scrape_both(base, "node-exporter", "node_exporter", version, "debian")
        corpus.save(
            "node-exporter-root.html", "node_exporter", version, "debian", "/", TEXT_ACCEPT, fetch(base + "/"),
            "the landing page, not metrics: what a scrape of the wrong path gets",
        )

    pushgateway = tool("prometheus-pushgateway", "prometheus-pushgateway")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    print("pushgateway", file=sys.stderr)
    with started(
        [pushgateway, f"--web.listen-address=127.0.0.1:{port}"], base + "/metrics", f"{work}/pushgateway.log"
    ):
        # What a nightly batch job pushes: its last success, its duration and what it did.
        pushed = (
            b"# HELP backup_last_success_timestamp_seconds When the last backup succeeded.\n"
            b"# TYPE backup_last_success_timestamp_seconds gauge\n"
            b"backup_last_success_timestamp_seconds 1.7e+09\n"
            b"# HELP backup_duration_seconds How long the backup took.\n"
            b"# TYPE backup_duration_seconds gauge\n"
            b"backup_duration_seconds 42.5\n"
            b"# HELP backup_files_total Files copied by the backup.\n"
            b"# TYPE backup_files_total counter\n"
            b'backup_files_total{volume="data"} 1234\n'
            b'backup_files_total{volume="logs"} 56\n'
        )
        status = fetch(base + "/metrics/job/backup/instance/db1", method="PUT", body=pushed)[0]
        if status not in (200, 202):
            raise SystemExit(f"capture_corpus: pushing to the pushgateway answered {status}")
        corpus.scrape_both(
            base, "pushgateway", "pushgateway", version_of(pushgateway), "debian",
            note="after a batch job pushed three metrics as job=backup, instance=db1",
        )

    alertmanager = tool("prometheus-alertmanager", "prometheus-alertmanager")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    config = f"{work}/alertmanager.yml"
    with open(config, "w") as handle:
        handle.write("route:\n  receiver: default\nreceivers:\n  - name: default\n")
    # Debian's build reads its default templates from /usr/share/prometheus/alertmanager,
    # which the unpacked package has under .tools/: bind it there in a mount namespace
    # of the server's own (root, or an unprivileged user namespace).
    share = os.path.join(TOOLS, "prometheus-alertmanager", "usr", "share")
    inner = (
        f'mount --bind "{share}" /usr/share && exec "{alertmanager}" --web.listen-address=127.0.0.1:{port} '
        f'--cluster.listen-address= --storage.path="{work}/alertmanager" --config.file="{config}"'
    )
    namespace = ["unshare", "--mount"] if os.geteuid() == 0 else ["unshare", "--user", "--map-root-user", "--mount"]
    print("alertmanager", file=sys.stderr)
    with started(namespace + ["sh", "-c", inner], base + "/metrics", f"{work}/alertmanager.log"):
        # An alert posted, so that the alert and notification families have samples.
        alert = json.dumps([{"labels": {"alertname": "CorpusTest", "severity": "none"}}]).encode()
        request = urllib.request.Request(
            base + "/api/v2/alerts", data=alert, method="POST", headers={"Content-Type": "application/json"}
        )
        with OPENER.open(request, timeout=10) as response:
            response.read()
        corpus.scrape_both(
            base, "alertmanager", "alertmanager", version_of(alertmanager), "debian",
            note="after one alert was posted",
        )

    prometheus = tool("prometheus", "prometheus")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    config = f"{work}/prometheus.yml"
    with open(config, "w") as handle:
        handle.write(
            "global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: prometheus\n"
            f"    static_configs:\n      - targets: ['127.0.0.1:{port}']\n"
        )
    print("prometheus", file=sys.stderr)
    with started(
        [
            prometheus, f"--config.file={config}", f"--web.listen-address=127.0.0.1:{port}",
            f"--storage.tsdb.path={work}/tsdb", "--web.console.templates=/nonexistent",
            "--web.console.libraries=/nonexistent",
        ],
        base + "/-/ready",
        f"{work}/prometheus.log",
    ):
        # It scrapes itself every second; a few queries fill its HTTP and engine families.
        end = time.monotonic() + DEADLINE
        while time.monotonic() < end:
            status, _, body = fetch(base + "/api/v1/query?query=up")
            if status == 200 and b'"value"' in body:
                break
            time.sleep(0.5)
        fetch(base + "/api/v1/query_range?query=up&start=0&end=60&step=15")
        fetch(base + "/api/v1/labels")
        time.sleep(1.5)
        corpus.scrape_both(
            base, "prometheus", "prometheus", version_of(prometheus), "debian",
            note="scraping itself every second, after a few API queries",
        )


# --- Python: prometheus_client and the instrumentation libraries -----------


def serve_asgi(app):
    """Serves an ASGI app with uvicorn on a loopback port; returns (base URL, stop)."""
    import uvicorn

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    config = uvicorn.Config(app, log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{sock.getsockname()[1]}"
    end = time.monotonic() + DEADLINE
    while not server.started and time.monotonic() < end:
        time.sleep(0.05)

    def stop():
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()

    return base, stop


def serve_wsgi(app):
    """Serves a WSGI app with wsgiref on a loopback port; returns (base URL, stop)."""
    from wsgiref.simple_server import WSGIRequestHandler, make_server

    class Quiet(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    server = make_server("127.0.0.1", 0, app, handler_class=Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def stop():
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()

    return f"http://127.0.0.1:{server.server_port}", stop


def traffic(base, requests):
    """Sends (method, path) requests; their statuses do not matter (404s, 500s are wanted)."""
    for method, path in requests:
        body = b"{}" if method in ("POST", "PUT") else None
        request = urllib.request.Request(
            base + path, data=body, method=method, headers={"Content-Type": "application/json"}
        )
        try:
            with OPENER.open(request, timeout=10) as response:
                response.read()
        except urllib.error.HTTPError as error:
            error.read()


APP_TRAFFIC = [
    ("GET", "/"),
    ("GET", "/items/1"),
    ("GET", "/items/2"),
    ("GET", "/items/3"),
    ("POST", "/items"),
    ("GET", "/items/x"),
    ("GET", "/missing"),
    ("GET", "/boom"),
]


def pkg(name):
    return importlib.metadata.version(name)


def client_all_kinds(corpus):
    """prometheus_client's own output of every metric kind, with the default collectors."""
    from prometheus_client import (
        CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Enum, Gauge, GCCollector, Histogram, Info,
        PlatformCollector, ProcessCollector, Summary, generate_latest,
    )
    from prometheus_client.core import GaugeHistogramMetricFamily, UnknownMetricFamily
    from prometheus_client.openmetrics import exposition as openmetrics

    registry = CollectorRegistry()
    ProcessCollector(registry=registry)
    PlatformCollector(registry=registry)
    GCCollector(registry=registry)
    requests = Counter("app_requests", "Requests handled.", ["method"], registry=registry)
    requests.labels("GET").inc(3)
    requests.labels("POST").inc(exemplar={"trace_id": "4bf92f3577b34da6"})
    queue = Gauge("app_queue_length", "Jobs waiting.", registry=registry)
    queue.set(7)
    latency = Histogram(
        "app_request_duration_seconds", "Request latency.", ["method"], buckets=(0.01, 0.1, 1.0),
        registry=registry,
    )
    latency.labels("GET").observe(0.05)
    latency.labels("GET").observe(0.5, exemplar={"trace_id": "00f067aa0ba902b7"})
    size = Summary("app_response_size_bytes", "Response sizes.", registry=registry)
    size.observe(512)
    build = Info("app_build", "Build of the app.", registry=registry)
    build.info({"version": "1.4.2", "revision": "3ed8d0a"})
    state = Enum("app_state", "Lifecycle state.", states=["starting", "running", "stopping"], registry=registry)
    state.state("running")

    class Custom:
        def collect(self):
            backlog = GaugeHistogramMetricFamily(
                "app_backlog_age_seconds", "Age of the jobs waiting.",
                buckets=[("1.0", 4), ("10.0", 6), ("+Inf", 7)], gsum_value=21.5,
            )
            yield backlog
            legacy = UnknownMetricFamily("app_legacy_units", "A value of unknown type.", labels=["source"])
            legacy.add_metric(["import"], 12.0)
            yield legacy

        def describe(self):
            return []

    registry.register(Custom())
    version = pkg("prometheus-client")
    note = "every metric kind, exemplars on a counter and a histogram (OpenMetrics only), default collectors"
    corpus.save(
        "prometheus-client.txt", "prometheus_client", version, "pypi", "generate_latest", TEXT_ACCEPT,
        (200, CONTENT_TYPE_LATEST, generate_latest(registry)), note,
    )
    corpus.save(
        "prometheus-client.om.txt", "prometheus_client", version, "pypi", "openmetrics.generate_latest",
        OPENMETRICS_ACCEPT, (200, openmetrics.CONTENT_TYPE_LATEST, openmetrics.generate_latest(registry)),
        note,
    )


def multiprocess_child(directory, worker):
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = directory
    from prometheus_client import Counter, Gauge, Histogram

    requests = Counter("http_requests", "Requests handled.", ["handler", "method", "status"])
    latency = Histogram("http_request_duration_seconds", "Request latency.", ["handler"])
    inprogress = Gauge("http_requests_inprogress", "Requests in progress.", multiprocess_mode="livesum")
    memory = Gauge("worker_resident_memory_bytes", "Resident memory of the worker.")
    for index in range(5 + worker):
        requests.labels("/items/{id}", "GET", "2xx").inc()
        latency.labels("/items/{id}").observe(0.01 * (index + 1))
    requests.labels("/items", "POST", "4xx").inc()
    inprogress.inc()
    memory.set(50_000_000 + worker)


def client_multiprocess(corpus):
    """A uvicorn-style multiprocess directory: two workers, rendered by MultiProcessCollector."""
    directory = tempfile.mkdtemp(prefix="corpus-multiproc-")
    try:
        for worker in range(2):
            subprocess.run(
                [sys.executable, __file__, "--child-multiprocess", directory, str(worker)], check=True, timeout=60
            )
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = directory
        from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest, multiprocess
        from prometheus_client.openmetrics import exposition as openmetrics

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        version = pkg("prometheus-client")
        note = "MultiProcessCollector over two workers' files; one gauge in the default mode (all)"
        corpus.save(
            "prometheus-client-multiprocess.txt", "prometheus_client", version, "pypi", "MultiProcessCollector",
            TEXT_ACCEPT, (200, CONTENT_TYPE_LATEST, generate_latest(registry)), note,
        )
        corpus.save(
            "prometheus-client-multiprocess.om.txt", "prometheus_client", version, "pypi", "MultiProcessCollector",
            OPENMETRICS_ACCEPT,
            (200, openmetrics.CONTENT_TYPE_LATEST, openmetrics.generate_latest(registry)), note,
        )
    finally:
        os.environ.pop("PROMETHEUS_MULTIPROC_DIR", None)
        shutil.rmtree(directory, ignore_errors=True)


def fastapi_app():
    from fastapi import FastAPI, HTTPException

    app = FastAPI()

    @app.get("/")
    def root():
        return {"ok": True}

    @app.get("/items/{item_id}")
    def item(item_id: int):
        return {"id": item_id}

    @app.post("/items", status_code=201)
    def create():
        return {"id": 4}

    @app.get("/boom")
    def boom():
        raise HTTPException(status_code=503, detail="unavailable")

    return app


def instrumentator(corpus):
    from prometheus_fastapi_instrumentator import Instrumentator

    app = fastapi_app()
    Instrumentator().instrument(app).expose(app)
    base, stop = serve_asgi(app)
    try:
        traffic(base, APP_TRAFFIC)
        corpus.scrape_both(
            base, "fastapi-instrumentator", "prometheus-fastapi-instrumentator",
            pkg("prometheus-fastapi-instrumentator"), "pypi", note="FastAPI under uvicorn, after 8 requests",
        )
    finally:
        stop()


def fastapi_mounted(corpus):
    """The README's own recipe: make_asgi_app mounted at /metrics, which FastAPI answers with a 307."""
    from prometheus_client import Counter, make_asgi_app

    app = fastapi_app()
    app.mount("/metrics", make_asgi_app())
    hits = Counter("app_hits", "Hits.")
    hits.inc()
    base, stop = serve_asgi(app)
    try:
        traffic(base, APP_TRAFFIC)
        version = f"fastapi {pkg('fastapi')}, prometheus_client {pkg('prometheus-client')}"
        corpus.save(
            "fastapi-mounted-307.txt", "fastapi + make_asgi_app", version, "pypi", "/metrics", TEXT_ACCEPT,
            fetch(base + "/metrics"),
            "app.mount('/metrics', make_asgi_app()): /metrics answers 307 to /metrics/ with an empty body, "
            "which is what curl without -L passes on",
        )
        corpus.scrape_both(
            base, "fastapi-mounted", "fastapi + make_asgi_app", version, "pypi", path="/metrics/",
            note="the same app, /metrics/ with its trailing slash",
        )
    finally:
        stop()


def starlette_exporter_page(corpus):
    from starlette.applications import Starlette
    from starlette.responses import JSONResponse
    from starlette.routing import Route
    from starlette_exporter import PrometheusMiddleware, handle_metrics, handle_openmetrics

    def root(request):
        return JSONResponse({"ok": True})

    def item(request):
        return JSONResponse({"id": request.path_params["item_id"]})

    def create(request):
        return JSONResponse({"id": 4}, status_code=201)

    def boom(request):
        return JSONResponse({"error": "unavailable"}, status_code=503)

    routes = [
        Route("/", root),
        Route("/items/{item_id}", item),
        Route("/items", create, methods=["POST"]),
        Route("/boom", boom),
    ]
    app = Starlette(routes=routes)
    app.add_middleware(PrometheusMiddleware)
    app.add_route("/metrics", handle_metrics)
    app.add_route("/openmetrics", handle_openmetrics)
    base, stop = serve_asgi(app)
    try:
        traffic(base, APP_TRAFFIC)
        version = pkg("starlette-exporter")
        corpus.save(
            "starlette-exporter.txt", "starlette-exporter", version, "pypi", "/metrics", TEXT_ACCEPT,
            fetch(base + "/metrics"), "Starlette under uvicorn, after 8 requests; handle_metrics",
        )
        corpus.save(
            "starlette-exporter.om.txt", "starlette-exporter", version, "pypi", "/openmetrics",
            OPENMETRICS_ACCEPT, fetch(base + "/openmetrics", OPENMETRICS_ACCEPT),
            "the same app; handle_openmetrics",
        )
    finally:
        stop()


def django_page(corpus):
    import django
    from django.conf import settings

    settings.configure(
        DEBUG=False,
        SECRET_KEY="corpus-only",
        ALLOWED_HOSTS=["127.0.0.1"],
        ROOT_URLCONF=__name__,
        INSTALLED_APPS=["django_prometheus"],
        MIDDLEWARE=[
            "django_prometheus.middleware.PrometheusBeforeMiddleware",
            "django_prometheus.middleware.PrometheusAfterMiddleware",
        ],
        DATABASES={},
    )
    django.setup()
    from django.http import HttpResponse, JsonResponse
    from django.urls import include, path

    def root(request):
        return JsonResponse({"ok": True})

    def item(request, item_id):
        return JsonResponse({"id": item_id})

    def items(request):
        return JsonResponse({"id": 4}, status=201)

    def boom(request):
        return HttpResponse("unavailable", status=503)

    global urlpatterns
    urlpatterns = [
        path("", root),
        path("items/<int:item_id>", item),
        path("items", items),
        path("boom", boom),
        path("", include("django_prometheus.urls")),
    ]
    from django.core.wsgi import get_wsgi_application

    base, stop = serve_wsgi(get_wsgi_application())
    try:
        traffic(base, APP_TRAFFIC)
        corpus.scrape_both(
            base, "django-prometheus", "django-prometheus", pkg("django-prometheus"), "pypi",
            note=f"Django {pkg('django')} under wsgiref, after 8 requests",
        )
    finally:
        stop()


def flask_page(corpus):
    from flask import Flask, jsonify
    from prometheus_flask_exporter import PrometheusMetrics

    app = Flask("corpus")

    @app.get("/")
    def root():
        return jsonify(ok=True)

    @app.get("/items/<int:item_id>")
    def item(item_id):
        return jsonify(id=item_id)

    @app.post("/items")
    def create():
        return jsonify(id=4), 201

    @app.get("/boom")
    def boom():
        return "unavailable", 503

    PrometheusMetrics(app)
    base, stop = serve_wsgi(app)
    try:
        traffic(base, APP_TRAFFIC)
        corpus.scrape_both(
            base, "flask-exporter", "prometheus-flask-exporter", pkg("prometheus-flask-exporter"), "pypi",
            note=f"Flask {pkg('flask')} under wsgiref, after 8 requests",
        )
    finally:
        stop()


PYTHON_PAGES = {
    "prometheus-client": client_all_kinds,
    "prometheus-client-multiprocess": client_multiprocess,
    "fastapi-instrumentator": instrumentator,
    "fastapi-mounted": fastapi_mounted,
    "starlette-exporter": starlette_exporter_page,
    "django-prometheus": django_page,
    "flask-exporter": flask_page,
}


def python_page(name, out):
    """Captures one Python page in this process (each library uses the default registry)."""
    corpus = Corpus(out)
    PYTHON_PAGES[name](corpus)
    json.dump(corpus.pages, sys.stdout)


README = """# Exposition corpus

Real `/metrics` pages of real software, captured by `Tests/tools/capture_corpus.py`
(never edited by hand; run it again to refresh them). `corpus.json` says what
each file is: the software and version, the request (path, text or OpenMetrics
`Accept`) and the response (status, `Content-Type`, bytes). `ExpositionCorpusTests`
lints and validates every page against `promtool check metrics`;
`LiveExporterTests` starts the Debian exporters again and checks what they serve now.

| file | software | version | request | response | note |
|---|---|---|---|---|---|
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=os.path.join(ROOT, "Tests", "Fixtures", "corpus"))
    parser.add_argument("--only", choices=["go", "python"], help="capture only one side (the other is kept)")
    parser.add_argument("--python-page", help=argparse.SUPPRESS)
    parser.add_argument("--child-multiprocess", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_multiprocess:
        multiprocess_child(args.child_multiprocess[0], int(args.child_multiprocess[1]))
        return
    if args.python_page:
        python_page(args.python_page, args.out)
        return

    os.makedirs(args.out, exist_ok=True)
    manifest = os.path.join(args.out, "corpus.json")
    kept = []
    if args.only and os.path.exists(manifest):
        with open(manifest) as handle:
            keep = "pypi" if args.only == "go" else "debian"
            kept = [page for page in json.load(handle)["pages"] if page["origin"] == keep]
    corpus = Corpus(args.out)
    if args.only != "python":
        work = tempfile.mkdtemp(prefix="corpus-go-")
        try:
            go_exporters(corpus, work)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    if args.only != "go":
        for name in PYTHON_PAGES:
            print(name, file=sys.stderr)
            out = subprocess.run(
                [sys.executable, __file__, "--python-page", name, "--out", args.out],
                check=True, timeout=120, stdout=subprocess.PIPE,
            )
            corpus.pages += json.loads(out.stdout)
    pages = sorted(kept + corpus.pages, key=lambda page: (page["origin"], page["file"]))
    with open(manifest, "w") as handle:
        json.dump({"pages": pages}, handle, indent=2)
        handle.write("\n")
    with open(os.path.join(args.out, "README.md"), "w") as handle:
        handle.write(README)
        for page in pages:
            accept = "OpenMetrics" if page["accept"] == "openmetrics" else "text"
            handle.write(
                f"| `{page['file']}` | {page['software']} | {page['version']} | `{page['path']}`, {accept} "
                f"| {page['status']}, `{page['content_type'] or '-'}`, {page['bytes']} bytes | {page['note']} |\n"
            )
        offered = {page["software"] for page in pages if page["format"] == "openmetrics"}
        text_only = sorted(
            {f"{page['software']} {page['version']}" for page in pages if page["software"] not in offered}
            - {f"{page['software']} {page['version']}" for page in pages if page["expect"] != "metrics"}
        )
        if text_only:
            handle.write(
                "\nAsked for OpenMetrics, these answer text only (so they have no `.om.txt`): "
                + ", ".join(text_only) + ".\n"
            )


if __name__ == "__main__":
    main()
