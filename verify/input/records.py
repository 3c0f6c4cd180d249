"""Batch input: story records from JSON Lines files, WARC archives and sitemaps, streamed one at
a time so memory stays flat however many stories a file holds.

A JSONL record is ``{"url": ...}``, ``{"html": ...}`` or ``{"text": ...}`` plus any other fields
(ids, dates), which are kept in the report's ``meta``. In a WARC/WARC.gz file every HTML
``response`` record is a story, with its target URI and date in ``meta``. In a sitemap file every
``<url><loc>`` is a page to fetch (so scanning a sitemap goes online, because the user asked).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from ..errors import InputError
from .sources import StoryInput, expand

CONTENT_KEYS = ("html", "text", "url")
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")


def is_jsonl(path: str) -> bool:
    """True for a ``.jsonl`` / ``.ndjson`` file name."""
    return path.lower().endswith((".jsonl", ".ndjson", ".jsonl.gz"))


def is_warc(path: str) -> bool:
    """True for a WARC or ARC file name."""
    return path.lower().endswith(WARC_SUFFIXES)


def record_input(record: dict[str, Any], where: str) -> StoryInput:
    """The story of one JSONL record; the other fields go to ``meta``."""
    meta = {k: v for k, v in record.items() if k not in CONTENT_KEYS}
    for key in CONTENT_KEYS:
        value = record.get(key)
        if isinstance(value, str) and value.strip():
            if key == "url":
                return StoryInput("url", value.strip(), meta=meta)
            return StoryInput("jsonl", where, value, meta=meta)
    raise InputError(f"{where}: record has none of {', '.join(CONTENT_KEYS)}")


def read_jsonl(stream: IO[str] | IO[bytes], name: str) -> Iterator[StoryInput]:
    """Story inputs from a JSON Lines stream (text, or bytes decoded line by line); a bad line,
    undecodable ones included, becomes an input that fails with why."""
    for n, raw in enumerate(stream, 1):
        where = f"{name}:{n}"
        if isinstance(raw, bytes):
            try:
                line = raw.decode("utf-8-sig" if n == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                yield StoryInput("jsonl", where, error=f"{where}: not valid UTF-8 ({exc.reason} "
                                 f"at byte {exc.start})")
                continue
        else:
            line = str(raw)
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError as exc:
            yield StoryInput("jsonl", where, error=f"{where}: not JSON ({exc})")
            continue
        if not isinstance(record, dict):
            yield StoryInput("jsonl", where, error=f"{where}: a record must be a JSON object")
            continue
        try:
            yield record_input(record, where)
        except InputError as exc:
            meta = {k: v for k, v in record.items() if k not in CONTENT_KEYS}
            yield StoryInput("jsonl", where, error=str(exc), meta=meta)


def read_warc(path: str, max_bytes: int = 10_000_000) -> Iterator[StoryInput]:
    """Every HTML response of a WARC file, as a story with its URI and date; a body over
    ``max_bytes`` is an error for that record (never read whole), and a file with no record at
    all is an error."""
    try:
        from warcio.archiveiterator import ArchiveIterator
    except ImportError as exc:  # pragma: no cover - warcio is a dependency
        raise InputError("reading WARC files needs warcio: pip install warcio") from exc
    try:
        records = 0
        with open(path, "rb") as fh:
            for n, record in enumerate(ArchiveIterator(fh), 1):
                records += 1
                if record.rec_type is None:
                    yield StoryInput("warc", f"{path}#{n}",
                                     error=f"{path}#{n}: not a WARC record (a damaged file?)")
                    continue
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                ctype = (record.http_headers.get_header("Content-Type") or "").lower()
                if "html" not in ctype:
                    continue
                uri = record.rec_headers.get_header("WARC-Target-URI")
                date = record.rec_headers.get_header("WARC-Date")
                body = record.content_stream().read(max_bytes + 1)
                meta = {"warc_target_uri": uri, "warc_date": date}
                if len(body) > max_bytes:
                    yield StoryInput("warc", f"{path}#{n}", meta=meta, url=uri,
                                     error=f"{path}#{n}: record body is over the "
                                           f"{max_bytes:,}-byte limit")
                    continue
                if getattr(record.raw_stream, "limit", 0):  # its bytes stop short of its length
                    yield StoryInput("warc", f"{path}#{n}", meta=meta, url=uri,
                                     error=f"{path}#{n}: the record is cut short (a truncated "
                                           "WARC file)")
                    continue
                yield StoryInput("warc", f"{path}#{n}", body, meta=meta, url=uri)
        if records == 0:
            raise InputError(f"{path}: no WARC record in it (empty or not a WARC file)")
    except OSError as exc:
        raise InputError(f"{path}: cannot read WARC ({exc})") from exc
    except Exception as exc:  # warcio raises its own ArchiveLoadFailed
        if type(exc).__name__ in ("ArchiveLoadFailed", "StatusAndHeadersParserException"):
            raise InputError(f"{path}: not a readable WARC file ({exc})") from exc
        raise


def is_sitemap(path: str) -> bool:
    """True for a sitemap file name (``sitemap.xml``, ``news-sitemap.xml.gz``, ...)."""
    name = Path(path).name.lower()
    return "sitemap" in name and name.endswith((".xml", ".xml.gz"))


def read_sitemap(path: str) -> Iterator[StoryInput]:
    """The page URLs of a sitemap file (each ``<url><loc>``, with its ``<lastmod>`` in meta)."""
    import lxml.etree

    try:
        with _open(path, "rb") as fh:
            for _, el in lxml.etree.iterparse(fh, events=("end",), tag="{*}url",
                                              resolve_entities=False, no_network=True):
                loc = el.findtext("{*}loc")
                if loc and loc.strip():
                    meta = {"sitemap": path}
                    if el.findtext("{*}lastmod"):
                        meta["lastmod"] = el.findtext("{*}lastmod").strip()  # type: ignore[union-attr]
                    yield StoryInput("url", loc.strip(), meta=meta)
                el.clear()
    except (OSError, lxml.etree.XMLSyntaxError) as exc:
        yield StoryInput("file", path, error=f"{path}: not a readable sitemap ({exc})")


def stream_inputs(sources: Iterable[object], max_bytes: int = 10_000_000
                  ) -> Iterator[StoryInput]:
    """Expand paths, directories, JSONL and WARC files into story inputs, lazily (a WARC
    record over ``max_bytes`` is an error input)."""
    for item in expand(sources):
        location = item.location or ""
        if item.kind == "file" and is_jsonl(location):
            try:
                with _open(location, "rb") as fh:
                    yield from read_jsonl(fh, location)
            except OSError as exc:
                yield StoryInput("file", location, error=f"{location}: cannot read ({exc})")
        elif item.kind == "file" and is_sitemap(location):
            yield from read_sitemap(location)
        elif item.kind == "file" and is_warc(location):
            try:
                yield from read_warc(location, max_bytes)
            except InputError as exc:
                yield StoryInput("file", location, error=str(exc))
        else:
            yield item


def _open(path: str, mode: str) -> IO[Any]:
    """Open a file, reading through gzip when its name ends in .gz (mode "rt" or "rb")."""
    if path.endswith(".gz"):
        import gzip

        return gzip.open(path, mode, encoding="utf-8" if "t" in mode else None)  # type: ignore[return-value]
    return Path(path).open(mode, encoding="utf-8" if "t" in mode else None)
