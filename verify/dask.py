"""Scanning beyond one machine with Dask (``pip install -e '.[dask]'`` from the checkout).

Each partition of a bag of sources (paths, URLs, JSONL-style records or story strings) is
scanned by one :class:`~verify.Scanner`; reports travel as plain ``verify.report/1`` dicts.

>>> import dask.bag as db                                                   # doctest: +SKIP
>>> from verify.dask import scan_bag, write_jsonl
>>> reports = scan_bag(db.from_sequence(paths, npartitions=64))          # doctest: +SKIP
>>> write_jsonl(reports, "out/reports-*.jsonl")                           # doctest: +SKIP
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from .errors import VerifyError
from .input.records import record_input
from .model import Report
from .output.frames import rows
from .scanner import Scanner

try:
    import dask.bag as db
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise VerifyError("verify.dask needs dask: pip install -e '.[dask]' in the checkout"
                      ) from exc


def _scan_partition(sources: Iterable[Any], options: dict[str, Any]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    with Scanner(**options) as scanner:
        for source in sources:
            item = record_input(source, "record") if isinstance(source, dict) else source
            out.extend(r.to_dict() for r in scanner.scan_many([item], jobs=1))
    return out


def scan_bag(sources: db.Bag, **options: Any) -> db.Bag:
    """A bag of report dicts, one per story of ``sources`` (options as for :func:`verify.scan`)."""
    return sources.map_partitions(_scan_partition, options)


def write_jsonl(reports: db.Bag, pattern: str) -> list[str]:
    """Write report dicts as JSON Lines, one file per partition (``pattern`` has one ``*``)."""
    return reports.map(lambda d: json.dumps(d, ensure_ascii=False)).to_textfiles(pattern)


def flag_rows(reports: db.Bag, *, flagged_only: bool = True) -> db.Bag:
    """A bag of tidy rows (see :func:`verify.output.frames.rows`), e.g. for ``.to_dataframe()`` and
    ``to_parquet`` (which needs pyarrow)."""
    return reports.map_partitions(
        lambda part: list(rows((Report.from_dict(d) for d in part), flagged_only=flagged_only)))


def write_parquet(reports: db.Bag, path: str, *, flagged_only: bool = True) -> None:
    """Write the tidy flag rows of ``reports`` as a Parquet dataset (needs pyarrow, which
    ``verify-stories[dask]`` brings)."""
    import pandas as pd

    from .output.frames import COLUMNS

    meta = pd.DataFrame({c: pd.Series(dtype="string") for c in COLUMNS})
    as_text = flag_rows(reports, flagged_only=flagged_only).map(
        lambda row: {k: None if v is None else str(v) for k, v in row.items()})
    as_text.to_dataframe(meta=meta).to_parquet(path, write_index=False)
