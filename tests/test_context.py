"""The pipeline context: what a user changes (lexicons, platform rows, the stage list, options)
reaches every stage, in the calling process and in batch workers alike."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

import verify
from verify.context import Context
from verify.errors import OptionsError
from verify.model import Report
from verify.options import Options
from verify.stages import DEFAULT_STAGES
from verify.story import Story

from .conftest import ROOT

EXTRA_LEXICON = str(ROOT / "fixtures" / "lexicon-extra.toml")
OUTLET = "Voice of the Republic reported that 20 soldiers were killed in the raid."
PLATFORM_ROW = """
[[platform]]
name = "townsquare"
label = "Town Square"
domains = ["townsquare.example"]
kind = "post"
canonical = "https://townsquare.example/{handle}/p/{id}"
posts = [{ re = '^townsquare\\.example/(?P<handle>\\w+)/p/(?P<id>\\d+)' }]
"""


def codes(report: Report) -> set[str]:
    return {f.code for f in report.flags}


def mark_stage(story: Story, report: Report, ctx: Context) -> None:
    """A user's own stage: it notes which lexicon files its context carries."""
    report.warnings.append(f"custom stage saw lexicons {list(ctx.options.lexicons)}")


def test_a_users_lexicon_reaches_the_pipeline() -> None:
    assert "state_media" not in codes(verify.scan(OUTLET))
    assert "state_media" in codes(verify.scan(OUTLET, lexicons=[EXTRA_LEXICON]))


def test_a_users_lexicon_reaches_batch_workers() -> None:
    stories = [OUTLET.replace("20", str(n)) for n in range(10, 20)]
    reports = list(verify.scan_many(stories, jobs=2, lexicons=[EXTRA_LEXICON]))
    assert len(reports) == 10 and all("state_media" in codes(r) for r in reports)


def test_a_users_platform_rows_reach_embeds_and_links(tmp_path: Path) -> None:
    table = tmp_path / "platforms.toml"
    table.write_text(PLATFORM_ROW, encoding="utf-8")
    story = "Officials said so in a post: https://townsquare.example/mayor/p/12345 on Monday."
    assert not verify.scan(story).embeds
    report = verify.scan(story, platforms=[str(table)])
    (embed,) = report.embeds
    assert (embed.platform, embed.post_id, embed.author_handle) == ("townsquare", "12345", "mayor")
    assert report.links[0].platform == "townsquare"


def test_custom_stages_run_in_batch_workers_too() -> None:
    stages = [*DEFAULT_STAGES, mark_stage]
    stories = [f"The army said {n} rebels were killed." for n in range(10)]
    with verify.Scanner(stages=stages, lexicons=[EXTRA_LEXICON]) as scanner:
        one = list(scanner.scan_many(stories, jobs=1))
        two = list(scanner.scan_many(stories, jobs=2))
    assert [r.to_dict() for r in one] == [r.to_dict() for r in two]
    assert all(r.warnings == [f"custom stage saw lexicons {[EXTRA_LEXICON]}"] for r in two)


def test_a_stage_that_cannot_reach_workers_is_a_clear_error() -> None:
    stages = [*DEFAULT_STAGES, lambda story, report, ctx: None]
    with verify.Scanner(stages=stages) as scanner, pytest.raises(OptionsError, match="pickle"):
        list(scanner.scan_many([f"The army said {n} died." for n in range(10)], jobs=2))


def test_the_context_pickles_as_an_equal_context(tmp_path: Path) -> None:
    table = tmp_path / "platforms.toml"
    table.write_text(PLATFORM_ROW, encoding="utf-8")
    ctx = Context.build(Options(platforms=[str(table)], lexicons=[EXTRA_LEXICON]))
    copy = pickle.loads(pickle.dumps(ctx))
    assert copy.options == ctx.options
    assert "townsquare" in copy.platforms.by_name
    assert copy.lexicon.source_types == ctx.lexicon.source_types


def test_every_flag_takes_its_severity_from_the_registry(sample_story: Path) -> None:
    report = verify.scan(sample_story)
    registry = Context.build(Options()).flags
    assert report.flags
    assert all(f.severity == registry.severity(f.code) for f in report.flags)


@pytest.mark.parametrize("field,value", [
    ("online", "no"), ("fast", "false"), ("use_cache", 1), ("refresh", None),
    ("concurrency", "x"), ("concurrency", 0), ("max_bytes", True), ("max_bytes", 1.5),
    ("per_host_interval", -5), ("timeout", 0), ("deadline", float("nan")),
    ("encoding", "no-such-codec"), ("endpoints", ["x"]), ("endpoints", {"x": 1}),
    ("lexicons", [1]), ("platforms", 3), ("allow_hosts", [None]), ("media_db", 5),
    ("user_agent", " "),
])
def test_every_option_is_checked(field: str, value: object) -> None:
    with pytest.raises(OptionsError, match=field):
        Options(**{field: value})  # type: ignore[arg-type]


def test_good_options_are_normalised() -> None:
    opts = Options(allow_hosts="LOCALHOST", lexicons=EXTRA_LEXICON, media_db=Path("x.db"),
                   per_host_interval=0)
    assert opts.allow_hosts == frozenset({"localhost"})
    assert opts.lexicons == (EXTRA_LEXICON,) and opts.media_db == "x.db"
    assert opts.per_host_interval == 0.0
