"""Running online checks over URLs or a whole report: concurrently, cached, and turned into
flags (post_unavailable, link_broken, not_archived, date_mismatch)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from ..detect.urls import normalize, with_scheme
from ..errors import BlockedAddressError, FetchError
from ..flags.registry import FlagRegistry
from ..model import Check, Flag, Report
from ..options import Options
from .cache import CheckCache, default_cache_path
from .client import Client
from .resolvers import ResolveContext, archive, endpoints, run

if TYPE_CHECKING:
    from ..context import Context

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp")
#: a post or image older than this before the story is said to predate the events it shows
DATE_MISMATCH_DAYS = 7
#: story images downloaded at most per report, and the largest image downloaded
MAX_IMAGES = 10
MAX_IMAGE_BYTES = 20_000_000


class Checker:
    """Online checks with one HTTP client and one cache; use in a ``with`` block."""

    def __init__(self, context: Context | Options) -> None:
        from ..context import Context

        self.context = context if isinstance(context, Context) else Context.build(context)
        options = self.options = self.context.options
        self.client = Client(options)  # for URLs found in pages
        # for URLs the user gave (``trusted``): the same guard, without the port rule of links
        self.user_client = Client(options, standard_ports=False, pacer=self.client.pacer)
        self.table = self.context.platforms
        self.flags = self.context.flags
        services = {**endpoints(self.table), **options.endpoints}
        self.ctx = ResolveContext(self.client, services, self.table)
        self.user_ctx = ResolveContext(self.user_client, services, self.table)
        self.cache = None
        if options.use_cache:
            self.cache = CheckCache(options.cache_path or default_cache_path())
        self.scope = cache_scope(options, self.ctx.endpoints)

    @property
    def requests_made(self) -> int:
        """HTTP requests made so far (page links and the user's URLs together)."""
        return self.client.requests_made + self.user_client.requests_made

    def close(self) -> None:
        """Release the HTTP sessions and the cache."""
        self.client.close()
        self.user_client.close()
        if self.cache is not None:
            self.cache.close()

    def __enter__(self) -> Checker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _cached(self, key: str, make: Callable[[], Check]) -> Check:
        """A cached result unless ``refresh`` (one checked under the same guard and endpoints,
        young enough for its status); a fresh one is stored unless it is a refusal or a
        failure of our own (skipped, unreachable, rate limited)."""
        key = f"{self.scope}:{key}"
        if self.cache is not None and not self.options.refresh:
            cached = self.cache.get(key, self.options.max_age)
            if cached is not None:
                return cached
        check = make()
        check.checked_at = datetime.now(UTC).isoformat(timespec="seconds")
        if self.cache is not None:
            self.cache.put(key, check)
        return check

    def check(self, url: str, *, when: str | None = None, archived: bool = False,
              trusted: bool = True) -> Check:
        """Check one URL (a cached result unless ``refresh``). ``trusted``: the user gave it,
        so it may use any port of a host the user allowed; a URL found in a page is checked
        with ``trusted=False`` (ports 80 and 443 unless that ``host:port`` is allowed)."""
        url = with_scheme(url)
        normalized = normalize(url, self.table)
        if normalized.lower().split("?")[0].endswith(IMAGE_SUFFIXES):
            return self.check_image(normalized, trusted=trusted)
        match = self.table.match(normalized)
        ctx = self.user_ctx if trusted else self.ctx

        def make() -> Check:
            check = Check(url=url, normalized_url=normalized,
                          platform=match.platform if match else None)
            run(normalized, match, ctx, check)
            if match is not None and match.post_id and not check.posted_at:
                stamp = self.table.snowflake_time(match.platform, match.post_id)
                if stamp:
                    check.posted_at, check.posted_at_source = stamp, "id"
            if archived and check.status != "skipped":
                archive(normalized, when, ctx, check)
            return check

        # a trusted check is cached apart: its answer must never serve a page's link
        return self._cached(f"{'user+' if trusted else ''}{'archive+' if archived else ''}"
                            f"{normalized}", make)

    def check_image(self, url: str, *, trusted: bool = True) -> Check:
        """Download an image within the caps (once): status, size, EXIF, pHash, and its match
        in the known-media database."""
        url = with_scheme(url)
        client = self.user_client if trusted else self.client

        def make() -> Check:
            check = Check(url=url, normalized_url=url, resolver="image")
            try:
                answer = client.get(url, max_bytes=MAX_IMAGE_BYTES)
            except BlockedAddressError as exc:
                check.status, check.error = "skipped", str(exc)
                return check
            except FetchError as exc:
                check.status, check.error = "unreachable", str(exc)
                return check
            check.http_status, check.final_url = answer.status, answer.final_url
            check.redirect_chain = list(answer.redirects)
            if answer.status >= 400:
                check.status = "removed" if answer.status in (404, 410) else "unknown"
                return check
            check.status = "live"
            self._describe_image(answer.content, url, check)
            return check

        return self._cached(f"{'user+' if trusted else ''}image+{url}", make)

    def _describe_image(self, content: bytes, url: str, check: Check) -> None:
        from ..media.imaging import ImageError, hash_loaded, load

        try:
            img = load(content, url)
        except ImageError as exc:  # not an image we open: a detail, not a failed check
            check.details["image_error"] = str(exc)
            return
        exif = img.getexif()
        hashed = hash_loaded(img)
        info: dict[str, Any] = {"width": img.width, "height": img.height,
                                "phash": f"{hashed.phash:016x}"}
        for tag, name in ((306, "datetime"), (271, "camera_make"), (272, "camera_model"),
                          (305, "software")):
            if exif.get(tag):
                info[name] = str(exif.get(tag))
        original = exif.get_ifd(0x8769).get(36867)
        if original:
            info["datetime_original"] = str(original)
        if exif.get_ifd(0x8825):
            info["gps"] = True
        check.details["image"] = info
        db = self.context.media_db  # opened once for every image of the run
        if db is not None:
            matches = db.lookup_hashed(hashed)
            if matches:
                check.details["known_media"] = matches[0].describe()

    def check_many(self, urls: Iterable[str], *, when: str | None = None,
                   archived: bool = False, trusted: bool = True,
                   on_done: Callable[[Check], None] | None = None) -> list[Check]:
        """Check URLs concurrently (hosts are still paced); results in input order;
        ``on_done`` is called as each check finishes (a progress bar)."""
        urls = list(dict.fromkeys(urls))

        def one(url: str) -> Check:
            result = self.check(url, when=when, archived=archived, trusted=trusted)
            if on_done is not None:
                on_done(result)
            return result

        with ThreadPoolExecutor(max_workers=max(1, self.options.concurrency)) as pool:
            return list(pool.map(one, urls))

    def check_report(self, report: Report, images: Iterable[str] = ()) -> None:
        """Check the report's embeds, links and ``images`` (the page's og:image and story
        images); add the results and the flags they warrant."""
        when = report.source.published
        targets: dict[str, list[tuple[str, str]]] = {}  # url -> (item id, item kind)
        archived: set[str] = set()
        for e in report.embeds:
            if e.url:
                targets.setdefault(e.url, []).append((e.id, "embed"))
                archived.add(e.url)
        for link in report.links:
            targets.setdefault(link.url, []).append((link.id, "link"))
            if link.kind in ("news", "post"):
                archived.add(link.url)
        pictures = [u for u in dict.fromkeys(images) if u not in targets][:MAX_IMAGES]
        with ThreadPoolExecutor(max_workers=max(1, self.options.concurrency)) as pool:
            # one pool for every URL: posts, links and images are checked at once
            checks = pool.map(lambda u: self.check(u, when=when, archived=u in archived,
                                                   trusted=False), targets)
            images_checked = pool.map(lambda u: self.check_image(u, trusted=False), pictures)
            for url, check in zip(targets, checks, strict=True):
                report.checks.append(check)
                for item, kind in targets[url]:
                    report.flags.extend(flags_for(item, kind, check, report, self.flags))
            for check in images_checked:
                report.checks.append(check)
                report.flags.extend(image_flags(check, report, self.flags))
        failed = [c for c in report.checks if c.status == "unreachable"]
        if failed:  # our own failure to check is no finding about the story
            report.warnings.append(
                f"{len(failed)} of {len(report.checks)} online checks could not run "
                f"({failed[0].error or 'no answer'}); those items are not flagged")


def cache_scope(options: Options, urls: dict[str, str]) -> str:
    """A digest of everything in the options that can change an answer: the hosts the guard
    lets through, the services asked, the size cap and the User-Agent. Answers are cached
    under it, so nothing fetched under one guard is served under another."""
    import hashlib
    import json

    scope = {"allow": sorted(options.allow_hosts), "endpoints": sorted(urls.items()),
             "max_bytes": options.max_bytes, "agent": options.user_agent}
    return hashlib.sha256(json.dumps(scope).encode()).hexdigest()[:16]


def image_flags(check: Check, report: Report, registry: FlagRegistry) -> list[Flag]:
    """A story image found in the known-media database, or taken well before the story: the
    image becomes a media reference with the flag."""
    from ..model import MediaRef

    info = check.details.get("image") or {}
    taken = _day(str(info.get("datetime_original") or "").replace(":", "-", 2))
    published = _day(report.source.published)
    reasons = []
    if check.details.get("known_media"):
        reasons.append(("known_media", f"The image {check.url} {check.details['known_media']}"))
    if taken and published and (published - taken).days > DATE_MISMATCH_DAYS:
        reasons.append(("date_mismatch", f"The image's camera time is {taken.isoformat()}, "
                        f"{(published - taken).days} days before the story "
                        f"({published.isoformat()})."))
    if not reasons:
        return []
    ref = MediaRef(id=f"m{len(report.media_refs) + 1}", kind="photo", text=check.url,
                   where="this page", linked=True)
    report.media_refs.append(ref)
    return [registry.make(ref.id, code, reason, []) for code, reason in reasons]


def flags_for(item: str, kind: str, check: Check, report: Report,
              registry: FlagRegistry) -> list[Flag]:
    """The flags one check warrants for one item of ``kind`` (``embed`` or ``link``)."""
    out = []
    when = check.checked_at[:10] if check.checked_at else "the check"
    if kind == "embed" and check.status in ("removed", "private"):
        why = {"removed": "deleted or never existed", "private": "protected, private or suspended"}
        out.append(registry.make(item, "post_unavailable",
                        f"The post is no longer available: {check.resolver} answered HTTP "
                        f"{check.http_status} ({why[check.status]}) on {when}.", []))
    elif kind == "link" and check.status == "removed":
        out.append(registry.make(item, "link_broken",
                        f"The link does not work: {check.error or f'HTTP {check.http_status}'} "
                        f"on {when}.", []))
    if check.details.get("archive_checked") and not check.archived_url:
        out.append(registry.make(item, "not_archived",
                        "The Wayback Machine has no capture of it, so it could vanish without "
                        "a trace.", []))
    published = _day(report.source.published)
    posted = _day(check.posted_at)
    if kind == "embed" and published and posted and \
            (published - posted).days > DATE_MISMATCH_DAYS:
        out.append(registry.make(item, "date_mismatch",
                        f"The post is from {posted.isoformat()} ({check.posted_at_source}), "
                        f"{(published - posted).days} days before the story "
                        f"({published.isoformat()}).", []))
    return out


def _day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def write_checks(checks: list[Check], fmt: str, out: Any) -> None:
    """Check results in the formats of ``verify scan`` (JSON: one record per URL)."""
    import dataclasses

    from ..output.records import write_records

    records = [dataclasses.asdict(c) for c in checks]
    columns = [f.name for f in dataclasses.fields(Check)
               if f.name not in ("redirect_chain", "details")]
    lines = []
    for c in checks:
        who = f" by @{c.author_handle}" if c.author_handle else ""
        when = f", posted {c.posted_at} ({c.posted_at_source})" if c.posted_at else ""
        arch = f", archived {c.archived_url}" if c.archived_url else ""
        cached = " [cached]" if c.from_cache else ""
        http = f"HTTP {c.http_status}" if c.http_status is not None else "no HTTP answer"
        lines.append(f"{c.status:<12} {c.url}  {c.resolver} {http}{who}{when}{arch}"
                     f"{cached}" + (f"  ({c.error})" if c.error else ""))
    write_records(records, fmt, out, columns=columns, title="verify check", text=lines)
