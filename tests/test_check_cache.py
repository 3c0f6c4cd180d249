"""The check cache never crosses the fetch guard (issue 13): answers are keyed by what can
change them, refusals and our own failures are never stored, answers age out, and a check that
could not run raises no flag. All on 127.0.0.1."""

from __future__ import annotations

import socket
from datetime import UTC
from pathlib import Path

from click.testing import CliRunner
from pytest_httpserver import HTTPServer

import verify
from verify.cli import main
from verify.model import Check
from verify.online.cache import CheckCache
from verify.online.checks import Checker
from verify.options import Options

LOOPBACK = frozenset({"127.0.0.1", "localhost"})  # the test server's URLs say "localhost"


def _opts(tmp_path: Path, **kw: object) -> Options:
    return Options(online=True, cache_path=str(tmp_path / "checks.db"), per_host_interval=0.0,
                   timeout=2, deadline=5, **kw)  # type: ignore[arg-type]


def test_a_refusal_is_not_cached_and_an_allowed_answer_does_not_leak(httpserver: HTTPServer,
                                                                      tmp_path: Path) -> None:
    httpserver.expect_request("/ok.html").respond_with_data("<html>ok</html>",
                                                            content_type="text/html")
    url = httpserver.url_for("/ok.html")
    with Checker(_opts(tmp_path)) as checker:
        refused = checker.check(url)
    assert refused.status == "skipped" and "non-public" in (refused.error or "")
    with Checker(_opts(tmp_path, allow_hosts=LOOPBACK)) as checker:
        allowed = checker.check(url)
    assert allowed.status == "live" and not allowed.from_cache  # the refusal was not stored
    with Checker(_opts(tmp_path, allow_hosts=LOOPBACK)) as checker:
        assert checker.check(url).from_cache  # the same guard: served from the cache
    with Checker(_opts(tmp_path)) as checker:
        again = checker.check(url)
    assert again.status == "skipped" and not again.from_cache  # never across the guard
    assert len(httpserver.log) == 1


def test_the_cli_sees_the_same(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request("/ok.html").respond_with_data("<html>ok</html>",
                                                            content_type="text/html")
    url = httpserver.url_for("/ok.html")
    env = {"XDG_CACHE_HOME": str(tmp_path)}  # platformdirs: the user cache directory
    run = CliRunner().invoke
    first = run(main, ["check", url, "--no-archive", "-f", "jsonl"], env=env)
    second = run(main, ["check", url, "--no-archive", "-f", "jsonl", "--allow-host",
                        "localhost"], env=env)
    assert '"skipped"' in first.output and '"live"' in second.output, second.output
    assert '"from_cache": false' in second.output


def test_answers_age_out(tmp_path: Path) -> None:
    cache = CheckCache(tmp_path / "c.db")
    old = Check(url="u", normalized_url="u", status="live", checked_at="2020-01-01T00:00:00+00:00")
    cache.put("k", old)
    assert cache.get("k") is None  # a day at most for a live post
    assert cache.get("k", max_age=10 * 365 * 86_400.0) is not None  # unless asked for longer
    fresh = Check(url="u", normalized_url="u", status="removed")
    from datetime import datetime, timedelta

    fresh.checked_at = (datetime.now(UTC) - timedelta(days=3)).isoformat()
    cache.put("r", fresh)
    assert cache.get("r") is not None  # a removal is trusted for a week
    assert cache.get("r", max_age=3_600.0) is None
    for status in ("skipped", "unreachable", "rate_limited"):
        cache.put(status, Check(url="u", normalized_url="u", status=status,
                                checked_at=datetime.now(UTC).isoformat()))
        assert cache.get(status) is None
    cache.close()


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_check_that_could_not_run_is_no_finding(tmp_path: Path) -> None:
    port = _closed_port()
    dead = f"http://127.0.0.1:{port}/story"
    story = f'<html><body><article><p>Officials said the bridge fell. <a href="{dead}">Report</a>' \
            "</p></article></body></html>"
    report = verify.scan(story, online=True, use_cache=False, per_host_interval=0.0, timeout=2,
                         allow_hosts=LOOPBACK | {f"127.0.0.1:{port}"})
    assert [c.status for c in report.checks] == ["unreachable"]
    assert not [f for f in report.flags if f.code == "link_broken"]
    assert any("could not run" in w for w in report.warnings)


def test_a_broken_link_is_still_broken(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/gone").respond_with_data("", status=404)
    story = f'<html><body><article><p>Officials said the bridge fell. <a href="' \
            f'{httpserver.url_for("/gone")}">Report</a></p></article></body></html>'
    report = verify.scan(story, online=True, use_cache=False, per_host_interval=0.0, timeout=2,
                         allow_hosts=LOOPBACK | {f"localhost:{httpserver.port}"})
    assert [f.code for f in report.flags if f.code == "link_broken"] == ["link_broken"]
    assert not any("could not run" in w for w in report.warnings)


def test_max_age_option_and_flag(tmp_path: Path) -> None:
    assert Options(max_age=60).max_age == 60.0
    result = CliRunner().invoke(main, ["check", "https://example.org", "--max-age", "soon"])
    assert result.exit_code == 2 and "not a duration" in result.output
