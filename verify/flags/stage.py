"""The flags stage: why an item cannot be independently verified, with a reason in one plain
sentence that quotes its trigger, and evidence spans into the report text. Precision comes
first: each rule fires only on a clear trigger (a tool that cries wolf is switched off).

Codes: unverified_by_story, party_claim, social_media_only, anonymous_source, unattributed,
state_media, conflicting_accounts, speculative (no_provenance is raised by the media stage)."""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..detect.claims import attribute
from ..detect.quantities import find_quantities
from ..lexicon import Lexicon
from ..model import Claim, Embed, Flag, Link, MediaRef, Quantity, Report, Span
from ..platforms import PlatformTable
from ..story import Sentence, Story
from .actors import Actors, actors_of, denies, in_quotation, sentence_of, who
from .hedges import hedge_of
from .sources import by_source, flag, is_threat, short, state_media

if TYPE_CHECKING:
    from ..context import Context
#: two figures conflict when one is vague and the other exact, or they differ by this ratio
CONFLICT_RATIO = 1.5


#: how many claims before (and, for "the army's account", after) a disclaimer it may cover: a
#: disclaimer speaks of its context, and a bound keeps a long live blog linear
DISCLAIMER_REACH = 60


def _unverified(story: Story, report: Report, lex: Lexicon, segments: list[int]
                ) -> Iterator[Flag]:
    text = story.text
    claims_at = {c.span.start: c for c in report.claims}
    by_segment: dict[int, list[Claim]] = {}  # each segment's claims, in text order
    for c, seg in zip(report.claims, segments, strict=True):
        by_segment.setdefault(seg, []).append(c)
    ends = {seg: [c.span.end for c in same] for seg, same in by_segment.items()}
    by_start: list[tuple[int, MediaRef]] = sorted(
        ((m.span.start, m) for m in report.media_refs if m.span), key=lambda p: p[0])
    refs, ref_starts = [m for _, m in by_start], [at for at, _ in by_start]
    items: list[MediaRef | Embed] = [*report.media_refs, *report.embeds]
    by_end: list[tuple[int, MediaRef | Embed]] = sorted(
        ((m.span.end, m) for m in items if m.span is not None), key=lambda p: p[0])
    media, media_ends = [m for _, m in by_end], [at for at, _ in by_end]
    for sent in story.sentences:
        sentence = text[sent.span.start : sent.span.end]
        said = lex.unverified.search(sentence)
        if said is None or sent.in_embed:
            continue
        targets: list[Claim | MediaRef | Embed] = list(
            refs[bisect_left(ref_starts, sent.span.start):bisect_left(ref_starts, sent.span.end)])
        here = claims_at.get(sent.span.start)
        if (here is None or here.source.name) and in_quotation(sentence, said.start()):
            continue  # '"There is no proof or basis for this," the spokesperson said': the
            # source's own words (a denial), not the story's disclaimer
        if not targets and here is not None and not (
                _ANAPHOR.search(sentence) and here.source.type in ("none", "media")):
            targets = [here]  # "The army said it killed 20, a claim that could not be verified"
            # (not "We have found no evidence to corroborate this claim", the story's own
            # sentence: that names an earlier one)
        if not targets:
            same = by_segment.get(sent.segment, [])
            i = bisect_right(ends.get(sent.segment, []), sent.span.start)
            before = same[max(0, i - DISCLAIMER_REACH):i]
            owner = _POSSESSIVE.search(sentence)
            if owner and not lex.both_sides.search(owner.group(1)):
                # "the army's account could not be verified": the army's claims, before or after
                near = same[max(0, i - DISCLAIMER_REACH):i + DISCLAIMER_REACH]
                targets = [c for c in near if c.span.start != sent.span.start
                           and (_refers_to(owner.group(1), c.source.name) or
                                _kind_of(owner.group(1), lex) == c.source.type)]
            elif lex.both_sides.search(sentence):
                sides = [c for c in before if c.source.type in lex.sides]
                targets = list(sides or [c for c in before if c.source.type != "none"])
            elif lex.media_noun.search(sentence):
                # the latest media item before it, in its segment
                j = bisect_right(media_ends, sent.span.start)
                targets = []
                for m in reversed(media[max(0, j - DISCLAIMER_REACH):j]):
                    found = sentence_of(story.sentences, m.span)
                    if found is not None and found.segment == sent.segment:
                        targets = [m]
                        break
            else:
                targets = list(_named_by(sentence, before, lex))
        quote = short(sentence)
        for t in targets:
            evidence = [s for s in (t.span, sent.span) if s is not None]
            yield flag(t.id, "unverified_by_story",
                        f'The story itself says it could not check this: "{quote}"', evidence)


