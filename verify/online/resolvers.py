"""One resolver per platform, in a registry, each with the same interface: given a URL (and what
the platform table says it is) return a :class:`~verify.model.Check`. Ambiguous answers stay
ambiguous: only an answer that means "gone" is ``removed`` (X's oEmbed 404, Bluesky's NotFound,
Telegram's "post not found", Mastodon's 410, Reddit's "[removed]"); an answer of an unexpected
shape is ``unknown``."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote, urlsplit

from ..errors import BlockedAddressError, FetchError
from ..model import Check
from ..platforms import CheckSpec, PlatformTable, UrlMatch
from .client import Answer, Client

#: the one service that is not a platform: the Wayback Machine's capture index
ARCHIVE = ("wayback_cdx", "https://web.archive.org/cdx/search/cdx")


def endpoints(table: PlatformTable) -> dict[str, str]:
    """The default base URL of every service the checks ask, by its ``endpoints`` key."""
    found = {p.check.endpoint: p.check.url for p in table.platforms
             if p.check is not None and p.check.endpoint}
    found[ARCHIVE[0]] = ARCHIVE[1]
    return found


@dataclass
class ResolveContext:
    """What resolvers share: the HTTP client, the endpoints and the platform table."""

    client: Client
    endpoints: dict[str, str]
    table: PlatformTable


Resolver = Callable[[str, UrlMatch, ResolveContext, Check], None]


def _json(answer: Answer) -> Any:
    try:
        return json.loads(answer.content.decode("utf-8", "replace"))
    except ValueError:
        return None


def _text(value: object, limit: int = 300) -> str | None:
    """A field of a server's answer, kept only when it is a non-empty string (capped)."""
    return value.strip()[:limit] or None if isinstance(value, str) else None


def _obj(value: object) -> dict[str, Any]:
    """A field of a server's answer that should be an object ({} when it is not)."""
    return value if isinstance(value, dict) else {}


def _http(check: Check, answer: Answer) -> None:
    check.http_status = answer.status
    check.final_url = answer.final_url
    check.redirect_chain = list(answer.redirects)
    if answer.status == 429:
        check.status = "rate_limited"


def _spec(match: UrlMatch, ctx: ResolveContext) -> CheckSpec:
    spec = ctx.table.by_name[match.platform].check
    assert spec is not None  # run() calls a resolver only for a row with a check
    return spec


def _base(match: UrlMatch, ctx: ResolveContext) -> str:
    """The base URL of the platform's service: the ``endpoints`` option, else the row's."""
    spec = _spec(match, ctx)
    return ctx.endpoints.get(spec.endpoint or "", spec.url)


def _oembed(url: str, match: UrlMatch, ctx: ResolveContext, check: Check) -> None:
    """Any oEmbed endpoint: 200 with html or title is live; other statuses by the row's map."""
    spec = _spec(match, ctx)
    target = match.canonical or url
    answer = ctx.client.get(f"{_base(match, ctx)}?url={quote(target, safe='')}"
                            "&format=json&omit_script=1", accept="application/json")
    _http(check, answer)
    data = _json(answer)
    if answer.status == 200 and isinstance(data, dict) and ("html" in data or "title" in data):
        check.status = "live"
        check.author_name = _text(data.get("author_name"))
        author_url = _text(data.get("author_url")) or ""
        handle = _text(data.get("author_unique_id")) or author_url.rstrip("/").rsplit("/", 1)[-1]
        check.author_handle = handle.lstrip("@") or None
    elif check.status != "rate_limited":
        check.status = dict(spec.status).get(answer.status, "unknown")


