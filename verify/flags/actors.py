"""The story's actors, as the flags rules and the flag model see them: each claim's sentence
and segment, which segments are about an armed conflict or a dispute, and who has a stake."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from ..lexicon import Lexicon
from ..model import Report, Span
from ..story import Sentence, Story
from .sources import country_key, is_party, verb_at


@dataclass
class Actors:
    """Per claim (in report order): its sentence, segment, section and party status; per story: the
    segments about a conflict, those with a denial, the (segment, source key) parties and the
    people named with a stakeholder's role."""

    sentences: list[Sentence | None]
    segments: list[int]
    sections: list[int]
    stake: list[bool]
    conflict: dict[int, bool]
    disputes: set[int]
    parties: set[tuple[int, str]]
    #: people the story names with a stakeholder's role anywhere ("her lawyer Dali Mpofu"):
    #: a side in every segment, under their later, shorter names too ("Mpofu said")
    roles: frozenset[str] = frozenset()
    #: (segment, country key) of the countries that are a side there ("South Africa accused
    #: Israel ..."), and the pattern that finds a country in a source's name: the country's
    #: ministries and officials speak for that side ("South Africa's foreign ministry")
    side_countries: frozenset[tuple[int, str]] = frozenset()
    countries: re.Pattern[str] | None = None
    country_names: dict[str, str] = field(default_factory=dict)
    #: per segment, the one-word groups that are a side there, plural and singular
    #: ("villagers", "villager"): their members speak for the side too
    groups: dict[int, frozenset[str]] = field(default_factory=dict)

    def is_story_party(self, index: int, name: str | None) -> bool:
        """Whether the source of claim ``index`` is shown to have a stake in its segment."""
        if not name:
            return False
        if (self.segments[index], who(name)) in self.parties or who(name) in self.roles:
            return True
        if self.members(self.segments[index], name):
            return True
        if self.side_countries and self.countries is not None:
            seg = self.segments[index]
            return any((seg, country_key(m.group(), self.country_names)) in self.side_countries
                       for m in self.countries.finditer(name))
        return False

    def members(self, segment: int, name: str) -> bool:
        """Whether a source is described as one of a group that is a side in its segment
        ("Another villager, Lipolelo Potobere" where "Villagers" accuse the company)."""
        groups = self.groups.get(segment)
        if not groups:
            return False
        return any(w in groups for w in re.findall(r"[a-z]+", name.lower()))


def sentence_of(sentences: list[Sentence], span: Span | None) -> Sentence | None:
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


def who(name: str | None) -> str:
    """A source's key across its mentions: the last capitalised word ("Former councillor
    Seabata Moeketsi" and "Mr Moeketsi" are one person), else the name in lower case."""
    bare = re.sub(r"^(?:the|a|an|this|that|these|those|its|his|her|their|our)\s+", "",
                  name or "", flags=re.I)
    head = bare.split(",")[0]  # "Lee Jae-myung, ... Yoon's rival": Lee, not Yoon
    if re.search(r"\b[A-Z][\w'’-]+", head.split(None, 1)[1] if " " in head else ""):
        bare = head  # a name before the comma ("Former area councillor, Seabata Moeketsi": not)
    words = [w for w in re.findall(r"\b[A-Z][\w'’-]+", bare) if not w.endswith(("'s", "’s"))] \
        or re.findall(r"\b[A-Z][\w'’-]+", bare)
    if words:
        return words[-1].rstrip("'’s")
    return re.sub(r"^(?:these|those|many|some|other)\s+", "", bare.lower())


#: a story is about an armed conflict when it uses this many conflict words (a single
#: "attacks" in a story of impeachment hearings does not make one)
CONFLICT_WORDS = 2


#: people and companies who deny or make an allegation in their own words ("denied ever
#: taking bribes", "the chiefs are allegedly taking bribes") are a side of that dispute
DISPUTANTS = frozenset({"witness", "other", "company"})


def _in_quotes(text: str, at: int) -> bool:
    """Whether position ``at`` of ``text`` lies inside a quotation that opened before it."""
    before = text[:at]
    return before.count("“") > before.count("”") or before.count('"') % 2 == 1


