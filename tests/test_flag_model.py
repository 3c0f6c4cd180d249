"""The flag model: its file is validated, its features are the extractor's, it only weighs
what it should (figures that conflict stand), and ``flag_model=False`` gives the rules alone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import verify
from verify.errors import VerifyError
from verify.flags.model import MODEL_CODES, FlagModel, feature_names

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
#: an army's and an armed group's accounts of one battle, the army denying the group's
STORY = ("Rebels said on Sunday they had captured the town after three days of fighting and "
         "killed 40 soldiers. The army denied that the town had fallen and said 12 soldiers "
         "were killed. Neither account could be independently verified.")


def test_packaged_model_is_valid_and_names_only_known_features() -> None:
    model = FlagModel.load()
    assert model.trained_on
    known = set(feature_names())
    for code, row in model.codes.items():
        assert code in MODEL_CODES
        assert set(row.weights) <= known
        assert 0 < row.threshold < 1


@pytest.mark.parametrize("row,error", [
    ({"codes": {"nonsense": {"bias": 0, "weights": {}, "threshold": 0.5}}}, "unknown code"),
    ({"codes": {"speculative": {"bias": 0, "weights": {"made_up": 1}, "threshold": 0.5}}},
     "unknown features"),
    ({"codes": {"speculative": {"bias": 0, "weights": {}, "threshold": 1.5}}}, "between 0 and 1"),
    ({"codes": {"speculative": {"bias": "x", "weights": {}, "threshold": 0.5}}}, "bad flag model"),
    ({}, "bad flag model"),
])
def test_a_malformed_model_is_refused(tmp_path: Path, row: dict, error: str) -> None:
    path = tmp_path / "model.json"
    path.write_text(json.dumps(row), encoding="utf-8")
    with pytest.raises(VerifyError, match=error):
        FlagModel.load(str(path))


def test_extractor_emits_only_named_features() -> None:
    from verify.flags.actors import actors_of
    from verify.flags.model import claim_features
    from verify.flags.stage import rule_flags

    seen: list[list[dict[str, float]]] = []

    def record(story, report, ctx) -> None:  # type: ignore[no-untyped-def]
        actors = actors_of(story, report, ctx.lexicon)
        flags, _ = rule_flags(story, report, ctx, actors)
        seen.append(claim_features(story, report, ctx.lexicon, actors, flags))

    from verify.stages import DEFAULT_STAGES

    stages = [s for s in DEFAULT_STAGES if s.__name__ not in ("flags_stage", "online_stage",
                                                               "known_media_stage")]
    sample = (FIXTURES / "stories" / "sample-story.txt").read_text(encoding="utf-8")
    with verify.Scanner(stages=[*stages, record]) as scanner:
        scanner.scan(sample)
    names = set(feature_names())
    assert seen and seen[0] and all(set(f) <= names for f in seen[0])
    assert any("rule:party_claim" in f for f in seen[0])  # the rules' flags are features


def _weigh(story: str, model: FlagModel) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """The rules' (item, code) pairs on a story, and those ``model`` leaves."""
    from verify.flags.actors import actors_of
    from verify.flags.stage import rule_flags
    from verify.stages import DEFAULT_STAGES

    out: list[tuple[set[tuple[str, str]], set[tuple[str, str]]]] = []

    def weigh(st, report, ctx) -> None:  # type: ignore[no-untyped-def]
        actors = actors_of(st, report, ctx.lexicon)
        flags, fixed = rule_flags(st, report, ctx, actors)
        kept = model.refine(st, report, ctx.lexicon, actors, flags, fixed)
        out.append(({(f.item, f.code) for f in flags}, {(f.item, f.code) for f in kept}))

    stages = [s for s in DEFAULT_STAGES if s.__name__ not in ("flags_stage", "online_stage",
                                                               "known_media_stage")]
    with verify.Scanner(stages=[*stages, weigh]) as scanner:
        scanner.scan(story)
    return out[0]


def test_the_model_drops_and_adds_but_never_drops_conflicting_figures() -> None:
    from verify.flags.model import CodeModel

    story = (STORY + " The town may be retaken within days, a local official said.\n\n"
             "Shops in the market stayed closed on Monday.")
    never = CodeModel(-20.0, {}, 0.5)
    always = CodeModel(20.0, {}, 0.5)
    rules, kept = _weigh(story, FlagModel({"speculative": never, "conflicting_accounts": never}))
    assert any(code == "speculative" for _, code in rules)
    assert not any(code == "speculative" for _, code in kept)  # weighed and dropped
    # 40 against 12 soldiers: figures that conflict stand; the denial's wider reach is weighed
    assert {("c1", "conflicting_accounts"), ("c2", "conflicting_accounts")} <= kept
    assert ("c3", "conflicting_accounts") in rules and ("c3", "conflicting_accounts") not in kept
    rules, kept = _weigh(story, FlagModel({"unattributed": always}))
    added = kept - rules
    assert added and {code for _, code in added} == {"unattributed"}
    # only where no source is named: a claim with a source never gets "no source is given"
    report = verify.scan(story)
    sourced = {c.id for c in report.claims if c.source.type != "none"}
    assert not {i for i, _ in added} & sourced


def test_flag_model_option_reaches_the_stage() -> None:
    rules = {(f.item, f.code) for f in verify.scan(STORY).flags}
    assert rules == {(f.item, f.code) for f in verify.scan(STORY, flag_model=False).flags}
    assert verify.Options().flag_model is False  # off unless asked: see the README


def test_the_option_is_checked() -> None:
    with pytest.raises(VerifyError):
        verify.Options(flag_model="no")  # type: ignore[arg-type]
