"""The embeds stage: HTML markup and plain-text finds merged, so one post found twice (markup
and text, or a signature and its URL) is one embed, with a span into the report text."""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

import lxml.etree
from lxml.html import HtmlElement

from ..model import Embed, Report, Span
from ..platforms import PlatformTable
from ..story import Story

if TYPE_CHECKING:
    from ..context import Context
from .dates import parse_date
from .html_embeds import find_html_embeds
from .text_embeds import find_text_embeds


def locate(text: str, needle: str | None, limit: int = 80) -> Span | None:
    """Where ``needle`` (its first words, whitespace-insensitive) is in ``text``, or None."""
    if not needle:
        return None
    words = needle.split()
    if not words:
        return None
    head: list[str] = []
    for w in words:
        if sum(map(len, head)) >= limit:
            break
        head.append(w)
    m = re.search(r"\s+".join(map(re.escape, head)), text)
    if m is None:
        return None
    if len(head) == len(words):
        return Span(m.start(), m.end())
    tail = re.search(r"\s+".join(map(re.escape, words[-6:])), text[m.end() :])
    end = m.end() + tail.end() if tail and tail.start() < len(needle) * 2 else m.end()
    return Span(m.start(), end)


def _overlap(a: Span | None, b: Span | None) -> bool:
    return a is not None and b is not None and a.start < b.end and b.start < a.end


def _same_post(a: Embed, b: Embed) -> bool:
    if a.platform != b.platform:
        return False
    if a.found_by == "html" and b.found_by == "text" and _overlap(a.span, b.span):
        return True  # the markup's text and a signature found in the same place
    if a.post_id and b.post_id:
        return a.post_id == b.post_id
    if a.url and b.url and a.url == b.url:
        return True
    if a.author_handle and b.author_handle and a.author_handle.lower() == b.author_handle.lower():
        if a.found_by == b.found_by and a.text and b.text and _words(a.text) != _words(b.text):
            return False  # one account, two posts: their texts say so (read the same way)
        return not (a.posted and b.posted) or a.posted[:10] == b.posted[:10] or _near(a, b)
    return False


def _words(text: str) -> str:
    """A post's text for comparison: its words, lower case, without links (a copy may keep
    or drop the pic.twitter.com link and the markup's spacing)."""
    return " ".join(w for w in re.findall(r"[\w@#']+", text.lower())
                    if not w.startswith(("http", "pic")))


def _near(a: Embed, b: Embed) -> bool:
    try:
        d = date.fromisoformat(a.posted[:10]) - date.fromisoformat(b.posted[:10])  # type: ignore[index]
    except (TypeError, ValueError):
        return False
    return abs(d.days) <= 1  # a signature shows the reader's local date


def _absorb(into: Embed, other: Embed) -> None:
    for name in ("url", "post_id", "author_name", "author_handle", "posted", "text", "span"):
        if getattr(into, name) is None and getattr(other, name) is not None:
            setattr(into, name, getattr(other, name))
    into.media = list(dict.fromkeys([*into.media, *other.media]))
    if into.kind == "unknown" and other.kind != "unknown":
        into.kind = other.kind


def merge(embeds: list[Embed]) -> list[Embed]:
    """Fold duplicates into the first find of each post (HTML finds come first)."""
    out: list[Embed] = []
    for embed in embeds:
        bare_media = embed.found_by == "url" and embed.post_id is None
        if bare_media and any(set(embed.media) & set(o.media) for o in out):
            continue
        for kept in out:
            if _same_post(kept, embed):
                _absorb(kept, embed)
                break
        else:
            out.append(embed)
    return out


def _with_time(embed: Embed, table: PlatformTable) -> None:
    stamp = table.snowflake_time(embed.platform, embed.post_id)
    if stamp is None:
        return
    if embed.posted is None:
        embed.posted = stamp
    elif len(embed.posted) == 10:
        try:
            gap = abs((date.fromisoformat(stamp[:10]) - date.fromisoformat(embed.posted)).days)
        except ValueError:
            return
        if gap <= 1:
            embed.posted = stamp  # the id's exact time, same day as the written date


def embeds_stage(story: Story, report: Report, ctx: Context) -> None:
    """Find every embed of the story and add them to the report, ids e1, e2, ..."""
    table = ctx.platforms
    found: list[Embed] = []
    if story.tree is not None:
        found.extend(find_html_embeds(story.tree, table, story.source.url))
        for embed in found:
            embed.span = locate(story.text, embed.text)
    found.extend(find_text_embeds(story.text, table, story.urls))
    own = table.match(story.source.url) if story.source.url else None
    if own is not None:  # a platform's own page: its posts are the page, not embeds
        found = [e for e in found if e.platform != own.platform]
    embeds = merge(found)
    for embed in embeds:
        if embed.span is None:
            embed.span = locate(story.text, embed.text)
        if embed.span is None and embed.author_handle:
            embed.span = locate(story.text, f"(@{embed.author_handle})")
        _with_time(embed, table)
    embeds.sort(key=lambda e: e.span.start if e.span else len(story.text) + 1)
    for i, embed in enumerate(embeds, 1):
        embed.id = f"e{i}"
    report.embeds.extend(embeds)
    if story.tree is not None and report.source.published and _only_an_embeds_date(
            report.source.published, embeds, story.tree):
        report.source.published = None  # an embedded post's date is not the story's


#: where a page states its own date: meta tags (content or value), <time> and elements
#: classed as a date outside embedded posts, JSON-LD
_PAGE_DATES = lxml.etree.XPath(
    "//meta[contains(@property, 'time') or contains(@property, 'date') or contains(@name, 'date')"
    " or contains(@itemprop, 'date') or contains(@name, 'time') or contains(@name, 'publish')"
    " or contains(@name, 'issued')]/@*[name() = 'content' or name() = 'value']"
    " | //time[not(ancestor::blockquote)]/@datetime | //time[not(ancestor::blockquote)]//text()"
    " | //*[contains(@class, 'date') or contains(@class, 'time') or contains(@class, 'byline')]"
    "[not(ancestor::blockquote)]//text()"
    " | //script[@type='application/ld+json'][contains(., 'date')]/text()")
#: page date strings read at most
MAX_PAGE_DATES = 200


def _only_an_embeds_date(published: str, embeds: list[Embed], tree: HtmlElement) -> bool:
    """Whether the story's date is the day of an embedded post that the page itself never
    states (the extractor read it from the embed's text)."""
    day = published[:10]
    if not any(e.found_by == "html" and e.posted and e.posted[:10] == day for e in embeds):
        return False
    for value in _PAGE_DATES(tree)[:MAX_PAGE_DATES]:
        text = str(value)
        if day in text or (len(text) < 200 and parse_date(text) == day):
            return False
    return True
