"""Platform knowledge, loaded from ``data/platforms.toml`` and validated: which URLs are posts,
profiles, media or shorteners of which platform, and which markup embeds them.

>>> table = PlatformTable.load()
>>> m = table.match("https://twitter.com/TOGAjano21/status/1817237613372088620?s=20")
>>> m.platform, m.kind, m.post_id, m.handle
('twitter', 'post', '1817237613372088620', 'TOGAjano21')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache, lru_cache
from typing import Any
from urllib.parse import unquote, urlsplit

import lxml.etree
from lxml.cssselect import CSSSelector

from .errors import VerifyError
from .selector_index import Needs, SelectorIndex, needs_of
from .tomlfile import read

_STRIP_HOST = re.compile(r"^(?:www\d?|m|mobile|amp)\.")
_KINDS = frozenset({"post", "video", "audio", "image", "profile"})


@dataclass(frozen=True)
class PostPattern:
    """One URL pattern of a post, with its own canonical template and kind when they differ."""

    regex: re.Pattern[str]
    canonical: str | None = None
    id: str | None = None
    kind: str | None = None


@dataclass(frozen=True)
class Selector:
    """Embed markup: a compiled CSS selector and where the post's URL or id lives."""

    css: str
    xpath: lxml.etree.XPath
    attr: str | None = None
    template: str | None = None
    id_attr: str | None = None
    #: the same test on one element (``self::...``), when the selector has no combinator and
    #: so can join the table's one pass; else None (it gets a pass of its own)
    matches: lxml.etree.XPath | None = None
    path: str = ""
    #: what an element needs to match, one entry per branch (``a.x, b`` has two); None when
    #: that cannot be read from the selector (an XPath other than ``local-name()`` tests)
    needs: tuple[Needs, ...] | None = None


@dataclass(frozen=True)
class Signature:
    """How a copied embed reads in plain text (groups: name, handle, date)."""

    regex: re.Pattern[str]
    text: str = "none"  # before: the post's text is on the lines above; inline: in the match


@dataclass(frozen=True)
class CheckSpec:
    """How online checks ask a platform about a post: which resolver, under which name, at which
    endpoint (its key in the ``endpoints`` option and its default URL), and what its HTTP
    statuses mean."""

    resolver: str
    name: str
    endpoint: str | None = None
    url: str = ""
    status: tuple[tuple[int, str], ...] = ()


@dataclass(frozen=True)
class Platform:
    """One row of the platform table."""

    name: str
    label: str
    kind: str
    domains: tuple[str, ...] = ()
    posts: tuple[PostPattern, ...] = ()
    canonical: str | None = None
    canonical_without_handle: str | None = None
    profiles: tuple[re.Pattern[str], ...] = ()
    not_profiles: frozenset[str] = frozenset()
    media_domains: tuple[str, ...] = ()
    shorteners: tuple[str, ...] = ()
    selectors: tuple[Selector, ...] = ()
    id_time: str | None = None
    chrome: tuple[re.Pattern[str], ...] = ()
    drop_params: frozenset[str] = frozenset()
    signatures: tuple[Signature, ...] = ()
    social: bool = True
    #: false for hosts whose players are not embedded posts (podcast and music players other
    #: than SoundCloud and Spotify, as the corpus defines an embed): their URLs are still links
    embeds: bool = True
    check: CheckSpec | None = None


@dataclass(frozen=True)
class UrlMatch:
    """What a URL is on a platform."""

    platform: str
    kind: str  # post | video | audio | image | profile | media | shortener | chrome
    post_id: str | None = None
    handle: str | None = None
    canonical: str | None = None

    @property
    def is_post(self) -> bool:
        """True for a single post, video, audio or image item."""
        return self.kind in ("post", "video", "audio", "image") and self.post_id is not None


def _host_in(host: str, domain: str) -> bool:
    return host == domain or host.endswith("." + domain)


def url_key(url: str) -> str:
    """The string patterns match: ``host/path?query``, host lower-case without www./m."""
    if url.startswith("at://"):
        return url
    if "://" not in url[:12]:
        url = "https://" + url.lstrip("/")
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
    except ValueError:
        return ""
    host = _STRIP_HOST.sub("", host)
    key = host + (parts.path or "/")
    if parts.query:
        key += "?" + parts.query
    return key


_STEP = re.compile(r"^(?:descendant-or-self::|//)")


def _self_test(path: str) -> lxml.etree.XPath | None:
    """``path`` as a test of one element (``descendant-or-self::a[...]`` -> ``self::a[...]``),
    or None when a step has a combinator or an axis the test cannot keep."""
    branches = [b.strip() for b in path.split(" | ")]
    tests = []
    for b in branches:
        rest = _STEP.sub("", b, count=1)
        if rest == b or "/" in rest.replace("//", "/") or "::" in rest:
            return None  # "div.x blockquote": a descendant step, not one element's test
        tests.append(f"self::{rest}")
    return lxml.etree.XPath(" | ".join(tests))


