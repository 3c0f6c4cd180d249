"""Many stories: JSONL, WARC, globs, processes, resume, CSV/HTML output, Ctrl-C, progress."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import verify
from verify.batch import done_keys, with_progress
from verify.cli import main

from .conftest import STORIES

SAMPLE = STORIES / "sample-story.txt"
HTML = STORIES / "mali-clashes.html"


def write_jsonl(path: Path, records: list[object]) -> Path:
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in records) + "\n",
                    encoding="utf-8")
    return path


def test_jsonl_records_keep_their_ids(tmp_path: Path) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", [
        {"id": 1, "text": "Sources said 40 people died.", "feed": "wire"},
        {"id": 2, "html": HTML.read_text(encoding="utf-8")},
        "{not json",
        {"id": 4, "title": "no story here"},
    ])
    reports = list(verify.scan_many([src]))
    assert [r.meta.get("id") for r in reports] == [1, 2, None, 4]
    assert reports[0].meta == {"id": 1, "feed": "wire"} and reports[0].source.kind == "jsonl"
    assert reports[1].embeds and reports[1].source.site == "Sahel Monitor"
    assert "not JSON" in reports[2].error.message
    assert "record has none of html, text, url" in reports[3].error.message


def test_warc_html_responses_are_stories(tmp_path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "crawl.warc.gz"
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for uri, ctype, body in [
            ("https://sahel.example/a", "text/html; charset=utf-8", HTML.read_bytes()),
            ("https://sahel.example/logo.png", "image/png", b"\x89PNG\r\n"),
            ("https://sahel.example/b", "text/html", b"<html><body><p>The army said 12 soldiers "
                                                    b"died in the attack on Friday.</p></body></html>"),
        ]:
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body),
                                                          http_headers=headers))
    reports = list(verify.scan_many([path]))
    assert [r.meta["warc_target_uri"] for r in reports] == ["https://sahel.example/a",
                                                           "https://sahel.example/b"]
    assert all(r.ok and r.source.kind == "warc" and r.meta["warc_date"] for r in reports)
    assert reports[0].embeds[0].author_handle == "TOGAjano21"


def test_warc_records_keep_to_the_size_cap_and_an_empty_warc_says_so(tmp_path: Path) -> None:
    """A WARC record's body counts against --max-bytes like any input, and a WARC file with no
    record is an error, not a silent empty batch (issue 16)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "crawl.warc.gz"
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for uri, body in [("https://big.example/a", b"<p>" + b"x" * 300_000 + b"</p>"),
                          ("https://big.example/b", b"<html><body><p>The army said 12 soldiers "
                                                    b"died in the attack on Friday.</p></body></html>")]:
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body),
                                                          http_headers=headers))
    big, small = verify.scan_many([path], max_bytes=100_000)
    assert not big.ok and "100,000-byte limit" in big.error.message
    assert small.ok and small.claims
    for name, data in (("empty.warc", b""), ("tiny.warc", b"WARC/1.0\r\nnot really a warc file\r\n")):
        (tmp_path / name).write_bytes(data)
        (report,) = verify.scan_many([tmp_path / name])
        assert not report.ok and "WARC" in report.error.message, report.error
    plain = tmp_path / "cut.warc"
    with plain.open("wb") as fh:
        writer = WARCWriter(fh, gzip=False)
        for i in range(3):
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                f"https://a.example/{i}", "response", http_headers=headers,
                payload=io.BytesIO(b"<p>The army said %d soldiers died.</p>" % i * 40)))
    plain.write_bytes(plain.read_bytes()[:-300])  # a download or a copy cut short
    reports = list(verify.scan_many([plain]))
    assert [r.ok for r in reports] == [True, True, False]
    assert "cut short" in reports[2].error.message


