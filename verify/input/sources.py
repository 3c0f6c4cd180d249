"""Input: turn what the user gave (path, URL, stdin, raw string) into decoded story content.

How a string is read by :func:`resolve`:

1. ``-`` is standard input; ``http://`` / ``https://`` followed by no whitespace is a URL.
2. A string with a line break, with ``<`` in it, or longer than 1,024 characters is the story itself.
3. Otherwise it is a path if such a file exists, or if it looks like one (no spaces and a ``/``,
   ``\\`` or a story suffix such as ``.html``): a missing path is an error, not a one-word story.
4. Anything else ("Rebels claimed ...") is the story itself.
"""

from __future__ import annotations

import codecs
import glob
import re
import stat
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import charset_normalizer

from ..errors import InputError
from ..model import Source

STORY_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml", ".txt", ".text", ".md"})
#: files a directory or glob may hold that are batches of stories
BATCH_SUFFIXES = (".jsonl", ".ndjson", ".warc", ".warc.gz", ".jsonl.gz", ".arc", ".arc.gz",
                  "sitemap.xml", "sitemap.xml.gz")
MAX_PATH_LEN = 1024

#: magic numbers of common binary formats, so the error can say what the file really is
_MAGIC = (
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"RIFF", "RIFF media (WebP/WAV/AVI)"),
    (b"%PDF", "PDF document"),
    (b"PK\x03\x04", "ZIP archive (or DOCX/XLSX)"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\x7fELF", "executable"),
    (b"SQLite format 3", "SQLite database"),
)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.I)
_HTML_START = re.compile(r"(?<!\s)\s*+(?>(?:<!--.*?-->\s*+)*)<(!doctype\s+html|html|head|body)\b",
                         re.I | re.S)
_HTML_TAG = re.compile(
    r"</?(html|head|body|p|div|span|a|blockquote|article|section|br|iframe|script|meta|title|"
    r"h[1-6]|ul|ol|li|table|figure|img|main|header|footer|nav)\b[^<>]*>",
    re.I,
)


@dataclass(frozen=True)
class StoryInput:
    """One input before reading: where it is and, for raw strings, the content itself.
    ``meta`` travels to the report (ids of a JSONL record, a WARC record's URI and date);
    ``url`` is the page's address when known; ``error`` marks an input that is already bad."""

    kind: str  # file | url | text | stdin | jsonl | warc
    location: str | None = None
    content: str | bytes | None = None
    meta: dict[str, Any] = field(default_factory=dict, compare=False)
    url: str | None = None
    error: str | None = None


@dataclass(frozen=True)
class RawStory:
    """Decoded story content and what kind of document it is."""

    source: Source
    content: str
    is_html: bool


def resolve(source: object) -> StoryInput:
    """Decide what kind of input ``source`` is (see the module docstring for strings).

    >>> resolve("https://example.org/a").kind
    'url'
    >>> resolve("Rebels claimed a victory.").kind
    'text'
    """
    if isinstance(source, StoryInput):
        return source
    if isinstance(source, Path):
        return StoryInput("file", str(source))
    if isinstance(source, (bytes, bytearray)):
        return StoryInput("text", None, bytes(source))
    if not isinstance(source, str):
        raise InputError(f"cannot scan a {type(source).__name__}; give a path, URL or string")
    if source == "-":
        return StoryInput("stdin", "-")
    stripped = source.strip()
    if re.match(r"https?://\S+$", stripped, re.I):
        return StoryInput("url", stripped)
    if ("\n" in source or "<" in source or "\0" in source or len(source) > MAX_PATH_LEN
            or not stripped):
        return StoryInput("text", None, source)
    if _is_file(source) or _looks_like_path(stripped):
        return StoryInput("file", source)
    return StoryInput("text", None, source)


def shown_path(location: str | None) -> str | None:
    """A location as reports show it: a file name that is not UTF-8 (which the OS hands over
    with surrogate escapes) written with backslash escapes, so every output can encode it."""
    if location is None:
        return None
    return location.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def user_path(text: str | Path) -> Path:
    """A path with ``~`` expanded where it names a home directory ("~5 killed" names none,
    and stays as written)."""
    try:
        return Path(text).expanduser()
    except RuntimeError:
        return Path(text)


def _is_file(text: str) -> bool:
    try:
        return user_path(text).exists()
    except (OSError, ValueError):  # name too long, NUL byte...
        return False


def _looks_like_path(text: str) -> bool:
    if any(c.isspace() for c in text):
        return False
    return "/" in text or "\\" in text or _is_story_file(Path(text))


def expand(sources: Iterable[object]) -> Iterator[StoryInput]:
    """Resolve many sources; a directory stands for the story files inside it, recursively."""
    for src in sources:
        item = resolve(src)
        location = item.location or ""
        if item.kind == "file" and _is_dir(location):
            root = user_path(location)
            files = sorted(p for p in root.rglob("*") if _is_story_file(p))
            for path in files:
                if path.is_file():
                    yield StoryInput("file", str(path))
        elif item.kind == "file" and any(c in location for c in "*?[") and not _is_file(location):
            matches = sorted(glob.glob(str(user_path(location)), recursive=True))
            if not matches:
                yield StoryInput("file", location, error=f"{location}: no file matches")
            for match in matches:
                yield from expand([Path(match)])
        else:
            yield item


def _is_story_file(path: Path) -> bool:
    name = path.name.lower()
    return path.suffix.lower() in STORY_SUFFIXES or name.endswith(BATCH_SUFFIXES)


def _is_dir(location: str) -> bool:
    try:
        return user_path(location).is_dir()
    except (OSError, ValueError):
        return False


