"""One writer per output format for plain records, shared by ``verify scan`` (its CSV rows),
``verify check`` and ``verify media lookup``: JSON (always an array), JSON
Lines, CSV/TSV and Markdown/HTML tables of flat rows, and readable text lines.

>>> import io
>>> out = io.StringIO()
>>> write_records([{"url": "https://x.com/a/status/1", "status": "live"}], "csv", out,
...               columns=["url", "status"], title="checks", text=[])
>>> out.getvalue().splitlines()
['url,status', 'https://x.com/a/status/1,live']
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from html import escape
from typing import IO, Any

from .safe import cell, markdown, terminal

#: formats every command writes
FORMATS = ("text", "json", "jsonl", "markdown", "csv", "tsv", "html")


def csv_writer(out: IO[str], columns: list[str], fmt: str) -> csv.DictWriter[str]:
    """A CSV (or, for ``tsv``, tab-separated) writer of ``columns``, its header written."""
    writer = csv.DictWriter(out, columns, delimiter="\t" if fmt == "tsv" else ",",
                            extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    return writer


def _cell(value: Any) -> str:
    return "" if value is None else str(value)


def _csv_rows(rows: list[dict[str, Any]]) -> list[dict[str, str]]:
    return [{k: cell(v) for k, v in row.items()} for row in rows]


def write_records(records: list[dict[str, Any]], fmt: str, out: IO[str], *,
                  columns: list[str], title: str, text: Iterable[str],
                  rows: list[dict[str, Any]] | None = None) -> None:
    """Write ``records`` as ``fmt``: JSON formats get the records whole; CSV, TSV, Markdown and
    HTML get the flat ``rows`` (the records themselves by default) in ``columns``; ``text``
    gets the ready lines of ``text``."""
    table = records if rows is None else rows
    if fmt == "json":
        out.write(json.dumps(list(records), ensure_ascii=False,  # always an array: one shape
                             indent=2) + "\n")
    elif fmt == "jsonl":
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    elif fmt in ("csv", "tsv"):
        csv_writer(out, columns, fmt).writerows(_csv_rows(table))
    elif fmt == "markdown":
        out.write(f"# {title}\n\n| " + " | ".join(columns) + " |\n|" + "---|" * len(columns) + "\n")
        for row in table:
            cells = (markdown(_cell(row.get(c))) for c in columns)
            out.write("| " + " | ".join(cells) + " |\n")
    elif fmt == "html":
        head = "".join(f"<th>{escape(c)}</th>" for c in columns)
        body = "".join("<tr>" + "".join(f"<td>{escape(_cell(row.get(c)))}</td>" for c in columns)
                       + "</tr>" for row in table)
        out.write(f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>'
                  f"{escape(title)}</title></head><body><h1>{escape(title)}</h1><table>"
                  f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></body></html>\n")
    else:
        lines = [terminal(line) for line in text]
        out.write("\n".join(lines) + ("\n" if lines else ""))