def _bluesky(url: str, match: UrlMatch, ctx: ResolveContext, check: Check) -> None:
    base = _base(match, ctx)
    did = match.handle or ""
    if not did.startswith("did:"):
        answer = ctx.client.get(f"{base}/com.atproto.identity.resolveHandle?handle={quote(did)}")
        data = _json(answer)
        _http(check, answer)
        found = _text(data.get("did")) if isinstance(data, dict) else None
        if answer.status != 200 or not found:
            if check.status != "rate_limited":
                check.status = "unknown"
            return
        did = found
    uri = f"at://{did}/app.bsky.feed.post/{match.post_id}"
    answer = ctx.client.get(f"{base}/app.bsky.feed.getPostThread?uri={quote(uri, safe='')}&depth=0")
    _http(check, answer)
    data = _json(answer)
    if not isinstance(data, dict):
        check.status = check.status if check.status == "rate_limited" else "unknown"
        return
    thread: dict[str, Any] = data["thread"] if isinstance(data.get("thread"), dict) else {}
    kind = str(thread.get("$type", ""))
    if data.get("error") == "NotFound" or kind.endswith("#notFoundPost"):
        check.status = "removed"
    elif kind.endswith("#blockedPost"):
        check.status = "restricted"
    elif answer.status == 200 and isinstance(thread.get("post"), dict):
        post = thread["post"]
        check.status = "live"
        author = _obj(post.get("author"))
        check.author_handle = _text(author.get("handle"))
        check.author_name = _text(author.get("displayName"))
        created = _text(_obj(post.get("record")).get("createdAt"), 40)
        if created:
            check.posted_at, check.posted_at_source = created, "api"
    elif check.status != "rate_limited":
        check.status = "unknown"


def _telegram(url: str, match: UrlMatch, ctx: ResolveContext, check: Check) -> None:
    answer = ctx.client.get(f"{_base(match, ctx)}/{match.handle}/{match.post_id}?embed=1")
    _http(check, answer)
    page = answer.content.decode("utf-8", "replace")
    if answer.status != 200:
        check.status = check.status if check.status == "rate_limited" else "unknown"
    elif "tgme_widget_message_error" in page or "Post not found" in page:
        check.status = "removed"
    elif "tgme_widget_message_text" in page or "tgme_widget_message_bubble" in page:
        check.status = "live"
        when = re.search(r'<time[^>]+datetime="([^"]+)"', page)
        if when:
            check.posted_at, check.posted_at_source = when.group(1)[:40], "html"
        owner = re.search(r'tgme_widget_message_owner_name[^>]*+>(?:<span[^>]*+>)?([^<]{1,300})', page)
        if owner:
            check.author_name = html.unescape(owner.group(1)).strip() or None
        check.author_handle = match.handle
    else:
        check.status = "unknown"


def _mastodon(url: str, match: UrlMatch, ctx: ResolveContext, check: Check) -> None:
    base = _base(match, ctx) or f"https://{urlsplit(match.canonical or url).hostname}"
    answer = ctx.client.get(f"{base}/api/v1/statuses/{match.post_id}", accept="application/json")
    _http(check, answer)
    data = _json(answer)
    if answer.status == 200 and isinstance(data, dict) and data.get("id"):
        check.status = "live"
        account = _obj(data.get("account"))
        check.author_handle = _text(account.get("acct"))
        check.author_name = _text(account.get("display_name"))
        created = _text(data.get("created_at"), 40)
        if created:
            check.posted_at, check.posted_at_source = created, "api"
    elif answer.status == 410:
        check.status = "removed"
    elif check.status != "rate_limited":
        check.status = "unknown"  # a 404 is also what a private post answers


def _reddit(url: str, match: UrlMatch, ctx: ResolveContext, check: Check) -> None:
    answer = ctx.client.get(f"{_base(match, ctx)}/comments/{match.post_id}.json",
                            accept="application/json")
    _http(check, answer)
    data = _json(answer)
    try:
        post = data[0]["data"]["children"][0]["data"]
    except (TypeError, KeyError, IndexError):
        post = None
    if answer.status == 200 and isinstance(post, dict):
        gone = post.get("removed_by_category") or post.get("selftext") in ("[removed]", "[deleted]")
        check.status = "removed" if gone else "live"
        author = _text(post.get("author"))
        check.author_handle = None if author == "[deleted]" else author
        created = post.get("created_utc")
        if isinstance(created, (int, float)) and not isinstance(created, bool) and \
                0 < created < 1e11:
            stamp = datetime.fromtimestamp(float(created), tz=UTC)
            check.posted_at, check.posted_at_source = stamp.isoformat(), "api"
    elif answer.status == 403:
        check.status = "restricted"  # Reddit's "Blocked" answer, not a removal
    elif check.status != "rate_limited":
        check.status = "unknown"


