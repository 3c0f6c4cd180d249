"""Fuzz ``verify.scan`` with mutated real pages: every input must give a report or a
``VerifyError``, within the time budget.

    python -m benchmarks.fuzz [N] [--seed S] [--jobs J]     # N inputs (default 100,000)

Seeds: the bundled stories and held-out pages, and ``../shared/corpus/pages`` when present,
cut into windows of at most 20,000 characters. Each input applies one to three mutations:
byte flips, truncation, duplicated or deleted spans, stray or unbalanced tags, deep nesting,
JSON-LD blocks of odd types, long runs of one character, random Unicode, NUL and control bytes,
bytes that are not UTF-8, and whole texts of junk. Prints how many inputs ran, how many gave
reports, VerifyErrors, other exceptions (with the first few, reproducible by seed and index)
and budget overruns; exits 1 on any other exception or overrun. A seeded run of a few hundred
inputs is part of the tests (tests/test_patterns.py's neighbour, tests/test_fuzz.py).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WINDOW = 12_000
#: the per-input budget (seconds), well under the scanner's own default
BUDGET = 10.0


def seeds() -> list[str]:
    """The texts mutations start from."""
    folders = [ROOT / "fixtures" / "stories", ROOT / "fixtures" / "embeds",
               ROOT / "benchmarks" / "data" / "heldout" / "pages",
               ROOT.parent / "shared" / "corpus" / "pages"]
    out = []
    for folder in folders:
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.is_file() and path.suffix in (".html", ".htm", ".txt", ".md"):
                    out.append(path.read_text(encoding="utf-8", errors="replace"))
    return out


def _window(rng: random.Random, text: str) -> str:
    if len(text) <= WINDOW:
        return text
    start = rng.randrange(0, len(text) - WINDOW)
    return text[start : start + WINDOW]


def _span(rng: random.Random, text: str) -> tuple[int, int]:
    a = rng.randrange(0, max(1, len(text)))
    return a, min(len(text), a + rng.randrange(1, 2_000))


JUNK = ["<", ">", "</div>", "<div>", "<blockquote class=\"twitter-tweet\">", "<script>", "]]>",
        "<!--", "-->", "&amp;", "&#x0;", "\x00", "\ufeff", "\u202e", "“", "”", "@", "#", "—",
        "https://x.com/a/status/", "pic.twitter.com/", " said ", " according to ", "~", "\\",
        "<iframe src=\"https://www.youtube.com/embed/", "\r", "\t", "%", "{", "}", "[", "]"]


def _ld(rng: random.Random) -> str:
    value: object = rng.choice([1, -1.5, None, True, [], {}, "x" * rng.randrange(0, 500),
                                ["2020-01-01", 3], {"@type": "Person", "name": [1, 2]}])
    node = {"@type": rng.choice(["SocialMediaPosting", "VideoObject", "NewsArticle", 7]),
            rng.choice(["url", "embedUrl", "datePublished", "author", "sharedContent"]): value,
            "url": rng.choice(["https://x.com/a/status/1817237613372088620", 5, None, "::"])}
    return '<script type="application/ld+json">' + json.dumps(node) + "</script>"


MUTATIONS: list[Callable[[random.Random, str], str]] = [
    lambda r, t: t[: r.randrange(0, max(1, len(t)))],  # truncate
    lambda r, t: (lambda a, b: t[:a] + t[b:])(*_span(r, t)),  # delete a span
    lambda r, t: (lambda a, b: t[:b] + t[a:b] * r.randrange(2, 20) + t[b:])(*_span(r, t)),
    lambda r, t: "".join(c if r.random() > 0.01 else chr(r.randrange(0, 0x3000)) for c in t),
    lambda r, t: (lambda i: t[:i] + r.choice(JUNK) * r.randrange(1, 3_000) + t[i:])(
        r.randrange(0, len(t) + 1)),
    lambda r, t: (lambda i: t[:i] + "<div>" * r.randrange(100, 5_000) + t[i:])(
        r.randrange(0, len(t) + 1)),
    lambda r, t: (lambda i: t[:i] + _ld(r) + t[i:])(r.randrange(0, len(t) + 1)),
    lambda r, t: t.replace(r.choice([" ", ".", "<", "\n", "e"]), r.choice(JUNK)),
    lambda r, t: "".join(r.choice([*JUNK, "a", " ", ".", "\n"]) for _ in range(r.randrange(1, 5_000))),
    lambda r, t: r.choice("a .\n\"“<@") * r.randrange(1, WINDOW),
]


def make(seed: int, index: int, texts: list[str]) -> str | bytes:
    """Input ``index`` of run ``seed`` (the same arguments give the same input)."""
    rng = random.Random(seed * 1_000_003 + index)
    text = _window(rng, rng.choice(texts))
    for _ in range(rng.randrange(1, 4)):
        text = rng.choice(MUTATIONS)(rng, text)
    if rng.random() < 0.05:  # bytes that are not UTF-8
        raw = bytearray(text.encode("utf-8", "surrogatepass"))
        for _ in range(rng.randrange(1, 20)):
            if raw:
                raw[rng.randrange(len(raw))] = rng.randrange(256)
        return bytes(raw)
    return text


def _run(args: tuple[int, int, int]) -> tuple[int, int, int, int, list[str]]:
    """Scan inputs [start, stop) of run ``seed``: (reports, verify errors, other errors,
    overruns, the first few other errors)."""
    import verify

    seed, start, stop = args
    texts = seeds()
    ok = errors = crashes = slow = 0
    examples: list[str] = []
    with verify.Scanner(time_budget=BUDGET * 3) as scanner:
        for i in range(start, stop):
            data = make(seed, i, texts)
            began = time.perf_counter()
            try:
                source = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
                scanner.scan(source if source.strip() else "x")
                ok += 1
            except verify.VerifyError:
                errors += 1
            except Exception as exc:  # the point: none may escape
                crashes += 1
                if len(examples) < 5:
                    examples.append(f"seed {seed} input {i}: {type(exc).__name__}: {exc}"[:300])
            if time.perf_counter() - began > BUDGET:
                slow += 1
                if len(examples) < 5:
                    examples.append(f"seed {seed} input {i}: over {BUDGET} s")
    return ok, errors, crashes, slow, examples


def fuzz(n: int, seed: int = 0, jobs: int = 1) -> tuple[int, int, int, int, list[str]]:
    """Run ``n`` inputs in ``jobs`` processes; totals as :func:`_run` gives them."""
    chunk = 200
    tasks = [(seed, s, min(n, s + chunk)) for s in range(0, n, chunk)]
    totals = [0, 0, 0, 0]
    examples: list[str] = []
    if jobs == 1:
        results = map(_run, tasks)
    else:
        pool = ProcessPoolExecutor(max_workers=jobs)
        results = pool.map(_run, tasks)
    for ok, errors, crashes, slow, ex in results:
        for k, v in enumerate((ok, errors, crashes, slow)):
            totals[k] += v
        examples.extend(ex)
    if jobs != 1:
        pool.shutdown()
    return totals[0], totals[1], totals[2], totals[3], examples[:10]


def main(argv: list[str] | None = None) -> int:
    """Run the fuzz and print its totals."""
    ap = argparse.ArgumentParser(description="fuzz verify.scan with mutated real pages")
    ap.add_argument("n", nargs="?", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--jobs", type=int, default=None)
    args = ap.parse_args(argv)
    import os

    started = time.perf_counter()
    ok, errors, crashes, slow, examples = fuzz(args.n, args.seed, args.jobs or os.cpu_count() or 1)
    took = time.perf_counter() - started
    print(f"{args.n} inputs (seed {args.seed}) in {took:.0f} s: {ok} reports, {errors} "
          f"VerifyErrors, {crashes} other exceptions, {slow} over {BUDGET:g} s")
    for line in examples:
        print("  " + line)
    return 1 if crashes or slow else 0


if __name__ == "__main__":
    sys.exit(main())
