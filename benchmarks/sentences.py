"""Sentence splitting: our rule splitter against syntok and segtok (if installed) on the
hand-split paragraphs in fixtures/claims/sentences.json. Prints exact-match accuracy per
paragraph and boundary precision/recall.

    python -m benchmarks.sentences
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

from verify.detect.sentences import split_sentences
from verify.model import Span

GOLD = Path(__file__).resolve().parent.parent / "fixtures" / "claims" / "sentences.json"


def ours(text: str) -> list[str]:
    return [text[s.start : s.end] for s in split_sentences(text, [Span(0, len(text))])]


def syntok_split(text: str) -> list[str]:
    from syntok import segmenter

    out = []
    for para in segmenter.analyze(text):
        for sent in para:
            start = sent[0].offset
            end = sent[-1].offset + len(sent[-1].value)
            out.append(text[start:end])
    return out


def segtok_split(text: str) -> list[str]:
    from segtok.segmenter import split_single

    return [s.strip() for s in split_single(text) if s.strip()]


def boundaries(text: str, sentences: list[str]) -> set[int]:
    out, pos = set(), 0
    for s in sentences:
        pos = text.find(s, pos)
        if pos < 0:
            break
        pos += len(s)
        out.add(pos)
    return out


def evaluate(split: Callable[[str], list[str]], gold: list[list[str]]) -> tuple[float, float, float]:
    exact = tp = fp = fn = 0
    for sentences in gold:
        text = " ".join(sentences)
        got = [s.strip() for s in split(text)]
        exact += got == sentences
        g, p = boundaries(text, sentences), boundaries(text, got)
        tp += len(g & p)
        fp += len(p - g)
        fn += len(g - p)
    return exact / len(gold), tp / max(1, tp + fp), tp / max(1, tp + fn)


def main() -> int:
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    print(f"{len(gold)} paragraphs, {sum(map(len, gold))} sentences")
    print(f"{'splitter':<10} {'exact':>6} {'precision':>9} {'recall':>7}")
    for name, fn in (("verify", ours), ("syntok", syntok_split), ("segtok", segtok_split)):
        try:
            e, p, r = evaluate(fn, gold)
        except ImportError:
            print(f"{name:<10} (not installed)")
            continue
        print(f"{name:<10} {e:>6.2f} {p:>9.2f} {r:>7.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
