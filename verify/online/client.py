"""The HTTP client of online checks: the address guard of :mod:`verify.input.fetch` on every hop,
timeouts, a wall-clock deadline, a size cap, an honest User-Agent, a per-host pace, and retries
with backoff only on 429 and 5xx (honouring a capped Retry-After), never on 401/403/404."""

from __future__ import annotations

import threading
import time

from ..input.fetch import Fetcher, HostPacer
from ..input.fetch import Response as Answer
from ..options import Options

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
RETRIES = 2
MAX_RETRY_AFTER = 10.0


class Client:
    """Guarded, polite HTTP for online checks; safe to share between threads. URLs found in
    pages (``standard_ports``) only reach ports 80 and 443 unless the user allowed that
    ``host:port``; URLs the user gave, and the endpoints the user configured (a local mirror on
    :8080, say), are trusted as given. Clients sharing a ``pacer`` pace hosts together."""

    def __init__(self, options: Options, *, standard_ports: bool = True,
                 pacer: HostPacer | None = None) -> None:
        self.options = options
        self._pacer = pacer or HostPacer(options.per_host_interval)
        self.fetcher = Fetcher(options, standard_ports=standard_ports, before_request=self._pace)
        # the endpoints the user configured may use any port: a fetcher without the port rule
        # (the same one when this client has no port rule)
        self.trusted = Fetcher(options, before_request=self._pace) if standard_ports \
            else self.fetcher
        self._endpoints = tuple(e.rstrip("/") for e in options.endpoints.values())
        self._lock = threading.Lock()
        self.requests_made = 0

    @property
    def pacer(self) -> HostPacer:
        """The per-host pace this client keeps (to share with another client)."""
        return self._pacer

    def close(self) -> None:
        """Close the sessions."""
        self.fetcher.close()
        if self.trusted is not self.fetcher:
            self.trusted.close()

    def _pace(self, url: str) -> None:
        self._pacer.wait(url)
        with self._lock:
            self.requests_made += 1

    def is_endpoint(self, url: str) -> bool:
        """Whether ``url`` is under one of the endpoints the user configured."""
        return any(url.startswith(e) and url[len(e):len(e) + 1] in ("", "/", "?", "#")
                   for e in self._endpoints)

    def get(self, url: str, *, accept: str | None = None, max_bytes: int | None = None) -> Answer:
        """GET with redirects followed (each hop guarded and paced), retried with backoff on
        429 and 5xx only; raises FetchError when there is no answer."""
        fetcher = self.trusted if self.is_endpoint(url) else self.fetcher
        for attempt in range(RETRIES + 1):
            answer = fetcher.fetch(url, accept=accept, max_bytes=max_bytes)
            if answer.status not in RETRY_STATUSES or attempt == RETRIES:
                break
            time.sleep(min(MAX_RETRY_AFTER, _retry_after(answer.headers) or 0.5 * 2**attempt))
        return answer


def _retry_after(headers: dict[str, str]) -> float | None:
    value = headers.get("retry-after")
    try:
        return float(value) if value else None
    except ValueError:
        return None
