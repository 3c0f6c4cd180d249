"""Media references in prose and the no_provenance flag: triggers and near misses."""

from __future__ import annotations

from pathlib import Path

import pytest

import verify

CASES = [
    # sentence, kind, where, flagged
    ("Amateur videos circulated on social media showed the bodies of several men.",
     "video", "social media", True),
    ("Recent satellite imagery reveals that the vessels have left the base.", "satellite", None, True),
    ("Footage posted on Telegram showed a column of tanks near the bridge.", "footage", "Telegram", True),
    ("Photos shared online appeared to show the damaged bridge.", "photo", "online", True),
    ("Videos geolocated by Bellingcat show the strike hit a school.", "video", None, False),
    ("Footage released by the Defence Ministry showed the launch from the coast.", "footage", None, False),
    ("A video posted on X at https://x.com/a/status/1817237613372088620 showed the blast.",
     "video", "X", False),
]
NEAR_MISSES = [
    "The video game industry grew by five percent last year.",
    "Satellite operators are expanding their business in Europe.",
    "Images matter in journalism, the editor told the conference.",
    "She took pictures of her garden before the storm arrived.",
]


@pytest.mark.parametrize(("sentence", "kind", "where", "flagged"), CASES)
def test_media_reference(sentence: str, kind: str, where: str | None, flagged: bool) -> None:
    report = verify.scan(sentence)
    (ref,) = report.media_refs
    assert (ref.kind, ref.where) == (kind, where)
    assert sentence.startswith(report.evidence(ref.span)) or report.evidence(ref.span) in sentence
    codes = [f.code for f in report.flags_for(ref.id)]
    assert codes == (["no_provenance"] if flagged else [])


@pytest.mark.parametrize("sentence", NEAR_MISSES)
def test_near_misses_are_not_media_references(sentence: str) -> None:
    assert verify.scan(sentence).media_refs == []


def test_verifier_is_named() -> None:
    report = verify.scan("Videos geolocated by Bellingcat show the strike hit a school.")
    assert report.media_refs[0].verified_by == "Bellingcat"


def test_sample_story_media_refs(sample_story: Path) -> None:
    report = verify.scan(sample_story)
    refs = {r.text: r for r in report.media_refs}
    assert set(refs) == {"Amateur videos circulated on social media",
                         "Recent satellite imagery reveals"}
    for ref in refs.values():
        (flag,) = report.flags_for(ref.id)
        assert flag.code == "no_provenance" and ref.text in flag.reason
        assert report.evidence(flag.evidence[0]) == ref.text


def test_embedded_post_text_is_not_a_story_reference() -> None:
    report = verify.scan("Residents shared what they saw.\nVideos shared on X show the fire spreading.\n"
                         "— Fire Watch (@firewatch) July 1, 2024")
    assert report.media_refs == []


def test_the_next_sentence_may_say_where_the_media_came_from() -> None:
    """A paragraph's next sentence that names who disclosed or published the media gives it
    provenance; a new paragraph does not (GUIDE.md: media with a named source)."""
    import verify

    sourced = verify.scan("Audio surfaced of remarks he made in 2015 about policing. In the "
                          "speech, first disclosed by the Aspen Times, he argued that crime was "
                          "concentrated in a few neighbourhoods.")
    assert not any(f.code == "no_provenance" for f in sourced.flags)
    alone = verify.scan("Audio surfaced of remarks he made in 2015 about policing.\nIn the "
                        "speech, first disclosed by the Aspen Times, he argued that crime was "
                        "concentrated in a few neighbourhoods.")
    assert any(f.code == "no_provenance" for f in alone.flags)