class PlatformTable:
    """All platforms, with URL matching. Load once and reuse (``PlatformTable.load()`` caches)."""

    def __init__(self, platforms: list[Platform], generic_shorteners: frozenset[str] = frozenset()
                 ) -> None:
        # platforms on any host (Mastodon) are tried after those with their own domains
        self.platforms = tuple(sorted(platforms, key=lambda p: not p.domains))
        self.by_name = {p.name: p for p in platforms}
        #: link shorteners of no platform (bit.ly, tinyurl.com, ...)
        self.generic_shorteners = generic_shorteners
        self.match = lru_cache(maxsize=8192)(self._match)  # type: ignore[method-assign]
        #: each domain's platforms (by position), so a URL is tried only on the platforms that
        #: own its host or one of its parent domains, and on those of any host
        self._by_domain: dict[str, list[int]] = {}
        for i, p in enumerate(self.platforms):
            for d in dict.fromkeys((*p.domains, *p.media_domains, *p.shorteners)):
                self._by_domain.setdefault(d, []).append(i)
        self._any_host = [i for i, p in enumerate(self.platforms) if not p.domains]
        #: the embed selectors by what an element needs to match them, for one pass over a page
        self.selector_index = SelectorIndex(self.platforms)

    @staticmethod
    @cache
    def load(*paths: str) -> PlatformTable:
        """The packaged table, validated; each TOML file in ``paths`` adds its ``[[platform]]``
        rows (a row with the name of a packaged one replaces it). Memoised by path; the
        pipeline gets its table from the ``platforms`` option through its context."""
        packaged = read("platforms.toml")
        rows = {row["name"]: row for row in packaged["platform"]}
        shorteners = set(packaged.get("generic_shorteners", []))
        for path in paths:
            extra = read("", path)
            shorteners.update(extra.get("generic_shorteners", []))
            for row in extra.get("platform", []):
                if not isinstance(row, dict) or "name" not in row:
                    raise VerifyError(f"bad platform table {path}: a row without a name")
                rows[row["name"]] = row
        try:
            return PlatformTable([_platform(row) for row in rows.values()],
                                 frozenset(h.lower() for h in shorteners))
        except (KeyError, TypeError, ValueError, re.error) as exc:
            raise VerifyError(f"bad platform table: {exc}") from exc

    def _match(self, url: str) -> UrlMatch | None:
        """Say what ``url`` is on which platform, or None for a URL of no known platform."""
        key = url_key(url)
        if not key:
            return None
        host = key.split("/", 1)[0]
        for platform in self.platforms if key.startswith("at://") else self.owners(host):
            found = self._match_platform(platform, key, host)
            if found is not None:
                return found
        return None

    def owners(self, host: str) -> list[Platform]:
        """The platforms that own ``host`` (already stripped of www.) or one of its parent
        domains, and those of any host, in table order: one lookup a domain, not a loop."""
        labels = host.split(".")
        found = {i for n in range(len(labels))
                 for i in self._by_domain.get(".".join(labels[n:]), ())}
        return [self.platforms[i] for i in sorted(found.union(self._any_host))]

    def _match_platform(self, p: Platform, key: str, host: str) -> UrlMatch | None:
        for pat in p.chrome:
            if pat.search(key):
                return UrlMatch(p.name, "chrome")
        for post in p.posts:
            m = post.regex.search(key)
            if not m:
                continue
            groups = {k: v for k, v in m.groupdict().items() if v}
            if "url" in groups:
                inner = self.match(unquote(groups["url"]))
                if inner is not None:
                    return inner
                continue
            return _post_match(p, post, groups)
        if any(_host_in(host, d) for d in p.shorteners):
            return UrlMatch(p.name, "shortener")
        if any(_host_in(host, d) for d in p.media_domains):
            return UrlMatch(p.name, "media")
        for pat in p.profiles:
            m = pat.search(key)
            if m:
                handle = m.groupdict().get("handle") or next(
                    (v for v in m.groupdict().values() if v), None)
                first = key.split("/")[1].split("?")[0].lower() if "/" in key else ""
                if first in p.not_profiles:
                    return None
                return UrlMatch(p.name, "profile", handle=handle)
        return None

    def snowflake_time(self, platform: str, post_id: str | None) -> str | None:
        """The time a post id encodes (X snowflake, TikTok), as ISO 8601 UTC, or None."""
        p = self.by_name.get(platform)
        if p is None or not p.id_time or not post_id or not post_id.isdigit():
            return None
        n = int(post_id)
        if p.id_time == "snowflake":
            if n < (1 << 22):  # ids from before snowflakes (2010) carry no time
                return None
            seconds = ((n >> 22) + 1288834974657) / 1000
        elif p.id_time == "tiktok":
            seconds = n >> 32
        else:
            return None
        if not 1_262_304_000 <= seconds <= 4_102_444_800:  # 2010..2100: otherwise not a time
            return None
        stamp = datetime.fromtimestamp(seconds, tz=UTC)
        return stamp.isoformat(timespec="seconds").replace("+00:00", "Z")


