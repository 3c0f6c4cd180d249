"""The ordered pipeline stages after extraction; each reads the story and adds to the report.

A stage is any callable ``stage(story, report, ctx)`` (``ctx``: the scanner's
:class:`~verify.context.Context`); pass your own list to ``Scanner(stages=...)``. For batches
with several processes the stages must pickle (module-level functions or instances of
module-level classes).
"""

from __future__ import annotations

import re

from .context import Context
from .detect.claims import claims_stage
from .detect.embeds import embeds_stage
from .detect.links import links_stage
from .detect.media_refs import media_refs_stage
from .detect.sentences import sentences_stage
from .flags.stage import flags_stage
from .media.stage import known_media_stage
from .model import Report
from .story import Story

#: a story shorter than this many words is too short to tell its language
MIN_WORDS_FOR_LANGUAGE = 40


def language_stage(story: Story, report: Report, ctx: Context) -> None:
    """Warn when the story does not read as English: the claims and flags rules are English
    rules, so a French story's empty flag list must not read as "nothing to flag"."""
    words = re.findall(r"[^\W\d_]+", story.text.lower())
    if len(words) < MIN_WORDS_FOR_LANGUAGE:
        return
    share = sum(w in ctx.lexicon.english for w in words) / len(words)
    if share < ctx.lexicon.english_share:
        report.warnings.append(
            f"the story does not read as English ({share:.0%} of its words are common English "
            "words): claims and flags follow English rules and are likely incomplete")


def online_stage(story: Story, report: Report, ctx: Context) -> None:
    """With the ``online`` option: check embeds, links and the page's images (else nothing)."""
    if ctx.options.online:
        ctx.checker.check_report(report, images=story_images(story))


def story_images(story: Story) -> list[str]:
    """The page's own image (og:image, twitter:image) and the images of its article, absolute
    http(s) URLs only, resolved against the page's URL."""
    from urllib.parse import urljoin

    if story.tree is None:
        return []
    base = story.source.url or ""
    found = story.tree.xpath('//meta[@property="og:image" or @name="twitter:image"]/@content')
    found += story.tree.xpath("(//article//img | //main//img)/@src")
    urls = [urljoin(base, str(u).strip()) for u in found if str(u).strip()]
    return [u for u in dict.fromkeys(urls) if u.startswith(("http://", "https://"))]


DEFAULT_STAGES = (
    language_stage,
    embeds_stage,
    links_stage,
    sentences_stage,
    media_refs_stage,
    claims_stage,
    flags_stage,
    known_media_stage,
    online_stage,
)
