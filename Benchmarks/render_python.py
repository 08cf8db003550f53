"""What a Python /metrics handler does: MultiProcessCollector + generate_latest.

usage: render_python.py DIR [text|openmetrics]
"""
import sys

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.openmetrics.exposition import generate_latest as generate_openmetrics

registry = CollectorRegistry()
MultiProcessCollector(registry, path=sys.argv[1])
render = generate_openmetrics if len(sys.argv) > 2 and sys.argv[2] == "openmetrics" else generate_latest
sys.stdout.buffer.write(render(registry))
