"""The known-media stage: the images a saved page carries (local files next to it) are looked up
in the known-media database; a match becomes a media reference with a ``known_media`` flag whose
reason quotes the stored provenance. (Images on the web are looked up only when online checks
download them.)"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from ..errors import VerifyError
from ..model import MediaRef, Report, Span
from ..story import Story

if TYPE_CHECKING:
    from ..context import Context

#: a story's images looked up at most (a gallery page should not take minutes)
MAX_IMAGES = 50


def local_images(story: Story) -> list[tuple[Path, str]]:
    """(file, alt text) of the ``<img>`` files a saved HTML page references next to it."""
    if story.tree is None or story.source.kind != "file" or not story.source.location:
        return []
    base = Path(story.source.location).parent.resolve()
    found: list[tuple[Path, str]] = []
    seen: set[Path] = set()
    for img in story.tree.iter("img"):
        src = img.get("src") or img.get("data-src") or ""
        if not src or src.startswith(("data:", "http:", "https:", "//")):
            continue
        try:
            path = (base / unquote(urlsplit(src).path)).resolve()
        except (ValueError, OSError):  # a broken or NUL-holding src
            continue
        if not path.is_relative_to(base):
            continue  # "../../etc/passwd": only images in the page's own folder are read
        if path in seen or not path.is_file():
            continue
        seen.add(path)
        found.append((path, (img.get("alt") or "").strip()))
        if len(found) >= MAX_IMAGES:
            break
    return found


def known_media_stage(story: Story, report: Report, ctx: Context) -> None:
    """Look the page's local images up in the ``media_db`` option's database (none: nothing)."""
    db = ctx.media_db
    if db is None:
        return
    from .db import MATCH  # numpy and Pillow load only when a database is in use

    images = local_images(story)
    if images and (warning := db.algorithm_warning()):
        report.warnings.append(warning)
    for path, alt in images:
        try:
            matches = db.lookup(path, path.name)
        except VerifyError as exc:
            report.warnings.append(f"image {path.name} not looked up: {exc}")
            continue
        if not matches:
            continue
        best = matches[0]
        at = report.text.find(alt) if alt else -1
        span = Span(at, at + len(alt)) if at >= 0 else None
        ref = MediaRef(id=f"m{len(report.media_refs) + 1}", kind="photo",
                       text=alt or path.name, where="this page", linked=True, span=span)
        report.media_refs.append(ref)
        # a near match ("possibly the same picture") is worth a look, not an alarm
        report.flags.append(ctx.flags.make(
            ref.id, "known_media", f"The image {path.name} {best.describe()}",
            [span] if span else [], severity=None if best.distance <= MATCH else "medium"))