def _needs_token(url: str, match: UrlMatch, ctx: ResolveContext, check: Check) -> None:
    check.status = "skipped"
    check.error = f"{match.platform} answers only with an access token; not checked"


def link(url: str, ctx: ResolveContext, check: Check) -> None:
    """Any other link: follow redirects, record where it ends and how."""
    answer = ctx.client.get(url)
    _http(check, answer)
    if check.status == "rate_limited":
        return
    if 200 <= answer.status < 300:
        check.status = "live"
        final = ctx.table.match(answer.final_url)
        if final is not None and final.is_post:
            check.details["post"] = {"platform": final.platform, "post_id": final.post_id,
                                     "url": final.canonical}
    elif answer.status in (404, 410):
        check.status = "removed"
    elif answer.status in (401, 403, 451):
        check.status = "restricted"
    else:
        check.status = "unknown"


#: resolver code by the name a platform row's ``check.resolver`` gives
RESOLVERS: dict[str, Resolver] = {
    "oembed": _oembed,
    "bluesky": _bluesky,
    "telegram": _telegram,
    "mastodon": _mastodon,
    "reddit": _reddit,
    "token": _needs_token,
}


def run(url: str, match: UrlMatch | None, ctx: ResolveContext, check: Check) -> None:
    """Run the right resolver; network failures become ``unreachable`` (or ``skipped`` for a
    blocked address), never an exception."""
    try:
        spec = ctx.table.by_name[match.platform].check if match is not None else None
        if match is not None and match.is_post and spec is not None:
            check.resolver = spec.name
            RESOLVERS[spec.resolver](url, match, ctx, check)
        else:
            check.resolver = "link"
            link(url, ctx, check)
    except BlockedAddressError as exc:
        check.status, check.error = "skipped", str(exc)
    except FetchError as exc:
        check.status, check.error = "unreachable", str(exc)
    except (TypeError, ValueError, KeyError, AttributeError, OverflowError) as exc:
        # an answer of a shape no resolver expects: say so, never crash the scan
        check.status, check.error = "unknown", f"malformed answer ({type(exc).__name__})"


def archive(url: str, when: str | None, ctx: ResolveContext, check: Check) -> None:
    """The Wayback Machine capture closest to ``when`` (the CDX API, which sees captures the
    availability API misses)."""
    stamp = re.sub(r"\D", "", when or "")[:14] or datetime.now(UTC).strftime("%Y%m%d")
    query = (f"{ctx.endpoints[ARCHIVE[0]]}?url={quote(url, safe='')}&output=json&limit=1"
             f"&filter=statuscode:200&fl=timestamp,original&closest={stamp}&sort=closest")
    try:
        answer = ctx.client.get(query, accept="application/json")
    except FetchError as exc:
        check.details["archive_error"] = str(exc)
        return
    rows = _json(answer)
    if answer.status != 200 or not isinstance(rows, list):
        check.details["archive_error"] = f"HTTP {answer.status}"
        return
    check.details["archive_checked"] = True
    if len(rows) >= 2 and isinstance(rows[1], list) and len(rows[1]) >= 2:
        ts, original = str(rows[1][0]), str(rows[1][1])
        check.archived_url = f"https://web.archive.org/web/{ts}/{original}"
        try:
            check.archived_at = datetime.strptime(ts[:14], "%Y%m%d%H%M%S").replace(
                tzinfo=UTC).isoformat()
        except ValueError:
            check.archived_at = None
