"""Flags and claims against sentences labelled by editors who never saw verify's output.

    python -m benchmarks.flags            # dev-A, dev-B (../shared/flags), heldout-C to -N (bundled)

Per set: per-code tp/fp/fn, P/R/F1 and the micro line, claim detection P/R (the matching of
``../shared/flags/score.py``: a label's sentence is matched to every report item overlapping
it), the guide cases of ``fixtures/flags/guide-cases.json``, the two-editor agreement quoted by
the sets' README, and the scan time per story against ``trafilatura.extract`` in the same run.
"""

from __future__ import annotations

import json
import re
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "flags"
HELDOUT = ROOT / "benchmarks" / "data" / "heldout" / "heldout-C.json"
HELDOUT_D = ROOT / "benchmarks" / "data" / "heldout" / "heldout-D.json"
HELDOUT_E = ROOT / "benchmarks" / "data" / "heldout" / "heldout-E.json"
HELDOUT_F = ROOT / "benchmarks" / "data" / "heldout" / "heldout-F.json"
HELDOUT_G = ROOT / "benchmarks" / "data" / "heldout" / "heldout-G.json"
HELDOUT_H = ROOT / "benchmarks" / "data" / "heldout" / "heldout-H.json"
HELDOUT_I = ROOT / "benchmarks" / "data" / "heldout" / "heldout-I.json"
HELDOUT_J = ROOT / "benchmarks" / "data" / "heldout" / "heldout-J.json"
HELDOUT_K = ROOT / "benchmarks" / "data" / "heldout" / "heldout-K.json"
HELDOUT_L = ROOT / "benchmarks" / "data" / "heldout" / "heldout-L.json"
HELDOUT_M = ROOT / "benchmarks" / "data" / "heldout" / "heldout-M.json"
HELDOUT_N = ROOT / "benchmarks" / "data" / "heldout" / "heldout-N.json"
HELDOUT_O = ROOT / "benchmarks" / "data" / "heldout" / "heldout-O.json"
HELDOUT_P = ROOT / "benchmarks" / "data" / "heldout" / "heldout-P.json"
HELDOUT_Q = ROOT / "benchmarks" / "data" / "heldout" / "heldout-Q.json"
HELDOUT_R = ROOT / "benchmarks" / "data" / "heldout" / "heldout-R.json"
GUIDE_CASES = ROOT / "fixtures" / "flags" / "guide-cases.json"
CODES = ["unverified_by_story", "party_claim", "social_media_only", "no_provenance",
         "anonymous_source", "unattributed", "state_media", "conflicting_accounts", "speculative"]
#: two editors, each against the other, on 196 sentences (../shared/flags/README.md)
AGREEMENT = (0.82, 0.81)
_BOUNDARY = re.compile(r'[.!?][\"”’\')\]]*\s+|\n')


@dataclass
class Score:
    """Counts of one labelled set."""

    tp: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    fp: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    fn: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    claims: list[int] = field(default_factory=lambda: [0, 0, 0])  # tp, fp, fn
    #: labelled claims with a source: [name right, type right, of how many]
    sources: list[int] = field(default_factory=lambda: [0, 0, 0])
    seconds: float = 0.0
    baseline: float = 0.0
    stories: int = 0

    def micro(self) -> tuple[float, float]:
        """Micro precision and recall over every code."""
        return _pr(sum(self.tp.values()), sum(self.fp.values()), sum(self.fn.values()))[:2]

    def source_rates(self) -> tuple[float, float]:
        """Of the labelled claims with a source that a claim matched: the share whose source
        name shares a word with the label's, and whose type is the label's."""
        right, typed, n = self.sources
        return (right / n, typed / n) if n else (0.0, 0.0)

    def claim_pr(self) -> tuple[float, float]:
        """Claim detection precision and recall."""
        return _pr(*self.claims)[:2]