def in_quotation(text: str, at: int) -> bool:
    """Whether position ``at`` of ``text`` lies inside a quotation, one that opened before it or
    one that opened in an earlier sentence and closes after it ('No proof," he said.')."""
    if _in_quotes(text, at):
        return True
    after = text[at:]
    return after.count("”") > after.count("“") or after.count('"') % 2 == 1


def outside_quotes(pattern: re.Pattern[str], text: str) -> bool:
    """Whether ``pattern`` occurs in ``text`` outside a quotation: "denied ever taking bribes"
    is the source's own denial; "Israel may not ... deny its relief schemes" in quotes is not."""
    return any(not _in_quotes(text, m.start()) for m in pattern.finditer(text))


#: denial verbs that deny an account only with one as their object: "rejected the claims",
#: "dismissed the report as propaganda", "rejects suggestions that" (not "a judge rejected
#: Assange's attempt to delay the hearing", "rejects any indicators that suggest")
NEEDS_ACCOUNT = frozenset({"rejected", "rejects", "dismissed"})
_ACCOUNT_OBJECT = re.compile(
    r"(?<!\s)\s++(?:(?:the|these|those|such|any|all|his|her|its|their|a|an)\s++)?(?:[\w'’-]++\s++){0,2}?"
    r"(?:allegations?|accusations?|claims?|charges?|reports?|accounts?|suggestions?|"
    r"assertions?|criticism|version|narrative|findings?|figures?|numbers?|toll|rumou?rs?)\b"
    r"|(?<!\s)\s++(?:that|as\s++(?:false|baseless|untrue|lies|fake|propaganda|fabricated))\b",
    re.I)


#: a negation just before a denial word: "did not deny", "has never disputed"
_NEGATED_BEFORE = re.compile(r"\b(?:not|never|n['’]t|no\s+one)\s++(?:\w+ly\s++)?$", re.I)
#: "deny" as refusing someone something, not an account: "deny him the right", "denied bail"
_REFUSAL_AFTER = re.compile(
    r"(?<!\s)\s++(?:(?:him|her|them|us|me|you|it|people|anyone|everyone|civilians|residents|"
    r"journalists|the\s+public)\s++(?:the|a|an|any|access|entry|permission|their|his|her|its)\b"
    r"|(?:access|entry|bail|permission|parole|a\s+visa|visas|the\s+right|the\s+request|"
    r"a\s+permit|service|treatment|food|aid)\b)", re.I)
def _refused_or_negated(text: str, m: re.Match[str]) -> bool:
    """Whether a denial word denies nothing: negated ("she did not deny sending some of the
    messages") or refusing someone something ("to deny him the right to", "denied bail")."""
    return bool(_NEGATED_BEFORE.search(text, max(0, m.start() - 20), m.start())) or (
        m.group().lower().startswith("den") and _REFUSAL_AFTER.match(text, m.end()) is not None)


#: words before a denial word that make it an adjective ("the long disputed border")
_ADJECTIVE_BEFORE = re.compile(r"(?<![\w'’-])(?:the|a|an|its|their|his|her|our|long|hotly|much|"
                               r"widely|fiercely|bitterly|still|often)\s++$", re.I)


#: a reply that says what another said is not so: "responded that she did not get confused"
_REJOINDER = frozenset({"responded", "replied", "retorted", "responds", "replies"})
_REJOINED = re.compile(r"(?<!\s)\s++(?:[\w'’-]++\s++){0,3}?that\s++(?:[\w'’-]++\s++){1,4}?"
                       r"(?:did\s+not|didn['’]t|was\s+not|wasn['’]t|had\s+not|hadn['’]t|never|"
                       r"is\s+not|isn['’]t|does\s+not|doesn['’]t)\b", re.I)