#: a disclaimer that points back at what it covers: "no evidence to corroborate this claim",
#: "could not verify the figures", "could not confirm it"
_ANAPHOR = re.compile(r"\b(?:this|that|these|those|the|such)\s+(?:claims?|figures?|accounts?|"
                      r"reports?|estimates?|allegations?|information|numbers?|assertions?|"
                      r"statements?|videos?|footage|images?|photos?)\b"
                      r"|\b(?:corroborate|verify|confirm|support|substantiate)\s+(?:it|them|this|that)\b",
                      re.I)


#: words of a disclaimer that say nothing of what it covers
_DISCLAIMER_WORDS = frozenset({"could", "independently", "verified", "verify", "confirmed",
                               "confirm", "reuters", "associated", "press", "number", "claim",
                               "claims", "account", "report", "figure", "figures", "unable"})


def _named_by(disclaimer: str, before: list[Claim], lex: Lexicon) -> list[Claim]:
    """The earlier claim a disclaimer speaks of ("The number of destroyed homes could not be
    verified": the claim about destroyed homes), else the claim just before it."""
    words = _content(disclaimer, lex) - _DISCLAIMER_WORDS
    best = max(before, key=lambda c: (len(_content(c.text, lex) & words), c.span.start),
               default=None)
    if best is not None and _content(best.text, lex) & words:
        return [best]
    return list(before[-1:])


_POSSESSIVE = re.compile(r"\b((?:the\s+)?[\w-]+(?:\s+[\w-]+){0,3})['’]s?\s+(?:own\s+)?"
                         r"(?:claims?|accounts?|figures?|statements?|version|assertions?|reports?)\b",
                         re.I)


def _initials(name: str) -> str:
    return "".join(w[0] for w in re.findall(r"\b[A-Z][\w-]*", name) if w not in ("The", "A", "An"))


def _kind_of(who: str, lex: Lexicon) -> str | None:
    """The source type a common noun stands for ("verify the group": armed_group), or None:
    the noun phrase after "the" at the end of ``who``."""
    tail = re.search(r"\bthe\s+((?:[\w-]+\s+)?[\w-]+)$", who.strip(), re.I)
    return lex.referring_nouns.get(tail.group(1).lower()) if tail else None


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


#: a bare figure whose verb says what befell them: "as many as 200 have been killed"
_BEFELL = re.compile(r"(?<!\s)\s++(?:(?:have|has|had|were|was|are|is)\s++)?(?:been\s++)?"
                     r"(?:killed|died|dead|wounded|injured)\b", re.I)


def _counted(q: Quantity, claim: Claim, lex: Lexicon) -> str | None:
    """The victim class of a casualty figure (``Lexicon.victims``: "soldiers", or "generic"
    for "dead", for a toll: "put the death toll at nine", and for a bare figure that was
    killed: "as many as 200 have been killed"), or None."""
    words = q.text.lower().split()
    for tail in (" ".join(words[-2:]), words[-1] if words else ""):
        if tail in lex.victims:
            return lex.victims[tail]
    if words and words[-1] in lex.generic_victims:
        return "generic"
    at = q.span.start - claim.span.start if q.span else claim.text.find(q.text)
    if re.search(r"\b(?:toll|number\s+of\s+(?:dead|deaths|victims))\s+(?:at|of|to|rose\s+to)\s*$",
                 claim.text[max(0, at - 40) : at], re.I):
        return "generic"
    if words and any(ch.isdigit() for ch in words[-1]) and \
            _BEFELL.match(claim.text, at + len(q.text)):
        return "generic"
    return None


_DEAD = re.compile(r"\b(?:killed|kill|dead|died|deaths?|death\s+toll|lives|fatalities|bodies|"
                   r"perished)\b", re.I)
_HURT = re.compile(r"\b(?:injured|injuries|wounded|hurt|treated|hospitali[sz]ed)\b", re.I)


