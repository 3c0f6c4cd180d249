"""Embeds: every platform and wrapper in HTML, copied posts in text, merging, and the corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import verify
from verify.errors import VerifyError
from verify.platforms import PlatformTable

from .conftest import FIXTURES, STORIES

EMBEDS = FIXTURES / "embeds"
EXPECTED = json.loads((EMBEDS / "expected.json").read_text(encoding="utf-8"))
ISSUE_PLATFORMS = ["twitter", "instagram", "facebook", "tiktok", "youtube", "telegram", "bluesky",
                   "mastodon", "threads", "reddit", "linkedin", "vimeo", "truthsocial", "vk",
                   "dailymotion", "rumble"]


def keys(report: verify.Report) -> list[tuple[str, str | None]]:
    return [(e.platform, e.post_id or e.url) for e in report.embeds]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_html_fixture_finds_exactly_the_labelled_embeds(name: str) -> None:
    report = verify.scan(EMBEDS / name)
    expected = [tuple(x) for x in EXPECTED[name]]
    assert sorted(keys(report), key=str) == sorted(expected, key=str)


def test_every_platform_of_the_issue_has_a_row_and_is_found() -> None:
    table = PlatformTable.load()
    assert set(ISSUE_PLATFORMS) <= set(table.by_name)
    found = {e.platform for e in verify.scan(EMBEDS / "every-platform.html").embeds}
    assert set(ISSUE_PLATFORMS) <= found


def test_chrome_is_not_embedded_nor_linked() -> None:
    report = verify.scan(EMBEDS / "every-platform.html")
    urls = [link.url for link in report.links]
    assert not any("intent/tweet" in u or "sharer" in u or "newsexample" in u for u in urls)
    assert ("twitter", "1111111111111111111") not in keys(report)  # a plain link, not an embed
    assert any(u.endswith("/status/1111111111111111111") for u in urls)


def test_embed_fields_from_markup() -> None:
    report = verify.scan(EMBEDS / "every-platform.html")
    tweet = report.embeds[0]
    assert (tweet.author_name, tweet.author_handle) == ("Field Reporter", "fieldrep")
    assert tweet.url == "https://x.com/fieldrep/status/1817237613372088620"
    assert tweet.posted == "2024-07-27T16:36:24Z"  # the id's exact time, same day as the markup's
    assert tweet.media == ["https://pic.twitter.com/AbCdEf1234"]
    assert report.evidence(tweet.span).startswith("Column destroyed near the border")
    insta = next(e for e in report.embeds if e.post_id == "C9xYz12AbCd")
    assert insta.url == "https://www.instagram.com/p/C9xYz12AbCd/"
    assert insta.author_handle == "sahelphoto"
    sky = next(e for e in report.embeds if e.post_id == "3kabcdefgh2xy")
    assert sky.author_name == "A Reporter" and sky.posted == "2024-05-01T10:00:00Z"


def test_sample_story_tweet(sample_story: Path) -> None:
    report = verify.scan(sample_story)
    (tweet,) = [e for e in report.embeds if e.platform == "twitter" and e.kind == "post"]
    assert (tweet.author_name, tweet.author_handle, tweet.posted) == ("TOGA", "TOGAjano21",
                                                                      "2024-07-27")
    assert tweet.media == ["https://pic.twitter.com/p8ZD8kI4kI"]
    assert tweet.text.startswith("In Mali, local fighters defeated")
    assert tweet.text.endswith("Mi-24 helicopter pic.twitter.com/p8ZD8kI4kI")
    assert tweet.found_by == "text"
    assert "— TOGA (@TOGAjano21) July 27, 2024" in report.evidence(tweet.span)
    assert len(report.embeds) == 1  # the pic link is the tweet's media, not a second embed


def test_same_post_in_markup_and_text_is_one_embed() -> None:
    report = verify.scan(STORIES / "mali-clashes.html")
    tweets = [e for e in report.embeds if e.platform == "twitter"]
    assert len(tweets) == 1 and tweets[0].post_id == "1817237613372088620"
    assert tweets[0].found_by == "html"


@pytest.mark.parametrize(
    "signature",
    [
        "— Field Reporter (@fieldrep) July 27, 2024",
        "– Field Reporter (@fieldrep) 27 July 2024",
        "&mdash; Field Reporter (@fieldrep) Jul 27, 2024",
        "-- Field Reporter (@fieldrep) Jul. 27, 2024",
        "- Field Reporter (@fieldrep) July 27 2024",
        "— Field Reporter (Mali desk) (@fieldrep) July 27, 2024",
    ],
)
def test_signature_variants(signature: str) -> None:
    report = verify.scan(f"Officials said the road was closed.\nThe column was destroyed.\n{signature}\n"
                         "Later, the army denied it.")
    (tweet,) = report.embeds
    assert (tweet.author_handle, tweet.posted) == ("fieldrep", "2024-07-27")
    assert (tweet.author_name or "").startswith("Field Reporter")
    assert tweet.text == "The column was destroyed."


def test_copied_story_text() -> None:
    report = verify.scan(EMBEDS / "copied-story.txt")
    by = {(e.platform, e.author_handle or e.post_id or e.url): e for e in report.embeds}
    delta = by[("twitter", "deltawatch")]
    assert delta.posted == "2025-03-03" and delta.text.startswith("Water is still rising")
    mariam = by[("twitter", "mariam_k")]
    assert mariam.media == ["https://pic.twitter.com/Zx9Yq8Wv7U"] and mariam.posted == "2025-03-04"
    media_only = by[("twitter", "https://pic.twitter.com/Qr5Ts6Uv7W")]
    assert media_only.kind == "image" and media_only.found_by == "url"
    insta = by[("instagram", "deltaphoto")]
    assert insta.author_name == "Delta Photo Agency" and insta.posted == "2025-03-05"
    assert ("tiktok", "floodcam") in by
    assert len([e for e in report.embeds if e.platform == "instagram" and not e.post_id]) == 1
    ministry = by[("twitter", "DeltaMinistry")]
    assert ministry.url == "https://x.com/DeltaMinistry/status/1897000000000000000"
    assert ministry.posted == "2025-03-04T19:03:39Z"  # decoded from the snowflake id
    assert by[("telegram", "deltaministry")].url == "https://t.me/deltaministry/812"
    assert ("youtube", "dQw4w9WgXcQ") in by
    assert ("instagram", "DAbc123xyz") in by


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://twitter.com/a/status/1817237613372088620?ref_src=twsrc%5Etfw&s=20",
         ("post", "twitter", "https://x.com/a/status/1817237613372088620")),
        ("x.com/a/status/1817237613372088620?t=abc", ("post", "twitter",
                                                      "https://x.com/a/status/1817237613372088620")),
        ("https://t.co/AbCdEf1234", ("shortener", "twitter", "https://t.co/AbCdEf1234")),
        ("https://bit.ly/3xyz", ("shortener", None, "https://bit.ly/3xyz")),
        ("pic.twitter.com/AbCdEf1234", ("media", "twitter", "https://pic.twitter.com/AbCdEf1234")),
        ("https://www.reuters.com/world/africa/mali-2024-07-29/?utm_source=twitter",
         ("news", None, "https://www.reuters.com/world/africa/mali-2024-07-29/")),
        ("https://twitter.com/deltawatch", ("profile", "twitter", "https://twitter.com/deltawatch")),
        ("https://example.org/", ("other", None, "https://example.org/")),
    ],
)
def test_links_normalised_and_classified(url: str, expected: tuple) -> None:
    report = verify.scan(f"See {url} for more.")
    link = next(iter(link for link in report.links))
    assert (link.kind, link.platform, link.url) == expected


def test_links_come_from_the_story_not_the_page_around_it() -> None:
    html = ("<html><body><div class='top'><a href='https://portal.example/mail'>Mail</a>"
            "<a href='https://portal.example/finance/markets-today'>Markets today</a></div>"
            "<article><p>The army said on Friday it had retaken the town after two days of "
            "fighting, according to <a href='https://wire.example/2024/07/26/town-retaken'>a "
            "wire report</a> published overnight and confirmed by residents.</p><p>Residents "
            "described heavy shelling in the northern districts and long queues for water at "
            "the only working pump in the centre of town.</p></article></body></html>")
    report = verify.scan(html)
    assert [link.url for link in report.links] == ["https://wire.example/2024/07/26/town-retaken"]
    link = report.links[0]
    assert report.evidence(link.span) == "a wire report"


def test_links_are_deduplicated_across_x_and_twitter() -> None:
    report = verify.scan("One twitter.com/a/status/1817237613372088620 two "
                         "https://x.com/a/status/1817237613372088620?s=20")
    assert len([link for link in report.links if link.kind == "post"]) == 1


def test_id_times() -> None:
    table = PlatformTable.load()
    assert table.snowflake_time("twitter", "1817237613372088620") == "2024-07-27T16:36:24Z"
    assert table.snowflake_time("tiktok", "6718335390845095173") == "2019-07-27T13:32:33Z"
    assert table.snowflake_time("twitter", "20") is None  # a pre-2010 id carries no time
    assert table.snowflake_time("youtube", "123") is None


def test_platform_table_is_validated(tmp_path: Path) -> None:
    bad = tmp_path / "p.toml"
    bad.write_text('[[platform]]\nname = "x"\nposts = [{ re = "(" }]\n', encoding="utf-8")
    with pytest.raises(VerifyError, match="bad pattern"):
        PlatformTable.load(str(bad))
    bad.write_text('[[platform]]\nname = "x"\nkind = "poem"\n', encoding="utf-8")
    with pytest.raises(VerifyError, match="unknown kind"):
        PlatformTable.load(str(bad))


# --- the shared corpus: a quality gate with pinned floors (skipped when absent) -------------

def test_corpus_quality_gate(corpus: Path) -> None:
    from benchmarks.embeds import found_key, label_key, score

    table = PlatformTable.load()
    pages = json.loads((corpus / "MANIFEST.json").read_text(encoding="utf-8"))["pages"]
    pairs = []
    for page in pages:
        report = verify.scan(corpus / "pages" / page["file"])
        pairs.append(({label_key(e, table) for e in page["embeds"]},
                      {found_key(e) for e in report.embeds}))
    stats = score(pairs)
    tp = sum(c["tp"] for c in stats.values())
    fp = sum(c["fp"] for c in stats.values())
    fn = sum(c["fn"] for c in stats.values())
    # floors at what main reaches on the 85-page corpus (1.000 / 0.996; 0.996 / 0.950 before the
    # forms of issue 12, 1.000 / 1.000 on the 67 pages the first rules were built on)
    assert tp / (tp + fp) >= 0.99 and tp / (tp + fn) >= 0.99
    for name, c in stats.items():
        if c["tp"] + c["fn"] < 5:  # one miss of three soundcloud embeds is not a rate (issue 12)
            continue
        assert c["tp"] / max(1, c["tp"] + c["fn"]) >= 0.9, name


def test_a_post_kept_as_json_in_a_data_attribute_keeps_its_fields() -> None:
    """A newsletter platform's post block (``div.tweet data-attrs='{"url": ...}'``): the post's
    author, name and text come from its JSON, its markup stripped (issue 12)."""
    report = verify.scan(EMBEDS / "publisher-forms.html")
    (post,) = [e for e in report.embeds if e.author_handle == "stormwatcher"]
    assert (post.author_handle, post.author_name) == ("stormwatcher", "Storm Watcher")
    assert post.text == "The river is over the bridge on Mill Road. @CityCouncil"
    assert not [e for e in report.embeds if e.platform == "unknown"]


def test_two_posts_of_one_account_on_one_day_stay_two() -> None:
    """Posts are the same only when their ids, URLs or texts say so: one account's two posts of
    the same day, with different texts, are two embeds (issue 12); the same post copied twice
    is one."""
    sign = "— The Nigerian Senate (@NGRSenate) October 9, 2018"
    two = verify.scan(f"Today the Senate passed the budget bill after a long debate.\n{sign}\n"
                      f"Senators also confirmed three new ministers this afternoon.\n{sign}\n")
    assert len(two.embeds) == 2
    once = verify.scan(f"Today the Senate passed the budget bill after a long debate.\n{sign}\n"
                       "The clerk read it out.\n"
                       f"Today the Senate passed the budget bill after a long debate.\n{sign}\n")
    assert len(once.embeds) == 1


def test_an_embedded_posts_date_is_not_the_storys() -> None:
    """A page with no date of its own does not take an embedded post's date as the story's;
    a page that states the same day keeps it (issue 12)."""
    page = ("<html>{head}<body><article><p>Officials said the bridge fell on Monday and residents "
            "fled to higher ground.</p><blockquote class='twitter-tweet'><p lang='en'>The bridge "
            "is gone</p>&mdash; Storm Watcher (@stormwatcher) <a href='https://twitter.com/"
            "stormwatcher/status/1234567890123456789'>March 3, 2012</a></blockquote><p>The army "
            "said it would send engineers.</p></article></body></html>")
    assert verify.scan(page.format(head="")).source.published is None
    dated = "<head><meta name='article:published_time' value='2012-03-03T10:00:00Z'></head>"
    assert verify.scan(page.format(head=dated)).source.published == "2012-03-03"


def test_heldout_embed_pages_meet_their_floor() -> None:
    """30 real pages from seven other repositories, labelled by hand without seeing verify's
    output (benchmarks/data/heldout-embeds): first run P 0.986 R 0.863; after the general
    rules their misses showed (any lazy loader's data-*-src, no about:blank URLs, a Vine row)
    P 1.000 R 0.963."""
    from benchmarks.embeds import found_key, label_key, score

    root = Path(__file__).resolve().parent.parent / "benchmarks" / "data" / "heldout-embeds"
    table = PlatformTable.load()
    pages = json.loads((root / "MANIFEST.json").read_text(encoding="utf-8"))["pages"]
    stats = score([({label_key(e, table) for e in page["embeds"]},
                    {found_key(e) for e in verify.scan(root / "pages" / page["file"]).embeds})
                   for page in pages])
    tp, fp, fn = (sum(c[k] for c in stats.values()) for k in ("tp", "fp", "fn"))
    assert tp / (tp + fp) >= 0.99 and tp / (tp + fn) >= 0.95

