"""The address guard: private and link-local addresses refused (also after a redirect and in
IPv4-mapped or NAT64 form), and connections pinned to the address that was checked."""

from __future__ import annotations

import socket

import pytest
from pytest_httpserver import HTTPServer

import verify
from verify.input.fetch import Fetcher, address_is_public
from verify.options import Options


@pytest.mark.parametrize(("ip", "public"), [
    ("8.8.8.8", True), ("127.0.0.1", False), ("10.1.2.3", False), ("172.16.0.9", False),
    ("192.168.1.1", False), ("169.254.169.254", False), ("100.64.0.1", False), ("224.0.0.1", False),
    ("0.0.0.0", False), ("::1", False), ("fe80::1", False), ("::ffff:127.0.0.1", False),
    ("::ffff:8.8.8.8", True), ("64:ff9b::a00:1", False), ("2001:4860:4860::8888", True),
])
def test_address_classes(ip: str, public: bool) -> None:
    assert address_is_public(ip) is public


def _fake_dns(monkeypatch: pytest.MonkeyPatch, table: dict[str, str]) -> list[str]:
    real = socket.getaddrinfo
    asked: list[str] = []

    def fake(host, port, *args, **kwargs):  # type: ignore[no-untyped-def]
        if host in table:
            asked.append(host)
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (table[host], port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", fake)
    return asked


def test_a_name_resolving_to_a_private_address_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_dns(monkeypatch, {"intranet.example": "10.0.0.7", "meta.example": "127.0.0.1"})
    for host in ("intranet.example", "meta.example"):
        with pytest.raises(verify.FetchError, match="non-public address"):
            verify.scan(f"http://{host}/story")


def test_redirect_to_link_local_is_refused(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/story").respond_with_data(
        "", status=302, headers={"Location": "http://169.254.169.254/latest/meta-data/"})
    with pytest.raises(verify.FetchError, match=r"169\.254\.169\.254"):
        verify.scan(httpserver.url_for("/story"), allow_hosts={"127.0.0.1", "localhost"})


def test_connection_goes_to_the_checked_address(httpserver: HTTPServer,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    asked = _fake_dns(monkeypatch, {"news.example": "127.0.0.1"})
    httpserver.expect_request("/a", headers={"Host": f"news.example:{httpserver.port}"}) \
        .respond_with_data("The army said 12 soldiers died.", content_type="text/plain")
    fetcher = Fetcher(Options(allow_hosts=frozenset({"news.example"})))
    resp = fetcher.get(f"http://news.example:{httpserver.port}/a")
    assert resp.content.startswith(b"The army") and asked == ["news.example"]  # resolved once


def test_credentials_and_schemes_are_refused() -> None:
    for url in ("http://user:pw@example.org/", "ftp://example.org/x", "file:///etc/passwd"):
        with pytest.raises(verify.FetchError):
            Fetcher(Options()).get(url)


def test_drip_server_meets_the_deadline(httpserver: HTTPServer) -> None:
    import time

    from werkzeug import Response

    def drip(request):  # type: ignore[no-untyped-def]
        def body():  # one byte every 0.2 s, forever
            while True:
                time.sleep(0.2)
                yield b"x"
        return Response(body(), content_type="text/html")

    httpserver.expect_request("/drip").respond_with_handler(drip)
    started = time.perf_counter()
    with pytest.raises(verify.FetchError, match="longer than"):
        Fetcher(Options(deadline=1.5, timeout=5, allow_hosts=frozenset({"127.0.0.1", "localhost"})))\
            .get(httpserver.url_for("/drip"))
    assert time.perf_counter() - started < 4


def test_huge_response_is_cut_at_the_cap(httpserver: HTTPServer) -> None:
    from werkzeug import Response

    def huge(request):  # type: ignore[no-untyped-def]
        chunk = b"<p>" + b"x" * 65536 + b"</p>"
        return Response((chunk for _ in range(32768)), content_type="text/html")  # ~2 GB

    httpserver.expect_request("/huge").respond_with_handler(huge)
    with pytest.raises(verify.FetchError, match="byte limit"):
        Fetcher(Options(max_bytes=1_000_000, allow_hosts=frozenset({"127.0.0.1", "localhost"})))\
            .get(httpserver.url_for("/huge"))