def _outcome(q: Quantity, claim: Claim) -> str | None:
    """What befell the people a figure counts, from the words around it: "dead", "hurt"."""
    at = q.span.start - claim.span.start if q.span else claim.text.find(q.text)
    around = claim.text[max(0, at - 30) : at + len(q.text) + 40]
    if _DEAD.search(around):
        return "dead"
    return "hurt" if _HURT.search(around) else None


def _differ(a: Quantity, b: Quantity) -> bool:
    if a.exact != b.exact:
        return True
    if a.value is None or b.value is None:
        return False
    low, high = sorted((a.value, b.value))
    return low == 0 or high / low >= CONFLICT_RATIO


#: how many later claims with figures each one is compared with (a live blog of thousands of
#: entries stays linear; two accounts of one event are rarely further apart)
FIGURE_REACH = 150


def _conflicts(report: Report, segments: list[int], lex: Lexicon) -> Iterator[Flag]:
    """Figures of two sources in one story segment that count the same people and outcome
    and differ (``segments``: each claim's segment, as the flags stage found them)."""
    by_segment: dict[int, list[Claim]] = {}  # claims with figures, per segment, in order
    for c, s in zip(report.claims, segments, strict=True):
        if c.source.type != "none" and c.quantities:
            by_segment.setdefault(s, []).append(c)
    pairs = ((a, b) for same in by_segment.values() for i, a in enumerate(same)
             for b in same[i + 1 : i + 1 + FIGURE_REACH])
    # each claim's source key and places, once (a claim is paired with up to FIGURE_REACH)
    keys = {c.id: who(c.source.name) for same in by_segment.values() for c in same}
    places = {c.id: _places(c.text) for same in by_segment.values() for c in same}
    found: dict[str, list[tuple[Claim, Quantity, Quantity]]] = {}
    for a, b in pairs:
        if keys[a.id] == keys[b.id]:
            continue  # one source's total and its parts, or its own update
        if _other_places(places[a.id], places[b.id]):
            continue  # "seven died in Indian-controlled Kashmir", "26 in Pakistan": two places
        shared = _shared_count(a, b, lex)
        if shared is not None:
            qa, qb = shared
            found.setdefault(a.id, []).append((b, qa, qb))
            found.setdefault(b.id, []).append((a, qb, qa))
    claims_by_id = {c.id: c for c in report.claims}
    for item, pairs_found in found.items():
        other, mine, theirs = pairs_found[0]
        me = claims_by_id[item]
        more = (f" (also {', '.join(p[0].id for p in pairs_found[1:])})"
                if len(pairs_found) > 1 else "")
        reason = (f'The figures conflict: "{mine.text}" according to '
                  f'{short(me.source.name or "", 60)}, against "{theirs.text}" according to '
                  f'{short(other.source.name or "", 60)} ({other.id}){more}.')
        evidence = [mine.span] + [p[2].span for p in pairs_found]
        yield flag(item, "conflicting_accounts", reason, [s for s in evidence if s])


_PLACE = re.compile(r"\b(?:in|at|near|across|outside|inside|(?:attacks?|assault|strikes?|offensive|"
                    r"war|bombardment|raids?|invasion|shelling)\s+(?:on|against))\s+(?:the\s+)?"
                    r"((?:[A-Z][\w'’-]+)(?:[\s-]+[A-Z][\w'’-]+){0,3})")


_SIDE_HELD = re.compile(r"-(?:controlled|held|administered|occupied|run)$", re.I)


def _places(text: str) -> list[set[str]]:
    """The places a sentence names after a preposition ("in Indian-controlled Kashmir", "near
    the town of Bahawalpur"), each as the set of its words."""
    return [{w.lower() for w in m.group(1).split()} for m in _PLACE.finditer(text)]


def _other_places(a: list[set[str]], b: list[set[str]]) -> bool:
    """Whether two sentences are about different places: both name some, and no place of one
    shares a word with a place of the other, or the shared place is held by different sides
    ("Indian-controlled Kashmir" against "Kashmir")."""
    if not a or not b:
        return False
    for pa in a:
        for pb in b:
            if pa & pb and {w for w in pa if _SIDE_HELD.search(w)} == \
                    {w for w in pb if _SIDE_HELD.search(w)}:
                return False
    return True


