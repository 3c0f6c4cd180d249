"""Claims and flags on the hand-labelled set in fixtures/claims/labelled.json: flag precision
and recall per code and overall, claim-detection precision and recall, and scan time per story
against trafilatura.extract alone (on the sample story rendered as HTML), in the same run.

    python -m benchmarks.claims [--show-errors]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

import trafilatura

import verify
from verify.model import Report, Span

ROOT = Path(__file__).resolve().parent.parent
LABELLED = ROOT / "fixtures" / "claims" / "labelled.json"
CHECK = ROOT / "fixtures" / "claims" / "check.json"
STORIES = ROOT / "fixtures" / "stories"


def build(story: dict) -> tuple[str, list[tuple[Span, bool, set[str]]]]:
    """The story text and, per gold sentence, its span, claim label and flags."""
    lines, gold, pos = [], [], 0
    for para in story["paragraphs"]:
        parts = []
        for sentence, is_claim, flags in para:
            start = pos + sum(len(p) + 1 for p in parts)
            gold.append((Span(start, start + len(sentence)), is_claim, set(flags)))
            parts.append(sentence)
        line = " ".join(parts)
        lines.append(line)
        pos += len(line) + 1
    return "\n".join(lines), gold


def predicted(report: Report, gold: list[tuple[Span, bool, set[str]]]) -> list[tuple[bool, set[str]]]:
    """Per gold sentence: did verify make a claim of it, and which flags start in it."""
    out = []
    starts = {}
    for item in [*report.embeds, *report.media_refs, *report.claims]:
        if item.span is not None:
            starts[item.id] = item.span.start
    for span, _, _ in gold:
        claim = any(c.span.start < span.end and span.start < c.span.end for c in report.claims)
        flags = {f.code for f in report.flags
                 if f.item in starts and span.start <= starts[f.item] < span.end}
        out.append((claim, flags))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--show-errors", action="store_true")
    ap.add_argument("--set", type=Path, action="append",
                    help="labelled file(s) to score (default: labelled.json, then check.json)")
    args = ap.parse_args(argv)
    for path in args.set or [LABELLED, CHECK]:
        print(f"== {path.name}")
        score_set(path, args.show_errors)
    _speed()
    return 0


def score_set(path: Path, show_errors: bool) -> None:
    """Print flag and claim scores for one labelled file."""
    data = json.loads(path.read_text(encoding="utf-8"))
    per_code: dict[str, Counter] = {}
    claims = Counter()
    n = 0
    for story in data["stories"]:
        text, gold = build(story)
        report = verify.scan(text)
        for (span, is_claim, want), (got_claim, got) in zip(gold, predicted(report, gold), strict=True):
            n += 1
            claims["tp" if is_claim and got_claim else "fp" if got_claim else
                   "fn" if is_claim else "tn"] += 1
            for code in want | got:
                c = per_code.setdefault(code, Counter())
                c["tp" if code in want and code in got else "fp" if code in got else "fn"] += 1
            if show_errors and (want != got):
                print(f"  [{story['name']}] {text[span.start:span.end][:90]!r}\n"
                      f"      want {sorted(want)} got {sorted(got)}")
    print(f"{n} labelled sentences in {len(data['stories'])} stories")
    print(f"{'flag':<22} {'tp':>3} {'fp':>3} {'fn':>3} {'precision':>9} {'recall':>7}")
    total = Counter()
    for code in sorted(per_code):
        c = per_code[code]
        total.update(c)
        print(_row(code, c))
    print(_row("overall", total) + "   (targets: precision >= 0.9, recall >= 0.8)")
    cp = claims["tp"] / max(1, claims["tp"] + claims["fp"])
    cr = claims["tp"] / max(1, claims["tp"] + claims["fn"])
    print(f"claims: precision {cp:.3f} recall {cr:.3f}   (target: precision >= 0.8)")


def _speed() -> None:

    html = (STORIES / "mali-clashes.html").read_text(encoding="utf-8")
    text = (STORIES / "sample-story.txt").read_text(encoding="utf-8")
    rounds = 30

    def best(fn) -> float:
        times = []
        for _ in range(5):
            t = time.perf_counter()
            for _ in range(rounds):
                fn()
            times.append((time.perf_counter() - t) / rounds)
        return min(times)

    base = best(lambda: trafilatura.extract(html, with_metadata=True))
    ours = best(lambda: verify.scan(html))
    text_scan = best(lambda: verify.scan(text))
    print(f"speed: trafilatura.extract {base * 1000:.2f} ms, verify.scan (HTML story) "
          f"{ours * 1000:.2f} ms, ratio {ours / base:.2f}; plain-text sample story "
          f"{text_scan * 1000:.2f} ms")


def _row(name: str, c: Counter) -> str:
    p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 1.0
    r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 1.0
    return f"{name:<22} {c['tp']:>3} {c['fp']:>3} {c['fn']:>3} {p:>9.3f} {r:>7.3f}"


if __name__ == "__main__":
    sys.exit(main())
