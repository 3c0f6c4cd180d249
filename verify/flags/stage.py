"""The flags stage: why an item cannot be independently verified, with a reason in one plain
sentence that quotes its trigger, and evidence spans into the report text. Precision comes
first: each rule fires only on a clear trigger (a tool that cries wolf is switched off).

Codes: unverified_by_story, party_claim, social_media_only, anonymous_source, unattributed,
state_media, conflicting_accounts, speculative (no_provenance is raised by the media stage)."""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..detect.claims import attribute
from ..detect.quantities import find_quantities
from ..lexicon import Lexicon
from ..model import Claim, Embed, Flag, Link, MediaRef, Quantity, Report, Span
from ..platforms import PlatformTable
from ..story import Sentence, Story
from .sources import by_source, flag, is_party, short, state_media

#: who a casualty figure counts, so two sides' figures about the same people can be compared
VICTIMS = {"soldiers": "soldiers", "soldier": "soldiers", "troops": "soldiers",
           "servicemen": "soldiers", "civilians": "civilians", "people": "civilians",
           "residents": "civilians", "rebels": "fighters", "fighters": "fighters",
           "militants": "fighters", "insurgents": "fighters", "mercenaries": "mercenaries"}
GENERIC = frozenset({"dead", "killed", "deaths", "casualties", "wounded", "injured", "fatalities",
                     "lives", "losses"})

if TYPE_CHECKING:
    from ..context import Context
#: two figures conflict when one is vague and the other exact, or they differ by this ratio
CONFLICT_RATIO = 1.5


def _sentence_of(sentences: list[Sentence], span: Span | None) -> Sentence | None:
    """The sentence a span starts in (sentences are in text order: a binary search)."""
    if span is None or not sentences:
        return None
    i = bisect_right(sentences, span.start, key=lambda s: s.span.start) - 1
    if i >= 0 and sentences[i].span.start <= span.start < sentences[i].span.end:
        return sentences[i]
    nxt = i + 1  # a span that starts between sentences belongs to the next one it covers
    if nxt < len(sentences) and span.start <= sentences[nxt].span.start < span.end:
        return sentences[nxt]
    return None


def _unverified(story: Story, report: Report, lex: Lexicon) -> Iterator[Flag]:
    text = story.text
    claims_at = {c.span.start: c for c in report.claims}
    for sent in story.sentences:
        sentence = text[sent.span.start : sent.span.end]
        if lex.unverified.search(sentence) is None or sent.in_embed:
            continue
        targets: list[Claim | MediaRef | Embed] = [
            m for m in report.media_refs if m.span and sent.span.start <= m.span.start < sent.span.end]
        here = claims_at.get(sent.span.start)
        if not targets and here is not None:
            targets = [here]  # "The army said it killed 20, a claim that could not be verified"
        if not targets:
            before = [c for c in report.claims if c.span.end <= sent.span.start
                      and (s := _sentence_of(story.sentences, c.span)) and s.segment == sent.segment]
            owner = _POSSESSIVE.search(sentence)
            if owner and not lex.both_sides.search(owner.group(1)):
                # "the army's account could not be verified": the army's claims, before or after
                same = [c for c in report.claims if c.span.start != sent.span.start
                        and (s := _sentence_of(story.sentences, c.span)) and s.segment == sent.segment]
                targets = [c for c in same if _refers_to(owner.group(1), c.source.name)]
            elif lex.both_sides.search(sentence):
                sides = [c for c in before if c.source.type in lex.sides]
                targets = list(sides or [c for c in before if c.source.type != "none"])
            elif lex.media_noun.search(sentence):
                media: list[MediaRef | Embed] = [*report.media_refs, *report.embeds]
                earlier = [(m.span.end, m) for m in media if m.span is not None
                           and m.span.end <= sent.span.start
                           and (s := _sentence_of(story.sentences, m.span))
                           and s.segment == sent.segment]
                targets = [max(earlier, key=lambda pair: pair[0])[1]] if earlier else []
            else:
                targets = list(before[-1:])
        quote = short(sentence)
        for t in targets:
            evidence = [s for s in (t.span, sent.span) if s is not None]
            yield flag(t.id, "unverified_by_story",
                        f'The story itself says it could not check this: "{quote}"', evidence)