def denies(text: str, verb: str | None, lex: Lexicon) -> bool:
    """Whether a claim denies an account: its verb is a denial ("he denied"), a denial
    stands outside quotation marks in it, with an account as the object where the verb
    needs one (:data:`NEEDS_ACCOUNT`), or it calls something false ("These are all lies", or
    "no proof" in the source's own quoted words)."""
    if verb and lex.denial.fullmatch(verb) and verb.lower() not in NEEDS_ACCOUNT:
        at = verb_at(text, verb)
        if at is not None and not _refused_or_negated(text, at):
            return True  # (a verb carried over from the sentence before denies nothing here:
            # "Journalists of Bukvy were present at the hearing.")
    for m in lex.denial.finditer(text):
        if _in_quotes(text, m.start()):
            continue  # inside a quotation: "Israel may not ... deny its relief schemes"
        if m.group().lower() in NEEDS_ACCOUNT and not _ACCOUNT_OBJECT.match(text, m.end()):
            continue
        if _ADJECTIVE_BEFORE.search(text, max(0, m.start() - 30), m.start()):
            continue  # "the long disputed border", "a rejected bid": an adjective, no denial
        if _refused_or_negated(text, m):
            continue
        return True
    if lex.falsehood.search(text):
        return True  # "told Polygraph the allegations are false"
    if verb and verb.lower() in _REJOINDER:
        at = verb_at(text, verb)
        if at is not None and _REJOINED.match(text, at.end()):
            return True  # "Ms. Haley testily responded that she did not 'get confused'"
    # '"There is no proof or basis for this," Niroula said' (not the story's "offered no evidence")
    return any(in_quotation(text, m.start()) for m in lex.no_grounds.finditer(text))


def conflict_segments(story: Story, report: Report, lex: Lexicon) -> dict[int, bool]:
    """Which story segments are about a conflict: conflict words, outside a source's own name
    (so "the army said it would build a school" is not one) and outside metaphors and past
    wars ("the trade war", "the Korean War"), at least ``CONFLICT_WORDS`` times."""
    names = sorted((c.span.start + c.text.find(c.source.name), len(c.source.name))
                   for c in report.claims if c.source.name and c.source.name in c.text)
    starts = [start for start, _ in names]

    def in_name(pos: int) -> bool:  # the names before pos (each claim has one, claims in order)
        i = bisect_right(starts, pos)
        return any(start <= pos < start + n for start, n in names[max(0, i - 3):i])

    count: dict[int, int] = {}
    for s in story.sentences:
        hits = list(lex.conflict.finditer(story.text, s.span.start, s.span.end))
        if not hits:
            continue
        metaphors = [(m.start(), m.end()) for m in
                     lex.conflict_metaphor.finditer(story.text, s.span.start, s.span.end)]
        for m in hits:
            if not in_name(m.start()) and not any(a <= m.start() < b for a, b in metaphors):
                count[s.segment] = count.get(s.segment, 0) + 1
    return {seg: n >= CONFLICT_WORDS for seg, n in count.items()}


#: the sides of a conflict: the countries named most often in its sentences with conflict words
#: (at most this many, each at least twice: two sides and a state that sues one of them)
MAX_SIDES = 3


def conflict_sides(story: Story, lex: Lexicon, conflict: dict[int, bool]
                   ) -> dict[int, frozenset[str]]:
    """Per conflict segment, the countries it is between: those named most often (at least
    twice, at most ``MAX_SIDES``) in its sentences with conflict words ("India struck ...
    Pakistan shelled ...")."""
    counts: dict[int, dict[str, int]] = {}
    for s in story.sentences:
        if not conflict.get(s.segment) or not lex.conflict.search(story.text, s.span.start,
                                                                  s.span.end):
            continue
        seen = counts.setdefault(s.segment, {})
        for m in lex.countries.finditer(story.text, s.span.start, s.span.end):
            key = country_key(m.group(), lex.country_names)
            seen[key] = seen.get(key, 0) + 1
    return {seg: frozenset(k for k, n in sorted(seen.items(), key=lambda kv: -kv[1])[:MAX_SIDES]
                           if n >= 2) for seg, seen in counts.items()}


#: a source that goes to court: "Virginia Giuffre filed a lawsuit saying ...", "X sued"
#: (GUIDE.md: plaintiffs have a stake in all they say)
_LITIGANT = re.compile(r"(?<![\s,])(?:,\s*+|\s++)(?:(?:has|have|had|later|also|then)\s++)*+"
                       r"(?:(?:filed|lodged|brought)\s++(?:a|an)\s++(?:[\w-]++\s++){0,2}?"
                       r"(?:lawsuit|suit|complaint|petition|claim)\b|sued\b)", re.I)