def _shared_count(a: Claim, b: Claim, lex: Lexicon) -> tuple[Quantity, Quantity] | None:
    """The first pair of the two claims' figures that count the same people and outcome and
    differ, or None."""
    for qa in a.quantities:
        for qb in b.quantities:
            ca, cb = _counted(qa, a, lex), _counted(qb, b, lex)
            if ca is None or cb is None or not _differ(qa, qb):
                continue
            outcome = _outcome(qa, a)
            if outcome != _outcome(qb, b):
                continue  # "23 killed" and "61 treated for injuries" count two things
            if outcome is None and ca == cb == "civilians":
                continue  # "two people contracted it", "28 people he came into contact
                # with": people counted for no harm are no toll, and may count anything
            if ca == cb != "generic" or ("generic" in (ca, cb) and ca != cb):
                return qa, qb
    return None


_CLAUSES = re.compile(r",\s*+while\s+|(?<!\s)\s++whereas\s+|;\s+|,\s*+but\s+|,\s*+and\s+",
                      re.I)


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
        if who is not None and figures and not re.search(r"\d", who.name):
            # ("about 3 in 10 independents say": a poll's shares, not two sources)
            sides.append((who.name, figures[0]))
    for (a, qa), (b, qb) in itertools.pairwise(sides):
        if a.lower() != b.lower() and _differ(qa, qb):
            yield flag(claim.id, "conflicting_accounts",
                        f'The figures conflict: "{qa.text}" according to {a}, against '
                        f'"{qb.text}" according to {b}.', [s for s in (qa.span, qb.span) if s])
            return


def _content(text: str, lex: Lexicon) -> set[str]:
    return {w for w in re.findall(r"[a-z][a-z-]{3,}", text.lower()) if w not in lex.stopwords}


def _grouped(report: Report, keys: list[int], stake: list[bool]
             ) -> Iterator[list[tuple[Claim, bool]]]:
    """The claims (with their party status) of each story segment or section ``keys`` names."""
    groups: dict[int, list[tuple[Claim, bool]]] = {}
    for c, key, party in zip(report.claims, keys, stake, strict=True):
        if key >= 0:
            groups.setdefault(key, []).append((c, party))
    yield from groups.values()


def _denials(report: Report, sections: list[int], segments: list[int], stake: list[bool],
             lex: Lexicon) -> Iterator[Flag]:
    """A source denying an account: the denial and the accounts it answers are conflicting
    versions. Within a story section, every denial (a denying verb, or "denied" in its own
    clause) conflicts with the other sources' accusations and party claims that speak of the
    same thing, and with accusations the story states with no accuser ("is accused of"); a
    denial of "the allegations" or "everything" answers every accusation there, and every
    party's accusation in the whole story segment. ``sections``, ``segments`` and ``stake``
    are each claim's section, segment and party status, as the flags stage found them."""
    # "He denied": a denier, named or not (each claim read once, for sections and segments)
    denying = {c.id for c in report.claims if c.source.name and denies(c.text, c.verb, lex)}
    for pairs in _grouped(report, sections, stake):
        claims = [c for c, _ in pairs]
        denials = [c for c in claims if c.id in denying]
        # "a lawyer for Danner said his client had never received any payment": the defence
        # contradicting, which answers the accusations alone
        defence = [c for c in claims if c.source.name and c not in denials
                   and lex.stakeholders.search(c.source.name) and _NEVER.search(c.text)]
        accusations = [c for c in claims if c.source.name not in {d.source.name for d in defence}
                       and _accuses(c, lex)]
        if defence and accusations:
            yield from _contradict(defence, accusations)
        if not denials:
            continue
        deniers = {c.source.name for c in denials}
        denied = [_content(c.text, lex) - _content(c.source.name or "", lex) for c in denials]
        wholesale = any(_denies_all(c.text, lex) for c in denials)

        answered = [c for c, party in pairs
                    if _answers(c, party, deniers, denied, wholesale=wholesale, lex=lex)]
        # "That claim is false", "This is not true": a denial that points back answers the
        # account just before it, another source's
        at = {c.id: i for i, c in enumerate(claims)}
        answered += [prior for d in denials
                     if (_POINTS_BACK.match(d.text) or _ACCOUNT_NOUN.search(d.text))
                     and (prior := _before(claims, at[d.id], deniers)) is not None
                     and prior not in answered]
        if not answered:
            continue
        yield from _contradict(denials, answered)
    yield from _wholesale(report, segments, stake, lex, denying)


