"""The Python reference for bench-serve.sh: prometheus_client's own ASGI
/metrics app over a MultiProcessCollector, as the library's docs set it up.

Run: PROMETHEUS_MULTIPROC_DIR=DIR uvicorn --app-dir Benchmarks serve_python_app:app
"""
from prometheus_client import CollectorRegistry, make_asgi_app, multiprocess

registry = CollectorRegistry()
multiprocess.MultiProcessCollector(registry)
app = make_asgi_app(registry)