_POSSESSIVE = re.compile(r"\b((?:the\s+)?[\w-]+(?:\s+[\w-]+){0,3})['’]s?\s+(?:own\s+)?"
                         r"(?:claims?|accounts?|figures?|statements?|version|assertions?|reports?)\b",
                         re.I)


def _initials(name: str) -> str:
    return "".join(w[0] for w in re.findall(r"\b[A-Z][\w-]*", name) if w not in ("The", "A", "An"))


def _refers_to(who: str, name: str | None) -> bool:
    """Whether "the RSF" names the source "The Rapid Support Forces" (words or initials)."""
    if not name:
        return False
    words = who.split()
    for i in range(len(words)):  # "independently verify the army": its tail "the army" names it
        tail = re.sub(r"^the\s+", "", " ".join(words[i:]), flags=re.I)
        if tail and (tail.lower() in name.lower() or (tail.isupper() and tail == _initials(name))):
            return True
    return False


def _counted(q: Quantity, lex: Lexicon) -> str | None:
    """The victim class of a casualty figure ("soldiers", or "generic" for "dead"), or None."""
    last = q.text.split()[-1].lower() if q.text.split() else ""
    if last in VICTIMS:
        return VICTIMS[last]
    if last in GENERIC:
        return "generic"
    return None


def _differ(a: Quantity, b: Quantity) -> bool:
    if a.exact != b.exact:
        return True
    if a.value is None or b.value is None:
        return False
    low, high = sorted((a.value, b.value))
    return low == 0 or high / low >= CONFLICT_RATIO


def _conflicts(report: Report, story: Story, lex: Lexicon) -> Iterator[Flag]:
    claims = [c for c in report.claims if c.source.type not in ("none",) and c.quantities]
    seg = {c.id: (s.segment if (s := _sentence_of(story.sentences, c.span)) else -1) for c in claims}
    found: dict[str, list[tuple[Claim, Quantity, Quantity]]] = {}
    for i, a in enumerate(claims):
        for b in claims[i + 1 :]:
            if seg[a.id] != seg[b.id] or a.source.name == b.source.name:
                continue
            if a.source.type == b.source.type or not {a.source.type, b.source.type} & lex.parties:
                continue
            for qa in a.quantities:
                for qb in b.quantities:
                    ca, cb = _counted(qa, lex), _counted(qb, lex)
                    if ca is None or cb is None or not _differ(qa, qb):
                        continue
                    if ca == cb != "generic" or ("generic" in (ca, cb) and ca != cb):
                        found.setdefault(a.id, []).append((b, qa, qb))
                        found.setdefault(b.id, []).append((a, qb, qa))
                        break
                else:
                    continue
                break
    for item, pairs in found.items():
        other, mine, theirs = pairs[0]
        me = report.item(item)
        more = f" (also {', '.join(p[0].id for p in pairs[1:])})" if len(pairs) > 1 else ""
        reason = (f'The figures conflict: "{mine.text}" according to '
                  f'{short(me.source.name or "", 60)}, against "{theirs.text}" according to '  # type: ignore[union-attr]
                  f'{short(other.source.name or "", 60)} ({other.id}){more}.')
        evidence = [mine.span] + [p[2].span for p in pairs]
        yield flag(item, "conflicting_accounts", reason, [s for s in evidence if s])


_CLAUSES = re.compile(r",\s*while\s+|\s+whereas\s+|;\s+|,\s*but\s+|,\s*and\s+", re.I)


def _within(claim: Claim, lex: Lexicon) -> Iterator[Flag]:
    """Two sources with different figures in one sentence: "Organisers put the number at
    50,000, while police estimated 8,000"."""
    if len(claim.quantities) < 2:
        return
    pos = 0
    sides = []
    for part in [*_CLAUSES.split(claim.text)]:
        at = claim.text.find(part, pos)
        pos = at + len(part)
        who = attribute(part, lex)
        figures = find_quantities(part, claim.span.start + at, lex)
        if who is not None and figures:
            sides.append((who.name, figures[0]))
    for (a, qa), (b, qb) in itertools.pairwise(sides):
        if a.lower() != b.lower() and _differ(qa, qb):
            yield flag(claim.id, "conflicting_accounts",
                        f'The figures conflict: "{qa.text}" according to {a}, against '
                        f'"{qb.text}" according to {b}.', [s for s in (qa.span, qb.span) if s])
            return


