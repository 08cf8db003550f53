"""The seeds' FastAPI app, for promkit load's end-to-end tests.

A counter per endpoint, a livesum gauge of requests in progress and a latency
histogram; /metrics/ is make_asgi_app over a MultiProcessCollector registry
when PROMETHEUS_MULTIPROC_DIR is set, and over the default (per-process)
registry otherwise, which is the misconfiguration the tests diagnose.

Run: uvicorn app:app --app-dir Tests/E2E --workers 4
"""

import os
import time

from fastapi import FastAPI, Request
from prometheus_client import (
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    make_asgi_app,
    multiprocess,
)

REQUESTS = Counter("http_requests", "Requests received, by endpoint.", ["endpoint"])
IN_PROGRESS = Gauge(
    "http_requests_in_progress", "Requests being handled.", multiprocess_mode="livesum"
)
LATENCY = Histogram(
    "http_request_duration_seconds", "Time to handle a request.", ["endpoint"]
)

app = FastAPI()


@app.middleware("http")
async def measure(request: Request, call_next):
    endpoint = request.url.path
    REQUESTS.labels(endpoint).inc()
    IN_PROGRESS.inc()
    start = time.perf_counter()
    try:
        return await call_next(request)
    finally:
        LATENCY.labels(endpoint).observe(time.perf_counter() - start)
        IN_PROGRESS.dec()


@app.get("/")
async def root():
    return {"status": "ok"}


@app.get("/items/{item}")
async def item(item: int):
    return {"item": item}


def metrics_registry():
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return registry
    return REGISTRY


app.mount("/metrics", make_asgi_app(registry=metrics_registry()))