#: a denial whose subject points back at what was just said: "That claim is false", "This is
#: not true", "These reports are baseless"
_POINTS_BACK = re.compile(r"^\W*(?:(?:this|that|these|those|such)(?:\s++(?:claims?|reports?|"
                          r"accounts?|allegations?|accusations?|statements?|assertions?|"
                          r"figures?|numbers?|stories|story))?|it)\s++(?:is|are|was|were)\b", re.I)


#: a denial of an account named by a noun that points back: "rejected the claims", "called the
#: allegations baseless", "dismissed the report as propaganda"
_ACCOUNT_NOUN = re.compile(r"\b(?:the|these|those|this|that|such)\s++(?:\w+\s++)?(?:claims?|"
                             r"reports?|allegations?|accusations?|accounts?|figures?|charges?|"
                             r"assertions?|statements?)\b", re.I)
#: how many claims back a denial that points back may find the account it answers
POINTS_BACK_REACH = 3


def _before(claims: list[Claim], i: int, deniers: set[str | None]) -> Claim | None:
    """The nearest claim before claim ``i`` of its group (within POINTS_BACK_REACH) that
    another named source made."""
    for prior in reversed(claims[max(0, i - POINTS_BACK_REACH):i]):
        if prior.source.name and prior.source.name not in deniers:
            return prior
    return None


def _wholesale(report: Report, segments: list[int], stake: list[bool], lex: Lexicon,
               denying: set[str]) -> Iterator[Flag]:
    """A wholesale denial ("denied all the allegations") answers the accusations of the whole
    story, in every section: each party claim of another source that accuses (``denying``:
    the ids of the claims that deny)."""
    for pairs in _grouped(report, segments, stake):
        denials = [c for c, _ in pairs if c.id in denying and _denies_all(c.text, lex)]
        if not denials:
            continue
        deniers = {c.source.name for c in denials}
        answered = [c for c, party in pairs if party and c.source.name not in deniers
                    and _accuses(c, lex)]
        if answered:
            yield from _contradict(denials, answered)


def _accuses(c: Claim, lex: Lexicon) -> bool:
    """Whether a claim accuses: an accusation's words, or a distancing verb ("claimed")."""
    return bool(lex.accusation.search(c.text)) or (c.verb or "").lower() in lex.distancing


def _contradict(denials: list[Claim], answered: list[Claim]) -> Iterator[Flag]:
    """The conflicting_accounts flags of denials and of the accounts they answer."""
    first = denials[0]
    for c in denials:
        yield flag(c.id, "conflicting_accounts",
                    f'{short(c.source.name or "", 60)} denies the account of '
                    f'{short(answered[0].source.name or "the story", 60)} ({answered[0].id}).',
                    [c.span, answered[0].span])
    for c in answered:
        yield flag(c.id, "conflicting_accounts",
                    f'{short(first.source.name or "", 60)} denies this account ({first.id}).',
                    [c.span, first.span])


#: a denial speaks of the same thing as an account when they share this many content words
#: (one is enough when either is this short: "Witnesses said police fired tear gas")
SHARED_WORDS, SHORT_CONTENT = 2, 5


def _about(words: set[str], denied: list[set[str]]) -> bool:
    """Whether an account speaks of the thing one of the denials denies."""
    return any(len(words & d) >= (1 if min(len(words), len(d)) <= SHORT_CONTENT
                                  else SHARED_WORDS) for d in denied)


def _answers(c: Claim, party: bool, deniers: set[str | None], denied: list[set[str]], *,
             wholesale: bool, lex: Lexicon) -> bool:
    """Whether a denial in the claim's segment answers it: another source's account of the
    denied thing, a party's accusation, or an accusation the story states with no accuser."""
    if c.source.name in deniers:
        return False
    accuses = _accuses(c, lex)
    if c.source.type == "none":
        return accuses and (wholesale or _about(_content(c.text, lex), denied))
    about = _about(_content(c.text, lex) - _content(c.source.name or "", lex), denied)
    return about or (party and accuses)


_NEVER = re.compile(r"\b(?:never|did\s+not|didn['’]t|had\s+not|was\s+not|is\s+not|no\s+evidence|"
                    r"none\s+of|not\s+guilty|innocent|did\s+nothing\s+wrong)\b", re.I)


def _denies_all(text: str, lex: Lexicon) -> bool:
    """Whether a denial answers every accusation: "denied the allegations", "denies everything"."""
    m = lex.denial.search(text)
    return bool(m and lex.denied_object.search(text, m.end(), m.end() + 40))


