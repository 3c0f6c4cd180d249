"""Many images at once for the media commands: image files of directories, images behind
URLs (through the fetch guard), adding and looking them up one by one so one bad image costs
only itself, and the results in the output formats."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

from ..errors import VerifyError
from .db import IMAGE_SUFFIXES, Item, Match, MediaDB, Provenance
from .imaging import read_image_file


def image_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Image files of the given paths (a directory stands for the images in it, recursively)."""
    for p in map(Path, paths):
        if p.is_dir():
            yield from sorted(f for f in p.rglob("*") if f.suffix.lower() in IMAGE_SUFFIXES)
        else:
            yield p


def _fetch_image(url: str) -> bytes:
    from ..input.fetch import Fetcher
    from ..options import Options

    fetcher = Fetcher(Options())
    try:
        return fetcher.get(url).content
    finally:
        fetcher.close()


def _read(target: str) -> tuple[str, bytes]:
    if target.startswith(("http://", "https://")):
        return target, _fetch_image(target)
    return target, read_image_file(target, target)


def add_many(db: MediaDB, targets: Iterable[str], prov: Provenance
             ) -> Iterator[tuple[str, Item | VerifyError]]:
    """Add files, directories and URLs; each result is the item or the error (never raised)."""
    for target in _expand(targets):
        try:
            name, data = _read(target)
            yield name, db.add(data, name=name, provenance=prov)
        except VerifyError as exc:
            yield target, exc


def lookup_many(db: MediaDB, targets: Iterable[str]
                ) -> Iterator[tuple[str, list[Match] | VerifyError]]:
    """Look files and URLs up; each result is the matches or the error (never raised)."""
    for target in _expand(targets):
        try:
            name, data = _read(target)
            yield name, db.lookup(data, name)
        except VerifyError as exc:
            yield target, exc


def _expand(targets: Iterable[str]) -> Iterator[str]:
    for t in targets:
        if t.startswith(("http://", "https://")):
            yield t
        else:
            yield from (str(p) for p in image_files([t]))


def write_matches(results: list[tuple[str, list[Match] | VerifyError]], fmt: str,
                  out: Any) -> None:
    """Lookup results in the formats of ``verify scan`` (JSON: one record per image; tables:
    one row per match, and a row with the error for an image that could not be read)."""
    from ..output.records import write_records

    records = [{"image": name, "error": str(r) if isinstance(r, VerifyError) else None,
                "matches": [] if isinstance(r, VerifyError) else [m.to_dict() for m in r]}
               for name, r in results]
    rows: list[dict[str, Any]] = []
    lines: list[str] = []
    for name, r in results:
        if isinstance(r, VerifyError):
            rows.append({"image": name, "error": str(r)})
            continue
        for m in r:
            rows.append({"image": name, "item": m.item.id, "name": m.item.name,
                         "distance": m.distance, "verdict": m.verdict, "variant": m.variant,
                         **asdict(m.item.provenance)})
        head = f"{name}: {len(r)} known image(s)" if r else f"{name}: not in the database"
        lines.append(head + "".join(f"\n  {m.describe()}" for m in r))
    write_records(records, fmt, out, rows=rows, title="verify media lookup", text=lines,
                  columns=["image", "item", "name", "distance", "verdict", "variant",
                           "first_seen", "note", "source", "fact_check", "error"])
