"""Embeds in plain text, as copied stories carry them: signatures such as
``— TOGA (@TOGAjano21) July 27, 2024`` with the post's text on the lines before it and its
``pic.twitter.com`` link, Instagram's "A post shared by Name (@handle)", TikTok's
"♬ original sound - name", and bare post URLs with or without a scheme."""

from __future__ import annotations

from ..model import Embed, Span
from ..platforms import PlatformTable
from .dates import parse_date
from .urls import find_urls, with_scheme

#: a copied post is short (280 characters, plus links): a longer line is the story's own
MAX_POST_CHARS = 400
#: how far after a bare marker its post's credit line may start
MARKER_REACH = 600


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line, including empty ones."""
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _line_index(lines: list[tuple[int, int]], offset: int) -> int:
    lo, hi = 0, len(lines) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if lines[mid][0] <= offset:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _post_text(text: str, lines: list[tuple[int, int]], sig_start: int,
               taken: set[int]) -> tuple[Span | None, list[int]]:
    """The span of the post's text: the part of the signature's own line before it, else the
    one non-empty line just above it (a copied post's earlier paragraphs cannot be told from
    the story's own, so they are left out rather than guessed)."""
    i = _line_index(lines, sig_start)
    start_of_line = lines[i][0]
    before = text[start_of_line:sig_start]
    if before.strip():
        lead = len(before) - len(before.lstrip())
        return Span(start_of_line + lead, start_of_line + len(before.rstrip())), [i]
    j = i - 1
    while j >= 0 and not text[lines[j][0] : lines[j][1]].strip():
        j -= 1
    if j < 0 or j in taken:
        return None, []
    s, e = lines[j]
    line = text[s:e]
    if len(line.strip()) > MAX_POST_CHARS:
        return None, []  # a long paragraph is the story's, not a post
    lead = len(line) - len(line.lstrip())
    return Span(s + lead, s + len(line.rstrip())), [j]


def find_text_embeds(text: str, table: PlatformTable,
                     urls: list[tuple[str, int, int]] | None = None) -> list[Embed]:
    """Every signed or linked post in ``text`` (whose URLs may be given), with spans into it."""
    found: list[Embed] = []
    lines = _lines(text)
    taken: set[int] = set()
    urls = find_urls(text) if urls is None else urls
    for p in table.platforms:
        for sig in p.signatures:
            for m in sig.regex.finditer(text):
                groups = m.groupdict()
                embed = Embed(id="", platform=p.name, kind=p.kind, found_by="text",
                              author_name=(groups.get("name") or "").strip() or None,
                              author_handle=groups.get("handle"),
                              posted=parse_date(groups.get("date")))
                span = Span(m.start(), m.end())
                taken.add(_line_index(lines, m.start()))
                if sig.text == "inline":
                    embed.text = " ".join(m.group().split())
                if sig.text == "before":
                    body, used = _post_text(text, lines, m.start(), taken)
                    parts = [body] if body else []
                    # a media link copied onto the line after the signature belongs to the
                    # post, unless the post above already carries its own
                    after = _line_index(lines, m.end()) + 1
                    has_media = body is not None and any(
                        body.start <= us and ue <= body.end and _is_media(u, p.name, table)
                        for u, us, ue in urls)
                    if after < len(lines) and not has_media:
                        s, e = lines[after]
                        nxt = text[s:e].strip()
                        if nxt and len(nxt) <= MAX_POST_CHARS and any(
                            s <= us and ue <= e and _is_media(u, p.name, table)
                            for u, us, ue in urls
                        ):
                            used.append(after)
                            parts.append(Span(s, e))
                    if parts:
                        embed.text = " ".join(" ".join(text[x.start : x.end].split())
                                              for x in parts)
                        span = Span(min(parts[0].start, span.start), max(parts[-1].end, span.end))
                        taken.update(used)
                    embed.media = [with_scheme(u) for u, us, ue in urls
                                   if span.start <= us and ue <= span.end
                                   and _is_media(u, p.name, table)]
                embed.span = span
                found.append(embed)
    # a bare marker ("View this post on Instagram") is the same post as the credit just after it
    found = [e for e in found if e.author_handle or e.posted or e.text or not any(
        o is not e and o.platform == e.platform and o.author_handle and o.span and e.span
        and 0 <= o.span.start - e.span.end <= MARKER_REACH for o in found)]
    claimed = [e.span for e in found if e.span]
    for url, start, end in urls:
        um = table.match(url)
        if um is None:
            continue
        inside = any(s.start <= start and end <= s.end for s in claimed)
        if um.is_post:
            found.append(Embed(id="", platform=um.platform, kind=um.kind, url=um.canonical,
                               post_id=um.post_id, author_handle=um.handle, found_by="url",
                               span=Span(start, end)))
        elif um.kind == "media" and not inside:
            # media of a platform without a signature is still that platform's media
            found.append(Embed(id="", platform=um.platform, kind="image", url=with_scheme(url),
                               media=[with_scheme(url)], found_by="url", span=Span(start, end)))
    return found


def _is_media(url: str, platform: str, table: PlatformTable) -> bool:
    m = table.match(url)
    return m is not None and m.platform == platform and m.kind in ("media", "shortener")
