"""Bad input: one clear error line and exit 2 from the CLI, a VerifyError from the library,
never a traceback, and never lost results for the other inputs of a batch."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

import verify
from verify.cli import main

from .conftest import STORIES

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(200)


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


BAD_FILES = {
    "empty": ("empty.html", b"", "empty input"),
    "blank": ("blank.txt", b"  \n\t\n", "empty input"),
    "png renamed": ("photo.html", PNG, "PNG image"),
    "nul bytes": ("data.txt", b"abc\x00\x01\x02def" * 10, "binary file"),
    "nested divs": ("deep.html",
                    b"<html><body>" + b"<div>" * 10_000 + b"x" + b"</div>" * 10_000 + b"</body></html>",
                    "nested deeper"),
    "declared utf-8, invalid": (
        "bad.html",
        b'<html><head><meta charset="utf-8"></head><body><p>Rebels \xff\xfe claimed</p></body></html>',
        "not valid UTF-8"),
    "undecodable bytes": ("noise.txt", bytes(range(0x80, 0x100)) * 4, "not valid UTF-8"),
}


@pytest.mark.parametrize("case", BAD_FILES, ids=list(BAD_FILES))
def test_bad_file_raises_input_error(tmp_path: Path, case: str) -> None:
    name, data, message = BAD_FILES[case]
    path = _write(tmp_path, name, data)
    with pytest.raises(verify.InputError, match=message):
        verify.scan(path)


@pytest.mark.parametrize("case", BAD_FILES, ids=list(BAD_FILES))
def test_bad_file_one_line_exit_2(tmp_path: Path, case: str) -> None:
    name, data, message = BAD_FILES[case]
    path = _write(tmp_path, name, data)
    result = CliRunner().invoke(main, ["scan", str(path)])
    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("verify: error: ")
    assert message in lines[0]
    assert "Traceback" not in result.output


def test_huge_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.html"
    with path.open("wb") as fh:
        fh.write(b"<html><body>")
        fh.seek(50 * 1024 * 1024)
        fh.write(b"</body></html>")
    started = time.perf_counter()
    with pytest.raises(verify.InputError, match="over the 10,000,000-byte limit"):
        verify.scan(path)
    assert time.perf_counter() - started < 1.0
    result = CliRunner().invoke(main, ["scan", str(path)])
    assert result.exit_code == 2 and "byte limit" in result.stderr


def test_batch_keeps_good_results(tmp_path: Path) -> None:
    bad = _write(tmp_path, "photo.html", PNG)
    good = STORIES / "sample-story.txt"
    result = CliRunner().invoke(main, ["scan", str(good), str(bad), str(good), "-f", "jsonl"])
    assert result.exit_code == 2
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["error"] is None for r in records] == [True, False, True]
    assert records[1]["error"]["type"] == "InputError"
    assert result.stderr.count("verify: error:") == 1


def test_library_batch_yields_error_reports(tmp_path: Path) -> None:
    bad = _write(tmp_path, "empty.txt", b"")
    seen = []
    reports = list(verify.scan_many([STORIES / "sample-story.txt", bad],
                                    on_error=lambda item, exc: seen.append(str(exc))))
    assert [r.ok for r in reports] == [True, False]
    assert "empty input" in reports[1].error.message and len(seen) == 1


def test_url_404(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/gone").respond_with_data("nope", status=404)
    url = httpserver.url_for("/gone")
    with pytest.raises(verify.FetchError, match="HTTP 404"):
        verify.scan(url, allow_hosts={"127.0.0.1", "localhost"})
    result = CliRunner().invoke(main, ["scan", url, "--allow-host", "localhost",
                                       "--allow-host", "127.0.0.1"])
    assert result.exit_code == 2 and "HTTP 404" in result.stderr


def test_url_that_hangs_times_out(httpserver: HTTPServer) -> None:
    def slow(request: Request) -> Response:
        time.sleep(3)
        return Response("<html><body><p>late</p></body></html>")

    httpserver.expect_request("/slow").respond_with_handler(slow)
    started = time.perf_counter()
    with pytest.raises(verify.FetchError, match="timed out"):
        verify.scan(httpserver.url_for("/slow"), timeout=0.5,
                    allow_hosts={"127.0.0.1", "localhost"})
    assert time.perf_counter() - started < 2.5


def test_loopback_url_is_blocked_unless_allowed(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/story").respond_with_data(
        (STORIES / "mali-clashes.html").read_bytes(), content_type="text/html")
    url = httpserver.url_for("/story")
    with pytest.raises(verify.FetchError, match="non-public address"):
        verify.scan(url)
    report = verify.scan(url, allow_hosts={"127.0.0.1", "localhost"})
    assert report.source.kind == "url" and report.source.site == "Sahel Monitor"


def test_url_fetch_sends_honest_user_agent(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/ua", headers={"User-Agent": verify.Options().user_agent}) \
        .respond_with_data("The army said it killed 20 rebels.", content_type="text/plain")
    report = verify.scan(httpserver.url_for("/ua"), allow_hosts={"127.0.0.1", "localhost"})
    assert "verify/" in verify.Options().user_agent and report.text.startswith("The army")


def test_url_over_size_cap(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/big").respond_with_data("<p>x</p>" * 200_000)
    with pytest.raises(verify.FetchError, match="byte limit"):
        verify.scan(httpserver.url_for("/big"), max_bytes=100_000,
                    allow_hosts={"127.0.0.1", "localhost"})


def test_bad_options_are_usage_errors() -> None:
    with pytest.raises(verify.VerifyError):
        verify.scan("text", timeout=-1)
    with pytest.raises(TypeError, match="unknown option"):
        verify.scan("text", colour=True)
    result = CliRunner().invoke(main, ["scan", "x.txt", "--timeout", "0"])
    assert result.exit_code == 2


def _ld_page(block: str) -> str:
    return ('<html><head><script type="application/ld+json">' + block + "</script></head><body>"
            "<article><p>Officials said five people died in the attack on Monday.</p></article>"
            "</body></html>")


POSTING = {"@type": "SocialMediaPosting", "url": "https://x.com/TOGAjano21/status/1817237613372088620",
           "articleBody": "The bridge fell", "author": {"name": "A"}}


@pytest.mark.parametrize("text", [
    _ld_page(json.dumps({**POSTING, "datePublished": 12345})),
    _ld_page(json.dumps({**POSTING, "datePublished": ["2020-01-01"]})),
    _ld_page(json.dumps({**POSTING, "datePublished": {"a": 1}})),
    _ld_page(json.dumps({**POSTING, "author": {"name": ["a", "b"]}})),
    _ld_page(json.dumps({**POSTING, "author": 7, "sharedContent": [None, 1, "x"]})),
    _ld_page("[" * 100_000),
    _ld_page("{\"a\":" * 50_000 + "1" + "}" * 50_000),
    "~5 killed",
    "~nosuchuser_verify/x",
    "a\x00b/c.html",
], ids=["date int", "date list", "date object", "author list", "odd types", "deep arrays",
        "deep objects", "tilde text", "tilde user", "nul byte"])
def test_crafted_input_is_a_report_or_a_verify_error(text: str) -> None:
    """Untrusted page data is type-checked before use (issue 13): a report that survives its
    own JSON round trip, or a VerifyError; never another exception."""
    try:
        report = verify.scan(text)
    except verify.VerifyError:
        return
    assert verify.Report.from_dict(report.to_dict()).to_dict() == report.to_dict()
    for embed in report.embeds:  # what a page claims about a post is kept only as text
        assert embed.author_name is None or isinstance(embed.author_name, str)
        assert embed.posted is None or isinstance(embed.posted, str)


def test_fifos_and_devices_are_refused_not_read(tmp_path: Path) -> None:
    """A FIFO would hang and /dev/zero never ends (issue 16): only regular files are read."""
    import os

    fifo = tmp_path / "story.html"
    os.mkfifo(fifo)
    run = CliRunner().invoke
    for args in (["scan", str(fifo)], ["media", "--db", str(tmp_path / "m.db"), "add", "/dev/zero"],
                 ["media", "--db", str(tmp_path / "m.db"), "add", str(fifo)]):
        result = run(main, args)
        assert result.exit_code == 2 and "not a regular file" in result.output, args
    with pytest.raises(verify.InputError, match="not a regular file"):
        verify.scan(str(fifo))


def test_bytes_given_to_the_api_keep_to_the_cap() -> None:
    with pytest.raises(verify.InputError, match="100-byte limit"):
        verify.scan(b"Officials said the bridge fell. " * 10, max_bytes=100)


def test_utf16_without_a_byte_order_mark_is_text(tmp_path: Path) -> None:
    text = "Officials said 12 people died in the attack on Monday, the army said."
    for codec in ("utf-16-le", "utf-16-be"):
        path = _write(tmp_path, f"{codec}.txt", text.encode(codec))
        report = verify.scan(str(path))
        assert report.claims and report.claims[0].text.startswith("Officials said"), codec


def test_check_fails_when_no_url_could_be_checked() -> None:
    result = CliRunner().invoke(main, ["check", "http://127.0.0.1:9/x", "http://10.0.0.1/y",
                                       "--no-cache", "--no-archive"])
    assert result.exit_code == 2 and "none of the 2 URLs could be checked" in result.output


def test_a_saved_page_reads_only_its_own_folder(tmp_path: Path) -> None:
    """With --media-db, <img src="../secret.jpg"> outside the page's folder is not read, and
    its path is never disclosed (issue 16)."""
    from verify.media.db import MediaDB

    secret = tmp_path / "secret.jpg"
    from PIL import Image

    Image.new("RGB", (64, 64), (10, 200, 30)).save(secret)
    page_dir = tmp_path / "site"
    page_dir.mkdir()
    (page_dir / "ok.jpg").write_bytes(secret.read_bytes())
    page = page_dir / "story.html"
    page.write_text('<html><body><article><p>Officials said the bridge fell on Monday.</p>'
                    '<img src="../secret.jpg"><img src="../../../../etc/passwd">'
                    '<img src="ok.jpg"></article></body></html>', encoding="utf-8")
    db_path = tmp_path / "m.db"
    with MediaDB(db_path) as db:
        db.add(secret.read_bytes(), name="known")
    report = verify.scan(str(page), media_db=str(db_path))
    assert "secret" not in " ".join(report.warnings) and "passwd" not in " ".join(report.warnings)
    known = [m for m in report.media_refs if m.text and "secret" in m.text]
    assert not known
    assert any(f.code == "known_media" for f in report.flags)  # ok.jpg, inside the folder
