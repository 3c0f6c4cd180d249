"""The report as HTML for a fact-checking desk: per story a summary by severity, the flagged
items with their source, reasons and evidence in plain view (not only on hover, so they survive
touch screens, print and screenshots), the embedded posts and links with their check status,
then the annotated text, where only flagged items are highlighted strongly and the disclaimers
behind ``unverified_by_story`` are marked. Several stories get an index, failed inputs their
error. The same fragment serves Jupyter (``Report._repr_html_``) and the standalone offline file
of ``verify scan --format html`` (inline CSS, no scripts, no network)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from html import escape

from ..flags.registry import SEVERITIES
from ..flags.sources import short
from ..model import Claim, Embed, Flag, Link, MediaRef, Report, Span
from .summary import checks_by_url, plain_counts, rank, severity_counts, worst_by_item

CSS = """
.verify-report{font:15px/1.6 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1b1b1b;
  max-width:54rem;margin:1.5rem auto;padding:0 1rem}
.verify-report h2{font-size:1.3rem;margin:.2rem 0}
.verify-report h3{font-size:1rem;margin:1.2rem 0 .3rem}
.verify-report .meta{color:#555;font-size:.85rem}
.verify-report table{border-collapse:collapse;margin:.5rem 0;font-size:.85rem}
.verify-report th,.verify-report td{border:1px solid #ddd;padding:.2rem .5rem;text-align:left;
  vertical-align:top}
.verify-report .story p{margin:.5rem 0}
.verify-report mark{background:none;padding:0 .1rem;border-radius:3px}
.verify-report mark.claim{border-bottom:1px dotted #bbb}
.verify-report mark.embed{background:#e7f5ff}
.verify-report mark.media{background:#f3f0ff}
.verify-report mark.flagged{background:#ffe3e3;box-shadow:inset 0 -2px 0 #c92a2a}
.verify-report mark.disclaimer{background:#fff3bf;box-shadow:inset 0 -2px 0 #e67700}
.verify-report .badge{display:inline-block;font-size:.7rem;line-height:1.2;padding:.05rem .35rem;
  margin:0 .15rem;border-radius:.6rem;color:#fff;vertical-align:.1rem;
  font-family:ui-monospace,monospace}
.verify-report .sev-high{background:#c92a2a}
.verify-report .sev-medium{background:#e67700}
.verify-report .sev-low{background:#5c7cfa}
.verify-report ol.items{padding-left:1.4rem}
.verify-report ol.items>li{margin:.5rem 0}
.verify-report .quote{color:#333;font-style:italic}
.verify-report .reason{margin:.1rem 0 .1rem 1rem}
.verify-report .evidence{color:#555;font-size:.85rem;margin-left:1rem}
.verify-report .error{color:#c92a2a;font-weight:600}
.verify-report .status-live{color:#2b8a3e}
.verify-report .status-removed,.verify-report .status-private{color:#c92a2a;font-weight:600}
@media print{
  .verify-report{max-width:none;font-size:11pt}
  .verify-report .badge{color:#000;background:none;border:1px solid #000}
  .verify-report mark.flagged,.verify-report mark.disclaimer{background:none;
    text-decoration:underline}
  .verify-report a{color:inherit;text-decoration:none}
  .verify-report ol.items>li{break-inside:avoid}
}
"""
_KIND = {"e": "embed", "m": "media", "c": "claim", "l": "link", "u": "disclaimer"}
_LABEL = {"embed": "embedded post", "media": "media reference", "claim": "claim", "link": "link"}
EXCERPT = 240


def _badge(f: Flag) -> str:
    return (f'<span class="badge sev-{escape(f.severity)}" data-code="{escape(f.code)}" '
            f'title="{escape(f.reason)}">{escape(f.code)}</span>')


def _excerpt(text: str, limit: int = EXCERPT) -> str:
    return escape(short(text, limit))


def _annotate(report: Report, anchor: str, disclaimers: list[Span]) -> str:
    """The story text as paragraphs with nested highlights; spans that cross are clipped."""
    text = report.text
    marked: list[Embed | MediaRef | Claim] = [*report.embeds, *report.media_refs, *report.claims]
    items = [(it.span, it.id) for it in marked
             if it.span is not None and it.span.end > it.span.start]
    items += [(span, f"u{i}") for i, span in enumerate(disclaimers, 1)]
    by_item: dict[str, list[Flag]] = {}
    for f in report.flags:
        by_item.setdefault(f.item, []).append(f)
    opens: dict[int, list[tuple[int, str]]] = {}
    for span, item_id in items:
        opens.setdefault(span.start, []).append((span.end, item_id))
    out: list[str] = ["<p>"]
    stack: list[tuple[int, str]] = []
    pos = 0
    seen: set[str] = set()  # an id goes on the first piece of a mark only

    def open_mark(item_id: str) -> str:
        first = item_id not in seen
        seen.add(item_id)
        return _mark_open(item_id, by_item, f"{anchor}-t-{item_id}" if first else None)

    def close_until(limit: int) -> None:
        while stack and stack[-1][0] <= limit:
            _, item_id = stack.pop()
            out.append(f"</mark>{''.join(_badge(f) for f in by_item.get(item_id, []))}")

    boundaries = sorted({0, len(text), *opens, *(s.end for s, _ in items)})
    for point in boundaries:
        if point > pos:
            chunk = text[pos:point]
            parts = chunk.split("\n")
            out.append(escape(parts[0]))
            for part in parts[1:]:  # a paragraph break closes and reopens the highlights
                reopen = list(stack)
                for _ in reopen:
                    out.append("</mark>")
                out.append("</p>\n<p>")
                for _, item_id in reopen:
                    out.append(open_mark(item_id))
                out.append(escape(part))
            pos = point
        close_until(point)
        for end, item_id in sorted(opens.get(point, []), key=lambda x: -x[0]):
            end = min(end, stack[-1][0]) if stack else end  # clip a span that would cross
            stack.append((end, item_id))
            out.append(open_mark(item_id))
    close_until(len(text) + 1)
    out.append("</p>")
    return "".join(out)


def _mark_open(item_id: str, by_item: dict[str, list[Flag]], dom_id: str | None) -> str:
    kind = _KIND.get(item_id[:1], "claim")
    flagged = " flagged" if by_item.get(item_id) else ""
    ident = f' id="{escape(dom_id)}"' if dom_id else ""
    return f'<mark class="{kind}{flagged}"{ident} data-id="{escape(item_id)}">'


def _summary(report: Report) -> str:
    """Counts of flagged items by severity, and each code's count, most severe first."""
    by_item = worst_by_item(report)
    levels = Counter(by_item.values())
    chips = " ".join(f'<span class="badge sev-{s}">{levels[s]} {s}</span>'
                     for s in SEVERITIES if levels[s])
    counts = Counter(f.code for f in report.flags)
    severity = {f.code: f.severity for f in report.flags}
    order = sorted(counts, key=lambda c: (rank(severity[c]), -counts[c], c))
    rows = "".join(
        f'<tr><td><span class="badge sev-{escape(severity[c])}">{escape(c)}</span></td>'
        f"<td>{escape(severity[c])}</td><td>{counts[c]}</td></tr>" for c in order)
    totals = plain_counts(report)
    if not rows:
        return f'<p class="meta">{escape(totals)}</p><p>No flags.</p>'
    noun = "item" if len(by_item) == 1 else "items"
    return (f'<p><strong>{len(by_item)} flagged {noun}</strong> {chips}</p>'
            f'<p class="meta">{escape(totals)}</p><table><thead><tr><th>flag</th><th>severity'
            f"</th><th>items</th></tr></thead><tbody>{rows}</tbody></table>")


def _items(report: Report, anchor: str) -> str:
    """Every flagged item, most severe first: what it is, who says it, why it is flagged (in
    words, not on hover), and the evidence the story gives; items with no place in the text
    (an embed found only in the markup, a known image) are listed too."""
    all_items: list[Embed | MediaRef | Claim | Link] = [
        *report.embeds, *report.media_refs, *report.claims, *report.links]
    things = {it.id: it for it in all_items}
    by_item: dict[str, list[Flag]] = {}
    for f in report.flags:
        by_item.setdefault(f.item, []).append(f)
    if not by_item:
        return ""

    def most_severe_first(item_id: str) -> tuple[int, int]:
        worst = min(rank(f.severity) for f in by_item[item_id])
        it = things.get(item_id)
        span = getattr(it, "span", None)
        return worst, span.start if span is not None else 1 << 30

    rows = []
    for item_id in sorted(by_item, key=most_severe_first):
        it = things.get(item_id)
        kind = _KIND.get(item_id[:1], "item")
        label = _LABEL.get(kind, "item")
        what, who = "", ""
        if isinstance(it, Claim):
            what = it.text
            name = it.source.name or "no source named"
            who = f'<span class="meta">source: {escape(name)} ({escape(it.source.type)})</span>'
        elif isinstance(it, Embed):
            by = f"@{it.author_handle}" if it.author_handle else (it.author_name or "")
            what = " ".join(x for x in (it.platform, it.kind, by, it.url or "") if x)
        elif isinstance(it, MediaRef):
            what = it.text
        elif isinstance(it, Link):
            what = it.url
        span = getattr(it, "span", None)
        where = (f' <a href="#{escape(anchor)}-t-{escape(item_id)}">{escape(item_id)}</a>'
                 if span is not None else f" {escape(item_id)} (not in the text)")
        reasons = []
        for f in sorted(by_item[item_id], key=lambda f: (rank(f.severity), f.code)):
            evidence = [s for s in f.evidence if span is None or (s.start, s.end) != (
                span.start, span.end)]
            # the evidence in the story's words, unless the reason already quotes it
            texts = [report.text[s.start:s.end] for s in evidence[:2]
                     if 0 <= s.start < s.end <= len(report.text)]
            quotes = "".join(f'<div class="evidence">“{_excerpt(t)}”</div>' for t in texts
                             if " ".join(t.split()) not in f.reason)
            reasons.append(f'<div class="reason">{_badge(f)} {escape(f.reason)}{quotes}</div>')
        rows.append(f'<li id="{escape(anchor)}-i-{escape(item_id)}"><strong>{label}</strong>'
                    f'{where}: <span class="quote">{_excerpt(what)}</span> {who}'
                    f'{"".join(reasons)}</li>')
    return f'<h3>Flagged items</h3><ol class="items">{"".join(rows)}</ol>'


def _posts_and_links(report: Report) -> str:
    """The embedded posts and the links, with what an online check found (when one ran)."""
    checks = checks_by_url(report)
    rows = []
    for e in report.embeds:
        by = f"@{e.author_handle}" if e.author_handle else (e.author_name or "")
        rows.append(("embedded " + e.kind, e.platform, by, e.url, e.posted))
    for link in report.links:
        rows.append(("link: " + link.kind, link.platform or "", "", link.url, None))
    if not rows:
        return ""
    body = []
    for kind, platform, by, url, posted in rows:
        check = checks.get(url or "")
        status = (f'<span class="status-{escape(check.status)}">{escape(check.status)}</span>'
                  if check is not None else "not checked")
        body.append(f"<tr><td>{escape(kind)}</td><td>{escape(platform)}</td><td>{escape(by)}</td>"
                    f"<td>{escape(url or 'no URL')}</td><td>{escape((posted or '')[:10])}</td>"
                    f"<td>{status}</td></tr>")
    return ("<h3>Embedded posts and links</h3><table><thead><tr><th>what</th><th>platform</th>"
            "<th>by</th><th>URL</th><th>posted</th><th>online check</th></tr></thead><tbody>"
            f"{''.join(body)}</tbody></table>")


def _disclaimers(report: Report) -> list[Span]:
    """The sentences that say the story could not check something (the evidence of
    ``unverified_by_story`` that is not the flagged item itself)."""
    placed: list[Embed | MediaRef | Claim] = [*report.embeds, *report.media_refs, *report.claims]
    spans = {it.id: it.span for it in placed}
    found: dict[tuple[int, int], Span] = {}
    for f in report.flags:
        if f.code == "unverified_by_story":
            own = spans.get(f.item)
            for s in f.evidence:
                if own is None or (s.start, s.end) != (own.start, own.end):
                    found[(s.start, s.end)] = s
    return [found[k] for k in sorted(found)]


def report_fragment(report: Report, anchor: str = "story") -> str:
    """One report as an HTML fragment (what Jupyter shows); ``anchor`` prefixes its ids."""
    src = report.source
    title = escape(src.title or src.location or src.kind)
    meta = " · ".join(escape(x) for x in (src.location, src.site, src.published) if x)
    head = f'<h2 id="{escape(anchor)}">{title}</h2><p class="meta">{meta}</p>'
    if report.error is not None:
        return (f'<div class="verify-report">{head}<p class="error">could not be scanned: '
                f"{escape(report.error.message)}</p></div>")
    legend = ('<p class="legend meta"><mark class="flagged">flagged</mark> '
              '<mark class="disclaimer">the story says it could not check</mark> '
              '<mark class="embed">embedded post</mark> <mark class="media">media reference'
              '</mark> <mark class="claim">claim</mark></p>')
    warnings = "".join(f'<p class="meta">warning: {escape(w)}</p>' for w in report.warnings)
    return (f'<div class="verify-report">{head}{_summary(report)}{warnings}'
            f"{_items(report, anchor)}{_posts_and_links(report)}<h3>The story</h3>{legend}"
            f'<div class="story">{_annotate(report, anchor, _disclaimers(report))}</div></div>')


def _index(reports: list[Report]) -> str:
    """A table of every story: its title (linked), flagged items by severity, or its error."""
    rows = []
    for i, r in enumerate(reports, 1):
        title = escape(r.source.title or r.source.location or r.source.kind)
        if r.error is not None:
            rows.append(f'<tr><td><a href="#story-{i}">{title}</a></td>'
                        f'<td class="error" colspan="3">failed: {escape(r.error.message)}</td></tr>')
            continue
        levels = severity_counts(r)
        cells = "".join(f"<td>{levels[s] or ''}</td>" for s in SEVERITIES)
        rows.append(f'<tr><td><a href="#story-{i}">{title}</a></td>{cells}</tr>')
    return ('<div class="verify-report"><h2>Stories</h2><table><thead><tr><th>story</th>'
            "<th>high</th><th>medium</th><th>low</th></tr></thead><tbody>"
            f"{''.join(rows)}</tbody></table></div>")


def to_html(reports: Iterable[Report] | Report, title: str = "verify report") -> str:
    """A standalone, offline HTML page for one or many reports (an index when several)."""
    reports = [reports] if isinstance(reports, Report) else list(reports)
    parts = [_index(reports)] if len(reports) > 1 else []
    parts += [report_fragment(r, f"story-{i}") for i, r in enumerate(reports, 1)]
    body = "\n<hr>\n".join(parts)
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(title)}</title><style>{CSS}</style></head>\n<body>\n{body}\n"
            "</body></html>\n")