#: the second of two accounts set against each other in one sentence: "Though authorities
#: have said ..., activists have claimed ...", "Trump has tried to suggest ..., but Sondland
#: has said ..." (its own subject, never "he"/"she" or none: "..., but added that ...")
_CONCESSIVE = re.compile(r"^\W*(?:though|although|while|whereas|even\s+though)\s", re.I)
_SECOND_SUBJECT = re.compile(r"(?:,|;|\bbut)\s++(?!(?:he|she|they|it|we|I|this|that|but|and|or|"
                             r"then|later|also|so|yet)\b)"
                             r"(?P<subject>(?:the\s+)?[A-Za-z][\w'’-]*+(?:\s++[\w'’-]++){0,5}?)\s++"
                             r"(?:(?:has|have|had)\s++(?:also\s++)?)?(?P<verb>[a-z]+)\b")


#: an account given in an infinitive: "has tried to suggest that ..."
_TO_SAY = re.compile(r"\bto\s+(?:say|suggest|claim|argue|insist|portray|blame)\b", re.I)


def _two_accounts(claim: Claim, lex: Lexicon) -> Iterator[Flag]:
    """Two sources' accounts set against each other in one sentence conflict (GUIDE.md: where
    both sides are in one sentence, that sentence gets the code)."""
    text = claim.text
    concessive = _CONCESSIVE.match(text) is not None
    for m in _SECOND_SUBJECT.finditer(text):
        joined_by_but = m.group().lstrip(",; ").lower().startswith("but")
        if not (joined_by_but or concessive):
            continue
        first = lex.verb.search(text, 0, m.start()) or _TO_SAY.search(text, 0, m.start())
        if first is None or first.group().lower() == "according to" or \
                re.match(r"\s*[,;]", text[first.end():]):
            continue  # the first account needs its own reporting verb, with what it says
            # ("Although no other missing people were reported, ...": no account)
        if lex.verb.fullmatch(m.group("verb")) and not lex.verb.fullmatch(
                m.group("subject").split()[0]):
            span = Span(claim.span.start + m.start("subject"), claim.span.start + m.end("verb"))
            yield flag(claim.id, "conflicting_accounts",
                       f'Two accounts in one sentence: "{short(m.group("subject"), 60)} '
                       f'{m.group("verb")}" against the one before it.', [span])
            return


#: an account and its denial in one sentence: "who claim UNRWA has been infiltrated - an
#: allegation the agency refutes", "charges he denies", "a claim Moscow has rejected"
_DENIED_ACCOUNT = re.compile(
    r"\b(?:allegations?|accusations?|claims?|charges?|assertions?|accounts?)\s++"
    r"(?:that\s++|which\s++)?(?P<who>he|she|they|it|we|I|the\s++[a-z][\w'’-]*+|"
    r"(?-i:[A-Z][\w'’-]*+(?:\s++[A-Z][\w'’-]*+){0,3}))\s++"
    r"(?:(?:has|have|had)\s++)?(?:(?:strongly|flatly|repeatedly|vehemently|always|firmly)\s++)?"
    r"(?:denies|denied|deny|refutes|refuted|rejects|rejected|disputes|disputed)\b", re.I)


#: a denial of another's named account in one sentence: "Dershowitz denied allegations by
#: Allen that ...", "Melnyk denied his Russian counterpart's accusations of war crimes"
_DENIES_ACCOUNT_OF = re.compile(
    r"\b(?:denied|denies|rejected|rejects|disputed|disputes|refuted|refutes)\s++"
    r"(?:(?:the|these|those)\s++(?:[\w-]++\s++){0,2}?(?:allegations?|accusations?|claims?|"
    r"charges?)\s++(?:by|from|of)\s++(?-i:[A-Z])"
    r"|(?:allegations?|accusations?|claims?|charges?)\s++(?:by|from)\s++(?-i:[A-Z])"
    r"|(?:his|her|their|its)\s++(?:[\w-]++\s++){0,2}?(?:counterpart|rival|opponent|accuser)s?['’]s?"
    r"\s++(?:allegations?|accusations?|claims?|charges?))", re.I)


