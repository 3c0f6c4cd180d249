"""The fetch guard against every spelling of a local address, redirect tricks, userinfo,
ports, and hostile answers (issue 13). Each case runs against a real server on 127.0.0.1
that records what reaches it: a refusal must be clear, and the server must see nothing."""

from __future__ import annotations

import gzip
import time

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Response

import verify
from verify.input.fetch import Fetcher
from verify.online.checks import Checker
from verify.options import Options

LOOPBACK = frozenset({"127.0.0.1", "localhost"})


@pytest.mark.parametrize("host", [
    "127.0.0.1", "2130706433", "0x7f000001", "0177.0.0.1", "0x7f.0.0.1", "127.1", "127.0.1",
    "localhost", "localhost.", "LOCALHOST", "[::1]", "[::ffff:127.0.0.1]", "[::ffff:7f00:1]",
    "0.0.0.0", "0",
])
def test_every_spelling_of_loopback_is_refused(httpserver: HTTPServer, host: str) -> None:
    httpserver.expect_request("/story").respond_with_data("The army said 12 died.")
    url = f"http://{host}:{httpserver.port}/story"
    with pytest.raises(verify.FetchError) as caught:
        Fetcher(Options()).get(url)
    message = str(caught.value)
    assert "non-public address" in message or "cannot resolve" in message, message
    assert not httpserver.log  # nothing reached the server


@pytest.mark.parametrize("ip", ["10.0.0.1", "172.16.5.4", "192.168.0.1", "169.254.169.254",
                                "100.64.0.1", "[fe80::1]", "[fd00::1]", "224.0.0.1"])
def test_private_link_local_and_multicast_are_refused(ip: str) -> None:
    with pytest.raises(verify.FetchError, match="non-public address"):
        Fetcher(Options(timeout=1)).get(f"http://{ip}/latest/meta-data/")


def test_redirect_from_an_allowed_host_to_a_refused_one(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/hop").respond_with_data(
        "", status=302, headers={"Location": "http://10.0.0.7/admin"})
    with pytest.raises(verify.FetchError, match=r"10\.0\.0\.7"):
        Fetcher(Options(allow_hosts=LOOPBACK)).get(httpserver.url_for("/hop"))


def test_redirect_chains_are_capped(httpserver: HTTPServer) -> None:
    for i in range(40):
        httpserver.expect_request(f"/r{i}").respond_with_data(
            "", status=302, headers={"Location": httpserver.url_for(f"/r{i + 1}")})
    with pytest.raises(verify.FetchError, match="redirect"):
        Fetcher(Options(allow_hosts=LOOPBACK)).get(httpserver.url_for("/r0"))
    assert len(httpserver.log) < 40


@pytest.mark.parametrize("url", ["http://user:pw@example.org/", "http://user@example.org/",
                                 "ftp://example.org/x", "file:///etc/passwd",
                                 "gopher://example.org/", "http:///nohost"])
def test_userinfo_and_other_schemes_are_refused(url: str) -> None:
    with pytest.raises(verify.FetchError):
        Fetcher(Options()).get(url)


def test_checks_keep_to_standard_ports(httpserver: HTTPServer, tmp_path: object) -> None:
    httpserver.expect_request("/x").respond_with_data("ok")
    with Checker(Options(online=True, use_cache=False)) as checker:
        check = checker.check(httpserver.url_for("/x"), trusted=False)
    assert check.status == "skipped" and "standard ports" in (check.error or "")
    assert not httpserver.log


def test_allowing_a_host_does_not_open_its_ports_to_page_links(httpserver: HTTPServer) -> None:
    """``--allow-host 127.0.0.1`` lets the user reach that host; a page's own links to its other
    ports stay refused unless that ``host:port`` is allowed too."""
    httpserver.expect_request("/x").respond_with_data("ok")
    url = httpserver.url_for("/x")
    port = httpserver.port
    with Checker(Options(online=True, use_cache=False, allow_hosts=LOOPBACK)) as checker:
        link = checker.check(url, trusted=False)
        image = checker.check_image(httpserver.url_for("/x.png"), trusted=False)
        mine = checker.check(url)  # the user gave this URL: trusted as given
    assert link.status == image.status == "skipped" and "standard ports" in (link.error or "")
    assert mine.status == "live" and len(httpserver.log) == 1
    allowed = LOOPBACK | {f"127.0.0.1:{port}", f"localhost:{port}"}
    with Checker(Options(online=True, use_cache=False, allow_hosts=allowed)) as checker:
        assert checker.check(url, trusted=False).status == "live"
    assert Options(allow_hosts={"[::1]:8080", "[::1]"}).allow_hosts == {"[::1]:8080", "::1"}


def test_an_endless_body_is_cut(httpserver: HTTPServer) -> None:
    def endless(request):  # type: ignore[no-untyped-def]
        return Response((b"<p>" + b"x" * 65536 for _ in iter(int, 1)), content_type="text/html")

    httpserver.expect_request("/endless").respond_with_handler(endless)
    with pytest.raises(verify.FetchError, match="byte limit"):
        Fetcher(Options(max_bytes=500_000, allow_hosts=LOOPBACK)).get(httpserver.url_for("/endless"))


def test_a_gzip_bomb_is_cut_on_decoded_bytes(httpserver: HTTPServer) -> None:
    bomb = gzip.compress(b"<p>" + b"a" * 50_000_000 + b"</p>")  # 50 MB in about 50 KB
    httpserver.expect_request("/bomb").respond_with_data(
        bomb, headers={"Content-Encoding": "gzip"}, content_type="text/html")
    started = time.perf_counter()
    with pytest.raises(verify.FetchError, match="byte limit"):
        Fetcher(Options(max_bytes=1_000_000, allow_hosts=LOOPBACK)).get(httpserver.url_for("/bomb"))
    assert time.perf_counter() - started < 10


def test_huge_headers_are_refused(httpserver: HTTPServer) -> None:
    headers = {f"X-Pad-{i}": "y" * 4000 for i in range(200)}  # 800 KB of headers
    httpserver.expect_request("/headers").respond_with_data("ok", headers=headers)
    with pytest.raises(verify.FetchError, match="headers are too large"):
        Fetcher(Options(allow_hosts=LOOPBACK, timeout=3)).get(httpserver.url_for("/headers"))


def test_headers_that_drip_meet_the_deadline() -> None:
    """One header line every 0.3 s resets the read timeout each time; the download deadline
    must still end it (issue 16: it ran for 54 s and more)."""
    import socket
    import threading

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(4)
    stop = threading.Event()

    def drip() -> None:
        conn, _ = server.accept()
        with conn:
            conn.sendall(b"HTTP/1.1 200 OK\r\n")
            while not stop.is_set():
                try:
                    conn.sendall(b"X-Slow: yes\r\n")
                except OSError:
                    return
                time.sleep(0.3)

    threading.Thread(target=drip, daemon=True).start()
    started = time.perf_counter()
    try:
        with pytest.raises(verify.FetchError, match="longer than"):
            Fetcher(Options(deadline=1.5, timeout=5, allow_hosts=LOOPBACK)).get(
                f"http://127.0.0.1:{server.getsockname()[1]}/story")
    finally:
        stop.set()
        server.close()
    assert time.perf_counter() - started < 5
