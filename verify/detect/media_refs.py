"""Media references in prose ("Amateur videos circulated on social media showed ...", "Recent
satellite imagery reveals ..."): the kind of media, where it appeared, whether the story links
it or says who verified it, and a ``no_provenance`` flag when it does neither and names no
source. Words come from ``data/lexicon.toml``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from ..extract import Story
from ..model import Flag, MediaRef, Report, Span
from ..sentences import split_sentences

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

#: a media noun and the verb that makes it a reference must be this close (characters)
VERB_REACH = 60


@dataclass(frozen=True)
class MediaLexicon:
    """Compiled media words."""

    noun: re.Pattern[str]
    kinds: dict[str, str]
    verb: re.Pattern[str]
    place: re.Pattern[str]
    verifier: re.Pattern[str]
    source: re.Pattern[str]


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


@cache
def load_lexicon() -> MediaLexicon:
    """The packaged media lexicon, compiled once."""
    text = resources.files("verify").joinpath("data/lexicon.toml").read_text("utf-8")
    media = tomllib.loads(text)["media"]
    mods = _alternation(media["modifiers"])
    noun = re.compile(rf"\b(?:(?:{mods})\s+){{0,2}}(?P<noun>{_alternation(list(media['nouns']))})\b",
                      re.I)
    name = r"(?P<name>(?:the\s+)?[A-Z][\w'’.-]*(?:\s+(?:of\s+|the\s+|and\s+)?[A-Z][\w'’.-]*){0,5})"
    return MediaLexicon(
        noun=noun,
        kinds={k.lower(): v for k, v in media["nouns"].items()},
        verb=re.compile(rf"\b(?:{_alternation(media['circulation'] + media['showing'])})\b", re.I),
        place=re.compile(rf"(?:\b(?:on|across|via|in)\s+(?P<place>{_alternation(media['places'])})\b"
                         r"|\b(?P<online>online)\b)", re.I),
        verifier=re.compile(rf"\b(?:{_alternation(media['verifiers'])})\s+{name}"),
        source=re.compile(rf"\b(?:{_alternation(media['sources'])})\s+{name}"),
    )


def _inside(span: Span | None, outer: Span) -> bool:
    return span is not None and outer.start <= span.start and span.end <= outer.end


def media_refs_stage(story: Story, report: Report) -> None:
    """Add media references, ids m1, m2, ..., and their ``no_provenance`` flags."""
    lex = load_lexicon()
    text = story.text
    embed_spans = [e.span for e in report.embeds if e.span]
    link_spans = [link.span for link in report.links if link.span]
    for para in story.paragraphs:
        if any(_inside(para, s) for s in embed_spans):
            continue  # an embedded post's own text is the post, not the story's reference
        for sent in split_sentences(text, [para]):
            sentence = text[sent.start : sent.end]
            for m in lex.noun.finditer(sentence):
                after = sentence[m.end() : m.end() + VERB_REACH]
                verb = lex.verb.search(after)
                if verb is None:
                    continue
                place = lex.place.search(sentence, m.end())
                where = None
                if place is not None:
                    where = place.group("place") or place.group("online")
                    where = " ".join(where.split())
                end = m.end() + verb.end()
                if place is not None and place.start() <= end + 5:
                    end = max(end, place.end())
                span = Span(sent.start + m.start(), sent.start + end)
                verified = lex.verifier.search(sentence)
                source = lex.source.search(sentence)
                linked = any(_inside(s, para) for s in (*embed_spans, *link_spans))
                ref = MediaRef(
                    id=f"m{len(report.media_refs) + 1}",
                    kind=lex.kinds.get(" ".join(m.group("noun").lower().split()), "image"),
                    text=text[span.start : span.end], where=where, linked=linked,
                    verified_by=verified.group("name") if verified else None, span=span)
                report.media_refs.append(ref)
                if not (linked or verified or source):
                    report.flags.append(Flag(
                        item=ref.id, code="no_provenance", severity="medium",
                        reason=(f'The story cites "{ref.text}" but links none of it and names no '
                                "source or verifier."),
                        evidence=[span]))
                break  # one reference per sentence
