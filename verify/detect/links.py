"""The links stage: every URL the story carries (its text, its main content's hyperlinks, and
its embeds' own links), normalised, deduplicated and classified. Site chrome (share buttons,
"follow us" links in the header or footer) is left out."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import lxml.etree
from lxml.html import HtmlElement

from ..model import Link, Report, Span
from ..platforms import PlatformTable
from ..story import Story
from .urls import normalize, url_key

#: ancestors whose links belong to the site's chrome, not to the story
CHROME_TAGS = frozenset({"header", "footer", "nav", "aside", "form", "button"})
CHROME_WORDS = ("share", "social", "follow", "menu", "navbar", "footer", "header", "sidebar",
                "related", "newsletter", "subscribe", "breadcrumb", "comment", "promo", "cookie")
_ABSOLUTE_LINKS = lxml.etree.XPath(
    "//a[starts-with(normalize-space(@href), 'http') or starts-with(normalize-space(@href), '//')]")
#: blocks whose text trafilatura keeps as a paragraph of the story
BLOCK_TAGS = frozenset({"p", "li", "blockquote", "td", "th", "dd", "figcaption", "h1", "h2", "h3",
                        "h4", "h5", "h6", "pre", "div", "section", "article"})
#: how much of a block's text must be found in the story text for its links to count
STORY_PROBE = 40
_KINDS = {"post": "post", "video": "post", "audio": "post", "image": "post",
          "profile": "profile", "media": "media", "shortener": "shortener"}

if TYPE_CHECKING:
    from ..context import Context

def _is_chrome(el: HtmlElement) -> bool | None:
    """True for a chrome container, False for the article itself, None to keep looking up."""
    if el.tag in CHROME_TAGS:
        return True
    marks = f"{el.get('class', '')} {el.get('id', '')} {el.get('role', '')}".lower()
    if marks.strip() and any(w in marks for w in CHROME_WORDS):
        return True
    if el.tag in ("article", "main"):
        return False
    return None


def _html_links(tree: HtmlElement, text: str) -> Iterator[tuple[str, str]]:
    """Hyperlinks of the main content: not in the page's chrome, and in a block whose text is
    part of the story text (trafilatura chose it), so navigation and teasers stay out."""
    verdicts: dict[HtmlElement, bool] = {}  # per ancestor, so each is judged once
    in_story: dict[HtmlElement, bool] = {}
    for a in _ABSOLUTE_LINKS(tree):
        path = []
        verdict = False
        for anc in a.iterancestors():
            if anc in verdicts:
                verdict = verdicts[anc]
                break
            path.append(anc)
            found = _is_chrome(anc)
            if found is not None:
                verdict = found
                break
        for anc in path:
            verdicts[anc] = verdict
        if verdict:
            continue
        anchor = " ".join(a.text_content().split())
        block = next((x for x in a.iterancestors() if x.tag in BLOCK_TAGS), None)
        if block is None or not anchor or anchor not in text:
            continue
        if block not in in_story:
            words = " ".join(block.text_content().split())[:STORY_PROBE]
            in_story[block] = bool(words) and words in text
        if in_story[block]:
            yield a.get("href").strip(), anchor


def classify(url: str, table: PlatformTable) -> tuple[str, str | None, str]:
    """(kind, platform, url to report) for a normalised URL."""
    m = table.match(url)
    if m is not None and m.kind != "chrome":
        reported = m.canonical if m.is_post and m.canonical else url
        return _KINDS.get(m.kind, "other"), m.platform, reported
    host = url_key(url).split("/", 1)[0]
    if host in table.generic_shorteners:
        return "shortener", None, url
    segments = [s for s in url_key(url)[len(host):].split("?")[0].split("/") if s]
    last = segments[-1] if segments else ""
    if len(segments) >= 2 or "-" in last or any(c.isdigit() for c in last):
        return "news", None, url  # an article-like page of a site that is not a platform
    return "other", None, url


def links_stage(story: Story, report: Report, ctx: Context) -> None:
    """Add every link of the story to the report, ids l1, l2, ..."""
    table = ctx.platforms
    seen: dict[str, Link] = {}
    candidates: list[tuple[str, Span | None]] = [(u, Span(s, e)) for u, s, e in story.urls]
    if story.tree is not None:
        for href, anchor in _html_links(story.tree, story.text):
            at = story.text.find(anchor) if len(anchor) >= 4 else -1
            candidates.append((href, Span(at, at + len(anchor)) if at >= 0 else None))
    for embed in report.embeds:
        for u in ([embed.url] if embed.url else []) + embed.media:
            candidates.append((u, embed.span))
    for raw, span in candidates:
        m = table.match(raw)
        if m is not None and m.kind == "chrome":
            continue
        url = normalize(raw, table)
        kind, platform, reported = classify(url, table)
        key = reported.lower().rstrip("/")
        if key in seen:
            if seen[key].span is None and span is not None:
                seen[key].span = span
            continue
        seen[key] = Link(id="", url=reported, kind=kind, platform=platform, span=span)
    for i, link in enumerate(seen.values(), 1):
        link.id = f"l{i}"
    report.links.extend(seen.values())
