"""The HTTP client of online checks: the address guard of :mod:`verify.fetch` on every hop,
timeouts, a wall-clock deadline, a size cap, an honest User-Agent, a per-host pace, and retries
with backoff only on 429 and 5xx (honouring a capped Retry-After), never on 401/403/404."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import requests

from ..errors import FetchError
from ..fetch import GuardedAdapter
from ..options import Options

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
RETRIES = 2
MAX_RETRY_AFTER = 10.0
MAX_REDIRECTS = 5


@dataclass
class Answer:
    """One HTTP exchange, redirects followed."""

    url: str
    status: int
    final_url: str
    body: bytes = b""
    content_type: str = ""
    chain: list[str] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)


class Client:
    """Guarded, polite HTTP for online checks; safe to share between threads."""

    def __init__(self, options: Options) -> None:
        self.options = options
        self.session = requests.Session()
        self.session.trust_env = False
        guard = GuardedAdapter(options, standard_ports=True)
        self.session.mount("http://", guard)
        self.session.mount("https://", guard)
        self.session.headers["User-Agent"] = options.user_agent
        self._last: dict[str, float] = {}
        self._lock = threading.Lock()
        self.requests_made = 0

    def close(self) -> None:
        """Close the session."""
        self.session.close()

    def _pace(self, host: str) -> None:
        while True:
            with self._lock:
                now = time.monotonic()
                wait = self._last.get(host, 0.0) + self.options.per_host_interval - now
                if wait <= 0:
                    self._last[host] = now
                    self.requests_made += 1
                    return
            time.sleep(wait)

    def get(self, url: str, *, accept: str | None = None, max_bytes: int | None = None) -> Answer:
        """GET with redirects followed (each hop guarded); raises FetchError when unreachable."""
        chain: list[str] = []
        current = url
        for attempt in range(RETRIES + 1):
            answer = self._follow(current, chain, accept, max_bytes)
            if answer.status not in RETRY_STATUSES or attempt == RETRIES:
                return answer
            delay = min(MAX_RETRY_AFTER, _retry_after(answer.headers) or 0.5 * 2**attempt)
            time.sleep(delay)
        return answer  # pragma: no cover

    def _follow(self, url: str, chain: list[str], accept: str | None,
                max_bytes: int | None) -> Answer:
        opts = self.options
        started = time.monotonic()
        current = url
        hops: list[str] = []
        headers = {"Accept": accept} if accept else {}
        for _ in range(MAX_REDIRECTS + 1):
            self._pace(urlsplit(current).netloc)
            try:
                resp = self.session.get(current, stream=True, allow_redirects=False,
                                        timeout=(opts.timeout, opts.timeout), headers=headers)
            except FetchError:
                raise
            except requests.Timeout as exc:
                raise FetchError(f"{url}: timed out after {opts.timeout:g} s") from exc
            except requests.RequestException as exc:
                raise FetchError(f"{url}: cannot connect ({type(exc).__name__})") from exc
            with resp:
                if resp.status_code in (301, 302, 303, 307, 308) and resp.headers.get("location"):
                    hops.append(current)
                    current = urljoin(current, resp.headers["location"])
                    continue
                body = _read(resp, url, started, opts.deadline, max_bytes or opts.max_bytes)
                chain[:] = hops
                return Answer(url, resp.status_code, current, body,
                              resp.headers.get("content-type", ""), list(hops),
                              {k.lower(): v for k, v in resp.headers.items()})
        raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects")


def _read(resp: requests.Response, url: str, started: float, deadline: float,
          max_bytes: int) -> bytes:
    chunks, size = [], 0
    try:
        while True:
            chunk = resp.raw.read1(65536, decode_content=True)
            if not chunk:
                break
            size += len(chunk)
            if size > max_bytes:
                raise FetchError(f"{url}: response is over the {max_bytes:,}-byte limit")
            if time.monotonic() - started > deadline:
                raise FetchError(f"{url}: download took longer than {deadline:g} s")
            chunks.append(chunk)
    except FetchError:
        raise
    except (requests.RequestException, OSError) as exc:
        raise FetchError(f"{url}: connection failed while reading") from exc
    except Exception as exc:  # urllib3 protocol and decoding errors
        raise FetchError(f"{url}: connection failed while reading ({type(exc).__name__})") from exc
    return b"".join(chunks)


def _retry_after(headers: dict[str, str]) -> float | None:
    value = headers.get("retry-after")
    try:
        return float(value) if value else None
    except ValueError:
        return None
