"""The flag model: weighs the rules' flags on each claim against what else the story shows.

The rules say what could make a claim uncheckable (a hedge word, a side's spokesman, a
figure with no source); editors flag only some of those. For each claim the model reads a
few dozen plain features (which rules fired on it and on the claim before, the source's type
and verb, whether the account carries over, whether the story is about a conflict or a
dispute, the kind of hedge and whether it sits inside a quotation, ...) and keeps a rule's
flag when a logistic score over them passes the code's threshold. For ``party_claim`` and
``unattributed`` it may also raise a flag no rule raised, with a reason that names the
source. Weights and thresholds live in ``data/flag_model.json``, trained by
``benchmarks/train_flags.py`` on labelled stories (its header says which); the option
``flag_model=False`` gives the rules alone.
"""

from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from ..detect.claims import attribute
from ..errors import VerifyError
from ..lexicon import Lexicon
from ..model import Claim, Flag, Report
from ..story import Story
from .actors import Actors
from .hedges import hedge_of
from .sources import TYPE_LABEL, flag, name_span

SOURCE_TYPES = ("armed_group", "military", "government", "official", "state_media", "media",
                "ngo_expert", "witness", "social_media", "company", "anonymous", "other", "none")
VERB_KINDS = ("none", "denial", "distancing", "assertive", "announce", "neutral")
HEDGE_KINDS = ("modal", "future", "likely", "appearance", "belief", "suspicion", "warning",
               "other")
MODEL_CODES = ("party_claim", "social_media_only", "anonymous_source", "unattributed",
               "conflicting_accounts", "speculative", "unverified_by_story", "state_media")
#: codes the model may raise where no rule did (their reasons name the source)
ADDS = ("party_claim", "unattributed")
_FIRST_PERSON = re.compile(r"\b(?:I|we|We|my|My|our|Our|us)\b")
_NEGATION = re.compile(r"\b(?:not|no|never|n't|neither|nor)\b", re.I)
_QUOTES = "“”\""
_INSTITUTIONS = frozenset({"government", "company", "official", "military", "other"})


def feature_names() -> list[str]:
    """Every feature the extractor can emit, in a fixed order."""
    names = [f"rule:{c}" for c in MODEL_CODES] + [f"prev:{c}" for c in MODEL_CODES]
    names += ["rule:no_provenance"]
    names += [f"type:{t}" for t in SOURCE_TYPES] + [f"verb:{v}" for v in VERB_KINDS]
    names += [f"hedge:{h}" for h in HEDGE_KINDS]
    names += ["attributed_here", "carried", "conflict_story", "dispute_story", "party",
              "story_party", "hedge_in_quote", "quote", "opens_with_quote", "first_person",
              "quantities", "casualty_figure", "statistic_figure", "anonymous_cue",
              "social_cue", "negation", "named_person", "long", "paragraph_start",
              "story_disclaims", "source_repeats", "praise", "self_praise", "speaks_for_itself",
              "stakeholder", "party_in_conflict"]
    return names


def _verb_kind(verb: str | None, lex: Lexicon) -> str:
    v = (verb or "").lower()
    if not v:
        return "none"
    if lex.denial.fullmatch(v):
        return "denial"
    if v in lex.distancing:
        return "distancing"
    if v in ("announced", "announces"):
        return "announce"
    return "assertive" if lex.stance.get(v) == "assertive" else "neutral"


def _in_quote(text: str, at: int) -> bool:
    """Whether position ``at`` of a sentence lies inside quotation marks."""
    before = text[:at]
    opened = before.count("“") - before.count("”")
    return opened > 0 or before.count('"') % 2 == 1


