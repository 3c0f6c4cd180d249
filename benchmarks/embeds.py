"""Embed detection on the labelled real pages of ../shared/corpus: per-platform precision and
recall for (a) the HTML pages and (b) the same pages reduced to plain text by
``trafilatura.extract`` (scored on X posts whose signature or status id survives), and the
cost of the detectors against ``trafilatura.extract`` alone, measured in the same run.

    python -m benchmarks.embeds [--corpus ../shared/corpus] [--repeat 3] [--show-errors]
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
from verify.platforms import PlatformTable

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"


def label_key(embed: dict, table: PlatformTable) -> tuple[str, str]:
    """(platform, id) of a labelled embed: the post id of its URL, else its URL."""
    url = embed.get("url")
    m = table.match(url) if url else None
    if m is not None and m.post_id:
        return embed["platform"], m.post_id
    return embed["platform"], (url or f"no-url:{embed.get('author_handle')}")


def found_key(embed: verify.model.Embed) -> tuple[str, str]:
    """(platform, id) of a found embed."""
    return embed.platform, embed.post_id or embed.url or f"no-url:{embed.author_handle}"


def score(pairs: list[tuple[set, set]]) -> dict[str, Counter]:
    """tp/fp/fn per platform from (expected, found) key sets per page."""
    stats: dict[str, Counter] = {}
    for expected, found in pairs:
        for key in expected | found:
            c = stats.setdefault(key[0], Counter())
            if key in expected and key in found:
                c["tp"] += 1
            elif key in found:
                c["fp"] += 1
            else:
                c["fn"] += 1
    return stats


def table_lines(title: str, stats: dict[str, Counter]) -> list[str]:
    """A printed precision/recall table with an overall row."""
    lines = [title, f"{'platform':<12} {'tp':>4} {'fp':>4} {'fn':>4} {'precision':>9} {'recall':>7}"]
    total = Counter()
    for name in sorted(stats):
        c = stats[name]
        total.update(c)
        lines.append(_row(name, c))
    lines.append(_row("overall", total))
    return lines


def _row(name: str, c: Counter) -> str:
    p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 1.0
    r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 1.0
    return f"{name:<12} {c['tp']:>4} {c['fp']:>4} {c['fn']:>4} {p:>9.3f} {r:>7.3f}"


def text_pairs(pages: list[dict], texts: dict[str, str], table: PlatformTable) -> list:
    """(b): X posts only, expected where the handle's signature or the status id survives."""
    pairs = []
    for page in pages:
        text = texts[page["file"]]
        expected = set()
        for e in page["embeds"]:
            if e["platform"] != "twitter":
                continue
            handle = (e.get("author_handle") or "").lower()
            key = label_key(e, table)
            if (handle and f"(@{handle})" in text.lower()) or key[1] in text:
                expected.add(("twitter", handle or key[1]))
        report = verify.scan(text) if text.strip() else None
        found = set()
        for e in report.embeds if report else []:
            if e.platform == "twitter" and e.kind == "post" and (e.author_handle or e.post_id):
                found.add(("twitter", (e.author_handle or e.post_id).lower()))
        pairs.append((expected, found))
    return pairs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--repeat", type=int, default=3, help="timing rounds (best is kept)")
    ap.add_argument("--show-errors", action="store_true")
    args = ap.parse_args(argv)
    manifest = args.corpus / "MANIFEST.json"
    if not manifest.is_file():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 1
    pages = json.loads(manifest.read_text(encoding="utf-8"))["pages"]
    table = PlatformTable.load()
    html = {p["file"]: (args.corpus / "pages" / p["file"]).read_bytes() for p in pages}

    # (a) HTML pages
    pairs, errors = [], []
    for page in pages:
        expected = {label_key(e, table) for e in page["embeds"]}
        report = verify.scan(args.corpus / "pages" / page["file"])
        found = {found_key(e) for e in report.embeds}
        pairs.append((expected, found))
        if expected != found:
            errors.append((page["file"], sorted(expected - found), sorted(found - expected)))
    for line in table_lines("(a) HTML pages: embeds, matched on platform + post id", score(pairs)):
        print(line)
    if args.show_errors:
        for name, missed, extra in errors:
            print(f"  {name}\n    missed: {missed}\n    extra:  {extra}")

    # (b) the same pages as plain text
    texts = {f: trafilatura.extract(b.decode("utf-8", "replace")) or "" for f, b in html.items()}
    print()
    for line in table_lines("(b) plain text (trafilatura.extract): X posts, matched on handle",
                            score(text_pairs(pages, texts, table))):
        print(line)

    # speed: the whole scan against trafilatura.extract alone, same pages, same run, rounds
    # interleaved so that a machine's drift falls on both alike
    def one_round(fn) -> float:
        t = time.perf_counter()
        for data in html.values():
            fn(data)
        return time.perf_counter() - t

    rounds = [(one_round(lambda b: trafilatura.extract(b.decode("utf-8", "replace"),
                                                        with_metadata=True)),
               one_round(lambda b: verify.scan(b))) for _ in range(args.repeat)]
    base = min(b for b, _ in rounds)
    ours = min(o for _, o in rounds)
    n = len(html)
    print()
    print(f"speed over {n} pages (best of {args.repeat} interleaved rounds):")
    print(f"  trafilatura.extract alone  {base / n * 1000:7.2f} ms/page")
    print(f"  verify.scan (all stages)   {ours / n * 1000:7.2f} ms/page")
    print(f"  ratio scan / extract       {ours / base:7.2f}  (target <= 1.25)")

    # the embed and link finders alone, on trees parsed outside the timing
    import lxml.html

    from verify.detect.html_embeds import find_html_embeds
    from verify.detect.links import _html_links

    trees = [(lxml.html.fromstring(b), texts[f]) for f, b in html.items()]
    finders = min(_timed(lambda: [(find_html_embeds(t, table), list(_html_links(t, x)))
                                  for t, x in trees]) for _ in range(args.repeat))
    print(f"  embed and link finders     {finders / n * 1000:7.2f} ms/page "
          f"({finders / base:.2f} of extract)")
    embeds = min(_timed(lambda: [find_html_embeds(t, table) for t, _ in trees])
                 for _ in range(args.repeat))
    print(f"  embed finder alone         {embeds / n * 1000:7.2f} ms/page "
          f"({embeds / base:.2f} of extract)")
    return 0


def _timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


if __name__ == "__main__":
    sys.exit(main())
