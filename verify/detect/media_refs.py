"""Media references in prose ("Amateur videos circulated on social media showed ...", "Recent
satellite imagery reveals ..."): the kind of media, where it appeared, whether the story links
it or says who verified it, and a ``no_provenance`` flag when it does neither and names no
source. Words come from ``data/lexicon.toml``."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING

from ..lexicon import Lexicon
from ..model import MediaRef, Report, Span
from ..story import Story
from .sentences import sentences_stage

if TYPE_CHECKING:
    from ..context import Context

#: a media noun and the verb that makes it a reference must be this close (characters)
VERB_REACH = 60
#: between the noun and its verb: a clause break means the verb has another subject, and
#: "most/more" makes "shared" an adjective ("the most shared images")
_BREAK = re.compile(r"[,;:()]|\b(?:and|or|but|most|more|less|least|if|when|which)\b", re.I)
#: between the noun and its verb: someone named ("by investigators", "Elizabeth Snyder")
#: (a place after "from", "in", "at", "of" or "near" is no one: "Videos from Gaza circulated")
_AGENT = re.compile(r"\bby\s+\w|(?<!from)(?<!\bin)(?<!\bat)(?<!\bof)(?<!near)\s[A-Z][a-z]+")


def _inside(span: Span | None, outer: Span) -> bool:
    return span is not None and outer.start <= span.start and span.end <= outer.end


def _name(name: str, lex: Lexicon) -> str:
    """A verifier's name without a verb caught after it ("the fire service showed")."""
    verb = lex.media_verb.search(name)
    return name[: verb.start()].strip() if verb and verb.start() > 0 else name


def media_refs_stage(story: Story, report: Report, ctx: Context) -> None:
    """Add media references, ids m1, m2, ..., and their ``no_provenance`` flags."""
    lex = ctx.lexicon
    text = story.text
    if not story.sentences:
        sentences_stage(story, report)
    embed_spans = [e.span for e in report.embeds if e.span]
    link_spans = [link.span for link in report.links if link.span]
    para_starts = [p.start for p in story.paragraphs]
    linked_spans = sorted((*embed_spans, *link_spans), key=lambda sp: sp.start)
    linked_starts = [sp.start for sp in linked_spans]
    sentences = story.sentences
    for n, info in enumerate(sentences):
        if info.in_embed:
            continue  # an embedded post's own text is the post, not the story's reference
        ref = _reference(text, info.span, lex) or _data_reference(text, info.span, lex)
        if ref is None:
            continue
        span, kind, where, verified, sourced = ref
        k = bisect_right(para_starts, span.start) - 1
        para = story.paragraphs[k] if k >= 0 and span.start < story.paragraphs[k].end \
            else info.span
        j = bisect_left(linked_starts, para.start)  # a link or embed that starts in it
        linked = any(_inside(s, para) for s in linked_spans[j:j + 8])
        if not (verified or sourced) and n + 1 < len(sentences) and \
                _inside(sentences[n + 1].span, para):
            # "Audio surfaced of remarks he made in 2015. The speech, first disclosed by the
            # Aspen Times, ...": the next sentence of the paragraph says where it came from
            nxt = sentences[n + 1].span
            sourced = lex.media_source.search(text, nxt.start, nxt.end) is not None
        media = MediaRef(id=f"m{len(report.media_refs) + 1}", kind=kind,
                         text=text[span.start : span.end], where=where, linked=linked,
                         verified_by=verified, span=span)
        report.media_refs.append(media)
        if not (linked or verified or sourced):
            report.flags.append(ctx.flags.make(
                media.id, "no_provenance",
                f'The story cites "{media.text}" but links none of it and names no '
                "source or verifier.", [span]))


def _reference(text: str, sent: Span, lex: Lexicon
               ) -> tuple[Span, str, str | None, str | None, bool] | None:
    """The first media reference of a sentence: (span, kind, where, verified by, sourced)."""
    sentence = text[sent.start : sent.end]
    for m in lex.media_noun.finditer(sentence):
        after = sentence[m.end() : m.end() + VERB_REACH]
        verb = lex.media_verb.search(after)
        if verb is None:
            continue
        between = after[: verb.start()]
        if _BREAK.search(between):
            continue  # "photo, and the description police shared": another subject
        named = bool(_AGENT.search(between))  # "image Elizabeth Snyder posted", "by police"
        place = lex.media_place.search(sentence, m.end())
        where = None
        if place is not None:
            where = " ".join((place.group("place") or place.group("online")).split())
        end = m.end() + verb.end()
        if place is not None and place.start() <= end + 5:
            end = max(end, place.end())
        verified = lex.verifier.search(sentence) or lex.verifier_after.search(sentence)
        if where is None and (before := lex.platform.search(sentence, max(0, m.start() - 20),
                                                              m.start())):
            where = before.group()  # "a YouTube video dated Jan. 11": where it was posted
        # "In a Facebook video posted after the killings, Mateen said": its poster is named
        sourced = named or lex.media_source.search(sentence) is not None \
            or lex.social_subject.match(sentence) is not None
        kind = lex.media_kinds.get(" ".join(m.group("noun").lower().split()), "image")
        return (Span(sent.start + m.start(), sent.start + end), kind, where,
                _name(verified.group("name"), lex) if verified else None, sourced)
    return None


#: who stands behind data: a name before it ("A Gallup poll", "CDC data", "a Reuters/Ipsos
#: survey") or after it ("a poll by YouGov", "data from the Health Ministry")
_DATA_OWNER_BEFORE = re.compile(r"(?<![\w'’-])(?!(?:The|A|An|Most|Many|Some|Recent|New|Latest|"
                                r"National|State|Several|Opinion|Official|Public|In|According|"
                                r"But|And|Early|Internal|Other)\b)[A-Z][\w/&.’'-]*+\s++"
                                r"(?:(?:opinion|latest|new|national|exit|tracking)\s++)?$")
_DATA_OWNER_AFTER = re.compile(r"^(?:\s++[\w,'’-]++){0,6}?\s++(?:by|from|for|of|conducted\s+by|"
                               r"commissioned\s+by|released\s+by|published\s+by)\s++(?:the\s++)?"
                               r"[A-Z]")


def _data_reference(text: str, sent: Span, lex: Lexicon
                    ) -> tuple[Span, str, str | None, str | None, bool] | None:
    """Polls, surveys or data a sentence leans on ("most polls show", "in national polls"):
    (span, kind, where, verified by, sourced); sourced when a pollster or publisher is named
    with it, or the sentence says whose figures they are ("according to the ministry")."""
    sentence = text[sent.start : sent.end]
    m = lex.data_ref.search(sentence)
    if m is None:
        return None
    noun = m.group("lead") or m.group("noun")
    at = m.start("lead") if m.group("lead") else m.start("noun")
    end = at + len(noun)
    owner = _DATA_OWNER_BEFORE.search(sentence, max(0, at - 40), at) \
        or _DATA_OWNER_AFTER.match(sentence[end : end + 80])
    sourced = owner is not None or lex.media_source.search(sentence) is not None
    kind = "poll" if noun.lower().rstrip("s").endswith(("poll", "survey")) else "data"
    return Span(sent.start + m.start(), sent.start + m.end()), kind, None, None, sourced