def test_globs_and_missing_globs(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt", "c.html"):
        (tmp_path / name).write_text("The army said 20 rebels were killed.", encoding="utf-8")
    reports = list(verify.scan_many([str(tmp_path / "*.txt"), str(tmp_path / "*.md")]))
    assert [Path(r.source.location).name for r in reports if r.ok] == ["a.txt", "b.txt"]
    assert "no file matches" in reports[-1].error.message


@pytest.mark.parametrize("ordered", [True, False])
def test_processes_give_the_same_reports(tmp_path: Path, ordered: bool) -> None:
    inputs = [SAMPLE, HTML] * 6 + [tmp_path / "missing.txt"]
    one = [r.to_dict() for r in verify.scan_many(inputs, jobs=1)]
    two = [r.to_dict() for r in verify.scan_many(inputs, jobs=2, ordered=ordered)]
    if ordered:
        assert two == one
    else:
        key = lambda d: json.dumps(d, sort_keys=True)  # noqa: E731
        assert sorted(map(key, two)) == sorted(map(key, one))
    assert sum(d["error"] is not None for d in two) == 1


def test_cli_batch_with_a_bad_story_and_resume(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    bad = tmp_path / "photo.html"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(50))
    first = CliRunner().invoke(main, ["scan", str(SAMPLE), str(bad), "-f", "jsonl", "-o", str(out)])
    assert first.exit_code == 2 and first.stderr.count("verify: error:") == 1
    assert len(out.read_text(encoding="utf-8").splitlines()) == 2
    assert done_keys(out) == {str(SAMPLE), str(bad)}
    again = CliRunner().invoke(main, ["scan", str(SAMPLE), str(HTML), "-f", "jsonl", "-o", str(out),
                                      "--resume"])
    assert again.exit_code == 0
    locations = [json.loads(line)["source"]["location"]
                 for line in out.read_text(encoding="utf-8").splitlines()]
    assert locations == [str(SAMPLE), str(bad), str(HTML)]


def test_resume_needs_a_jsonl_file() -> None:
    result = CliRunner().invoke(main, ["scan", str(SAMPLE), "--resume"])
    assert result.exit_code == 2 and "--resume" in result.output


def test_ctrl_c_keeps_what_was_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = verify.Scanner.scan_many

    def interrupted(self, sources, **kw):  # type: ignore[no-untyped-def]
        for n, report in enumerate(real(self, sources, **kw)):
            if n == 1:
                raise KeyboardInterrupt
            yield report

    monkeypatch.setattr(verify.Scanner, "scan_many", interrupted)
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(main, ["scan", str(SAMPLE), str(HTML), "-f", "jsonl", "-o", str(out)])
    assert result.exit_code == 130 and "interrupted" in result.stderr
    assert len(out.read_text(encoding="utf-8").splitlines()) == 1


def test_stdin_jsonl() -> None:
    records = "\n".join(json.dumps({"id": i, "text": f"Officials said {i} people died."})
                        for i in (1, 2))
    result = CliRunner().invoke(main, ["scan", "-", "--jsonl", "-f", "jsonl"], input=records)
    assert [json.loads(x)["meta"]["id"] for x in result.stdout.splitlines()] == [1, 2]


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_csv_rows_per_item_and_flag(fmt: str, tmp_path: Path) -> None:
    """One row per item and flag, an unflagged item as one row, a story with no item as one
    row (it does not vanish), the columns of to_dataframe; --only-flagged keeps flagged rows."""
    import csv

    from verify.output.frames import COLUMNS

    empty = tmp_path / "empty-story.txt"
    empty.write_text("Rain fell.", encoding="utf-8")
    delimiter = "," if fmt == "csv" else "\t"
    result = CliRunner().invoke(main, ["scan", str(SAMPLE), str(empty), "-f", fmt])
    reader = csv.DictReader(io.StringIO(result.stdout), delimiter=delimiter)
    rows = list(reader)
    assert reader.fieldnames == COLUMNS
    report = verify.scan(SAMPLE)
    items = [*report.embeds, *report.media_refs, *report.claims, *report.links]
    unflagged = [it for it in items if not report.flags_for(it.id)]
    mine = [r for r in rows if r["story"] == str(SAMPLE)]
    assert len(mine) == len(report.flags) + len(unflagged)
    assert [r["item"] for r in rows if r["story"] == str(empty)] == [""]  # the story still shows
    assert {r["code"] for r in mine} >= {"unverified_by_story", "no_provenance", "social_media_only"}
    row = next(r for r in mine if r["code"] == "no_provenance")
    assert row["evidence"] == "Amateur videos circulated on social media"
    flagged = CliRunner().invoke(main, ["scan", str(SAMPLE), "-f", fmt, "--only-flagged"])
    assert len(list(csv.DictReader(io.StringIO(flagged.stdout), delimiter=delimiter))) == \
        len(report.flags)


def test_progress_bar_counts(capsys: pytest.CaptureFixture[str]) -> None:
    reports = [verify.scan(SAMPLE), verify.scan("Rain fell.")]
    assert list(with_progress(reports, total=2)) == reports
    err = capsys.readouterr().err
    assert "stories" in err and "flagged=1" in err
    assert list(with_progress(reports, enabled=False)) == reports


def test_dataframe_and_notebook_views() -> None:
    report = verify.scan(SAMPLE)
    df = verify.to_dataframe([report, verify.scan("Rain fell on the city.")])
    flagged = df[df.code.notna()]
    assert len(flagged) == len(report.flags)
    assert set(df.columns) >= {"story", "item", "item_kind", "code", "severity", "reason"}
    html = report._repr_html_()
    assert html.count('class="badge sev-') >= len(report.flags)
    assert 'data-id="c2"' in html and 'data-id="m1"' in html
    assert str(report).startswith("Syrian Opposition Forces")


def test_dataframe_without_pandas(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(verify.VerifyError, match="needs pandas"):
        verify.to_dataframe(verify.scan(SAMPLE))


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def test_html_report_renders_in_chromium(tmp_path: Path) -> None:
    """The desk report in a real browser: an index of the stories (a failed input listed with
    its error), each story's flagged items with their reasons as text (not only on hover), the
    disclaimer marked, and a screenshot that shows the severity colours."""
    browser = _chromium()
    if browser is None:
        if os.environ.get("VERIFY_REQUIRE_CHROMIUM"):
            pytest.fail("chromium is required here (VERIFY_REQUIRE_CHROMIUM is set)")
        pytest.skip("chromium is not installed")
    page = tmp_path / "report.html"
    missing = tmp_path / "missing.txt"
    result = CliRunner().invoke(main, ["scan", str(SAMPLE), str(HTML), str(missing), "-f", "html",
                                       "-o", str(page)])
    assert result.exit_code == 2  # one input failed; the others are still in the report
    assert "http" not in page.read_text(encoding="utf-8").split("<body>")[0].replace(
        'name="viewport"', "")  # nothing fetched from a CDN
    flags = [browser, "--headless", "--no-sandbox", "--disable-gpu",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run([*flags, "--dump-dom", page.as_uri()], capture_output=True, text=True,
                         timeout=120, check=False).stdout
    assert dom.count('<div class="verify-report">') == 4  # the index and three stories
    assert "failed: " in dom and "missing.txt" in dom
    assert dom.count("<h3>Flagged items</h3>") == 2 and dom.count("<mark class=") >= 20
    assert '<div class="reason">' in dom and "The story itself says it could not check" in dom
    assert '<mark class="disclaimer"' in dom and 'data-code="unverified_by_story"' in dom
    shot = tmp_path / "shot.png"
    subprocess.run([*flags, "--hide-scrollbars", "--window-size=1000,1400",
                    f"--screenshot={shot}", page.as_uri()], capture_output=True, timeout=120,
                   check=False)
    from PIL import Image

    with Image.open(shot) as img:
        colours = {px for px in img.convert("RGB").getdata()}
    assert (201, 42, 42) in colours  # the high-severity badges are drawn


@pytest.mark.parametrize("start", [".", "examples"])
def test_example_notebook_cells_run(monkeypatch: pytest.MonkeyPatch, start: str) -> None:
    """The notebook runs from the repository root and from examples/, where Jupyter starts
    when it is opened there (issue 14)."""
    root = Path(__file__).resolve().parent.parent
    notebook = json.loads((root / "examples" / "scan-stories.ipynb").read_text(encoding="utf-8"))
    monkeypatch.chdir(root / start)
    namespace: dict[str, object] = {}
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            exec(compile("".join(cell["source"]), "notebook", "exec"), namespace)
    assert len(namespace["reports"]) >= 2  # type: ignore[arg-type]
    assert not namespace["df"].empty  # type: ignore[attr-defined]


def test_dask_on_a_local_cluster(tmp_path: Path) -> None:
    pytest.importorskip("dask.bag")
    distributed = pytest.importorskip("distributed")
    import dask.bag as db
    import pandas as pd

    from verify.dask import scan_bag, write_jsonl, write_parquet

    sources = [str(SAMPLE), str(HTML), {"id": 9, "text": "Sources said 40 people died."}]
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, distributed.Client(cluster):
        reports = scan_bag(db.from_sequence(sources, npartitions=2))
        files = write_jsonl(reports, str(tmp_path / "reports-*.jsonl"))
        write_parquet(reports, str(tmp_path / "flags"))
    lines = [json.loads(x) for f in files for x in Path(f).read_text(encoding="utf-8").splitlines()]
    assert [d["schema"] for d in lines] == ["verify.report/1"] * 3
    assert lines[2]["meta"] == {"id": 9}
    flags = pd.read_parquet(tmp_path / "flags")
    assert "anonymous_source" in set(flags.code)


def test_sitemap_pages_are_fetched(tmp_path: Path, httpserver) -> None:  # type: ignore[no-untyped-def]
    httpserver.expect_request("/news/mali").respond_with_data(HTML.read_bytes(),
                                                              content_type="text/html")
    sitemap = tmp_path / "news-sitemap.xml"
    sitemap.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f'<url><loc>{httpserver.url_for("/news/mali")}</loc><lastmod>2024-07-29</lastmod></url>'
        "</urlset>", encoding="utf-8")
    (report,) = verify.scan_many([sitemap], allow_hosts={"127.0.0.1", "localhost"})
    assert report.ok and report.source.kind == "url" and report.meta["lastmod"] == "2024-07-29"
    assert report.embeds[0].author_handle == "TOGAjano21"


def test_a_sitemap_crawl_follows_robots_txt_and_paces_the_host(tmp_path: Path,
                                                                httpserver) -> None:  # type: ignore[no-untyped-def]
    """Pages from a sitemap are a crawl (issue 13): robots.txt is read once per host and its
    disallowed pages are an error for that page alone; requests to one host are paced."""
    httpserver.expect_request("/robots.txt").respond_with_data(
        "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    for name in ("a", "b", "private/c"):
        httpserver.expect_request(f"/{name}").respond_with_data(
            "<html><body><article><p>The army said it captured two towns on Monday.</p>"
            "</article></body></html>", content_type="text/html")
    sitemap = tmp_path / "sitemap.xml"
    urls = "".join(f"<url><loc>{httpserver.url_for('/' + n)}</loc></url>"
                   for n in ("a", "private/c", "b"))
    sitemap.write_text('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/'
                       f'sitemap/0.9">{urls}</urlset>', encoding="utf-8")
    started = time.monotonic()
    reports = list(verify.scan_many([sitemap], allow_hosts={"127.0.0.1", "localhost"},
                                    per_host_interval=0.4))
    assert [r.ok for r in reports] == [True, False, True]
    assert reports[1].error is not None and "robots.txt" in reports[1].error.message
    paths = [entry[0].path for entry in httpserver.log]
    assert paths.count("/robots.txt") == 1 and "/private/c" not in paths
    assert time.monotonic() - started >= 0.8  # robots.txt, a, b: two waits of 0.4 s
    # a URL given by hand is fetched as asked
    assert verify.scan(httpserver.url_for("/private/c"), allow_hosts={"127.0.0.1", "localhost"}).ok
