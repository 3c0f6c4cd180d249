"""Source rules: who stands behind a claim, and whether a fact-checker can lean on them.

- ``party_claim``: the only source has a stake: an armed group; a government, army or state
  outlet of a side where the story is about a conflict; an accuser (a distancing verb:
  "claimed", "alleged", "accused") or a denier who is not an independent body.
- ``anonymous_source``: the source is unnamed, or the sentence relays unnamed people
  ("reportedly", "is said to", "on condition of anonymity", "critics say").
- ``social_media_only``: the source is an account or post, or the claim was made "on X",
  "on Telegram", "in a post on Facebook".
- ``state_media``: a state-controlled outlet relays the claim.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..detect.claims import attribute, source_type, strip_openings, unnamed
from ..lexicon import Lexicon
from ..model import Claim, Flag, Span

TYPE_LABEL = {"armed_group": "an armed group", "military": "the military",
              "government": "a government", "state_media": "state media",
              "company": "a company", "official": "an official body", "other": "a named source",
              "witness": "a witness"}
#: independent bodies: never a party (courts, the UN, named experts, news agencies)
INDEPENDENT = frozenset({"ngo_expert", "media", "official", "none", "anonymous"})
#: sources whose praise of their own performance is a party's claim
SELF_SERVING = frozenset({"government", "company", "military", "official"})
#: "the group said its fighters had captured ...": a source speaking of its own fighters
_OWN_FIGHTERS = re.compile(r"\b(?:its|their|our)\s+(?:own\s+)?(?:fighters|militants|guerrillas|"
                           r"rebels|militiamen|gunmen)\b", re.I)
#: announcing one's own decision or plan is not a party's claim
_OWN_PLAN = re.compile(r"\b(?:announced|announces|will|would\s+continue|plans?\s+to|intends?\s+to|"
                       r"scheduled|to\s+hold|agreed\s+to)\b", re.I)


#: what an announcement of one's own plan or decision says: the future, a plan, a measure
_PLANNED = re.compile(r"\b(?:will|would|shall|plans?|intends?|to\s+[a-z]+|is\s+to|are\s+to|"
                      r"from\s+(?:now|next|today|tomorrow))\b", re.I)
#: "announced that ..." with a clause; "announced a curfew" with a measure
_ANNOUNCED_THAT = re.compile(r"\bannounc(?:ed|es)\s+(?:on\s+\w+\s+)?that\b", re.I)


_SAYING = frozenset({"said", "says", "announced", "announces", "stated", "confirmed"})
#: the source's own decision right after its verb: "said he ordered", "said it had decided to"
_OWN_DECISION = re.compile(r"(?<!\s)\s++(?:that\s++)?(?:he|she|it|they|we|I)\s++(?:had\s++|has\s++|have\s++)?"
                           r"(?:ordered|decided|approved|authori[sz]ed|instructed|signed|appointed)\b",
                           re.I)


def verb_at(text: str, verb: str | None) -> re.Match[str] | None:
    """Where a claim's reporting verb stands in its text, its first use (a verb carried over
    from the sentence before stands nowhere)."""
    return re.search(rf"\b{re.escape(verb)}\b", text) if verb else None


def announces_plan(claim: Claim) -> bool:
    """Whether the claim is its source announcing its own decision or plan ("announced a
    curfew", "announced that it would withdraw"), not a statement of what happened
    ("announced that the boat was deliberately sideswiped by a Chinese vessel": an account)."""
    verb = (claim.verb or "").lower()
    if verb in _SAYING and (at := verb_at(claim.text, claim.verb)) is not None and \
            _OWN_DECISION.match(claim.text, at.end()):
        return True  # "Putin said he ordered the military to retaliate": its own decision
    if verb not in ("announced", "announces"):
        return False
    that = _ANNOUNCED_THAT.search(claim.text)
    return that is None or _PLANNED.search(claim.text, that.end(), that.end() + 160) is not None


#: a manner adverb between a group and its verb: "officials quietly applauded"
_MANNER = re.compile(r"(?<!\s)\s++(?:[a-z]{3,}ly|also|still|now|long)$")
#: an opening phrase before the subject ("On Friday, ", "But ")
_LEAD = re.compile(r"^(?:(?:but|and|yet|so|meanwhile|still)\s+|[^,]{0,60},\s+)", re.I)


#: a conditional threat of the speaker's own side: "his fighters would burn the depots if the
#: army advanced", "we will strike if ..." (GUIDE.md: a threat is no claim; its source's codes
#: still follow it)
_THREAT = re.compile(r"\b(?:(?:its|his|her|their|our|my)\s+(?:own\s+)?[a-z]+|we|I)\s+"
                     r"(?:would|will|['’]ll)\s+[a-z]+\b[^.;]{0,100}?\bif\b")


def is_threat(text: str) -> bool:
    """Whether a sentence is a conditional threat of its speaker's own side."""
    return _THREAT.search(text) is not None


def short(text: str, limit: int = 120) -> str:
    """The text on one line, cut with an ellipsis at ``limit`` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def flag(item: str, code: str, reason: str, evidence: list[Span]) -> Flag:
    """A flag whose severity the flags stage sets from the registry when it collects them."""
    return Flag(item=item, code=code, severity="", reason=reason, evidence=evidence)


def name_span(claim: Claim) -> list[Span]:
    """Where the source's name is in the claim (else the whole claim)."""
    name = claim.source.name or ""
    at = claim.text.find(name) if name else -1
    if at < 0:
        return [claim.span]
    return [Span(claim.span.start + at, claim.span.start + at + len(name))]


def country_key(word: str, names: dict[str, str]) -> str:
    """A country and its demonym under one key ("India", "Indian": "indi"); ``names``: the
    names that share no first four letters ("U.S.", "American": "us"; ``Lexicon.country_names``)."""
    word = word.lower()
    return names.get(word) or word[:4]


def country_keys(name: str | None, lex: Lexicon) -> set[str]:
    """The keys of the countries a source's name names ("South Africa's foreign ministry")."""
    return {country_key(m.group(), lex.country_names) for m in lex.countries.finditer(name or "")}


#: a side that reports killing others besides its own losses still speaks for itself ("it has
#: lost 18 soldiers and killed dozens of militants")
_KILLED_OTHERS = re.compile(r"\b(?:killed|wounded)\s++(?:at\s++least\s++|about\s++|some\s++)?"
                            r"(?:\d|dozens|scores|hundreds|thousands|several|many)", re.I)


def _own_losses(claim: Claim, lex: Lexicon) -> bool:
    """Whether a side reports only its own people killed or wounded: an admission against its
    interest ("Turkey's Defence Ministry said one of its soldiers was killed")."""
    m = lex.own_losses.search(claim.text)
    if m is None or _KILLED_OTHERS.search(claim.text):
        return False
    owner = m.group("owner")
    if owner.lower() in ("its", "our", "their"):
        return True
    return country_key(owner, lex.country_names) in country_keys(claim.source.name, lex)


def is_party(claim: Claim, lex: Lexicon, conflict: bool, *, praise: bool = True,
             sides: frozenset[str] = frozenset()) -> bool:
    """Whether the claim's only source has a stake in what it says. ``praise=False`` leaves
    out self-praise: it makes this claim a party's, not its source a side of the story.
    ``sides``: the countries a conflict story is between (keys of :func:`country_key`); a
    government that names another country is a third party, not a side."""
    src = claim.source
    if src.type == "armed_group" or (src.type not in INDEPENDENT
                                      and _OWN_FIGHTERS.search(claim.text)):
        return True
    # "he said he took full responsibility": against its own interest (tested last: rare)
    return _has_stake(claim, lex, conflict, praise, sides) and not lex.admissions.search(
        claim.text) and not (src.type in lex.parties and _own_losses(claim, lex))


def _has_stake(claim: Claim, lex: Lexicon, conflict: bool, praise: bool,
               sides: frozenset[str]) -> bool:
    """:func:`is_party` but for admissions."""
    src = claim.source
    verb = (claim.verb or "").lower()
    plan = announces_plan(claim)
    if praise and src.type in SELF_SERVING and not plan and lex.praise.search(claim.text):
        return True  # a government or company praising or defending its own performance
        # ("I am confident we will respond effectively": praise, not a plan)
    if plan or (verb in ("said", "says") and _OWN_PLAN.search(claim.text)):
        return src.type == "armed_group"
    if src.type in lex.parties and conflict:
        named = country_keys(src.name, lex)
        if not (sides and named and not named & sides):
            return True  # a side's government or army (not Britain's, on India and Pakistan)
    if src.name and src.type not in ("ngo_expert", "media", "official") and \
            lex.stakeholders.search(src.name):
        return True  # a campaign, a union, a litigant or the defence
    if src.type in INDEPENDENT:
        return False
    return verb in lex.distancing or bool(lex.denial.fullmatch(verb))


def unnamed_group(claim: Claim, lex: Lexicon) -> re.Match[str] | None:
    """An unnamed group as the subject of what it thinks or wants, with no source named:
    "Some White House advisers would like ...", "Health care providers have protested ..."."""
    if claim.source.name:
        return None
    view = lex.group_views.search(claim.text, 0, 120)
    if view is None:
        return None
    # "At the State Department, however, officials quietly applauded"
    subject = _MANNER.sub("", strip_openings(_LEAD, claim.text[: view.start()].strip(), 3))
    if not subject or len(subject.split()) > 6 or not unnamed(subject, lex):
        return None
    return re.search(re.escape(subject), claim.text)


#: how many clauses of one sentence are read for a source of their own
MAX_CLAUSES = 4
#: where a clause with a subject of its own may start inside a sentence
_CLAUSE_START = re.compile(r"(?:,\s*+(?:but|while|whereas|and|although|though)\s++|;\s*+|"
                           r"^(?:even\s+)?(?:though|although|while|whereas)\b[^,]{3,160}+,\s*+)",
                           re.I)


def second_unnamed(claim: Claim, lex: Lexicon) -> re.Match[str] | None:
    """An unnamed group reporting in a clause of its own beside the claim's named source:
    "Though authorities have said ..., activists have claimed that ..."."""
    if claim.source.type == "anonymous":
        return None
    for n, clause in enumerate(_CLAUSE_START.finditer(claim.text)):
        if n >= MAX_CLAUSES:
            break  # a bound keeps a "sentence" of a thousand clauses linear
        rest = claim.text[clause.end():]
        found = attribute(rest, lex)
        if found is None or not rest.startswith(found.name) or found.name == claim.source.name:
            continue
        if source_type(found.name, lex) == "anonymous":
            return re.compile(re.escape(found.name)).search(claim.text, clause.end())
    return None


#: what a newsroom says it was told, naming no one: "The BBC understands", "CNN has learned"
_LEARNED = frozenset({"understands", "has learned", "has learnt"})


def _newsroom_learned(claim: Claim) -> re.Match[str] | None:
    """The outlet's own verb for unnamed sources ("The BBC understands the plan was shelved")."""
    if claim.source.type != "media" or (claim.verb or "").lower() not in _LEARNED:
        return None
    return verb_at(claim.text, claim.verb)


def by_source(claim: Claim, lex: Lexicon, *, own: bool, party: bool = False
              ) -> Iterator[Flag]:
    """The flags of a claim's source: party (``own``: :func:`is_party` of this claim;
    ``party``: the story shows this source has a stake elsewhere), unnamed, social media."""
    src = claim.source
    name = short(src.name or "", 80)
    # its own decision, or an admission against its interest: no party's claim (GUIDE.md)
    # (each test only where it decides: most claims have no party)
    candidate = own or (party and src.type not in INDEPENDENT and not (
        announces_plan(claim) or lex.admissions.search(claim.text)))
    # "a figure confirmed by the regional fire service": it rests on more than the source
    confirmed = lex.confirmed_by.search(claim.text) is not None
    # a threat, or an opinion or demand with no figure in it, is no claim of fact (GUIDE.md)
    if candidate and not confirmed and not (is_threat(claim.text) or (
            not claim.quantities and lex.opinions.search(claim.text) is not None)):
        yield flag(claim.id, "party_claim",
                   f'The only source is "{name}", {TYPE_LABEL.get(src.type, src.type)} with a '
                   "stake in what it says.", name_span(claim))
    cue = lex.anonymous_cue.search(claim.text) or unnamed_group(claim, lex) or \
        second_unnamed(claim, lex) or _newsroom_learned(claim)
    if src.type == "anonymous" or cue:
        who = f'"{cue.group()}"' if cue and src.type != "anonymous" else f'"{name}"'
        yield flag(claim.id, "anonymous_source", f"The source is not named: {who}.",
                   [Span(claim.span.start + cue.start(), claim.span.start + cue.end())]
                   if cue else name_span(claim))
    social = lex.social_cue.search(claim.text) or lex.social_subject.match(claim.text)
    posted = (claim.verb or "").lower() in lex.social_post_verbs \
        and not lex.not_post.search(claim.text)
    if not confirmed and (src.type == "social_media" or social or posted or src.channel):
        where = social.group() if social else f"{name} {claim.verb}" if posted else name
        said = f'"{short(where, 80)}"' if social or posted or not src.channel else \
            f'{name}, going on from "{short(src.channel, 60)}"'
        yield flag(claim.id, "social_media_only",
                   f"The only source is social media: {said}.",
                   [Span(claim.span.start + social.start(), claim.span.start + social.end())]
                   if social else name_span(claim))


def state_media(claim: Claim, lex: Lexicon) -> Iterator[Flag]:
    """A state-controlled outlet named in the claim relays it (not a CCTV camera)."""
    pattern = next(p for kind, p in lex.source_types if kind == "state_media")
    for m in pattern.finditer(claim.text):
        if re.match(r"\s+(?:camera|cameras|footage|video|images?)\b", claim.text[m.end():], re.I):
            continue  # closed-circuit television, not China Central Television
        span = Span(claim.span.start + m.start(), claim.span.start + m.end())
        yield flag(claim.id, "state_media",
                   f'It is relayed through state-controlled media ("{m.group()}").', [span])
        return
