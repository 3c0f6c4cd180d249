"""Sentences: a small rule-based splitter inside paragraphs (one paragraph a line of the
report text). It keeps abbreviations (Lt. Gen., U.S., i.e., Approx.) and initials together and
keeps a closing quote with its sentence; a headline with no final stop is one sentence."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..model import Report, Span
from ..story import Sentence, Story

ABBREVIATIONS = frozenset([
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "sgt", "cpl", "adm",
    "brig", "cmdr", "gov", "sen", "rep", "pres", "st", "mt", "jr", "sr", "co", "corp", "inc",
    "ltd", "no", "nos", "vol", "approx", "est", "dept", "univ", "jan", "feb", "mar", "apr", "jun",
    "jul", "aug", "sep", "sept", "oct", "nov", "dec", "vs", "etc", "al", "fig", "e.g", "i.e",
    "u.s", "u.k", "u.n", "e.u", "a.m", "p.m",
])
#: abbreviations that also end sentences ("at 10 a.m. She left"): split when a usual sentence
#: opener follows
CAN_END = frozenset(["a.m", "p.m", "etc", "u.s", "u.k", "inc", "co", "corp", "ltd", "jr", "sr", "al"])
OPENERS = frozenset(["he", "she", "they", "it", "we", "i", "you", "the", "a", "an", "this", "that",
                     "these", "those", "there", "his", "her", "their", "its", "but", "and", "in",
                     "on", "at", "after", "before", "no", "police", "officials", "witnesses"])
_END = re.compile(r"(?<![.!?])[.!?]++[\"'”’)\]]*+(?=\s+[\"'“‘(\[]?[A-Z0-9])")


def split_sentences(text: str, paragraphs: list[Span]) -> list[Span]:
    """Sentence spans of every paragraph, trimmed, in order."""
    out: list[Span] = []
    for para in paragraphs:
        start = para.start
        chunk = text[para.start : para.end]
        for m in _END.finditer(chunk):
            word = re.search(r"([\w.]+)[.!?]*[\"'”’)\]]*$", chunk[: m.end()])
            token = word.group(1).rstrip(".").lower() if word else ""
            if m.group().startswith(".") and (token in ABBREVIATIONS or re.fullmatch(r"[a-z]", token)):
                following = re.match(r"\s+[\"'“‘(\[]?(\w+)", chunk[m.end() :])
                opener = following.group(1).lower() if following else ""
                if not (token in CAN_END and opener in OPENERS):
                    continue
            end = para.start + m.end()
            out.append(Span(start, end))
            start = end
            while start < para.end and text[start].isspace():
                start += 1
        if start < para.end:
            out.append(Span(start, para.end))
    return out


def is_headline(line: str) -> bool:
    """A short line with no closing stop reads as a headline (or a feed item's title)."""
    line = line.strip()
    return 0 < len(line) <= 200 and not line.endswith((".", "!", "?", ":", ";", "”", '"', "’", "'", ")"))


def is_title(line: str) -> bool:
    """A headline in title case ("Syrian Opposition Forces Make Gains in Homs"): most of its
    longer words capitalised. A story's sentence-case subheads ("Chiefs respond") are not."""
    long = [w for w in re.findall(r"[^\W\d_][\w'’-]*", line) if len(w) > 3]
    return len(long) >= 2 and sum(w[0].isupper() for w in long) >= 0.75 * len(long)


def story_sentences(text: str, paragraphs: list[Span], one_story: bool,
                    embeds: list[Span] | None = None) -> list[Sentence]:
    """Sentences with segment numbers. In plain text several stories may run back to back, so a
    headline in title case starts a new segment (a sentence-case subhead does not); an HTML page
    is one story. Every headline after the first starts a new section. Lines of an embedded
    post (``embeds``: their spans) never start a segment."""
    out: list[Sentence] = []
    segment = section = 0
    embeds = embeds or []
    for i, para in enumerate(paragraphs):
        in_embed = any(e.start <= para.start and para.end <= e.end for e in embeds)
        headline = not in_embed and is_headline(text[para.start : para.end])
        if headline and i:
            section += 1
            if not one_story and is_title(text[para.start : para.end]):
                segment += 1
        for span in split_sentences(text, [para]):
            out.append(Sentence(span, segment, headline, in_embed, section))
    return out


def sentences_stage(story: Story, report: Report, ctx: Context | None = None) -> None:
    """Split the story into sentences and segments once, for the stages after it."""
    story.sentences = story_sentences(story.text, story.paragraphs, one_story=story.is_html,
                                      embeds=[e.span for e in report.embeds if e.span])

if TYPE_CHECKING:
    from ..context import Context