def claim_features(story: Story, report: Report, lex: Lexicon, actors: Actors,
                   flags: list[Flag]) -> list[dict[str, float]]:
    """The model's features of each claim, in report order (only the features that are on)."""
    codes: dict[str, set[str]] = defaultdict(set)
    for raised in flags:
        codes[raised.item].add(raised.code)
    media_flagged = {f.item for f in report.flags}
    disclaims = {s.segment for s in story.sentences
                 if lex.unverified.search(story.text, s.span.start, s.span.end)}
    paragraph_starts = {p.start for p in story.paragraphs}
    mentions: dict[tuple[int, str], int] = defaultdict(int)
    for i, c in enumerate(report.claims):
        if c.source.name:
            mentions[(actors.segments[i], c.source.name.lower())] += 1
    out: list[dict[str, float]] = []
    previous: set[str] = set()
    for i, c in enumerate(report.claims):
        f: dict[str, float] = {f"rule:{k}": 1.0 for k in codes[c.id] if k in MODEL_CODES}
        f.update({f"prev:{k}": 1.0 for k in previous if k in MODEL_CODES})
        if any(m.id in media_flagged and m.span and c.span.start <= m.span.start < c.span.end
               for m in report.media_refs):
            f["rule:no_provenance"] = 1.0
        f[f"type:{c.source.type if c.source.type in SOURCE_TYPES else 'other'}"] = 1.0
        f[f"verb:{_verb_kind(c.verb, lex)}"] = 1.0
        here = attribute(c.text, lex) is not None
        f["attributed_here"] = float(here)
        f["carried"] = float(not here and c.source.type != "none")
        seg = actors.segments[i]
        f["conflict_story"] = float(actors.conflict.get(seg, False))
        f["dispute_story"] = float(seg in actors.disputes)
        f["party"] = float(actors.stake[i])
        f["story_party"] = float(actors.is_story_party(i, c.source.name))
        f["story_disclaims"] = float(seg in disclaims)
        f["source_repeats"] = float(bool(c.source.name)
                                    and mentions[(seg, (c.source.name or "").lower())] > 2)
        hedge = hedge_of(c.text, lex)
        if hedge is not None:
            kind = lex.hedge_kind.get(" ".join(hedge.group().lower().split()), "other")
            f[f"hedge:{kind}"] = 1.0
            f["hedge_in_quote"] = float(_in_quote(c.text, hedge.start()))
        f["quote"] = float(c.quote or any(q in c.text for q in _QUOTES))
        f["opens_with_quote"] = float(c.text.lstrip()[:1] in "“\"‘")
        f["first_person"] = float(bool(_FIRST_PERSON.search(c.text)))
        f["quantities"] = float(bool(c.quantities))
        f["casualty_figure"] = float(any(lex.casualty.search(q.text) for q in c.quantities))
        f["statistic_figure"] = float(any(lex.statistic.search(q.text) for q in c.quantities))
        f["anonymous_cue"] = float(bool(lex.anonymous_cue.search(c.text)))
        f["social_cue"] = float(bool(lex.social_cue.search(c.text)))
        f["negation"] = float(bool(_NEGATION.search(c.text)))
        sourced = c.source.type not in ("none", "anonymous")
        praise = bool(lex.praise.search(c.text))
        f["praise"] = float(praise)
        f["self_praise"] = float(praise and sourced and c.source.type in _INSTITUTIONS)
        f["speaks_for_itself"] = float(sourced and f["first_person"] > 0)
        f["stakeholder"] = float(bool(c.source.name and lex.stakeholders.search(c.source.name)))
        f["party_in_conflict"] = float(c.source.type in lex.parties and f["conflict_story"] > 0)
        f["named_person"] = float(bool(re.search(r"\b[A-Z][\w'’-]+\s+[A-Z][\w'’-]+",
                                                 c.source.name or "")))
        f["long"] = float(len(c.text.split()) > 30)
        f["paragraph_start"] = float(c.span.start in paragraph_starts)
        out.append({k: v for k, v in f.items() if v})
        previous = codes[c.id]
    return out


@dataclass(frozen=True)
class CodeModel:
    """One code's logistic weights and the score above which its flag stands."""

    bias: float
    weights: dict[str, float]
    threshold: float

    def probability(self, features: dict[str, float]) -> float:
        """The model's probability that an editor flags this claim with the code."""
        z = self.bias + sum(self.weights.get(k, 0.0) * v for k, v in features.items())
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


@dataclass(frozen=True)
class FlagModel:
    """Per-code models; codes it has no model for keep the rules' flags as they are."""

    codes: dict[str, CodeModel]
    trained_on: str = ""

    @staticmethod
    @cache
    def load(path: str | None = None) -> FlagModel:
        """The packaged model, or one from ``path`` (loaded once); a malformed file is a
        VerifyError."""
        try:
            if path is None:
                raw = resources.files("verify").joinpath("data/flag_model.json").read_text("utf-8")
            else:
                raw = Path(path).read_text(encoding="utf-8")
            data = json.loads(raw)
            known = set(feature_names())
            codes = {}
            for code, row in data["codes"].items():
                if code not in MODEL_CODES:
                    raise ValueError(f"unknown code {code!r}")
                weights = {str(k): float(v) for k, v in row["weights"].items()}
                if unknown := set(weights) - known:
                    raise ValueError(f"unknown features {sorted(unknown)} for {code}")
                threshold = float(row["threshold"])
                if not 0.0 < threshold < 1.0:
                    raise ValueError(f"threshold of {code} must lie between 0 and 1")
                codes[code] = CodeModel(float(row["bias"]), weights, threshold)
            return FlagModel(codes, str(data.get("trained_on", "")))
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise VerifyError(f"bad flag model: {exc}") from exc

    def refine(self, story: Story, report: Report, lex: Lexicon, actors: Actors,
               flags: list[Flag], fixed: set[tuple[str, str]]) -> list[Flag]:
        """The rules' flags the model keeps (all of ``fixed``: conflicting figures), and the
        ones it adds (see the module's text)."""
        features = claim_features(story, report, lex, actors, flags)
        index = {c.id: i for i, c in enumerate(report.claims)}
        kept = []
        for f in flags:
            i = index.get(f.item)
            model = self.codes.get(f.code)
            if (i is None or model is None or (f.item, f.code) in fixed
                    or model.probability(features[i]) >= model.threshold):
                kept.append(f)
        have = {(f.item, f.code) for f in kept}
        for i, c in enumerate(report.claims):
            for code in ADDS:
                model = self.codes.get(code)
                if model is None or (c.id, code) in have:
                    continue
                if model.probability(features[i]) >= model.threshold:
                    added = _added(code, c)
                    if added is not None:
                        kept.append(added)
        return kept


def _added(code: str, claim: Claim) -> Flag | None:
    """A flag the model raises where no rule did, when its reason can be said plainly."""
    src = claim.source
    if code == "party_claim" and src.name and src.type not in ("none", "anonymous"):
        label = TYPE_LABEL.get(src.type, src.type)
        name = " ".join(src.name.split())[:80]
        return flag(claim.id, "party_claim",
                    f'The only source is "{name}", {label} that takes a side in what this story '
                    "reports.", name_span(claim))
    if code == "unattributed" and src.type == "none":
        return flag(claim.id, "unattributed", "No source is given for this claim.",
                    [claim.span])
    return None
