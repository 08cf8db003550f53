#!/usr/bin/env python3
"""Hostile text expositions of any size, made on the fly (never held whole).

Kinds:
  long-line  `# TYPE m gauge`, then one sample line whose label value makes
             these two lines BYTES long, then `n 2`.
  lines      ordinary sample lines of one counter with 100,000 series,
             repeated to about BYTES bytes (whole lines; a repeat is a
             duplicate-series warning).
  labels     one sample line with COUNT distinct labels (`l0="v",...`).

Writes the exposition to stdout, or with --serve answers every GET with it
over HTTP on 127.0.0.1 (port 0: the port is printed on stdout as `port N`,
then the server runs until killed). Needs only the standard library.

  hostile_exposition.py long-line --bytes 1073741824 | promkit validate -
  hostile_exposition.py long-line --bytes 1073741824 --serve
"""
import argparse
import http.server
import sys

CHUNK = 1 << 20


def pieces(kind, size, count):
    """The exposition, as a sequence of byte strings."""
    if kind == "long-line":
        head = b'# TYPE m gauge\nm{a="'
        tail = b'"} 1\n'
        yield head
        filler = max(0, size - len(tail) - len(b"# TYPE m gauge\n"))
        block = b"x" * CHUNK
        while filler > 0:
            step = min(filler, CHUNK)
            yield block[:step]
            filler -= step
        yield tail + b"n 2\n"
    elif kind == "lines":
        series = b"".join(
            b'http_requests_total{method="GET",handler="/api/item/%d",status="200"} %d\n' % (i, i)
            for i in range(100_000)
        )
        yield b"# TYPE http_requests_total counter\n"
        left = size
        while left > 0:
            step = len(series) if left >= len(series) else series.rfind(b"\n", 0, left) + 1
            if step == 0:
                break
            yield series[:step]
            left -= step
    elif kind == "labels":
        yield b"m{"
        batch = []
        for i in range(count):
            batch.append(b'l%d="v"' % i)
            if len(batch) == 10_000:
                yield b",".join(batch) + (b"," if i + 1 < count else b"")
                batch = []
        if batch:
            yield b",".join(batch)
        yield b"} 1\n"


def length(kind, size, count):
    """The exposition's size in bytes (for Content-Length)."""
    return sum(len(piece) for piece in pieces(kind, size, count))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("kind", choices=["long-line", "lines", "labels"])
    parser.add_argument("--bytes", type=int, default=1 << 30, help="size for long-line and lines")
    parser.add_argument("--count", type=int, default=1_000_000, help="labels for labels")
    parser.add_argument("--serve", action="store_true", help="serve over HTTP on 127.0.0.1")
    args = parser.parse_args()

    if not args.serve:
        out = sys.stdout.buffer
        try:
            for piece in pieces(args.kind, args.bytes, args.count):
                out.write(piece)
            out.flush()
        except BrokenPipeError:
            pass
        return

    total = length(args.kind, args.bytes, args.count)
    # A small body is made once, so that serving it costs no more than sending it.
    cached = b"".join(pieces(args.kind, args.bytes, args.count)) if total <= 64 << 20 else None

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
            self.send_header("Content-Length", str(total))
            self.send_header("Connection", "close")
            self.end_headers()
            try:
                for piece in [cached] if cached is not None else pieces(args.kind, args.bytes, args.count):
                    self.wfile.write(piece)
            except (BrokenPipeError, ConnectionResetError):
                pass
            self.close_connection = True

        def log_message(self, *_):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(f"port {server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
