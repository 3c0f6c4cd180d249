"""Fetching a story URL the user gave: timeouts, a wall-clock deadline, a size cap counted on the
decoded bytes, an honest User-Agent, and no connections to private or loopback addresses unless
the host is explicitly allowed (``Options.allow_hosts``)."""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import threading
import time
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
import urllib3
from requests import PreparedRequest
from requests.adapters import HTTPAdapter
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from ..errors import BlockedAddressError, FetchError
from ..options import Options

MAX_REDIRECTS = 5
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


@dataclass
class Response:
    """A finished download."""

    url: str
    final_url: str
    status: int
    content: bytes
    content_type: str = ""
    redirects: list[str] = field(default_factory=list)
    reason: str = ""
    headers: dict[str, str] = field(default_factory=dict)


def address_is_public(ip: str) -> bool:
    """True only for globally routable unicast addresses (IPv4-mapped and NAT64 forms unwrapped).

    >>> address_is_public("8.8.8.8"), address_is_public("169.254.169.254")
    (True, False)
    """
    addr = ipaddress.ip_address(ip.split("%")[0])
    if isinstance(addr, ipaddress.IPv6Address):
        if addr.ipv4_mapped is not None:
            addr = addr.ipv4_mapped
        elif addr in _NAT64:
            addr = ipaddress.IPv4Address(int(addr) & 0xFFFFFFFF)
    return addr.is_global and not addr.is_multicast and not addr.is_reserved


def _with_port(host: str, port: int) -> str:
    """``host:port`` as an ``allow_hosts`` entry writes it (``[::1]:8080`` for IPv6)."""
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def _allowed(host: str, port: int, options: Options) -> bool:
    """Whether the user allowed this host (any port) or this host and port explicitly."""
    return host in options.allow_hosts or _with_port(host, port) in options.allow_hosts