def _litigants(report: Report) -> frozenset[str]:
    """The sources named going to court in their own sentence ("X filed a lawsuit saying")."""
    found = set()
    for c in report.claims:
        name = c.source.name
        at = c.text.find(name) if name else -1
        if name and at >= 0 and _LITIGANT.match(c.text, at + len(name)):
            found.add(who(name))
    return frozenset(found)


#: how far a stakeholder's name may stand from the word of its role ("her lawyer Dali Moyo")
NAME_REACH = 160


def _stakeholders_named(text: str, lex: Lexicon) -> list[re.Match[str]]:
    """The people named with a stakeholder's role, found only near the role words (a name
    search at every capital of a long story costs more than the whole flags stage)."""
    found: dict[tuple[int, int], re.Match[str]] = {}
    for role in lex.stakeholders.finditer(text):
        lo, hi = max(0, role.start() - NAME_REACH), min(len(text), role.end() + NAME_REACH)
        for m in lex.stakeholder_named.finditer(text, lo, hi):
            if m.start() <= role.start() and role.end() <= m.end():  # this role's own match
                found.setdefault(m.span(), m)
    return list(found.values())


def actors_of(story: Story, report: Report, lex: Lexicon) -> Actors:
    """The actors of one story: a source that accuses, alleges or denies anywhere in its
    segment has a stake in all it says there."""
    conflict = conflict_segments(story, report, lex)
    sentences = [sentence_of(story.sentences, c.span) for c in report.claims]
    segments = [s.segment if s else -1 for s in sentences]
    sides = conflict_sides(story, lex, conflict)
    stake = [is_party(c, lex, conflict.get(seg, False), sides=sides.get(seg, frozenset()))
             for c, seg in zip(report.claims, segments, strict=True)]
    # sides: a source with a stake in the story, not one that praised itself once
    # (from the sentences where the source is named: a sentence it is only carried over to
    # does not make it a side)
    parties = {(seg, who(c.source.name))
               for c, seg, party in zip(report.claims, segments, stake, strict=True)
               if (c.source.name and party and c.source.name in c.text
                   and is_party(c, lex, conflict.get(seg, False), praise=False,
                                sides=sides.get(seg, frozenset())))
               or (c.source.name and c.source.type in DISPUTANTS and (
                   denies(c.text, None, lex) or outside_quotes(lex.accusation, c.text)))}
    disputes = {seg for c, seg in zip(report.claims, segments, strict=True)
                if c.source.type != "none" and c.verb and lex.denial.fullmatch(c.verb.lower())}
    sections = [s.section if s else -1 for s in sentences]
    roles = frozenset(who(m.group("before") or m.group("after"))
                      for m in _stakeholders_named(story.text, lex)) | _litigants(report)
    bare = [re.sub(r"^the\s+", "", c.source.name or "", flags=re.I) for c in report.claims]
    side_countries = frozenset(
        (seg, country_key(name, lex.country_names))
        for c, name, seg, party in zip(report.claims, bare, segments, stake, strict=True)
        if party and name and c.source.type == "government" and lex.countries.fullmatch(name))
    # the one-word groups that are a side ("Villagers accuse", "the residents say"), no surname
    # ("Williams said" after "Serena Williams": the last words of longer names)
    surnames = {caps[-1].lower() for c in report.claims
                if len(caps := re.findall(r"\b[A-Z][\w'’-]*", c.source.name or "")) > 1}
    groups: dict[int, set[str]] = {}
    for c, seg in zip(report.claims, segments, strict=True):
        word = re.sub(r"^(?:the|these|those)\s+", "", c.source.name or "", flags=re.I)
        if word.isalpha() and word.endswith("s") and word.lower() not in surnames and \
                (seg, who(c.source.name)) in parties and (word.islower() or c.text.startswith(word)):
            groups.setdefault(seg, set()).update((word.lower(), word.lower()[:-1]))
    return Actors(sentences, segments, sections, stake, conflict, disputes, parties, roles,
                  side_countries, lex.countries, lex.country_names,
                  {seg: frozenset(g) for seg, g in groups.items()})
