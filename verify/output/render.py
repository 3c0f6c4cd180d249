"""Output: reports as readable text for a terminal, Markdown, JSON and JSON Lines."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import IO

from ..flags.sources import short
from ..model import Report
from .safe import cell, markdown, terminal
from .summary import checks_by_url, plain_counts, rank, summary_line

_SEVERITY_COLOUR = {"high": "red", "medium": "yellow", "low": "cyan"}


def _style(text: str, colour: bool, **kw: object) -> str:
    if not colour:
        return text
    import click

    return click.style(text, **kw)  # type: ignore[arg-type]


def _short(text: str | None, limit: int = 160) -> str:
    return short(text or "", limit)


def _items(report: Report) -> Iterator[tuple[str, str, str]]:
    """(section, id, one-line description) for every item, in report order, in plain words
    (with the online check's answer when one ran)."""
    checks = checks_by_url(report)

    def checked(url: str | None) -> str:
        check = checks.get(url or "")
        return f"check: {check.status}" if check is not None else ""

    for e in report.embeds:
        who = " ".join(x for x in (e.author_name, f"@{e.author_handle}" if e.author_handle
                                    else None) if x)
        when = f"posted {e.posted[:10]}" if e.posted else ""
        bits = [e.platform, e.kind, who, when, e.url or "no URL", checked(e.url)]
        yield "Embedded posts", e.id, " · ".join(b for b in bits if b)
    for m in report.media_refs:
        where = f" ({m.where})" if m.where else ""
        yield "Media references", m.id, f"{m.kind}{where}: {_short(m.text)}"
    for c in report.claims:
        src = f"{c.source.name} ({c.source.type})" if c.source.name else "no source named"
        yield "Claims", c.id, f"{_short(c.text)} — {src}"
    for link in report.links:
        bits = [link.kind, link.platform or "", link.url, checked(link.url)]
        yield "Links", link.id, " · ".join(b for b in bits if b)


def filter_flags(report: Report, codes: Iterable[str] = (), min_severity: str | None = None
                 ) -> Report:
    """The report with only the flags of ``codes`` (all when empty) at ``min_severity`` or
    above; the report itself is left as it is."""
    import dataclasses

    wanted = set(codes)
    limit = rank(min_severity or "low")
    kept = [f for f in report.flags if (not wanted or f.code in wanted)
            and rank(f.severity) <= limit]
    return dataclasses.replace(report, flags=kept)


def to_text(report: Report, colour: bool = False, *, only_flagged: bool = False,
            width: int | None = None) -> str:
    """A readable report for a terminal: a summary first, then each item (``only_flagged``:
    only those with a flag) with its flags and their reasons, wrapped to ``width``."""
    import textwrap

    where = "standard input" if report.source.kind == "stdin" else report.source.location
    title = report.source.title or where or report.source.kind
    lines = [_style(terminal(title), colour, bold=True)]
    meta = [where if where != title else None, report.source.site, report.source.published]
    if any(meta):
        lines.append(terminal(" · ".join(m for m in meta if m)))
    if report.error:
        lines.append(_style(terminal(f"error: {report.error.message}"), colour, fg="red"))
        return "\n".join(lines) + "\n"
    lines.append(_style(summary_line(report), colour, bold=True))
    lines.append(plain_counts(report))
    for w in report.warnings:
        lines.append(_style(terminal(f"warning: {w}"), colour, fg="yellow"))
    width = max(40, width or 100)

    def wrap(text: str, indent: int, first: str = "") -> list[str]:
        return textwrap.wrap(text, width=width, initial_indent=" " * indent + first,
                             subsequent_indent=" " * (indent + 5)) or [" " * indent + first]

    section = None
    for sec, item_id, desc in _items(report):
        flags = report.flags_for(item_id)
        if only_flagged and not flags:
            continue
        if sec != section:
            lines.append("")
            lines.append(_style(sec, colour, bold=True, underline=True))
            section = sec
        lines.extend(wrap(terminal(desc), 2, f"{item_id:<4} "))
        for flag in flags:
            label = f"[{flag.code} · {flag.severity}]"
            wrapped = wrap(f"{label} {terminal(flag.reason)}", 7)
            badge = _style(label, colour, fg=_SEVERITY_COLOUR.get(flag.severity, "white"),
                           bold=True)
            wrapped[0] = wrapped[0].replace(label, badge, 1)
            lines.extend(wrapped)
    return "\n".join(lines) + "\n"


def _md_escape(text: str) -> str:
    return markdown(text)


def to_markdown(report: Report) -> str:
    """The report as Markdown: a heading, a table per kind of item, flags under each."""
    title = report.source.title or report.source.location or report.source.kind
    out = [f"## {_md_escape(title)}", ""]
    if report.source.location:
        where = markdown(report.source.location).replace("`", "'")
        out += [f"Source: `{where}`", ""]
    if report.error:
        return "\n".join([*out, f"**Error:** {_md_escape(report.error.message)}", ""])
    for w in report.warnings:
        out += [f"> warning: {_md_escape(w)}", ""]
    section = None
    for sec, item_id, desc in _items(report):
        if sec != section:
            out += ["", f"### {sec}", "", "| id | item | flags |", "|---|---|---|"]
            section = sec
        flags = "<br>".join(f"**{f.code}** ({f.severity}): {_md_escape(f.reason)}"
                            for f in report.flags_for(item_id))
        out.append(f"| {item_id} | {_md_escape(desc)} | {flags} |")
    return "\n".join(out) + "\n"


def write_reports(reports: Iterable[Report], fmt: str, out: IO[str], colour: bool = False,
                  on_report: Callable[[Report], None] | None = None, *,
                  only_flagged: bool = False, width: int | None = None) -> int:
    """Write reports to ``out`` as they come (flushed each time); return how many.

    ``json`` writes an array of reports (also for one, so a script reads one shape); ``jsonl`` one
    report a line; ``csv``/``tsv`` one row per item and flag, and per story with no item
    (``only_flagged``: flagged items only), the columns of ``to_dataframe``; ``html`` one
    standalone page.
    Error reports are written in the JSON and CSV formats, and listed with their error in HTML;
    text and Markdown skip them (their errors go to stderr).
    """
    if fmt == "html":
        from .html import to_html

        kept: list[Report] = []
        for report in reports:
            if on_report:
                on_report(report)
            kept.append(report)
        out.write(to_html(kept))  # failed inputs are listed with their error
        return len(kept)
    n = 0
    writer = None
    if fmt in ("csv", "tsv"):
        from .frames import COLUMNS
        from .records import csv_writer

        writer = csv_writer(out, COLUMNS, fmt)  # the columns of to_dataframe
    for report in reports:
        if on_report:
            on_report(report)
        if writer is not None:
            from .frames import rows

            writer.writerows({k: cell(v) for k, v in row.items()}
                             for row in rows([report], flagged_only=only_flagged))
        elif fmt == "json":  # always an array, one report or many: one shape to read
            out.write(("[\n" if n == 0 else ",\n") + _indent(report))
        elif fmt == "jsonl":
            out.write(json.dumps(report.to_dict(), ensure_ascii=False) + "\n")
        elif report.ok:
            text = to_markdown(report) if fmt == "markdown" else to_text(
                report, colour, only_flagged=only_flagged, width=width)
            out.write(("\n" if n else "") + text)
        out.flush()
        n += 1
    if fmt == "json":
        out.write("\n]\n" if n else "[]\n")
    return n


def _indent(report: Report) -> str:
    return "\n".join("  " + line for line in report.to_json().splitlines())