def check_url(url: str, options: Options, standard_ports: bool = False) -> str:
    """Raise unless ``url`` is http(s), has no credentials, every address it resolves to is
    public (or the host is allowed) and, with ``standard_ports``, the port is 80 or 443 (or
    the user allowed that ``host:port``: allowing a host does not open its other ports to the
    links of an untrusted page).
    Returns the checked address to connect to (so DNS cannot switch it afterwards)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise BlockedAddressError(f"{url}: only http and https URLs are fetched")
    if parts.username or parts.password:
        raise BlockedAddressError(f"{url}: URLs with user:password are not fetched")
    host = (parts.hostname or "").lower()
    if not host:
        raise FetchError(f"{url}: no host name")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise FetchError(f"{url}: bad port") from exc
    if standard_ports and port not in (80, 443) and _with_port(host, port) not in options.allow_hosts:
        raise BlockedAddressError(f"{url}: only standard ports (80, 443) are fetched for links "
                                  f"found in pages (allow {_with_port(host, port)} explicitly "
                                  "with --allow-host if you mean it)")
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"{url}: cannot resolve host {host!r}") from exc
    addresses = [str(info[4][0]) for info in infos]
    if not _allowed(host, port, options):
        for ip in addresses:
            if not _allowed(ip, port, options) and not address_is_public(ip):
                raise BlockedAddressError(
                    f"{url}: {host} resolves to non-public address {ip} "
                    "(allow it explicitly with --allow-host if you mean it)"
                )
    if not addresses:
        raise FetchError(f"{url}: cannot resolve host {host!r}")
    ipv4 = [ip for ip in addresses if ":" not in ip]
    return (ipv4 or addresses)[0]


#: the connections the current thread's download uses, so a watchdog can cut them at the deadline
_WATCH = threading.local()


class _Watched:
    """A connection pool that tells the current download which connections it hands out."""

    def _get_conn(self, timeout: float | None = None) -> Any:
        conn = super()._get_conn(timeout)  # type: ignore[misc]
        watched = getattr(_WATCH, "conns", None)
        if watched is not None:
            watched.append(conn)
        return conn


class _WatchedHTTPPool(_Watched, HTTPConnectionPool):
    pass


class _WatchedHTTPSPool(_Watched, HTTPSConnectionPool):
    pass


def _cut(conns: list[Any], fired: list[bool]) -> None:
    """The watchdog: shut the download's sockets, so a read blocked on a server that drips
    its headers (each byte resetting the read timeout) ends now."""
    fired.append(True)
    for conn in conns:
        sock = getattr(conn, "sock", None)
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


class GuardedAdapter(HTTPAdapter):
    """A transport adapter that checks every request's address (on every redirect hop too) and
    connects to exactly the address it checked, with TLS still verified for the host name."""

    def __init__(self, options: Options, standard_ports: bool = False) -> None:
        self.options = options
        self.standard_ports = standard_ports
        super().__init__(max_retries=0)

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        """Pools whose connections the download deadline's watchdog can reach."""
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {  # type: ignore[attr-defined]
            "http": _WatchedHTTPPool, "https": _WatchedHTTPSPool}

    def send(self, request: PreparedRequest, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        url = request.url or ""
        ip = check_url(url, self.options, self.standard_ports)
        parts = urlsplit(url)
        request.headers["Host"] = parts.netloc.rsplit("@", 1)[-1]
        request.verify_address = ip  # type: ignore[attr-defined]
        return super().send(request, **kwargs)

    def build_connection_pool_key_attributes(  # type: ignore[override]
        self, request: PreparedRequest, verify: Any, cert: Any = None
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        params, kwargs = super().build_connection_pool_key_attributes(request, verify, cert)
        host_params: dict[str, Any] = dict(params)
        pool_kwargs: dict[str, Any] = dict(kwargs)
        ip = getattr(request, "verify_address", None)
        if ip:
            if host_params["scheme"] == "https":
                pool_kwargs["server_hostname"] = host_params["host"]
                pool_kwargs["assert_hostname"] = host_params["host"]
            host_params["host"] = ip
        return host_params, pool_kwargs


class Fetcher:
    """Downloads URLs under the caps in :class:`Options`. Use one per batch; close when done.

    ``standard_ports`` limits requests to ports 80 and 443 (for URLs found in pages);
    ``before_request(url)`` is called before every hop (the online checks pace hosts with it).
    """

    def __init__(self, options: Options, session: requests.Session | None = None, *,
                 standard_ports: bool = False,
                 before_request: Callable[[str], None] | None = None) -> None:
        self.options = options
        self.session = session or requests.Session()
        self.session.trust_env = False  # no proxies or netrc from the environment
        guard = GuardedAdapter(options, standard_ports=standard_ports)
        self.session.mount("http://", guard)
        self.session.mount("https://", guard)
        self.session.headers["User-Agent"] = options.user_agent
        self.before_request = before_request

    def close(self) -> None:
        """Close the HTTP session."""
        self.session.close()

    def get(self, url: str) -> Response:
        """GET ``url``, following up to 5 redirects, each hop checked; an HTTP error status
        raises :class:`FetchError` too."""
        resp = self.fetch(url)
        if resp.status >= 400:
            raise FetchError(f"{url}: HTTP {resp.status} {resp.reason}".rstrip())
        return resp

    def fetch(self, url: str, *, accept: str | None = None,
              max_bytes: int | None = None) -> Response:
        """GET ``url`` with redirects followed (each hop checked) and return whatever status
        the server answers; raise :class:`FetchError` only when there is no answer."""
        opts = self.options
        started = time.monotonic()
        chain: list[str] = []
        current = url
        headers = {"Accept": accept} if accept else {}
        for _ in range(MAX_REDIRECTS + 1):
            if self.before_request is not None:
                self.before_request(current)
            left = opts.deadline - (time.monotonic() - started)
            if left <= 0:
                raise FetchError(f"{url}: download took longer than {opts.deadline:g} s")
            # the deadline holds while headers arrive too: a watchdog cuts the connection
            conns: list[Any] = []
            fired: list[bool] = []
            watchdog = threading.Timer(left, _cut, (conns, fired))
            watchdog.daemon = True
            _WATCH.conns = conns
            watchdog.start()
            try:
                answer = self._hop(url, current, headers, started, max_bytes)
            except FetchError:
                if fired:
                    raise FetchError(f"{url}: download took longer than {opts.deadline:g} s") \
                        from None
                raise
            finally:
                watchdog.cancel()
                _WATCH.conns = None
            if fired:  # a cut connection can look like a short, complete answer
                raise FetchError(f"{url}: download took longer than {opts.deadline:g} s")
            if isinstance(answer, str):
                chain.append(current)
                current = answer
                continue
            answer.redirects = chain
            return answer
        raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects")

    def _hop(self, url: str, current: str, headers: dict[str, str], started: float,
             max_bytes: int | None) -> Response | str:
        """One request: the answer, or the next URL when it redirects."""
        opts = self.options
        try:
            resp = self.session.get(current, stream=True, allow_redirects=False,
                                    timeout=(opts.timeout, opts.timeout), headers=headers)
        except FetchError:
            raise
        except requests.Timeout as exc:
            raise FetchError(f"{url}: timed out after {opts.timeout:g} s") from exc
        except requests.RequestException as exc:
            if "header" in str(exc).lower() and ("more than" in str(exc) or "too long" in
                                                  str(exc).lower() or "LineTooLong" in str(exc)):
                raise FetchError(f"{url}: the server's answer headers are too large") from exc
            raise FetchError(f"{url}: {type(exc).__name__}: cannot connect") from exc
        with resp:
            if resp.status_code in _REDIRECTS and resp.headers.get("location"):
                return urljoin(current, resp.headers["location"])
            content = read_capped(resp, url, started, opts.deadline,
                                  max_bytes or opts.max_bytes)
            return Response(
                url=url, final_url=current, status=resp.status_code, content=content,
                content_type=resp.headers.get("content-type", ""), redirects=[],
                reason=resp.reason or "",
                headers={k.lower(): v for k, v in resp.headers.items()},
            )


def read_capped(resp: requests.Response, url: str, started: float, deadline: float,
                max_bytes: int) -> bytes:
    """Read a streamed body within the size cap (counted on decoded bytes, so gzip bombs count
    at full size) and the wall-clock deadline (``read1`` returns as soon as bytes arrive, so a
    server that drips one byte a second still meets it)."""
    chunks: list[bytes] = []
    size = 0
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
    except (requests.RequestException, urllib3.exceptions.HTTPError, OSError) as exc:
        raise FetchError(f"{url}: connection failed while reading ({type(exc).__name__})") \
            from exc
    return b"".join(chunks)


class HostPacer:
    """At most one request per ``interval`` seconds to one host (a batch of URLs from one site
    is not a burst); thread-safe."""

    def __init__(self, interval: float) -> None:
        self.interval = interval
        self._last: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait(self, url: str) -> None:
        """Sleep until ``url``'s host may be asked again."""
        host = urlsplit(url).netloc.lower()
        while True:
            with self._lock:
                now = time.monotonic()
                wait = self._last.get(host, -1e9) + self.interval - now
                if wait <= 0:
                    self._last[host] = now
                    return
            time.sleep(wait)


class Robots:
    """robots.txt rules, one read per host through the guarded fetcher. A robots.txt that
    cannot be read (404, no answer) allows everything, as crawlers treat it; a 401/403 forbids
    the host, as RFC 9309 says."""

    def __init__(self, fetcher: Fetcher, user_agent: str) -> None:
        self.fetcher = fetcher
        self.agent = user_agent.split("/")[0]
        self._rules: dict[str, urllib.robotparser.RobotFileParser | bool] = {}

    def allowed(self, url: str) -> bool:
        """Whether the host's robots.txt lets this agent fetch ``url``."""
        parts = urlsplit(url)
        root = f"{parts.scheme}://{parts.netloc}"
        if root not in self._rules:
            self._rules[root] = self._read(root)
        rules = self._rules[root]
        return rules if isinstance(rules, bool) else rules.can_fetch(self.agent, url)

    def check(self, url: str) -> None:
        """Raise a FetchError when robots.txt disallows ``url``."""
        if not self.allowed(url):
            raise FetchError(f"{url}: disallowed by the site's robots.txt (pages from a sitemap "
                             "follow it; set respect_robots=False to fetch anyway)")

    def _read(self, root: str) -> urllib.robotparser.RobotFileParser | bool:
        try:
            answer = self.fetcher.fetch(f"{root}/robots.txt", max_bytes=500_000)
        except BlockedAddressError:
            raise
        except FetchError:
            return True
        if answer.status in (401, 403):
            return False
        if answer.status >= 400:
            return True
        parser = urllib.robotparser.RobotFileParser()
        parser.parse(answer.content.decode("utf-8", "replace").splitlines())
        return parser
