"""Online checks against local servers that answer with a fixed delay: 200 URLs over 20 hosts,
sequential against concurrent, then a second run that the cache answers.

    python -m benchmarks.online [--delay 0.05] [--concurrency 16]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from verify.online.checks import Checker
from verify.options import Options

HOSTS = 20
URLS = 200


def serve(delay: float) -> list[ThreadingHTTPServer]:
    """Start HOSTS local servers that answer every GET after ``delay`` seconds."""

    class Slow(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            time.sleep(delay)
            body = b"<html><body>ok</body></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    servers = []
    for _ in range(HOSTS):
        server = ThreadingHTTPServer(("127.0.0.1", 0), Slow)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
    return servers


def run(urls: list[str], cache: Path, concurrency: int) -> tuple[float, int]:
    opts = Options(allow_hosts=frozenset({"127.0.0.1"}), cache_path=str(cache),
                   concurrency=concurrency, online=True)
    with Checker(opts) as checker:
        started = time.perf_counter()
        results = checker.check_many(urls)
        seconds = time.perf_counter() - started
        assert all(r.status == "live" for r in results)
        return seconds, checker.client.requests_made


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--delay", type=float, default=0.05)
    ap.add_argument("--concurrency", type=int, default=16)
    args = ap.parse_args(argv)
    servers = serve(args.delay)
    urls = [f"http://127.0.0.1:{servers[i % HOSTS].server_address[1]}/story/{i}"
            for i in range(URLS)]
    with tempfile.TemporaryDirectory() as tmp:
        seq, seq_requests = run(urls, Path(tmp) / "a.db", 1)
        par, par_requests = run(urls, Path(tmp) / "b.db", args.concurrency)
        cached, cached_requests = run(urls, Path(tmp) / "b.db", args.concurrency)
    for s in servers:
        s.shutdown()
    print(f"{URLS} URLs over {HOSTS} hosts, each answer delayed {args.delay * 1000:.0f} ms, "
          f"per-host pace {Options().per_host_interval:g} s")
    print(f"sequential:            {seq:6.2f} s, {seq_requests} requests")
    print(f"concurrency {args.concurrency:<2}:        {par:6.2f} s, {par_requests} requests "
          f"(speed-up {seq / par:.1f}x)")
    print(f"second run, cached:    {cached:6.3f} s, {cached_requests} requests "
          f"({cached / par * 100:.1f}% of the first run's time; target 0 requests, < 5%)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
