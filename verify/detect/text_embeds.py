"""Embeds in plain text, as copied stories carry them: signatures such as
``— TOGA (@TOGAjano21) July 27, 2024`` with the post's text on the lines before it and its
``pic.twitter.com`` link, Instagram's "A post shared by Name (@handle)", TikTok's
"♬ original sound - name", and bare post URLs with or without a scheme."""

from __future__ import annotations

from ..model import Embed, Span
from ..platforms import PlatformTable
from ..urls import find_urls, with_scheme
from .dates import parse_date

#: a copied post is short: text taken from the lines before a signature stops at this length
MAX_POST_CHARS = 300


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
    """The span of the post's text: the part of the signature's own line before it, or the
    non-empty lines just above, as long as they stay short enough to be one post."""
    i = _line_index(lines, sig_start)
    start_of_line = lines[i][0]
    own = text[start_of_line:sig_start].strip()
    if own:
        first = start_of_line + (len(text[start_of_line:sig_start]) -
                                 len(text[start_of_line:sig_start].lstrip()))
        return Span(first, sig_start), [i]
    used: list[int] = []
    total = 0
    j = i - 1
    while j >= 0 and j not in taken:
        s, e = lines[j]
        line = text[s:e].strip()
        if not line:
            if used:
                break
            j -= 1
            continue
        if total + len(line) > MAX_POST_CHARS and used:
            break
        if total + len(line) > MAX_POST_CHARS * 2:
            break
        used.append(j)
        total += len(line)
        j -= 1
    if not used:
        return None, []
    s = lines[min(used)][0]
    e = lines[max(used)][1]
    body = text[s:e]
    lead = len(body) - len(body.lstrip())
    return Span(s + lead, s + len(body.rstrip())), used


def find_text_embeds(text: str, table: PlatformTable) -> list[Embed]:
    """Every signed or linked post in ``text``, with spans into it."""
    found: list[Embed] = []
    lines = _lines(text)
    taken: set[int] = set()
    urls = find_urls(text)
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
                if sig.text_before:
                    body, used = _post_text(text, lines, m.start(), taken)
                    parts = [body] if body else []
                    # a media link copied onto the line after the signature belongs to the post
                    after = _line_index(lines, m.end()) + 1
                    if after < len(lines):
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
    claimed = [e.span for e in found if e.span]
    for url, start, end in urls:
        m = table.match(url)
        if m is None:
            continue
        inside = any(s.start <= start and end <= s.end for s in claimed)
        if m.is_post:
            found.append(Embed(id="", platform=m.platform, kind=m.kind, url=m.canonical,
                               post_id=m.post_id, author_handle=m.handle, found_by="url",
                               span=Span(start, end)))
        elif m.kind == "media" and not inside:
            # media of a platform without a signature is still that platform's media
            found.append(Embed(id="", platform=m.platform, kind="image", url=with_scheme(url),
                               media=[with_scheme(url)], found_by="url", span=Span(start, end)))
    return found


def _is_media(url: str, platform: str, table: PlatformTable) -> bool:
    m = table.match(url)
    return m is not None and m.platform == platform and m.kind in ("media", "shortener")
