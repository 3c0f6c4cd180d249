"""The claim model: tells a statement of fact from an opinion, a feeling or an argument.

The rules call a body sentence a claim unless it is a question, a call to action, a feeling
in the first person, and so on; editors also leave out opinions and arguments ("President
Yoon's statement was completely out of touch", "We need a global treaty"), which no word list
catches well. For each sentence the rules keep, the model reads its words and word pairs and a
few plain marks (a quotation, the first person, a figure, an attribution, the source's type)
and drops the sentence when a logistic score says it is no claim. A sentence whose source is
unnamed, a post or state media is kept, since those codes follow the source even on an
opinion (GUIDE.md). Weights and threshold live in ``data/claim_model.json``, trained by
``benchmarks/train_claims.py`` (its header says on what); ``claim_model=False`` gives the
rules alone.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import pairwise
from pathlib import Path

from ..errors import VerifyError

_WORD = re.compile(r"[a-z]+(?:['’][a-z]+)?|\d[\d,.]*")
_FIRST_PERSON = re.compile(r"\b(?:I|we|We|my|My|our|Our|us)\b")
#: sources whose codes follow them onto opinions: never dropped
KEPT_TYPES = frozenset({"anonymous", "social_media", "state_media"})


def claim_features(text: str, source_type: str, attributed: bool) -> set[str]:
    """The features of one sentence: its words and word pairs (figures as ``<num>``), and
    marks for a quotation, the first person, a figure, an attribution and the source type."""
    words = ["<num>" if w[0].isdigit() else w for w in _WORD.findall(text.lower())]
    out = {f"w:{w}" for w in words}
    out.update(f"b:{a} {b}" for a, b in pairwise(words))
    stripped = text.strip()
    marks = {
        "quote": any(q in text for q in "“”\""),
        "opens_quote": stripped[:1] in "“\"‘",
        "first_person": bool(_FIRST_PERSON.search(text)),
        "number": "<num>" in words,
        "attributed": attributed,
        "exclaims": "!" in text,
        "short": len(words) < 10,
        "long": len(words) > 30,
    }
    out.update(f"m:{k}" for k, v in marks.items() if v)
    out.add(f"t:{source_type}")
    return out


@dataclass(frozen=True)
class ClaimModel:
    """Logistic weights over :func:`claim_features` and the threshold below which a sentence
    is no claim."""

    bias: float
    weights: dict[str, float]
    threshold: float
    trained_on: str = ""

    def probability(self, features: set[str]) -> float:
        """The probability that a sentence with these features is a claim."""
        z = self.bias + sum(self.weights.get(f, 0.0) for f in features)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def is_claim(self, text: str, source_type: str, attributed: bool) -> bool:
        """Whether the model keeps a sentence the rules call a claim."""
        if source_type in KEPT_TYPES:
            return True
        return self.probability(claim_features(text, source_type, attributed)) >= self.threshold

    @staticmethod
    @cache
    def load(path: str | None = None) -> ClaimModel:
        """The packaged model, or one from ``path`` (loaded once); a malformed file is a
        VerifyError."""
        try:
            if path is None:
                raw = resources.files("verify").joinpath("data/claim_model.json").read_text(
                    "utf-8")
            else:
                raw = Path(path).read_text(encoding="utf-8")
            data = json.loads(raw)
            weights = {str(k): float(v) for k, v in data["weights"].items()}
            if bad := [k for k in weights if not re.match(r"^[wbmt]:", k)]:
                raise ValueError(f"unknown features {bad[:3]}")
            threshold = float(data["threshold"])
            if not 0.0 < threshold < 1.0:
                raise ValueError("threshold must lie between 0 and 1")
            return ClaimModel(float(data["bias"]), weights, threshold,
                              str(data.get("trained_on", "")))
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise VerifyError(f"bad claim model: {exc}") from exc