def _denied_in_sentence(claim: Claim) -> Iterator[Flag]:
    """An account and another's denial of it in one sentence (GUIDE.md: both versions in one
    sentence get the code)."""
    m = _DENIED_ACCOUNT.search(claim.text) or _DENIES_ACCOUNT_OF.search(claim.text)
    if m is not None:
        span = Span(claim.span.start + m.start(), claim.span.start + m.end())
        yield flag(claim.id, "conflicting_accounts",
                   f'An account and its denial in one sentence: "{short(m.group(), 80)}".', [span])


def _changed(claim: Claim, lex: Lexicon) -> Iterator[Flag]:
    """A source that changed its own account gives two versions of one event."""
    m = lex.changed_account.search(claim.text)
    if m is not None:
        span = Span(claim.span.start + m.start(), claim.span.start + m.end())
        yield flag(claim.id, "conflicting_accounts",
                   f'The account changed: "{m.group()}"; the versions conflict.', [span])


#: a sentence that opens in a past year or "over the centuries" tells documented history
_HISTORY = re.compile(r"^\W*(?:(?:in|by|since|during|until)\s+(?:the\s+)?(?:early\s+|late\s+|mid-)?"
                      r"(?:1[6-9]|20)\d\d(?:s)?\b|over\s+the\s+(?:centuries|decades|years)\b)", re.I)


#: documented history anywhere in the sentence: "in the 14th century", "during the fourteenth
#: century", "has a history of deadly air crashes"
_PAST_AGES = re.compile(r"\b(?:in|during|since|by)\s+the\s+(?:early\s+|late\s+|mid-)?"
                        r"(?:\d{1,2}(?:st|nd|rd|th)|"
                        r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|"
                        r"twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|"
                        r"nineteenth|twentieth)\s+century\b|\bhas\s+a\s+(?:long\s+)?history\s+of\b", re.I)
#: a vague count that states no figure: "several people", "many victims", "some residents"
_FEW = re.compile(r"(?:several|many|some|a\s+few|few|numerous|various)\b", re.I)


#: a source inside the sentence, where the attribution finder reads none: "that they said
#: killed 26", "based on Florida tax appraisal records", "citing hospital data"
_EMBEDDED_SOURCE = re.compile(r"\b(?:(?:he|she|they|it|officials|police)\s+(?:said|say|says)|"
                              r"based\s+on|citing|cited\s+by|according\s+to)\b", re.I)


def _unattributed(claim: Claim, sent: Sentence | None, previous: Claim | None, text: str,
                  lex: Lexicon, lede: bool = False) -> Iterator[Flag]:
    """A casualty or statistic figure with no source, outside the lede (the reporter's own
    account of the core event), documented history and a paragraph that goes on with an
    attributed account."""
    if claim.source.type != "none" or sent is None or sent.headline or lede:
        return
    if previous is not None and previous.source.type != "none" and \
            previous.span.end <= claim.span.start and "\n" not in text[previous.span.end : claim.span.start]:
        return  # the paragraph goes on with the previous sentence's source
    # what would be flagged (a figure, a statistic, inside knowledge), before the exemptions
    figure = next((q for q in claim.quantities
                   if (lex.casualty.search(q.text) or lex.statistic.search(q.text))
                   and not _FEW.match(q.text)), None)
    cue = None if figure is not None else (
        lex.statistic_verb.search(claim.text) or lex.insider.search(claim.text))
    if figure is None and cue is None:
        return
    if _HISTORY.match(claim.text) or _PAST_AGES.search(claim.text):
        return
    if re.search(r"\b(?:I|we|We|my|our|Our|you|You)\b", claim.text):
        return  # a first-person account or advice, not a reported figure
    if lex.anonymous_cue.search(claim.text):
        return  # "reportedly": an unnamed source, not none at all
    if _EMBEDDED_SOURCE.search(claim.text):
        return  # "the attack that they said killed 26", "based on tax records": sourced
    if figure is not None:
        yield flag(claim.id, "unattributed", f'The figure "{figure.text}" is given with no source.',
                   [figure.span] if figure.span else [claim.span])
    elif cue is not None:  # "Gun sales have doubled", "had privately opposed"
        what = "statistic" if lex.statistic_verb.search(cue.group()) else "inside knowledge"
        yield flag(claim.id, "unattributed",
                   f'The {what} ("{cue.group()}") is given with no source.',
                   [Span(claim.span.start + cue.start(), claim.span.start + cue.end())])


