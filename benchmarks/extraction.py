"""Extraction settings measured, not guessed (issue 15): trafilatura's metadata pass with
htmldate's extensive date search (its default, which falls back to dateparser), without it,
trafilatura's ``fast`` mode, and verify's own choice (trafilatura's metadata steps without
categories, tags and licence, which no report shows, and no extensive search), on the real
pages of ../shared/corpus and ../shared/flags. For each: time per page (best of N rounds, warm)
and the first round's cost in a fresh process (dateparser compiles its locales lazily), against
the default, with the stories' dates, texts and other metadata that change.

    python -m benchmarks.extraction [--repeat 3]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SETTINGS = {
    "extensive date search (trafilatura's default)": {"extensive": True, "fast": False},
    "no extensive date search": {"extensive": False, "fast": False},
    "fast (no fallback extractors)": {"extensive": True, "fast": True},
    "verify's metadata steps, no extensive search": {"extensive": False, "fast": False,
                                                     "steps": True},
}


def pages() -> list[Path]:
    found = sorted((SHARED / "corpus" / "pages").glob("*.html"))
    found += sorted((SHARED / "flags" / "pages").glob("*"))
    found += sorted((ROOT / "benchmarks" / "data" / "heldout" / "pages").glob("*"))
    return [p for p in found if p.is_file()]


def extract(html: str, extensive: bool, fast: bool, steps: bool = False
            ) -> tuple[str | None, str, tuple[str | None, ...]]:
    """The page's date, text, and (title, author, site name, URL)."""
    import trafilatura
    from trafilatura.settings import Document, set_date_params

    from verify.extract import _metadata, parse_html

    meta: object
    if steps:
        tree = parse_html(html, "page")
        meta = _metadata(tree, None, set_date_params(extensive))
        doc = trafilatura.bare_extraction(tree, url=meta.url, include_tables=True, fast=fast)
    else:
        doc = meta = trafilatura.bare_extraction(html, with_metadata=True, include_tables=True,
                                                 fast=fast,
                                                 date_extraction_params=set_date_params(extensive))
    if not isinstance(doc, Document) or not isinstance(meta, Document):
        return None, "", ()
    return meta.date, doc.text or "", (meta.title, meta.author, meta.sitename, meta.url)


def cold_start(extensive: bool, fast: bool, steps: bool, files: list[Path]) -> float:
    """Seconds of CPU a fresh process spends on its first round of every page (imports
    excluded): what a single story or a new batch worker pays, caches still empty."""
    code = ("import resource, trafilatura, sys; from benchmarks.extraction import extract; "
            f"pages = [open(p, errors='replace').read() for p in {[str(f) for f in files]!r}]; "
            "t = resource.getrusage(resource.RUSAGE_SELF).ru_utime; "
            f"[extract(h, {extensive}, {fast}, {steps}) for h in pages]; "
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_utime - t)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, check=True)
    return float(out.stdout.strip())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    files = pages()
    if not files:
        print("no pages (../shared is not beside this checkout)", file=sys.stderr)
        return 1
    html = [p.read_text(errors="replace") for p in files]
    results = {}
    for name, kw in SETTINGS.items():
        out = [extract(h, **kw) for h in html]  # warm
        best = min(_round(html, kw) for _ in range(args.repeat))
        results[name] = (best, out, cold_start(kw["extensive"], kw["fast"],
                                               kw.get("steps", False), files))
    base_time, base_out, base_cold = results[next(iter(SETTINGS))]
    print(f"{len(files)} real pages, best of {args.repeat} warm rounds; the first round in a "
          "fresh process (CPU seconds)")
    for name, (best, out, cold) in results.items():
        dates = sum(a[0] != b[0] for a, b in zip(out, base_out, strict=True))
        lost = sum(bool(b[0]) and not a[0] for a, b in zip(out, base_out, strict=True))
        texts = sum(a[1] != b[1] for a, b in zip(out, base_out, strict=True))
        fields = sum(a[2] != b[2] for a, b in zip(out, base_out, strict=True))
        print(f"  {name:46} {best / len(files) * 1000:6.1f} ms/page ({best / base_time:.2f}x), "
              f"first round {cold:.1f} s ({cold / base_cold:.2f}x); dates changed {dates} "
              f"(lost {lost}), texts changed {texts}, title/author/site/url changed {fields}")
    return 0


def _round(html: list[str], kw: dict[str, bool]) -> float:
    t = time.perf_counter()
    for h in html:
        extract(h, **kw)
    return time.perf_counter() - t


if __name__ == "__main__":
    sys.exit(main())