def _content(text: str, lex: Lexicon) -> set[str]:
    return {w for w in re.findall(r"[a-z][a-z-]{3,}", text.lower()) if w not in lex.stopwords}


def _denials(report: Report, segments: list[int], stake: list[bool], lex: Lexicon
             ) -> Iterator[Flag]:
    """A source denying an account: the denial and the accounts it answers are conflicting
    versions. Within a story segment, every denial (a denying verb, or "denied" in its own
    clause) conflicts with the other sources' accusations and party claims. ``segments`` and
    ``stake`` are each claim's segment and party status, as the flags stage found them."""
    by_segment: dict[int, list[tuple[Claim, bool]]] = {}
    for c, seg, party in zip(report.claims, segments, stake, strict=True):
        if seg >= 0:
            by_segment.setdefault(seg, []).append((c, party))
    for pairs in by_segment.values():
        claims = [c for c, _ in pairs]
        denials = [c for c in claims if c.source.type != "none" and (
            (c.verb and lex.denial.fullmatch(c.verb)) or lex.denial.search(c.text))]
        if not denials:
            continue
        deniers = {c.source.name for c in denials}
        denied = set().union(*(_content(c.text, lex) - _content(c.source.name or "", lex)
                               for c in denials))
        # the accounts a denial answers: the other sources' party claims, and any other
        # source's claim that speaks of the same thing
        answered = [c for c, party in pairs if c.source.name not in deniers
                    and c.source.type != "none"
                    and (party or (_content(c.text, lex) - _content(c.source.name or "", lex))
                         & denied)]
        if not answered:
            continue
        first = denials[0]
        for c in denials:
            yield flag(c.id, "conflicting_accounts",
                        f'{short(c.source.name or "", 60)} denies the account of '
                        f'{short(answered[0].source.name or "", 60)} ({answered[0].id}).',
                        [c.span, answered[0].span])
        for c in answered:
            yield flag(c.id, "conflicting_accounts",
                        f'{short(first.source.name or "", 60)} denies this account ({first.id}).',
                        [c.span, first.span])


def _unattributed(claim: Claim, sent: Sentence | None, previous: Claim | None, text: str,
                  lex: Lexicon) -> Iterator[Flag]:
    if claim.source.type != "none" or sent is None or sent.headline:
        return
    if re.search(r"\b(?:I|we|We|my|our|Our|you|You)\b", claim.text):
        return  # a first-person account or advice, not a reported figure
    if previous is not None and previous.source.type != "none" and \
            previous.span.end <= claim.span.start and "\n" not in text[previous.span.end : claim.span.start]:
        return  # the paragraph goes on with the previous sentence's source
    for q in claim.quantities:
        if lex.casualty.search(q.text) or lex.statistic.search(q.text):
            yield flag(claim.id, "unattributed", f'The figure "{q.text}" is given with no source.',
                        [q.span] if q.span else [claim.span])
            return


#: "will" with a day or date is a scheduled fact ("will vote on Tuesday"), not a prediction
_SCHEDULED = re.compile(r"^\W*(?:\w+\s+){0,5}?(?:(?:on\s+)?(?:mon|tues|wednes|thurs|fri|satur|sun)day|"
                        r"next\s+(?:week|month|year)|tomorrow|on\s+\w+\s+\d{1,2}\b|until\b|"
                        r"in\s+(?:one|two|three|\d+)\s+(?:days?|weeks?|months?)|"
                        r"in\s+(?:january|february|march|april|may|june|july|august|september|"
                        r"october|november|december)\b)", re.I)
_WILL = frozenset({"will", "won't"})
#: "wondered how X will", "whether she will": an indirect question, not a prediction
_QUESTION_BEFORE = re.compile(r"\b(?:how|whether|if|what|when|who)\s+(?:[\w'’-]+\s+){0,5}$", re.I)


def _hedge(text: str, lex: Lexicon) -> re.Match[str] | None:
    """The first hedge or prediction cue of a sentence, leaving out negated ability ("could
    not be verified"), legal maxima ("faces up to") and scheduled facts."""
    negated = [(m.start(), m.end()) for m in lex.not_hedge.finditer(text)]
    for m in lex.hedge.finditer(text):
        if any(s <= m.start() < e for s, e in negated):
            continue
        word = " ".join(m.group().lower().split())
        if word in _WILL and (_SCHEDULED.match(text[m.end():])
                              or _QUESTION_BEFORE.search(text[: m.start()])):
            continue
        if word == "suspected" and re.match(r"\s+of\b", text[m.end():]):
            continue  # "people suspected of collaborating": an accusation, not a hedge
        return m
    return None


