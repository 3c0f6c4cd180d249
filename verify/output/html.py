"""The annotated story as HTML: a summary table on top, then the text with embeds, media
references and claims highlighted and their flags as badges (reason on hover). The same view
serves Jupyter (``Report._repr_html_``) and the standalone offline file of
``verify scan --format html`` (inline CSS, no scripts, no network)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from html import escape

from ..model import Claim, Embed, Flag, MediaRef, Report

CSS = """
.verify-report{font:15px/1.6 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1b1b1b;
  max-width:52rem;margin:1.5rem auto;padding:0 1rem}
.verify-report h2{font-size:1.3rem;margin:.2rem 0}
.verify-report .meta{color:#555;font-size:.85rem}
.verify-report table{border-collapse:collapse;margin:.8rem 0;font-size:.85rem}
.verify-report th,.verify-report td{border:1px solid #ddd;padding:.2rem .5rem;text-align:left}
.verify-report .story p{margin:.5rem 0}
.verify-report mark{padding:0 .1rem;border-radius:3px}
.verify-report mark.claim{background:#fff3bf}
.verify-report mark.embed{background:#d0ebff}
.verify-report mark.media{background:#e5dbff}
.verify-report mark.flagged{box-shadow:inset 0 -2px 0 #c92a2a}
.verify-report .badge{display:inline-block;font-size:.7rem;line-height:1.2;padding:.05rem .35rem;
  margin:0 .15rem;border-radius:.6rem;color:#fff;vertical-align:.1rem;cursor:help;
  font-family:ui-monospace,monospace}
.verify-report .sev-high{background:#c92a2a}
.verify-report .sev-medium{background:#e67700}
.verify-report .sev-low{background:#5c7cfa}
.verify-report .legend mark{font-size:.8rem}
.verify-report .error{color:#c92a2a;font-weight:600}
"""
_KIND = {"e": "embed", "m": "media", "c": "claim"}


def _badges(flags: list[Flag]) -> str:
    return "".join(
        f'<span class="badge sev-{escape(f.severity)}" data-code="{escape(f.code)}" '
        f'title="{escape(f.reason)}">{escape(f.code)}</span>' for f in flags)


def _annotate(report: Report) -> str:
    """The story text as paragraphs with nested highlights; spans that cross are clipped."""
    text = report.text
    marked: list[Embed | MediaRef | Claim] = [*report.embeds, *report.media_refs, *report.claims]
    items = [(it.span, it.id) for it in marked
             if it.span is not None and it.span.end > it.span.start]
    by_item: dict[str, list[Flag]] = {}
    for f in report.flags:
        by_item.setdefault(f.item, []).append(f)
    opens: dict[int, list[tuple[int, str]]] = {}
    for span, item_id in items:
        opens.setdefault(span.start, []).append((span.end, item_id))
    out: list[str] = ["<p>"]
    stack: list[tuple[int, str]] = []
    pos = 0

    def close_until(limit: int) -> None:
        while stack and stack[-1][0] <= limit:
            _, item_id = stack.pop()
            out.append(f"</mark>{_badges(by_item.get(item_id, []))}")

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
                    out.append(_mark_open(item_id, by_item))
                out.append(escape(part))
            pos = point
        close_until(point)
        for end, item_id in sorted(opens.get(point, []), key=lambda x: -x[0]):
            end = min(end, stack[-1][0]) if stack else end  # clip a span that would cross
            stack.append((end, item_id))
            out.append(_mark_open(item_id, by_item))
    close_until(len(text) + 1)
    out.append("</p>")
    return "".join(out)


def _mark_open(item_id: str, by_item: dict[str, list[Flag]]) -> str:
    kind = _KIND.get(item_id[:1], "claim")
    flagged = " flagged" if by_item.get(item_id) else ""
    return f'<mark class="{kind}{flagged}" data-id="{escape(item_id)}">'


def _summary(report: Report) -> str:
    counts = Counter(f.code for f in report.flags)
    severity = {f.code: f.severity for f in report.flags}
    rows = "".join(
        f'<tr><td><span class="badge sev-{escape(severity[c])}">{escape(c)}</span></td>'
        f"<td>{n}</td></tr>" for c, n in counts.most_common())
    totals = ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in report.counts().items())
    table = (f"<table><thead><tr><th>flag</th><th>items</th></tr></thead><tbody>{rows}</tbody>"
             "</table>") if rows else "<p>No flags.</p>"
    return f'<p class="meta">{escape(totals)}</p>{table}'


def report_fragment(report: Report) -> str:
    """One report as an HTML fragment (what Jupyter shows)."""
    src = report.source
    title = escape(src.title or src.location or src.kind)
    meta = " · ".join(escape(x) for x in (src.location, src.site, src.published) if x)
    head = f'<h2>{title}</h2><p class="meta">{meta}</p>'
    if report.error is not None:
        return (f'<div class="verify-report">{head}<p class="error">'
                f"{escape(report.error.message)}</p></div>")
    legend = ('<p class="legend"><mark class="claim">claim</mark> <mark class="embed">embedded '
              'post</mark> <mark class="media">media reference</mark> · hover a badge for its '
              "reason</p>")
    warnings = "".join(f'<p class="meta">warning: {escape(w)}</p>' for w in report.warnings)
    return (f'<div class="verify-report">{head}{_summary(report)}{warnings}{legend}'
            f'<div class="story">{_annotate(report)}</div></div>')


def to_html(reports: Iterable[Report] | Report, title: str = "verify report") -> str:
    """A standalone, offline HTML page for one or many reports."""
    if isinstance(reports, Report):
        reports = [reports]
    body = "\n<hr>\n".join(report_fragment(r) for r in reports)
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(title)}</title><style>{CSS}</style></head>\n<body>\n{body}\n"
            "</body></html>\n")


