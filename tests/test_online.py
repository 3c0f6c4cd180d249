"""Online checks against a local server serving recorded-shape answers: every resolver's live,
removed, private, rate-limited, malformed and slow answers; redirects; the Wayback CDX API;
images; the cache; the flags; and the CLI. No test leaves 127.0.0.1."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image
from pytest_httpserver import HTTPServer

import verify
from verify.cli import main
from verify.online.checks import Checker
from verify.options import Options

LOOPBACK = frozenset({"127.0.0.1", "localhost"})


def options(httpserver: HTTPServer, tmp_path: Path, **kw: object) -> Options:
    base = httpserver.url_for("").rstrip("/")
    endpoints = {name: f"{base}/{name}" for name in (
        "twitter_oembed", "youtube_oembed", "vimeo_oembed", "tiktok_oembed", "bluesky",
        "telegram", "reddit", "mastodon", "wayback_cdx")}
    settings: dict[str, object] = {
        "allow_hosts": LOOPBACK, "endpoints": endpoints, "per_host_interval": 0.0,
        "cache_path": str(tmp_path / "checks.db"), "timeout": 2, "deadline": 5, "online": True}
    return Options(**{**settings, **kw})  # type: ignore[arg-type]


def oembed(httpserver: HTTPServer, name: str, status: int, body: object) -> None:
    httpserver.expect_request(f"/{name}").respond_with_data(
        json.dumps(body) if not isinstance(body, str) else body, status=status,
        content_type="application/json")


TWEET = "https://twitter.com/TOGAjano21/status/1817237613372088620"


@pytest.mark.parametrize(("status", "body", "expected"), [
    (200, {"author_name": "TOGA", "author_url": "https://twitter.com/TOGAjano21",
           "html": "<blockquote>...</blockquote>"}, "live"),
    (404, "", "removed"),
    (403, "", "private"),
    (429, "", "rate_limited"),
    (200, "<html>not json</html>", "unknown"),
    (500, "", "unknown"),
])
def test_x_oembed(httpserver: HTTPServer, tmp_path: Path, status: int, body: object,
                  expected: str) -> None:
    oembed(httpserver, "twitter_oembed", status, body)
    with Checker(options(httpserver, tmp_path, use_cache=False)) as checker:
        check = checker.check(TWEET)
    assert (check.status, check.resolver) == (expected, "x-oembed")
    assert check.posted_at == "2024-07-27T16:36:24Z" and check.posted_at_source == "id"
    if expected == "live":
        assert (check.author_name, check.author_handle) == ("TOGA", "TOGAjano21")


@pytest.mark.parametrize(("platform", "url", "status", "expected"), [
    ("youtube_oembed", "https://www.youtube.com/watch?v=dQw4w9WgXcQ", 401, "restricted"),
    ("youtube_oembed", "https://www.youtube.com/watch?v=dQw4w9WgXcQ", 404, "unknown"),
    ("vimeo_oembed", "https://vimeo.com/76979871", 404, "unknown"),
    ("tiktok_oembed", "https://www.tiktok.com/@scout2015/video/6718335390845095173", 400, "unknown"),
])
def test_ambiguous_answers_are_not_removed(httpserver: HTTPServer, tmp_path: Path, platform: str,
                                           url: str, status: int, expected: str) -> None:
    oembed(httpserver, platform, status, "")
    with Checker(options(httpserver, tmp_path, use_cache=False)) as checker:
        assert checker.check(url).status == expected


def test_bluesky(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request("/bluesky/com.atproto.identity.resolveHandle").respond_with_json(
        {"did": "did:plc:abc123"})
    httpserver.expect_request("/bluesky/app.bsky.feed.getPostThread").respond_with_json(
        {"thread": {"$type": "app.bsky.feed.defs#threadViewPost", "post": {
            "author": {"handle": "reporter.bsky.social", "displayName": "A Reporter"},
            "record": {"createdAt": "2024-05-01T10:00:00Z"}}}})
    with Checker(options(httpserver, tmp_path, use_cache=False)) as checker:
        check = checker.check("https://bsky.app/profile/reporter.bsky.social/post/3kabcdefgh2xy")
    assert (check.status, check.posted_at, check.posted_at_source) == (
        "live", "2024-05-01T10:00:00Z", "api")
    httpserver.clear()
    httpserver.expect_request("/bluesky/app.bsky.feed.getPostThread").respond_with_json(
        {"error": "NotFound", "message": "Post not found"}, status=400)
    with Checker(options(httpserver, tmp_path, use_cache=False)) as checker:
        gone = checker.check("https://bsky.app/profile/did:plc:abc123/post/3kabcdefgh2xy")
    assert gone.status == "removed"


@pytest.mark.parametrize(("page", "expected"), [
    ('<div class="tgme_widget_message_bubble"><a class="tgme_widget_message_owner_name">'
     '<span>Rybar</span></a><div class="tgme_widget_message_text">text</div>'
     '<time datetime="2024-07-28T09:00:00+00:00"></time></div>', "live"),
    ('<div class="tgme_widget_message_error">Post not found</div>', "removed"),
    ("<html>maintenance</html>", "unknown"),
])
def test_telegram(httpserver: HTTPServer, tmp_path: Path, page: str, expected: str) -> None:
    httpserver.expect_request("/telegram/rybar/61234").respond_with_data(page,
                                                                         content_type="text/html")
    with Checker(options(httpserver, tmp_path, use_cache=False)) as checker:
        check = checker.check("https://t.me/rybar/61234")
    assert check.status == expected
    if expected == "live":
        assert check.posted_at == "2024-07-28T09:00:00+00:00" and check.author_name == "Rybar"


@pytest.mark.parametrize(("status", "body", "expected"), [
    (200, {"id": "109381234567890123", "created_at": "2022-11-20T12:00:00.000Z",
           "account": {"acct": "Gargron", "display_name": "Eugen"}}, "live"),
    (404, {"error": "Record not found"}, "unknown"),
    (410, {}, "removed"),
])
def test_mastodon(httpserver: HTTPServer, tmp_path: Path, status: int, body: dict,
                  expected: str) -> None:
    httpserver.expect_request("/mastodon/api/v1/statuses/109381234567890123").respond_with_json(
        body, status=status)
    with Checker(options(httpserver, tmp_path, use_cache=False)) as checker:
        assert checker.check("https://mastodon.social/@Gargron/109381234567890123").status == expected


@pytest.mark.parametrize(("status", "post", "expected"), [
    (200, {"author": "someone", "created_utc": 1700000000, "selftext": "hi"}, "live"),
    (200, {"author": "[deleted]", "removed_by_category": "moderator", "selftext": "[removed]"},
     "removed"),
    (403, None, "restricted"),
])
def test_reddit(httpserver: HTTPServer, tmp_path: Path, status: int, post: dict | None,
                expected: str) -> None:
    body = [{"data": {"children": [{"data": post}]}}] if post else {"message": "Blocked"}
    httpserver.expect_request("/reddit/comments/1abcde2.json").respond_with_json(body, status=status)
    with Checker(options(httpserver, tmp_path, use_cache=False)) as checker:
        check = checker.check("https://www.reddit.com/r/worldnews/comments/1abcde2/x/")
    assert check.status == expected


def test_token_platforms_are_skipped(httpserver: HTTPServer, tmp_path: Path) -> None:
    with Checker(options(httpserver, tmp_path, use_cache=False)) as checker:
        check = checker.check("https://www.instagram.com/p/C9xYz12AbCd/")
    assert check.status == "skipped" and "token" in (check.error or "")


def test_links_redirects_and_broken(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request("/short").respond_with_data(
        "", status=301, headers={"Location": httpserver.url_for("/story")})
    httpserver.expect_request("/story").respond_with_data("<html>ok</html>",
                                                          content_type="text/html")
    httpserver.expect_request("/gone").respond_with_data("", status=404)
    with Checker(options(httpserver, tmp_path, use_cache=False)) as checker:
        moved = checker.check(httpserver.url_for("/short"))
        gone = checker.check(httpserver.url_for("/gone"))
        blocked = checker.check("http://169.254.169.254/latest/meta-data/")
    assert moved.status == "live" and moved.final_url.endswith("/story")
    assert moved.redirect_chain == [httpserver.url_for("/short")]
    assert gone.status == "removed" and gone.http_status == 404
    assert blocked.status == "skipped" and "non-public" in (blocked.error or "")


def test_slow_answer_is_unreachable(httpserver: HTTPServer, tmp_path: Path) -> None:
    import time

    from werkzeug import Response

    def slow(request):  # type: ignore[no-untyped-def]
        time.sleep(3)
        return Response("late")

    httpserver.expect_request("/slow").respond_with_handler(slow)
    with Checker(options(httpserver, tmp_path, use_cache=False)) as checker:
        check = checker.check(httpserver.url_for("/slow"))
    assert check.status == "unreachable" and "timed out" in (check.error or "")


def test_retry_after_is_honoured(httpserver: HTTPServer, tmp_path: Path) -> None:
    """A 429 with ``Retry-After: 1`` is retried no sooner than 1 s later (the default backoff
    for a first retry is 0.5 s, so ignoring the header fails this)."""
    import time

    from werkzeug import Response

    seen: list[float] = []

    def answer(status: int, body: str, headers: dict[str, str]):  # type: ignore[no-untyped-def]
        def handler(request):  # type: ignore[no-untyped-def]
            seen.append(time.monotonic())
            return Response(body, status=status, headers=headers)
        return handler

    httpserver.expect_ordered_request("/busy").respond_with_handler(
        answer(429, "", {"Retry-After": "1"}))
    httpserver.expect_ordered_request("/busy").respond_with_handler(answer(200, "ok", {}))
    with Checker(options(httpserver, tmp_path, use_cache=False)) as checker:
        assert checker.check(httpserver.url_for("/busy")).status == "live"
    assert len(seen) == 2
    assert seen[1] - seen[0] >= 1.0


def test_wayback_and_cache(httpserver: HTTPServer, tmp_path: Path) -> None:
    oembed(httpserver, "twitter_oembed", 200, {"author_name": "TOGA", "html": "x",
                                               "author_url": "https://twitter.com/TOGAjano21"})
    httpserver.expect_request("/wayback_cdx").respond_with_json(
        [["timestamp", "original"], ["20240728101500", TWEET]])
    opts = options(httpserver, tmp_path)
    with Checker(opts) as checker:
        first = checker.check(TWEET, when="2024-07-29", archived=True)
        made = checker.requests_made
    assert first.archived_url == f"https://web.archive.org/web/20240728101500/{TWEET}"
    assert first.archived_at == "2024-07-28T10:15:00+00:00" and not first.from_cache
    with Checker(opts) as checker:
        again = checker.check(TWEET, when="2024-07-29", archived=True)
        assert checker.requests_made == 0
    assert again.from_cache and again.checked_at == first.checked_at and made == 2


def test_image_details(httpserver: HTTPServer, tmp_path: Path) -> None:
    img = Image.new("RGB", (64, 48), "red")
    exif = Image.Exif()
    exif[271], exif[272], exif[306] = "Canon", "EOS 5D", "2015:03:02 10:00:00"
    buf = io.BytesIO()
    img.save(buf, "JPEG", exif=exif)
    httpserver.expect_request("/photo.jpg").respond_with_data(buf.getvalue(),
                                                              content_type="image/jpeg")
    with Checker(options(httpserver, tmp_path, use_cache=False)) as checker:
        check = checker.check(httpserver.url_for("/photo.jpg"))
    info = check.details["image"]
    assert (info["width"], info["camera_make"], info["datetime"]) == (64, "Canon",
                                                                      "2015:03:02 10:00:00")


def test_scan_online_adds_checks_and_flags(httpserver: HTTPServer, tmp_path: Path) -> None:
    oembed(httpserver, "twitter_oembed", 404, "")
    httpserver.expect_request("/wayback_cdx").respond_with_json([])
    story = (f"Rebels posted a video.\nVideo of the attack {TWEET}\n"
             "— TOGA (@TOGAjano21) July 27, 2024")
    opts = options(httpserver, tmp_path, use_cache=False)
    with verify.Scanner(opts) as scanner:
        report = scanner.scan(story)
    codes = {f.code for f in report.flags}
    assert {"post_unavailable", "not_archived"} <= codes
    assert report.checks[0].status == "removed"
    assert verify.Report.from_dict(report.to_dict()) == report


def test_date_mismatch(httpserver: HTTPServer, tmp_path: Path) -> None:
    oembed(httpserver, "tiktok_oembed", 200, {"title": "x", "author_name": "Scout",
                                              "author_unique_id": "scout2015", "html": "x"})
    page = ('<html><head><title>Flood today</title><meta property="article:published_time" '
            'content="2024-07-29T08:00:00Z"></head><body><article><p>A video of the flood '
            'was shared on Tuesday by residents of the town, officials said.</p>'
            '<blockquote class="tiktok-embed" cite="https://www.tiktok.com/@scout2015/video/'
            '6718335390845095173" data-video-id="6718335390845095173"></blockquote>'
            "</article></body></html>")
    with verify.Scanner(options(httpserver, tmp_path, use_cache=False)) as scanner:
        report = scanner.scan(page)
    (flag,) = [f for f in report.flags if f.code == "date_mismatch"]
    assert "2019-07-27" in flag.reason and "2024-07-29" in flag.reason


def test_check_cli(httpserver: HTTPServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    httpserver.expect_request("/page").respond_with_data("<html>ok</html>")
    result = CliRunner().invoke(main, ["check", httpserver.url_for("/page"), "--no-archive",
                                       "--allow-host", "127.0.0.1", "--allow-host", "localhost",
                                       "-f", "json"])
    (record,) = json.loads(result.output)  # JSON is always an array
    assert record["status"] == "live" and record["resolver"] == "link"


def test_never_online_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    import verify.online.checks as checks

    def boom(*a, **k):  # type: ignore[no-untyped-def]
        raise AssertionError("online check without --online")

    monkeypatch.setattr(checks.Checker, "check_report", boom)
    verify.scan(f"See {TWEET}")


def test_story_images_are_checked(httpserver: HTTPServer, tmp_path: Path) -> None:
    from verify.media.db import MediaDB, Provenance

    img = Image.new("RGB", (320, 240), "white")
    for x in range(0, 320, 20):
        img.paste((x % 255, 80, 200 - x % 200), (x, 0, x + 10, 240))
    exif = Image.Exif()
    exif.get_ifd(0x8769)[36867] = "2015:03:02 10:00:00"
    buf = io.BytesIO()
    img.save(buf, "JPEG", exif=exif)
    httpserver.expect_request("/og.jpg").respond_with_data(buf.getvalue(), content_type="image/jpeg")
    db_path = tmp_path / "known.db"
    with MediaDB(db_path) as db:
        db.add(buf.getvalue(), name="flood-2015.jpg",
               provenance=Provenance(first_seen="2015-03-02", fact_check="https://fc.example/1"))
    page = (f'<html><head><meta property="og:image" content="{httpserver.url_for("/og.jpg")}">'
            '<meta property="article:published_time" content="2024-07-29T08:00:00Z">'
            "<title>Floods</title></head><body><article><p>Water rose across the city on Monday "
            "night and residents fled to higher ground, officials said.</p></article></body></html>")
    # the page's own image is on a port other than 80/443: the user allows that host:port
    port = httpserver.port
    opts = options(httpserver, tmp_path, use_cache=False, media_db=str(db_path),
                   allow_hosts=LOOPBACK | {f"127.0.0.1:{port}", f"localhost:{port}"})
    with verify.Scanner(opts) as scanner:
        report = scanner.scan(page)
    codes = {f.code for f in report.flags}
    assert {"known_media", "date_mismatch"} <= codes
    image_check = next(c for c in report.checks if c.resolver == "image")
    assert image_check.details["image"]["datetime_original"] == "2015:03:02 10:00:00"
