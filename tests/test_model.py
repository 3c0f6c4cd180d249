"""The report model and the verify.report/1 JSON schema."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

import verify
from verify.errors import SchemaError
from verify.model import (
    Claim,
    ClaimSource,
    Embed,
    Flag,
    Link,
    MediaRef,
    Quantity,
    Report,
    Source,
    Span,
)

from .conftest import STORIES

SCHEMA = json.loads(
    (Path(verify.__file__).parent / "data" / "report.schema.json").read_text(encoding="utf-8")
)


def full_report() -> Report:
    text = "Rebels claimed they killed dozens. — TOGA (@TOGAjano21) July 27, 2024"
    return Report(
        source=Source(kind="text", title="T"),
        text=text,
        embeds=[Embed(id="e1", platform="twitter", kind="post", url="https://twitter.com/a/status/1",
                      post_id="1", author_name="TOGA", author_handle="TOGAjano21",
                      posted="2024-07-27", text="x", media=["https://pic.twitter.com/p"],
                      found_by="text", span=Span(35, 70))],
        media_refs=[MediaRef(id="m1", kind="video", text="videos", where="social media",
                             span=Span(0, 6))],
        links=[Link(id="l1", url="https://pic.twitter.com/p", kind="media", platform="twitter")],
        claims=[Claim(id="c1", text="Rebels claimed they killed dozens.", span=Span(0, 34),
                      source=ClaimSource("Rebels", "armed_group"), verb="claimed",
                      stance="distancing", quantities=[Quantity("dozens", 24.0, False, Span(27, 33))])],
        flags=[Flag(item="c1", code="party_claim", severity="medium", reason="r",
                    evidence=[Span(0, 6)])],
        warnings=["w"],
        generator="verify test",
    )


def test_round_trip_is_exact() -> None:
    report = full_report()
    again = Report.from_dict(json.loads(report.to_json()))
    assert again == report
    assert again.to_dict() == report.to_dict()


def test_full_report_matches_json_schema() -> None:
    jsonschema.validate(full_report().to_dict(), SCHEMA)


@pytest.mark.parametrize("name", ["mali-clashes.html", "sample-story.txt"])
def test_scanned_fixtures_match_schema_and_round_trip(name: str) -> None:
    report = verify.scan(STORIES / name)
    data = json.loads(report.to_json())
    jsonschema.validate(data, SCHEMA)
    assert Report.from_dict(data) == report
    for item in [*report.embeds, *report.media_refs, *report.links, *report.claims]:
        if item.span is not None:
            assert 0 <= item.span.start < item.span.end <= len(report.text)


def test_schema_field_is_first_and_versioned() -> None:
    data = full_report().to_dict()
    assert next(iter(data)) == "schema"
    assert data["schema"] == "verify.report/1"


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.update(schema="verify.report/2"), "not a verify.report/1"),
        (lambda d: d["embeds"][0].update(surprise=1), "unknown field"),
        (lambda d: d["claims"][0].update(span=None), "expected an object"),
        (lambda d: d["flags"][0].update(evidence="0-6"), "expected a list"),
        (lambda d: d["claims"][0]["span"].update(start="0"), "expected int"),
        (lambda d: d["links"][0].pop("url"), "url"),
    ],
)
def test_from_dict_rejects_bad_shapes(mutate, message: str) -> None:  # type: ignore[no-untyped-def]
    data = full_report().to_dict()
    mutate(data)
    with pytest.raises(SchemaError, match=message):
        Report.from_dict(data)


def test_report_helpers() -> None:
    report = full_report()
    assert report.evidence(report.claims[0].span) == "Rebels claimed they killed dozens."
    assert report.item("c1") is report.claims[0]
    assert [f.code for f in report.flags_for("c1")] == ["party_claim"]
    assert "claims=1" in repr(report)
