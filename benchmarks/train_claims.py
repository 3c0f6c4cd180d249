"""Train the claim model (``verify/data/claim_model.json``) on labelled stories, and say how well
it does on stories it was not trained on.

    pip install scikit-learn        # training only: verify itself reads the JSON weights
    python -m benchmarks.train_claims [--write] [--sets dev-A dev-B heldout-F]
                                      [--check heldout-C heldout-D ...]

For every claim the rules find in the labelled stories, the features of
``verify.detect.claim_model.claim_features`` and whether the editors called its sentence a
claim. An L2 logistic regression is fitted; its regularisation and threshold are chosen by
leave-one-story-out cross-validation (each story is scored by a model that never saw it), as
the best claim F1 whose recall stays within ``RECALL_LOSS`` of the rules'. With ``--write`` the
model fitted on all training stories is saved. ``--check`` sets are scored only by the saved
model, never used to choose anything.

Data: ``../shared/flags`` (dev-A, dev-B: labelled by fact-checking editors from GUIDE.md) and
``benchmarks/data/heldout`` (see its SOURCES.md). Pages are the fixture repositories' (see
SOURCES.md for each page's repository and licence).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.flags import _page, _sentence
from benchmarks.train_flags import labelled_set

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "verify" / "data" / "claim_model.json"
GRID_C = (0.1, 0.3, 1.0, 3.0)
THRESHOLDS = tuple(t / 100 for t in range(10, 71, 5))
#: the cross-validated claim recall may fall at most this much below the rules'
RECALL_LOSS = 0.03
#: a feature is kept when claims of at least this many training stories have it (a name or a
#: topic word of one story is no sign of an opinion)
MIN_STORIES = 3


@dataclass
class Example:
    """One claim of the rules in a labelled story: its features and the editors' verdict."""

    story: str
    features: set[str]
    kept: bool  # its source's codes follow it: the model never drops it
    gold: bool


def examples(name: str) -> list[Example]:
    """The rules' claims of every story of a labelled set that overlap a labelled sentence."""
    import trafilatura

    from verify.detect.claim_model import KEPT_TYPES, claim_features
    from verify.options import Options
    from verify.scanner import Scanner

    labels_path, pages = labelled_set(name)
    by_page: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for item in json.loads(labels_path.read_text(encoding="utf-8"))["items"]:
        by_page[_page(item)].append(item)
    out = []
    with Scanner(Options(claim_model=False)) as scanner:
        for page, items in sorted(by_page.items()):
            text = trafilatura.extract((pages / page).read_text(errors="replace")) or ""
            report = scanner.scan(text)
            gold: dict[str, bool] = {}
            for item in items:
                m = re.search(r"\s+".join(re.escape(w) for w in item["sentence_key"].split()),
                              report.text)
                if m is None:
                    continue
                s, e = _sentence(report.text, m.start(), m.end())
                for c in report.claims:
                    if c.span.start < e and c.span.end > s:
                        gold[c.id] = gold.get(c.id, False) or bool(item["is_claim"])
            for c in report.claims:
                if c.id in gold:
                    out.append(Example(page, claim_features(c.text, c.source.type,
                                                            bool(c.source.name)),
                                       c.source.type in KEPT_TYPES, gold[c.id]))
    return out


def _fit(rows: list[Example], c: float) -> tuple[Any, Any]:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    stories: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        for f in r.features:
            stories[f].add(r.story)
    vec = DictVectorizer()
    x = vec.fit_transform([{f: 1 for f in r.features if len(stories[f]) >= MIN_STORIES}
                           for r in rows])
    model = LogisticRegression(C=c, max_iter=2000)
    model.fit(x, [r.gold for r in rows])
    return vec, model


def _prob(vec: Any, model: Any, rows: list[Example]) -> list[float]:
    x = vec.transform([{f: 1 for f in r.features} for r in rows])
    return list(model.predict_proba(x)[:, 1])


def _pr(rows: list[Example], keep: list[bool]) -> tuple[float, float, float]:
    tp = sum(1 for r, k in zip(rows, keep, strict=True) if k and r.gold)
    fp = sum(1 for r, k in zip(rows, keep, strict=True) if k and not r.gold)
    fn = sum(1 for r, k in zip(rows, keep, strict=True) if not k and r.gold)
    p = tp / (tp + fp) if tp + fp else 0.0
    r_ = tp / (tp + fn) if tp + fn else 0.0
    return p, r_, (2 * p * r_ / (p + r_) if p + r_ else 0.0)


def cross_validate(rows: list[Example]) -> tuple[float, float, dict[tuple[float, float], tuple]]:
    """Leave-one-story-out probabilities for each C, scored at each threshold."""
    stories = sorted({r.story for r in rows})
    results = {}
    for c in GRID_C:
        probs = [0.0] * len(rows)
        for story in stories:
            train = [r for r in rows if r.story != story]
            test = [i for i, r in enumerate(rows) if r.story == story]
            vec, model = _fit(train, c)
            for i, p in zip(test, _prob(vec, model, [rows[i] for i in test]), strict=True):
                probs[i] = p
        for t in THRESHOLDS:
            keep = [r.kept or p >= t for r, p in zip(rows, probs, strict=True)]
            results[(c, t)] = _pr(rows, keep)
    base = _pr(rows, [True] * len(rows))
    return base[0], base[1], results


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sets", nargs="+", default=["dev-A", "dev-B", "heldout-F"])
    ap.add_argument("--check", nargs="*", default=["heldout-C", "heldout-D", "heldout-E",
                                                   "heldout-G", "heldout-H", "heldout-I"])
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args(argv)
    rows = [r for name in args.sets for r in examples(name)]
    print(f"{len(rows)} claims of {len({r.story for r in rows})} stories "
          f"({sum(r.gold for r in rows)} labelled claims)")
    base_p, base_r, results = cross_validate(rows)
    print(f"rules alone: claims P={base_p:.3f} R={base_r:.3f}")
    allowed = {k: v for k, v in results.items() if v[1] >= base_r - RECALL_LOSS}
    (c, t), (p, r, f1) = max(allowed.items(), key=lambda kv: kv[1][2])
    print(f"cross-validated, best within {RECALL_LOSS} of the rules' recall: C={c} threshold={t}"
          f" P={p:.3f} R={r:.3f} F1={f1:.3f}")
    if args.write:
        vec, model = _fit(rows, c)
        weights = {name: round(float(w), 4) for name, w in
                   zip(vec.get_feature_names_out(), model.coef_[0], strict=True)
                   if abs(w) >= 0.02}
        MODEL.write_text(json.dumps({
            "trained_on": f"{', '.join(args.sets)} ({len(rows)} claims); C={c}; "
                          f"cross-validated P={p:.3f} R={r:.3f} (rules {base_p:.3f}/{base_r:.3f})",
            "bias": round(float(model.intercept_[0]), 4), "threshold": t,
            "weights": dict(sorted(weights.items()))}, indent=0) + "\n", encoding="utf-8")
        print(f"wrote {MODEL} ({len(weights)} weights)")
    if args.check and MODEL.exists():
        from verify.detect.claim_model import ClaimModel

        saved = ClaimModel.load(str(MODEL))
        for name in args.check:
            test = examples(name)
            keep = [r.kept or saved.probability(r.features) >= saved.threshold for r in test]
            bp, br, _ = _pr(test, [True] * len(test))
            mp, mr, _ = _pr(test, keep)
            print(f"{name}: rules P={bp:.3f} R={br:.3f}; with the model P={mp:.3f} R={mr:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