def _speculative(claim: Claim, lex: Lexicon) -> Iterator[Flag]:
    m = _hedge(claim.text, lex)
    if m is None:
        return
    span = Span(claim.span.start + m.start(), claim.span.start + m.end())
    yield flag(claim.id, "speculative",
                f'It is a possibility or a prediction ("{m.group()}"), not an established fact.',
                [span])


def _social_embeds(report: Report, table: PlatformTable) -> Iterator[Flag]:
    for e in report.embeds:
        platform = table.by_name.get(e.platform)
        if platform is None or not platform.social or e.kind not in ("post", "video", "image"):
            continue
        label = platform.label
        who = f"@{e.author_handle}" if e.author_handle else (e.author_name or "an account")
        when = f" of {e.posted[:10]}" if e.posted else ""
        yield flag(e.id, "social_media_only",
                    f"The only source for this is a {e.kind} on {label} by {who}{when}, embedded as is.",
                    [e.span] if e.span else [])


def _conflict_segments(story: Story, report: Report, lex: Lexicon) -> dict[int, bool]:
    """Which story segments are about a conflict: a conflict word outside a source's own name
    (so "the army said it would build a school" is not one)."""
    names = [(c.span.start + c.text.find(c.source.name), len(c.source.name))
             for c in report.claims if c.source.name and c.source.name in c.text]
    found: dict[int, bool] = {}
    for s in story.sentences:
        for m in lex.conflict.finditer(story.text, s.span.start, s.span.end):
            if not any(start <= m.start() < start + n for start, n in names):
                found[s.segment] = True
                break
    return found


def _who(name: str | None) -> str:
    """A source's key across its mentions: the last capitalised word ("Former councillor
    Seabata Moeketsi" and "Mr Moeketsi" are one person), else the name in lower case."""
    words = re.findall(r"\b[A-Z][\w'’-]+", name or "")
    return words[-1].rstrip("'’s") if words else (name or "").lower()


def flags_stage(story: Story, report: Report, ctx: Context) -> None:
    """Raise every flag the story warrants, in item order."""
    lex = ctx.lexicon
    flags: list[Flag] = list(_social_embeds(report, ctx.platforms))
    flags.extend(_unverified(story, report, lex))
    flagged_media = {f.item for f in report.flags}
    conflict = _conflict_segments(story, report, lex)
    segments = [(s.segment if (s := _sentence_of(story.sentences, c.span)) else -1)
                for c in report.claims]
    # the story's parties: a source that accuses, alleges or denies anywhere in its segment has
    # a stake in all it says there
    stake = [is_party(c, lex, conflict.get(seg, False))
             for c, seg in zip(report.claims, segments, strict=True)]
    parties = {(seg, _who(c.source.name))
               for c, seg, party in zip(report.claims, segments, stake, strict=True)
               if c.source.name and party}
    previous: Claim | None = None
    for claim, seg, own in zip(report.claims, segments, stake, strict=True):
        sent = _sentence_of(story.sentences, claim.span)
        has_flagged_media = any(m.id in flagged_media and m.span and claim.span.start <= m.span.start
                                < claim.span.end for m in report.media_refs)
        if not has_flagged_media:
            flags.extend(by_source(claim, lex, own=own,
                                   party=(seg, _who(claim.source.name)) in parties))
        flags.extend(state_media(claim, lex))
        flags.extend(_unattributed(claim, sent, previous, story.text, lex))
        flags.extend(_speculative(claim, lex))
        flags.extend(_within(claim, lex))
        previous = claim
    flags.extend(_denials(report, segments, stake, lex))
    flags.extend(_conflicts(report, story, lex))
    items: list[Embed | MediaRef | Claim | Link] = [*report.embeds, *report.media_refs,
                                                   *report.claims, *report.links]
    order = {it.id: i for i, it in enumerate(items)}
    seen = set()
    for f in sorted(flags, key=lambda f: (order.get(f.item, 1 << 30), f.code)):
        if (f.item, f.code) not in seen:
            seen.add((f.item, f.code))
            report.flags.append(ctx.flags.make(f.item, f.code, f.reason, f.evidence))