def _speculative(claim: Claim, lex: Lexicon) -> Iterator[Flag]:
    m = hedge_of(claim.text, lex, claim.source.name)
    if m is None or is_threat(claim.text):  # a threat is no claim (GUIDE.md)
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
        who = f" by @{e.author_handle}" if e.author_handle else (
            f" by {e.author_name}" if e.author_name else "")
        when = f", posted {e.posted[:10]}" if e.posted else ""
        yield flag(e.id, "social_media_only",
                    f"The only source for this is a {e.kind} on {label}{who}{when}, embedded as "
                    "is.", [e.span] if e.span else [])


def _starts_within(starts: list[int], span: Span) -> bool:
    """Whether one of the sorted offsets ``starts`` falls inside ``span`` (a binary search)."""
    k = bisect_left(starts, span.start)
    return k < len(starts) and starts[k] < span.end


def rule_flags(story: Story, report: Report, ctx: Context, actors: Actors
               ) -> tuple[list[Flag], set[tuple[str, str]]]:
    """Every flag the rules raise, in no particular order (severities not yet set), and the
    (item, code) pairs that stand whatever the flag model says: figures that conflict."""
    lex = ctx.lexicon
    flags: list[Flag] = list(_social_embeds(report, ctx.platforms))
    flags.extend(_unverified(story, report, lex, actors.segments))
    flagged_media = {f.item for f in report.flags}
    ledes: dict[int, Sentence] = {}  # each segment's first body sentence: the core event
    for sent in story.sentences:
        if not sent.headline and not sent.in_embed:
            ledes.setdefault(sent.segment, sent)
    previous: Claim | None = None
    # media of no provenance stand for the claim they are in; one on a named platform also
    # leaves it its source's codes ("Graphic videos shared on Telegram": social media's alone)
    flagged_starts = sorted(m.span.start for m in report.media_refs
                            if m.id in flagged_media and m.span
                            and not (m.where and ctx.lexicon.platform.fullmatch(m.where)))
    media_starts = sorted(m.span.start for m in report.media_refs if m.span)
    for i, claim in enumerate(report.claims):
        if not _starts_within(flagged_starts, claim.span):
            flags.extend(by_source(claim, lex, own=actors.stake[i],
                                   party=actors.is_story_party(i, claim.source.name)))
        flags.extend(state_media(claim, lex))
        if not _starts_within(media_starts, claim.span):
            # a figure from media or data in the sentence is theirs: sourced ("Data from the
            # Health Ministry show"), or of no provenance ("The latest poll put Connolly on 55.7
            # percent"), not unattributed too
            flags.extend(_unattributed(claim, actors.sentences[i], previous, story.text, lex,
                                       lede=actors.sentences[i] is not None
                                       and actors.sentences[i] is ledes.get(actors.segments[i])))
        flags.extend(_speculative(claim, lex))
        flags.extend(_changed(claim, lex))
        flags.extend(_denied_in_sentence(claim))
        flags.extend(_two_accounts(claim, lex))
        previous = claim
    flags.extend(_denials(report, actors.sections, actors.segments,
                          [own or actors.is_story_party(i, c.source.name)
                           for i, (c, own) in enumerate(zip(report.claims, actors.stake,
                                                            strict=True))], lex))
    figures = [*_conflicts(report, actors.sections, lex),
               *(f for c in report.claims for f in _within(c, lex))]
    flags.extend(figures)
    return flags, {(f.item, f.code) for f in figures}


def flags_stage(story: Story, report: Report, ctx: Context) -> None:
    """Raise every flag the story warrants, in item order: the rules' flags, weighed by the
    flag model unless the ``flag_model`` option is off."""
    actors = actors_of(story, report, ctx.lexicon)
    flags, fixed = rule_flags(story, report, ctx, actors)
    if ctx.options.flag_model:
        flags = ctx.flag_model.refine(story, report, ctx.lexicon, actors, flags, fixed)
    items: list[Embed | MediaRef | Claim | Link] = [*report.embeds, *report.media_refs,
                                                   *report.claims, *report.links]
    order = {it.id: i for i, it in enumerate(items)}
    seen = set()
    for f in sorted(flags, key=lambda f: (order.get(f.item, 1 << 30), f.code)):
        if (f.item, f.code) not in seen:
            seen.add((f.item, f.code))
            report.flags.append(ctx.flags.make(f.item, f.code, f.reason, f.evidence))
