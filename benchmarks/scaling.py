"""Linear time (issue 15): one real conflict story repeated 1x, 10x, 100x (and 1000x with
--big), scanned as plain text and as HTML, time per character printed against the 1x story of
the same run. Exits 1 when the 100x story takes more than 150x the 1x time.

    python -m benchmarks.scaling [--big]
"""

from __future__ import annotations

import argparse
import html
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STORY = ROOT / "fixtures" / "stories" / "sample-story.txt"
#: the most the 100x story may cost, in multiples of the 1x story
GATE = 150.0


def _story() -> str:
    for path in (STORY, ROOT.parent / "shared" / "seeds" / "sample-story.txt"):
        if path.is_file():
            return path.read_text(encoding="utf-8")
    raise SystemExit("no sample story")


def _html(text: str) -> str:
    paragraphs = "".join(f"<p>{html.escape(line)}</p>\n" for line in text.splitlines() if line)
    return f"<html><head><title>Story</title></head><body><article>{paragraphs}</article></body></html>"


def _best(fn: object, rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        t = time.perf_counter()
        fn()  # type: ignore[operator]
        best = min(best, time.perf_counter() - t)
    return best


def main(argv: list[str] | None = None) -> int:
    import verify

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--big", action="store_true", help="also the 1000x story")
    args = ap.parse_args(argv)
    story = _story()
    sizes = [1, 10, 100] + ([1000] if args.big else [])
    failed = False
    options = verify.Options(time_budget=0, max_bytes=1 << 30)
    with verify.Scanner(options) as scanner:
        scanner.scan(story)  # warm the lexicons and the platform table
        for form, make in (("text", lambda k: "\n\n".join([story] * k)),
                           ("html", lambda k: _html("\n\n".join([story] * k)))):
            base = None
            for k in sizes:
                doc = make(k)
                t = _best(lambda d=doc: scanner.scan(d), 3 if k <= 10 else 1)
                base = base if base is not None else t
                ratio = t / base
                print(f"{form} {k:5d}x  {len(doc):10,d} chars  {t:8.3f} s  "
                      f"{t / len(doc) * 1e6:7.2f} us/char  {ratio:8.1f}x the 1x story")
                if k == 100 and ratio > GATE:
                    failed = True
                    print(f"  FAIL: over {GATE:.0f}x")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