def _pr(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _locate(text: str, key: str) -> tuple[int, int] | None:
    m = re.search(r"\s+".join(re.escape(w) for w in key.split()), text)
    return (m.start(), m.end()) if m else None


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    s = 0
    for m in _BOUNDARY.finditer(text, 0, start):
        s = m.end()
    m = _BOUNDARY.search(text, end)
    return min(s, start), max(m.start() + 1 if m else len(text), end)


#: words of a label's source name that name nobody: "(carried over)", "via", "tweet"
_NOT_NAME = frozenset({"the", "a", "an", "of", "and", "or", "for", "to", "in", "on", "at", "via",
                       "carried", "over", "tweet", "post", "unnamed", "his", "her", "its",
                       "their", "said", "says", "mr", "ms", "mrs", "dr"})


def _words(name: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9][\w'’-]+", name.lower()) if w not in _NOT_NAME}


def _same_source(label: dict, name: str | None) -> bool:
    """Whether a predicted source name shares a word with the label's ("Mr Moeketsi" and
    "Seabata Moeketsi")."""
    return bool(name) and bool(_words(label["source_name"] or "") & _words(name or ""))


def _page(item: dict[str, str]) -> str:
    path = item["original_path"].removesuffix(".gz")
    return item["source_repo"].replace("/", "+") + "__" + path.replace("/", "_")


def score_set(labels_path: Path, *, flag_model: bool = False, claim_model: bool = False
              ) -> Score:
    """Scan every page of a labelled set and count hits and misses per code (``flag_model``,
    ``claim_model``: the options of those names; False scores the rules alone)."""
    import trafilatura

    import verify

    labels = json.loads(labels_path.read_text(encoding="utf-8"))["items"]
    by_page: dict[str, list[dict]] = defaultdict(list)
    for lab in labels:
        by_page[_page(lab)].append(lab)
    out = Score()
    with verify.Scanner(verify.Options(flag_model=flag_model,
                                       claim_model=claim_model)) as scanner:
        for name, labs in sorted(by_page.items()):
            html = (labels_path.parent / "pages" / name).read_text(errors="replace")
            t0 = time.perf_counter()
            text = trafilatura.extract(html) or ""
            out.baseline += time.perf_counter() - t0
            t0 = time.perf_counter()
            scanner.scan(html)  # the whole scan of the page, timed against trafilatura's
            out.seconds += time.perf_counter() - t0
            report = scanner.scan(text)  # the labels are sentences of trafilatura's text
            out.stories += 1
            items = [(it, kind) for kind in ("claims", "media_refs", "embeds")
                     for it in getattr(report, kind) if it.span is not None]
            codes_of: dict[str, set[str]] = defaultdict(set)
            for f in report.flags:
                codes_of[f.item].add(f.code)
            for lab in labs:
                loc = _locate(report.text, lab["sentence_key"])
                if loc is None:
                    continue
                s, e = _sentence(report.text, *loc)
                hit = [(it, kind) for it, kind in items if it.span.start < e and it.span.end > s]
                pred = set().union(*(codes_of[it.id] for it, _ in hit)) if hit else set()
                gold = set(lab["codes"])
                for c in pred & gold:
                    out.tp[c] += 1
                for c in pred - gold:
                    out.fp[c] += 1
                for c in gold - pred:
                    out.fn[c] += 1
                is_claim = any(kind == "claims" for _, kind in hit)
                sourced = [it for it, kind in hit if kind == "claims"]
                if lab["is_claim"] and sourced and lab.get("source_name") and \
                        lab.get("source_type") not in (None, "none"):
                    out.sources[2] += 1
                    out.sources[0] += any(_same_source(lab, c.source.name) for c in sourced)
                    out.sources[1] += any(c.source.type == lab["source_type"] for c in sourced)
                if lab["is_claim"] and is_claim:
                    out.claims[0] += 1
                elif is_claim:
                    out.claims[1] += 1
                elif lab["is_claim"]:
                    out.claims[2] += 1
    return out


def guide_cases(path: Path = GUIDE_CASES) -> tuple[int, int, int, int]:
    """(codes found, codes wanted, near misses avoided, near misses) over the guide cases."""
    import verify

    cases = json.loads(path.read_text(encoding="utf-8"))["cases"]
    found = wanted = avoided = near = 0
    for case in cases:
        report = verify.scan(case["story"])
        at = report.text.find(case["sentence"])
        s, e = _sentence(report.text, at, at + len(case["sentence"]))
        ids = {it.id for kind in ("claims", "media_refs", "embeds") for it in getattr(report, kind)
               if it.span is not None and it.span.start < e and it.span.end > s}
        got = {f.code for f in report.flags if f.item in ids}
        wanted += len(case["codes"])
        found += len(set(case["codes"]) & got)
        near += len(case["absent"])
        avoided += len(set(case["absent"]) - got)
    return found, wanted, avoided, near


def main() -> None:
    sets = [(p.stem, p) for p in (SHARED / "dev-A.json", SHARED / "dev-B.json") if p.exists()]
    sets += [("heldout-C", HELDOUT), ("heldout-D", HELDOUT_D), ("heldout-E", HELDOUT_E),
             ("heldout-F", HELDOUT_F), ("heldout-G", HELDOUT_G), ("heldout-H", HELDOUT_H),
             ("heldout-I", HELDOUT_I), ("heldout-J", HELDOUT_J),
             ("heldout-K", HELDOUT_K), ("heldout-L", HELDOUT_L),
             ("heldout-M", HELDOUT_M), ("heldout-N", HELDOUT_N),
             ("heldout-O", HELDOUT_O), ("heldout-P", HELDOUT_P),
             ("heldout-Q", HELDOUT_Q), ("heldout-R", HELDOUT_R)]
    print(f"two editors, each against the other: P={AGREEMENT[0]:.2f} R={AGREEMENT[1]:.2f}")
    for name, path in sets:
        sc = score_set(path)
        print(f"\n{name}: {sc.stories} stories")
        print(f"  {'code':22s} {'tp':>4s} {'fp':>4s} {'fn':>4s}   {'P':>5s} {'R':>5s} {'F1':>5s}")
        for c in CODES:
            p, r, f1 = _pr(sc.tp[c], sc.fp[c], sc.fn[c])
            print(f"  {c:22s} {sc.tp[c]:4d} {sc.fp[c]:4d} {sc.fn[c]:4d}   {p:5.3f} {r:5.3f} {f1:5.3f}")
        (p, r), (cp, cr) = sc.micro(), sc.claim_pr()
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        print(f"  flags micro P={p:.3f} R={r:.3f} F1={f1:.3f}   claims P={cp:.3f} R={cr:.3f}")
        named, typed = sc.source_rates()
        print(f"  sources of {sc.sources[2]} labelled sourced claims: name {named:.3f}, "
              f"type {typed:.3f}")
        mp, mr = score_set(path, flag_model=True).micro()
        print(f"  with the flag model (flag_model=True): P={mp:.3f} R={mr:.3f}")
        cm = score_set(path, claim_model=True)
        (mp, mr), (mcp, mcr) = cm.micro(), cm.claim_pr()
        print(f"  with the claim model (claim_model=True): P={mp:.3f} R={mr:.3f}   "
              f"claims P={mcp:.3f} R={mcr:.3f}")
        print(f"  scan of the page {1000 * sc.seconds / sc.stories:.1f} ms; trafilatura.extract "
              f"{1000 * sc.baseline / sc.stories:.1f} ms; ratio {sc.seconds / sc.baseline:.2f}x")
    found, wanted, avoided, near = guide_cases()
    print(f"\nguide cases: codes found {found}/{wanted} ({found / wanted:.2f}), "
          f"near misses avoided {avoided}/{near} ({avoided / near:.2f})")


if __name__ == "__main__":
    main()
