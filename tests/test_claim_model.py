"""The claim model (issue 11's statistical component): opinions and arguments are dropped only
when asked for, a source whose codes follow it is never dropped, and a bad model file is the
package's own error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import verify
from verify.detect.claim_model import ClaimModel, claim_features

OPINION = ("“President Yoon’s statement was completely out of touch with the public’s "
           "expectations and further fueled a sense of betrayal,” Lee said.")
FACT = "Police said 12 people were killed in the attack on the market on Monday."
UNNAMED = "“This is a disgrace and a betrayal of our people,” a senior official said."
STORY = "\n\n".join([FACT, OPINION, UNNAMED])


def _claims(**options: object) -> list[str]:
    return [c.text for c in verify.scan(STORY, **options).claims]


def test_the_claim_model_drops_an_opinion_only_when_asked() -> None:
    assert len(_claims()) == 3  # off by default: the rules alone
    kept = _claims(claim_model=True)
    assert FACT in kept and OPINION not in kept
    assert UNNAMED in kept  # an unnamed source's codes follow it even on an opinion


def test_the_packaged_model_scores_a_fact_above_an_opinion() -> None:
    model = ClaimModel.load()
    fact = model.probability(claim_features(FACT, "official", True))
    opinion = model.probability(claim_features(OPINION, "other", True))
    assert fact > model.threshold > opinion
    assert "dev-A" in model.trained_on


@pytest.mark.parametrize("content", ["{", json.dumps({"bias": 0, "threshold": 2, "weights": {}}),
                                     json.dumps({"bias": 0, "threshold": 0.5,
                                                 "weights": {"x:word": 1}})])
def test_a_bad_claim_model_is_a_verify_error(tmp_path: Path, content: str) -> None:
    path = tmp_path / "model.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(verify.VerifyError, match="bad claim model"):
        ClaimModel.load(str(path))


def test_the_claim_model_option_is_a_boolean() -> None:
    with pytest.raises(verify.VerifyError):
        verify.Options(claim_model="yes")  # type: ignore[arg-type]