def read_regular(path: Path, max_bytes: int) -> bytes:
    """The bytes of a regular file of at most ``max_bytes``: a FIFO, a device (/dev/zero) or a
    socket would hang or never end, so they are refused (ValueError), as is a bigger file."""
    info = path.stat()
    if not stat.S_ISREG(info.st_mode):
        raise ValueError("not a regular file (a FIFO, device or socket is not read)")
    if info.st_size > max_bytes:
        raise ValueError(f"file is {info.st_size:,} bytes, over the {max_bytes:,}-byte limit")
    with path.open("rb") as fh:
        data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:  # it grew while we read it
        raise ValueError(f"file is over the {max_bytes:,}-byte limit")
    return data


def read_file(location: str, max_bytes: int) -> bytes:
    """Read a story file within the size cap, with one-line errors."""
    path = user_path(location)
    try:
        if "\0" in location:
            raise InputError(f"{location!r}: not a valid file name (it holds a NUL byte)")
        if path.is_dir():
            raise InputError(f"{location}: is a directory (use scan_many to scan the stories in it)")
        try:
            return read_regular(path, max_bytes)
        except ValueError as exc:
            raise InputError(f"{location}: {exc}") from exc
    except FileNotFoundError as exc:
        raise InputError(f"{location}: no such file") from exc
    except PermissionError as exc:
        raise InputError(f"{location}: permission denied") from exc
    except OSError as exc:
        raise InputError(f"{location}: cannot read ({exc.strerror or exc})") from exc


def read_stream(stream: object, max_bytes: int, name: str = "stdin") -> bytes:
    """Read a binary stream within the size cap."""
    buffer = getattr(stream, "buffer", stream)
    data = buffer.read(max_bytes + 1)  # type: ignore[attr-defined]
    if isinstance(data, str):
        data = data.encode("utf-8")
    if len(data) > max_bytes:
        raise InputError(f"{name}: input is over the {max_bytes:,}-byte limit")
    return data


def read_stdin(max_bytes: int) -> bytes:
    """Read standard input within the size cap."""
    return read_stream(sys.stdin, max_bytes)


def binary_kind(data: bytes) -> str | None:
    """Name the binary format of ``data``, or None if it may be text."""
    head = data[:4096]
    for magic, name in _MAGIC:
        if head.startswith(magic):
            return name
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return None
    if b"\x00" in head and utf16_without_bom(head) is None:
        return "binary file"
    return None


def utf16_without_bom(head: bytes) -> str | None:
    """"utf-16-le" or "utf-16-be" when bytes with no byte-order mark read as UTF-16 text (a
    NUL in every other byte, and text when decoded), else None."""
    even, odd = head[0::2], head[1::2]
    for codec, zeros in (("utf-16-le", odd), ("utf-16-be", even)):
        if len(zeros) >= 8 and zeros.count(0) >= 0.9 * len(zeros):
            try:
                text = head[: len(head) // 2 * 2].decode(codec)
            except UnicodeDecodeError:
                continue
            if sum(c.isprintable() or c.isspace() for c in text) >= 0.95 * len(text):
                return codec
    return None


def decode(data: bytes, name: str, encoding: str | None = None) -> str:
    """Decode story bytes and refuse what is not text.

    Order: a forced ``encoding``; a byte-order mark; strict UTF-8; the charset the page declares;
    for undeclared bytes that are 80% ASCII windows-1252 (the web's legacy default); else a detected
    encoding. A page that declares UTF-8 but is not is an error, not a guess.
    """
    if len(data) == 0 or not data.strip():
        raise InputError(f"{name}: empty input")
    kind = binary_kind(data)
    if kind:
        raise InputError(f"{name}: looks like a {kind}, not a story (HTML or text)")
    if encoding:
        return _decode_as(data, encoding, name)
    for bom, bom_encoding in _BOMS:
        if data.startswith(bom):
            return _decode_as(data[len(bom) :], bom_encoding, name)
    if b"\x00" in data[:4096] and (codec := utf16_without_bom(data[:4096])):
        return _decode_as(data, codec, name)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = exc
    declared = _META_CHARSET.search(data[:4096])
    label = declared.group(1).decode("ascii", "replace").lower() if declared else ""
    if label.replace("-", "").replace("_", "") in ("utf8", "unicode"):
        raise InputError(
            f"{name}: declares UTF-8 but is not valid UTF-8 (byte 0x{data[bad.start]:02x} at "
            f"offset {bad.start}); give the real encoding with --encoding"
        )
    if label:
        return _decode_as(data, label, name)
    ascii_share = sum(b < 0x80 for b in data[:100_000]) / min(len(data), 100_000)
    if ascii_share >= 0.8:  # mostly Latin script: cp1252, not a look-alike code page
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            pass
    best = charset_normalizer.from_bytes(data[:200_000]).best()
    if best is not None and best.encoding and best.chaos <= 0.2:
        try:
            return data.decode(best.encoding)
        except (LookupError, UnicodeDecodeError):
            pass
    raise InputError(
        f"{name}: not valid UTF-8 (byte 0x{data[bad.start]:02x} at offset {bad.start}) and no "
        "other text encoding fits; give the encoding with --encoding"
    )


def _decode_as(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except LookupError as exc:
        raise InputError(f"{name}: unknown encoding {encoding!r}") from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: not valid {encoding} (offset {exc.start})") from exc


def looks_like_html(text: str) -> bool:
    """Decide by content whether a story is HTML (a document start, or several tags)."""
    head = text[:65536]
    if _HTML_START.match(head):
        return True
    return len(_HTML_TAG.findall(head, 0, 65536)) >= 2


def describe(item: StoryInput) -> str:
    """A short name for an input, for messages."""
    if item.location:
        return shown_path(item.location) or ""
    content = item.content if isinstance(item.content, str) else "<bytes>"
    snippet = " ".join((content or "").split())[:40]
    return f"text {snippet!r}"