def _post_match(p: Platform, post: PostPattern, groups: dict[str, str]) -> UrlMatch:
    kind = post.kind or p.kind
    post_id = post.id.format(**groups) if post.id else groups.get("id")
    handle = groups.get("handle")
    template = post.canonical or p.canonical
    if not handle and "{handle}" in (template or "") and p.canonical_without_handle:
        template = p.canonical_without_handle
    values = {**groups, "id": post_id or ""}
    try:
        canonical = template.format(**values) if template else None
    except KeyError:
        canonical = p.canonical_without_handle.format(**values) if p.canonical_without_handle \
            else None
    if kind == "profile":
        return UrlMatch(p.name, "profile", handle=handle)
    return UrlMatch(p.name, kind, post_id=post_id, handle=handle, canonical=canonical)


def _regex(pattern: str, where: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern, re.I)
    except re.error as exc:
        raise ValueError(f"{where}: bad pattern {pattern!r}: {exc}") from exc


#: the keys each part of a platform row may have: a misspelt key ("domain" for "domains")
#: is an error, not a row that silently matches every URL
ROW_KEYS = frozenset({"name", "label", "domains", "kind", "posts", "canonical",
                      "canonical_without_handle", "profiles", "not_profiles", "media_domains",
                      "shorteners", "selectors", "id_time", "drop_params", "signatures", "social",
                      "chrome", "check", "examples", "embeds"})
PART_KEYS = {"posts": frozenset({"re", "canonical", "id", "kind"}),
             "selectors": frozenset({"css", "xpath", "attr", "template", "id_attr"}),
             "signatures": frozenset({"re", "text"}),
             "examples": frozenset({"url", "canonical", "id", "kind", "handle"}),
             "check": frozenset({"resolver", "name", "endpoint", "url", "status"})}


def _known_keys(entry: object, allowed: frozenset[str], where: str) -> None:
    """Refuse an entry that is not a table or has a key the table format does not know."""
    import difflib

    if not isinstance(entry, dict):
        raise ValueError(f"{where}: expected a table, got {type(entry).__name__}")
    for key in entry:
        if key not in allowed:
            near = difflib.get_close_matches(key, sorted(allowed), n=1)
            hint = f" (did you mean {near[0]!r}?)" if near else ""
            raise ValueError(f"{where}: unknown key {key!r}{hint}")


def _platform(row: dict[str, Any]) -> Platform:
    name = row["name"]
    _known_keys(row, ROW_KEYS, f"platform {name!r}")
    for part, allowed in PART_KEYS.items():
        entries = row.get(part, [])
        for entry in entries if isinstance(entries, list) else [entries]:
            _known_keys(entry, allowed, f"platform {name!r}, {part}")
    kind = row.get("kind", "post")
    if kind not in _KINDS:
        raise ValueError(f"{name}: unknown kind {kind!r}")
    posts = []
    for entry in row.get("posts", []):
        if entry.get("kind") and entry["kind"] not in _KINDS:
            raise ValueError(f"{name}: unknown kind {entry['kind']!r}")
        posts.append(PostPattern(_regex(entry["re"], name), entry.get("canonical"),
                                 entry.get("id"), entry.get("kind")))
    selectors = []
    for entry in row.get("selectors", []):
        expression = entry.get("css") or entry.get("xpath")
        try:
            path = entry["xpath"] if "xpath" in entry else CSSSelector(entry["css"]).path
            xpath = lxml.etree.XPath(path)
        except Exception as exc:  # cssselect and lxml raise their own syntax errors
            raise ValueError(f"{name}: bad selector {expression!r}: {exc}") from exc
        selectors.append(Selector(expression, xpath, entry.get("attr"), entry.get("template"),
                                  entry.get("id_attr"), _self_test(path), path,
                                  needs_of(None if "xpath" in entry else entry["css"], path)))
    return Platform(
        name=name,
        label=row.get("label", name),
        kind=kind,
        domains=tuple(d.lower() for d in row.get("domains", [])),
        posts=tuple(posts),
        canonical=row.get("canonical"),
        canonical_without_handle=row.get("canonical_without_handle"),
        profiles=tuple(_regex(r, name) for r in row.get("profiles", [])),
        not_profiles=frozenset(s.lower() for s in row.get("not_profiles", [])),
        media_domains=tuple(row.get("media_domains", [])),
        shorteners=tuple(row.get("shorteners", [])),
        selectors=tuple(selectors),
        id_time=row.get("id_time"),
        chrome=tuple(_regex(r, name) for r in row.get("chrome", [])),
        drop_params=frozenset(row.get("drop_params", [])),
        social=bool(row.get("social", True)),
        embeds=bool(row.get("embeds", True)),
        check=_check(row["check"], name) if "check" in row else None,
        signatures=tuple(
            Signature(re.compile(e["re"], re.M), e.get("text", "none"))
            for e in row.get("signatures", [])
        ),
    )


def _check(row: dict[str, Any], name: str) -> CheckSpec:
    status = tuple((int(code), str(meaning)) for code, meaning in row.get("status", {}).items())
    return CheckSpec(str(row["resolver"]), str(row["name"]), row.get("endpoint"),
                     str(row.get("url", "")), status)
