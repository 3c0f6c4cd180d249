"""The one-pass HTML embed finder: every finder still reports what its fixture holds, and the
platform table's selector index asks each element about every selector it matches."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import lxml.etree
import lxml.html
import pytest

from verify.detect.html_embeds import _collect, find_html_embeds
from verify.extract import parse_html
from verify.platforms import PlatformTable

from .conftest import FIXTURES, STORIES

EMBEDS = FIXTURES / "embeds"

#: (finder and form, fixture, platform, post id or URL, how often the finder's output holds
#: it): the output is not deduplicated, so a post two finders see is there twice, and a
#: finder that stopped reporting it changes the count
FINDERS = [
    ("selector, tag and class: blockquote.twitter-tweet", "every-platform.html", "twitter",
     "1817237613372088620", 1),
    ("selector: blockquote.instagram-media", "every-platform.html", "instagram", "C9xYz12AbCd", 1),
    ("selector: blockquote.tiktok-embed", "every-platform.html", "tiktok", "6718335390845095173", 1),
    ("selector: div.fb-post", "every-platform.html", "facebook", "10154009990506729", 1),
    ("selector: blockquote.bluesky-embed", "every-platform.html", "bluesky", "3l6oveex3ii2l", 1),
    ("selector, tag and attribute: script[data-telegram-post]", "every-platform.html", "telegram",
     "43", 1),
    ("selector, tag alone: amp-instagram", "every-platform.html", "instagram", "B8QaZDwhnR4", 1),
    ("two selectors on one element: amp-twitter and [data-tweetid]", "every-platform.html",
     "twitter", "1600000000000000000", 2),
    ("selector, attribute on any tag: [data-tweet-id]", "publisher-forms.html", "twitter",
     "1790022233344455566", 1),
    ("selector, attribute prefix: div[id^='rumble_v']", "more-platforms.html", "rumble", "v4qrst9", 1),
    ("selector, attribute value: a[data-pin-do='embedPin']", "more-platforms.html", "pinterest",
     "99360735500167749", 1),
    ("selector, XPath of local-name() tests: fb:post", "older-forms.html", "facebook",
     "10151471074398553", 1),
    ("player: youtube iframe", "../stories/mali-clashes.html", "youtube", "dQw4w9WgXcQ", 1),
    ("player: lazy iframe data-src", "every-platform.html", "youtube", "M7lc1UVf-VE", 1),
    ("player: vimeo iframe", "every-platform.html", "vimeo", "76979871", 1),
    ("player: object and param", "older-forms.html", "youtube", "9bZkp7q19f0", 2),
    ("noscript (and the player the parser also sees inside it)", "every-platform.html",
     "youtube", "aqz-KE-bpKQ", 2),
    ("JSON-LD SocialMediaPosting", "every-platform.html", "bluesky", "3kabcdefgh2xy", 1),
    ("WordPress block of an unknown provider", "every-platform.html", "unknown",
     "https://public.flourish.studio/visualisation/1234567/", 1),
    ("publisher's embed block (with the selector and the player)", "every-platform.html",
     "mastodon", "109381234567890123", 3),
    ("publisher's embed block (with the selector)", "every-platform.html", "reddit", "1abcde2", 2),
    ("click-to-load placeholder", "publisher-forms.html", "youtube", "aBcDeFgHiJk", 1),
    ("placeholder on a selector's element: amp-tiktok data-src", "every-platform.html", "tiktok",
     "7200000000000000001", 2),
    ("post kept as JSON in an attribute", "publisher-forms.html", "twitter",
     "1790011122233344455", 1),
    ("markup kept as text in an attribute: a blockquote", "publisher-forms.html", "instagram",
     "CzQ1wErTy9u", 1),
    ("markup kept as text in an attribute: an iframe", "publisher-forms.html", "vimeo",
     "912345678", 1),
    ("markup kept as text in the page's JSON state (__NEXT_DATA__)", "publisher-forms.html",
     "tiktok", "7312345678901234567", 1),
]


def _found(name: str) -> Counter[tuple[str, str | None]]:
    path = EMBEDS / name
    tree = parse_html(path.read_text(encoding="utf-8"), name)
    return Counter((e.platform, e.post_id or e.url)
                   for e in find_html_embeds(tree, PlatformTable.load()))


@pytest.mark.parametrize(("finder", "fixture", "platform", "key", "count"), FINDERS,
                         ids=[row[0] for row in FINDERS])
def test_every_finder_reports_its_fixture_embed(finder: str, fixture: str, platform: str,
                                                 key: str, count: int) -> None:
    assert _found(fixture)[(platform, key)] == count


def test_a_platforms_own_page_reports_none_of_its_posts() -> None:
    tree = parse_html((STORIES / "mali-clashes.html").read_text(encoding="utf-8"), "mali")
    table = PlatformTable.load()
    own = find_html_embeds(tree, table, "https://x.com/someone/status/1817237613372088621")
    assert [e.platform for e in own] == ["youtube"]
    assert [e.platform for e in find_html_embeds(tree, table)] == ["twitter", "youtube"]


def test_an_element_two_finders_concern_is_read_by_both() -> None:
    """A <noscript> or JSON-LD <script> that also carries a player's URL is a player and still
    a noscript or JSON-LD block (as when each finder made its own pass)."""
    page = ('<html><body><noscript data-embed-url="https://www.youtube.com/embed/aaaaaaaaaaa">'
            '<iframe src="https://www.youtube.com/embed/bbbbbbbbbbb"></iframe></noscript>'
            '<script type="application/ld+json" data-oembed-url="https://vimeo.com/22222222">'
            '{"@type": "VideoObject", "embedUrl": "https://www.youtube.com/embed/ccccccccccc"}'
            "</script></body></html>")
    found = [e.post_id for e in find_html_embeds(parse_html(page, "two"), PlatformTable.load())]
    # players (the noscript, its iframe, the script), then the noscript's iframe, then JSON-LD
    assert found == ["aaaaaaaaaaa", "bbbbbbbbbbb", "22222222", "bbbbbbbbbbb", "ccccccccccc"]


def test_content_after_the_html_end_tag_is_read_as_the_passes_read_it() -> None:
    """The parser keeps what follows ``</html>`` as a second top-level element: the finders
    that searched the whole document (players, ``//`` selectors such as ``fb:post``, JSON-LD)
    still read it, CSS selectors and ``<noscript>`` (read below the tree given) still do not;
    and a tree that is not the document's root keeps its selectors' and noscripts' scope."""
    page = ("<html><body><p>Story.</p></body></html>"
            "<blockquote class='twitter-tweet'><a href='https://twitter.com/a/status/"
            "1111111111111111111'>x</a></blockquote>"
            "<fb:post href='https://www.facebook.com/user/posts/2222222222'></fb:post>"
            "<noscript><iframe src='https://www.youtube.com/embed/ccccccccccc'></iframe></noscript>"
            "<script type='application/ld+json'>{\"@type\": \"SocialMediaPosting\", \"url\": "
            "\"https://twitter.com/d/status/4444444444444444444\"}</script>")
    table = PlatformTable.load()
    found = [e.post_id for e in find_html_embeds(parse_html(page, "after"), table)]
    assert found == ["2222222222", "ccccccccccc", "4444444444444444444"]
    inner = parse_html("<html><body><div id='a'><noscript><iframe src='https://www.youtube.com/"
                       "embed/ddddddddddd'></iframe></noscript></div><blockquote class="
                       "'instagram-media' data-instgrm-permalink='https://www.instagram.com/p/"
                       "EEEEEEEEEEE/'></blockquote></body></html>", "inner").find(".//div")
    assert [e.post_id for e in find_html_embeds(inner, table)] == ["ddddddddddd", "ddddddddddd"]


#: a row of selectors in the forms the index files differently: a combinator (a pass of its
#: own), a bare XPath (one union pass), :not(), #id, |=, $=, *=, ~=, and one on a tag another
#: platform's selector also needs
ODD_ROW = """
[[platform]]
name = "examplesocial"
domains = ["social.example"]
posts = [{ re = "^social\\\\.example/p/(?P<id>\\\\d+)" }]
canonical = "https://social.example/p/{id}"
selectors = [
  { css = "div.story blockquote.quote-embed", attr = "cite" },
  { xpath = "//section[@data-post]", attr = "data-post" },
  { css = "*:not(.skip)[data-ex-id]", id_attr = "data-ex-id" },
  { css = "div#post-main, p[lang|=en][data-ex], span[data-ex$='9']", attr = "data-ex" },
  { css = "em[data-ex*='111'], i[class~=ex]", attr = "data-ex" },
  { css = "blockquote.twitter-tweet", attr = "data-ex" },
]
"""
ODD_PAGE = """<html><body>
<div class="story"><blockquote class="quote-embed" cite="https://social.example/p/101"></blockquote></div>
<blockquote class="quote-embed" cite="https://social.example/p/102"></blockquote>
<section data-post="https://social.example/p/103"></section>
<div data-ex-id="104"></div><div class="skip" data-ex-id="105"></div>
<div id="post-main" data-ex="https://social.example/p/106"></div><div id="post-main-2"></div>
<p lang="en-GB" data-ex="https://social.example/p/107"></p><p lang="english" data-ex="x"></p>
<span data-ex="https://social.example/p/109"></span><span data-ex="https://social.example/p/110"></span>
<em data-ex="https://social.example/p/111"></em><i class="a ex" data-ex="https://social.example/p/112"></i>
<i class="aex" data-ex="https://social.example/p/113"></i>
<blockquote class="twitter-tweet	other" data-ex="https://social.example/p/114"><a
  href="https://twitter.com/a/status/1234567890123456789">t</a></blockquote>
<blockquote class="twitter-tweetx"><a href="https://twitter.com/a/status/1234567890123456780">x</a></blockquote>
</body></html>"""


def _pages() -> list[lxml.html.HtmlElement]:
    paths = [*sorted(EMBEDS.glob("*.html")), STORIES / "mali-clashes.html"]
    return [*(parse_html(p.read_text(encoding="utf-8"), p.name) for p in paths),
            parse_html(ODD_PAGE, "odd")]


@pytest.mark.parametrize("odd", [False, True], ids=["packaged table", "with odd selectors"])
def test_the_selector_index_asks_every_selector_an_element_matches(odd: bool,
                                                                   tmp_path: Path) -> None:
    """What the walk matched is what testing every element against every selector without a
    combinator gives, element by element in table order (the index only narrows the tests)."""
    row = tmp_path / "odd.toml"
    row.write_text(ODD_ROW, encoding="utf-8")
    table = PlatformTable.load(str(row)) if odd else PlatformTable.load()
    simple = [(p, s) for p in table.platforms for s in p.selectors if s.matches is not None]
    for tree in _pages():
        everything = [(el, p.name, s.css) for el in tree.iter(lxml.etree.Element)
                      for p, s in simple if s.matches(el)]
        walked = [(el, p.name, s.css) for el, p, s in _collect(tree, table, None).selected]
        assert walked == everything
    if odd:
        found = {e.post_id for e in find_html_embeds(_pages()[-1], table)
                 if e.platform == "examplesocial"}
        assert found == {"101", "103", "104", "106", "107", "109", "111", "112", "114"}
