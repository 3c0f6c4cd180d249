"""Tidy rows for notebooks and spreadsheets: one row per item and flag (an item with no flag
is one row with empty flag columns, a story with no item one row with empty item columns), as
dicts, CSV rows or a pandas DataFrame."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from ..errors import VerifyError
from ..model import Report

COLUMNS = ["story", "title", "story_url", "item", "item_kind", "platform", "kind", "text", "url",
           "source_name", "source_type", "code", "severity", "reason", "evidence", "error"]
_KINDS = (("embed", "embeds"), ("media_ref", "media_refs"), ("claim", "claims"), ("link", "links"))


def story_id(report: Report) -> str:
    """A readable id for a story: a record's ``id``, its location, its URL, or its title."""
    meta_id = report.meta.get("id")
    if meta_id is not None:
        return str(meta_id)
    src = report.source
    return src.location or src.url or src.title or src.kind


def rows(reports: Iterable[Report], *, flagged_only: bool = False) -> Iterator[dict[str, Any]]:
    """One dict per item and flag (and one per story with no item); ``flagged_only`` keeps
    the flagged items (and errors)."""
    for report in reports:
        base = {"story": story_id(report), "title": report.source.title,
                "story_url": report.source.url}
        if report.error is not None:
            yield {**dict.fromkeys(COLUMNS), **base, "error": report.error.message}
            continue
        if not flagged_only and not any(getattr(report, attr) for _, attr in _KINDS):
            yield {**dict.fromkeys(COLUMNS), **base}  # a story with nothing in it still shows
            continue
        for item_kind, attr in _KINDS:
            for item in getattr(report, attr):
                source = getattr(item, "source", None)
                row = {
                    **dict.fromkeys(COLUMNS), **base,
                    "item": item.id, "item_kind": item_kind,
                    "platform": getattr(item, "platform", None),
                    "kind": getattr(item, "kind", None),
                    "text": getattr(item, "text", None) or getattr(item, "url", None),
                    "url": getattr(item, "url", None),
                    "source_name": source.name if source else None,
                    "source_type": source.type if source else None,
                }
                flags = report.flags_for(item.id)
                if not flags and not flagged_only:
                    yield row
                for f in flags:
                    yield {**row, "code": f.code, "severity": f.severity, "reason": f.reason,
                           "evidence": " … ".join(" ".join(report.evidence(s).split())
                                                  for s in f.evidence)}


def to_dataframe(reports: Iterable[Report] | Report, *, flagged_only: bool = False):  # type: ignore[no-untyped-def]
    """A pandas DataFrame with one row per item and flag, columns :data:`COLUMNS`.

    >>> import verify
    >>> df = verify.to_dataframe([verify.scan("Sources said 40 people died.")])  # doctest: +SKIP
    """
    try:
        import pandas as pd
    except ImportError as exc:
        raise VerifyError("to_dataframe needs pandas: pip install pandas "
                          "(or, in the checkout, pip install -e '.[notebook]')") from exc
    if isinstance(reports, Report):
        reports = [reports]
    return pd.DataFrame(list(rows(reports, flagged_only=flagged_only)), columns=COLUMNS)
