"""Train the flag model (``verify/data/flag_model.json``) on labelled stories, and say how well
it does on stories it was not trained on.

    pip install scikit-learn        # training only: verify itself reads the JSON weights
    python -m benchmarks.train_flags [--write] [--sets dev-A dev-B] [--check heldout-C]

For every claim the rules find in the labelled stories, the features of
``verify.flags.model.claim_features`` and the editors' codes of its sentence. Per code, an
L2 logistic regression is fitted; its regularisation and threshold are chosen by
leave-one-story-out cross-validation (each story is scored by a model that never saw it),
and the cross-validated per-code and micro P/R are printed beside the rules' own. With
``--write`` the model fitted on all training stories is saved. ``--check`` sets are scored
only by the saved model, never used to choose anything.

Data: ``../shared/flags`` (dev-A, dev-B: labelled by fact-checking editors from GUIDE.md) and
``benchmarks/data/heldout`` (see its SOURCES.md). Pages are the fixture repositories' (MIT).
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

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "flags"
HELDOUT = ROOT / "benchmarks" / "data" / "heldout"
MODEL = ROOT / "verify" / "data" / "flag_model.json"
GRID_C = (0.03, 0.1, 0.3, 1.0)
#: a code gets a model only when it beats the rules' cross-validated F1 by this much
MARGIN = 0.02
THRESHOLDS = tuple(t / 100 for t in range(15, 86, 5))


@dataclass
class Example:
    """One claim of a labelled story: its features, the rules' codes, the editors' codes."""

    story: str
    features: dict[str, float]
    rule: set[str]
    addable: set[str]
    fixed: set[str]
    gold: set[str]


def labelled_set(name: str) -> tuple[Path, Path]:
    """The labels file and pages folder of a set name."""
    for folder in (SHARED, HELDOUT):
        path = folder / f"{name}.json"
        if path.exists():
            return path, folder / "pages"
    raise SystemExit(f"no labelled set {name!r} in {SHARED} or {HELDOUT}")


def examples(name: str) -> list[Example]:
    """The claims of every story of a labelled set, with features and codes."""
    import trafilatura

    from verify.flags.actors import actors_of
    from verify.flags.model import ADDS, _added, claim_features
    from verify.flags.stage import rule_flags
    from verify.options import Options
    from verify.scanner import Scanner
    from verify.stages import DEFAULT_STAGES

    labels_path, pages = labelled_set(name)
    by_page: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for item in json.loads(labels_path.read_text(encoding="utf-8"))["items"]:
        by_page[_page(item)].append(item)
    seen: list[tuple[Any, list[Any], set[tuple[str, str]], list[dict[str, float]]]] = []

    def record(story: Any, report: Any, ctx: Any) -> None:
        actors = actors_of(story, report, ctx.lexicon)
        flags, fixed = rule_flags(story, report, ctx, actors)
        seen.append((report, flags, fixed,
                     claim_features(story, report, ctx.lexicon, actors, flags)))

    stages = [s for s in DEFAULT_STAGES
              if s.__name__ not in ("flags_stage", "known_media_stage", "online_stage")]
    out = []
    with Scanner(Options(flag_model=False), stages=[*stages, record]) as scanner:
        for page, items in sorted(by_page.items()):
            text = trafilatura.extract((pages / page).read_text(errors="replace")) or ""
            seen.clear()
            scanner.scan(text)
            report, flags, fixed, feats = seen[0]
            rule: dict[str, set[str]] = defaultdict(set)
            for f in flags:
                rule[f.item].add(f.code)
            gold: dict[str, set[str]] = {}
            for item in items:
                m = re.search(r"\s+".join(re.escape(w) for w in item["sentence_key"].split()),
                              report.text)
                if m is None:
                    continue
                s, e = _sentence(report.text, m.start(), m.end())
                for c in report.claims:
                    if c.span.start < e and c.span.end > s:
                        gold.setdefault(c.id, set()).update(item["codes"])
            for c, f in zip(report.claims, feats, strict=True):
                if c.id in gold:
                    addable = {code for code in ADDS if _added(code, c) is not None}
                    out.append(Example(page, f, rule[c.id], addable,
                                       {code for item, code in fixed if item == c.id},
                                       gold[c.id]))
    return out


def _matrix(rows: list[Example]) -> Any:
    import numpy as np

    from verify.flags.model import feature_names

    names = feature_names()
    col = {n: i for i, n in enumerate(names)}
    x = np.zeros((len(rows), len(names)))
    for r, ex in enumerate(rows):
        for k, v in ex.features.items():
            x[r, col[k]] = v
    return x


def _candidates(rows: list[Example], code: str) -> list[int]:
    """The claims whose decision on ``code`` is the model's: a rule raised it, or the model
    may add it there."""
    return [i for i, ex in enumerate(rows)
            if code not in ex.fixed and (code in ex.rule or code in ex.addable)]


def _fit(x: Any, y: Any, c: float) -> Any:
    from sklearn.linear_model import LogisticRegression

    if len(set(y.tolist())) < 2:
        return None
    return LogisticRegression(C=c, solver="liblinear", max_iter=1000).fit(x, y)


def _f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def cross_validate(rows: list[Example], code: str) -> tuple[float, float, Any]:
    """The regularisation and threshold with the best leave-one-story-out F1, and the
    out-of-fold probabilities (NaN where the model does not decide)."""
    import numpy as np

    x, stories = _matrix(rows), np.array([ex.story for ex in rows])
    y = np.array([code in ex.gold for ex in rows], dtype=int)
    cand = np.array(_candidates(rows, code), dtype=int)
    fixed = np.array([code in ex.fixed for ex in rows])
    best = (-1.0, GRID_C[0], 0.5, np.full(len(rows), np.nan))
    total = int(y.sum())
    for c in GRID_C:
        prob = np.full(len(rows), np.nan)
        for story in sorted(set(stories.tolist())):
            train = cand[stories[cand] != story]
            test = cand[stories[cand] == story]
            if len(test) == 0:
                continue
            model = _fit(x[train], y[train], c)
            prob[test] = (model.predict_proba(x[test])[:, 1] if model is not None
                          else float(y[train].mean()) if len(train) else 0.5)
        for t in THRESHOLDS:
            pred = (np.nan_to_num(prob, nan=0.0) >= t) | fixed
            tp = int((pred & (y == 1)).sum())
            fp = int((pred & (y == 0)).sum())
            f1 = _f1(tp, fp, total - tp)[2]
            if f1 > best[0]:
                best = (f1, c, t, prob)
    return best[1], best[2], best[3]


def main(argv: list[str] | None = None) -> int:
    """Train, cross-validate, optionally write the model, and score the check sets."""
    import numpy as np

    from verify.flags.model import MODEL_CODES, feature_names

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sets", nargs="+", default=["dev-A", "dev-B"])
    ap.add_argument("--check", nargs="*", default=[])
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args(argv)
    rows = [ex for name in args.sets for ex in examples(name)]
    print(f"{len(rows)} labelled claims from {len({ex.story for ex in rows})} stories")
    names = feature_names()
    codes_out: dict[str, Any] = {}
    totals = {"rules": [0, 0, 0], "model": [0, 0, 0], "shipped": [0, 0, 0]}
    print(f"{'code':22s} {'rules P/R/F1':>18s}   {'cross-validated model P/R/F1':>30s}  C     t")
    for code in MODEL_CODES:
        y = np.array([code in ex.gold for ex in rows])
        rule = np.array([code in ex.rule for ex in rows])
        c, t, prob = cross_validate(rows, code)
        fixed = np.array([code in ex.fixed for ex in rows])
        pred = (np.nan_to_num(prob, nan=0.0) >= t) | fixed
        for key, p in (("rules", rule), ("model", pred)):
            totals[key][0] += int((p & y).sum())
            totals[key][1] += int((p & ~y).sum())
            totals[key][2] += int((~p & y).sum())
        rp = _f1(int((rule & y).sum()), int((rule & ~y).sum()), int((~rule & y).sum()))
        mp = _f1(int((pred & y).sum()), int((pred & ~y).sum()), int((~pred & y).sum()))
        print(f"{code:22s} {rp[0]:.2f}/{rp[1]:.2f}/{rp[2]:.2f}     "
              f"{mp[0]:.2f}/{mp[1]:.2f}/{mp[2]:.2f}              {c:<5} {t:.2f}")
        cand = _candidates(rows, code)
        model = _fit(_matrix([rows[i] for i in cand]), y[cand].astype(int), c) if cand else None
        ship = model is not None and mp[2] >= rp[2] + MARGIN
        chosen = pred if ship else rule
        totals["shipped"][0] += int((chosen & y).sum())
        totals["shipped"][1] += int((chosen & ~y).sum())
        totals["shipped"][2] += int((~chosen & y).sum())
        if not ship:
            continue  # the rules alone do about as well on unseen stories: keep them
        weights = {n: round(float(w), 4) for n, w in zip(names, model.coef_[0], strict=True)
                   if abs(w) >= 1e-4}
        codes_out[code] = {"bias": round(float(model.intercept_[0]), 4), "weights": weights,
                           "threshold": t, "cv_f1": round(mp[2], 3), "rules_f1": round(rp[2], 3)}
    for key, (tp, fp, fn) in totals.items():
        p, r, f1 = _f1(tp, fp, fn)
        print(f"claims micro, {key:7s} (leave-one-story-out for the model): "
              f"P={p:.3f} R={r:.3f} F1={f1:.3f}")
    if args.write:
        MODEL.write_text(json.dumps({
            "trained_on": " + ".join(args.sets) + f" ({len(rows)} claims)",
            "note": "python -m benchmarks.train_flags --write; codes without a row keep the "
                    "rules' flags (the model did not beat them in cross-validation)",
            "codes": codes_out}, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {MODEL.relative_to(ROOT)}: {', '.join(codes_out) or 'no code'}")
    for name in args.check:
        print(f"check {name}: python -m benchmarks.flags scores it with the saved model")
    return 0


if __name__ == "__main__":
    sys.exit(main())
