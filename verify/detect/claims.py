"""The claims stage: every factual sentence of the story (events, numbers, statements of fact;
not questions, not background), with who makes it (as written, and its type), the reporting
verb and its stance, whether it is a direct quote, and its quantities. Pronoun sources ("They
also reported", "He also noted") and surnames resolve to the nearest earlier source."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..lexicon import HANDLE, Lexicon
from ..model import Claim, ClaimSource, Report
from ..story import Sentence, Story
from .quantities import find_quantities
from .sentences import sentences_stage

if TYPE_CHECKING:
    from ..context import Context

#: reporting verbs tried per sentence (the source's verb is among the first few)
MAX_VERBS = 30
#: a subject longer than this many words is not a source (it is a clause)
MAX_SOURCE_WORDS = 25
_CITED = re.compile(r"\b(?:cited|quoted|quotes|cites)\s+(?P<src>[^,.;:]{2,120}?)\s+as\s+"
                    r"(?:saying|telling|stating)\b", re.I)
_ACCORDING = re.compile(r"\baccording\s+to\s+(?P<src>[^,.;:()]+)", re.I)
_LEADING = re.compile(r"^(?:in|on|at|during|after|before|earlier|later|meanwhile|separately|"
                      r"however|also|overnight|yesterday|today|despite|although|though|amid|"
                      r"as|with|while|since|following|according|when|once|asked|if|unlike|"
                      r"speaking|writing|responding|regarding|asked\s+about|in\s+response|"
                      r"for\s+example|for\s+instance|additionally|moreover|furthermore|"
                      r"similarly|likewise|instead|nonetheless|nevertheless|in\s+addition|"
                      r"at\s+the\s+same\s+time|including|such\s+as)\b[^,]{0,160},\s*"
                      # "As Emily Feng reported": the name after a bare "As"
                      r"|^as\s+(?=(?-i:[A-Z]))", re.I)
#: a kicker in capitals opening a paragraph: "RISK REMAINS: An official said ..."
_KICKER = re.compile(r"^[A-Z][A-Z0-9'’ -]{2,40}:\s+(?=[A-Z])")
#: a dateline opening a story: "WASHINGTON (CNN) -- ", "KATHMANDU, April 25 (Reuters) - ",
#: "LONDON — "
_DATELINE = re.compile(r"^[A-Z][\w .,'’]{1,40}?\s*(?:\([A-Za-z .]{2,30}\))?\s*(?:--|—|–|-)\s+")
#: a time phrase opening the sentence: "Last week, ", "Nearly a year later, ", "Shortly after, "
_TIME_LEAD = re.compile(r"^(?:[\w'’.-]+\s+){0,4}?(?:week|weeks|month|months|year|years|day|days|"
                        r"night|morning|afternoon|evening|weekend|later|after|afterwards|ago|"
                        r"earlier|since|then|(?:mon|tues|wednes|thurs|fri|satur|sun)day)"
                        r",\s*", re.I)
#: the same with no comma, before a capitalised subject: "On Monday night No 10 said",
#: "Last week Israel said", "Earlier this month the ministry said"
_TIME_LEAD_BARE = re.compile(
    r"^(?:on\s+(?:mon|tues|wednes|thurs|fri|satur|sun)day(?:\s+(?:night|morning|afternoon|"
    r"evening))?|last\s+(?:week|month|year|night|weekend)|(?:earlier|later)\s+(?:this|that)\s+"
    r"(?:week|month|year|day)|(?:this|that)\s+(?:week|month|morning|evening))\s+"
    r"(?=(?:the\s+)?[A-Z0-9])", re.I)
#: a contracted auxiliary and degree words between a subject and its verb: "They’re pretty
#: much saying", "We've basically said"
_HEDGED_AUX = re.compile(r"(?<=\w)['’](?:re|ve|s|d|m)(?:\s++(?:pretty\s++much|basically|"
                         r"essentially|really|just|actually|simply|now|also|always))*+$")
#: a manner adverb after a name, before its verb: "Ms. Haley testily responded"
_MANNER_AFTER_NAME = re.compile(r"(?<!\s)\s++([a-z]{3,}ly)$")
#: words in -ly that are nouns or names, not adverbs
_LY_NOUNS = frozenset({"family", "ally", "rally", "assembly", "supply", "daily", "weekly",
                       "monthly", "italy", "bully", "belly", "jelly", "lily", "fly"})
#: a conjunction opening the sentence is not part of its subject ("But villagers say")
_CONJUNCTION = re.compile(r"^(?:but|and|yet|so|still|now|instead|indeed|then|thus)\s+", re.I)
#: an aside after the subject ("China Geo, for its part, told"; "Trump, meanwhile, rejects")
_ASIDE = re.compile(r",\s*(?:for\s+(?:its|his|her|their|our|my)\s+part|meanwhile|however|"
                    r"in\s+turn|too|though|for\s+example|for\s+instance|in\s+response)$", re.I)
#: a subject with no appositive comma is short; with one ("The rebel group, the CSP-PSD,") longer
MAX_PLAIN_SUBJECT = 12
_TRAILING = re.compile(r"(?:(?<!\s)\s++(?:has|have|had|also|earlier|later|previously|then|again|"
                       r"further|always|never|still|long|now|consistently|repeatedly|reportedly|"
                       r"openly|privately|strongly|sharply|firmly|flatly|vehemently|angrily|"
                       r"swiftly|quickly|immediately|strenuously|categorically|formally|"
                       r"officially|directly|explicitly|loudly|bitterly|roundly|widely|often|"
                       r"frequently|subsequently|briefly|emphatically|recently|just|newly|"
                       r"allegedly|apparently|purportedly|"
                       r"yesterday|today|on\s+\w+day|publicly|separately|initially|first|"
                       r"(?:last|this|next)\s+(?:week|month|year|weekend|night|spring|summer|"
                       r"autumn|fall|winter)|"
                       r"had\s+earlier|would|will|did\s+not|does\s+not|do\s+not|didn[’']t|"
                       r"doesn[’']t|would\s+not|could\s+not|has\s+not|have\s+not|had\s+not|"
                       r"cannot|won[’']t|wouldn[’']t|couldn[’']t))+$")
#: (lower case only: "Grainia Long", "Patrick Just" end in a name, not an adverb)
#: "..., officials said." / "... ,” an insider told Us": a short subject after the statement
MAX_POSTPOSED = 10
_NOUN_BEFORE = re.compile(r"(?:['’]s|\b(?:the|these|those|their|its|his|her|such|a|an|our|"
                          r"your|my|of|and))\s*$", re.I)
#: a word that counts a noun before a reporting verb that is also one: "One suspect is being
#: investigated", "each report", "another estimate" (not "Another said", "One added")
_COUNT_BEFORE = re.compile(r"\b(?:one|another|each|every|no)\s*$", re.I)
_NOUN_VERBS = frozenset({"suspect", "suspects", "report", "reports", "claim", "claims",
                         "estimate", "estimates", "forecast", "quote", "quotes"})
#: a post or recording and the participle that describes it ("a video posted on Facebook")
_MEDIA_BEFORE = re.compile(r"(?<![\w'’-])(?:videos?|clips?|footage|photos?|photographs?|pictures?|"
                           r"images?|posts?|tweets?|messages?|statements?|letters?|recordings?|"
                           r"livestreams?)\s*+$", re.I)
_MEDIA_PARTICIPLES = frozenset({"posted", "shared", "released", "published", "uploaded",
                                "circulated", "obtained", "aired", "filmed", "recorded",
                                "broadcast", "tweeted", "seen", "reviewed"})
#: what a declaration does rather than says: "declared war", "declared a state of emergency"
_DECLARED_ACT = re.compile(r"(?<!\s)\s++(?:an?\s++|the\s++)?(?:(?:total|open|holy|national|"
                           r"nationwide)\s++)?(?:war|emergency|state\s++of\s++(?:emergency|war|siege)|"
                           r"martial\s++law|curfew|bankruptcy|independence|ceasefire|truce|"
                           r"holiday|day\s++of\s++mourning|jihad)\b", re.I)
#: verbs that report only with what is said after them ("maintains that ...", "boasted:")
_SPEECH_ONLY_WITH_THAT = frozenset({"maintains", "maintained", "maintain", "boasts", "boasted",
                                    "boast", "established", "establishes"})
# ("The group had established an operations base": an act, not a finding)
_CLAUSE_END = re.compile(r"[\s.!?”\"’)]*+")
_SPEECH_AFTER = re.compile(r"(?<!\s)\s*+(?:that\b|[,:“\"]|(?:he|she|it|they|we|I)\b)", re.I)
#: an adverb of degree before a participle makes it an adjective ("long disputed")
_DEGREE_BEFORE = re.compile(r"(?<![\w'’-])(?<!\bhave\s)(?<!\bhas\s)(?<!\bhad\s)"
                            r"(?:long|hotly|much|widely|fiercely|bitterly|often|"
                            r"heavily|highly|well)\s++$", re.I)
# (after an auxiliary the degree word is an adverb of the verb: "have long warned")
#: reporting verbs that are also plural nouns, and what shows the noun: a number or quantifier
#: before it ("one of a few states", "the seven top swing states"), or a word after it that
#: only follows a noun ("states where", "reports of", "claims and counterclaims", a full stop)
_PLURAL_NOUNS = frozenset({"states", "reports", "claims", "notes", "charges", "posts", "tweets"})
_COUNTED = re.compile(r"\b(?:\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|dozens|"
                      r"few|several|many|other|all|both|some|most|top|more|fewer|multiple|"
                      r"numerous|various|competing|rival|conflicting|territorial|border)\s+"
                      r"(?:[\w-]+\s+){0,2}$", re.I)
_NOUN_AFTER = re.compile(r"\s*(?:[.,;:)]|$|\b(?:where|which|whose|of|across|and|or|including|"
                         r"in\s+the|with|are|were|have|had)\b)", re.I)
_QUOTE = re.compile(r"[“\"]([^“”\"]{12,}+)[”\"]")
_SIGNATURE = re.compile(r"^\s*(?:—|–|-|--|&mdash;)\s*[^()]{0,80}\(@\w+\)")


@dataclass
class _Attribution:
    name: str
    verb: str
    stance: str


#: an unnamed source: "Two people briefed on the talks", "a second person close to", "One
#: Washington-based trade expert" (not "A British Airways spokesman": the guide's exemption)
_INDEFINITE = re.compile(r"^(?:a|an|one|two|three|four|five|several|some|many|other|another|"
                         r"neither|both|each|"
                         r"a\s+second|a\s+third|at\s+least\s+\w+)\s", re.I)
_SPOKESPERSON = re.compile(r"\bspokes(?:man|woman|person|people)\b", re.I)
#: a bare plural with no name in it ("Mediators", "Health care providers"): a vague group
_BARE_PLURAL = re.compile(r"^(?:(?i:few|many|some|several|most|other|more)\s+)?"
                          r"(?:[A-Z][a-z-]+(?:['’]s)?\s+)?[A-Z]?[a-z-]+(?:\s+[a-z-]+){0,3}$")
# (one capitalised word may describe the group: "few Republican strategists", "Rudolph's
# supporters")
_DETERMINER = re.compile(r"^(?:the|these|those|this|that|his|her|its|their|our|my|your)\b", re.I)


_DESCRIBED_ONLY = re.compile(r"(?i:those|others|many|some|people|anyone|few)\s+"
                             r"(?i:who|in\s+favou?r\s+of|opposed\s+to)\s+\w")


def unnamed(name: str, lex: Lexicon) -> bool:
    """Whether a source names nobody: an indefinite person, a bare plural group, or people
    described only by what they do ("Those who know her", "Others who have tracked his
    career")."""
    if _DESCRIBED_ONLY.match(name):
        return True
    if _SPOKESPERSON.search(name) or _DETERMINER.match(name):
        return False
    head = re.split(r"\s+(?:of|on|in|at|with|from|across|around|throughout|who|briefed|"
                    r"familiar|close|involved)\b",
                    name)[0].strip()
    last = head.split()[-1].lower() if head.split() else ""
    counted = _INDEFINITE.match(name) is not None and len(head.split()) <= 6
    if last not in lex.people:
        # a counted plural of one unnamed professional: "two police officers", "three
        # investigators" (a bare plural of them names a known body: "Investigators said")
        return counted and last.endswith("s") and last[:-1] in lex.people
    return counted or bool(_BARE_PLURAL.match(head) and last.endswith("s"))


#: a user name: one word with a digit or an underscore in it, or an @handle
_HANDLE = re.compile(rf"^(?:@\w{{2,30}}|{HANDLE})$")


#: what a source's description says about something else, not whom the source works for:
#: "the U.S. military operation against Islamic State", "a lawyer who sued the police"
_NOT_AFFILIATION = re.compile(r",[^,]*?\s(?P<cut>(?:against|who|whom|whose|which|that)\s)", re.I)
#: a relative clause on people, whose words say what they did, not what they are
_WHO_CLAUSE = re.compile(r"\s(?:who|whom|whose)\s", re.I)
#: a person named first, then described: "Omar Lamrani, a senior military analyst at ..."
_NAMED_FIRST = re.compile(r"^(?:(?:Mr|Mrs|Ms|Dr|Sir|Dame|Lord|Lady)\.?\s+)?"
                          r"[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+)*,\s+(?!and\b|or\b)")
#: the head of each part of a description: its last word before a prepositional phrase
_HEAD = re.compile(r"(?:^|,)\s*(?P<np>[^,]*?)(?=\s+(?:at|for|of|with|from|in|on|to)\s|\s*(?:,|$))")


def _typed(name: str, lex: Lexicon) -> str | None:
    """The type the lexicon's lists give a source: the list that names a description's head
    ("a senior military analyst" is an analyst), else one that names a specific word before
    one that names only a generic role ("CEO and president Craig Menear" is a company's),
    else the first list in order. A person named before a description is never anonymous by
    the description's words ("Omar Lamrani, a senior ..."). Words that describe what the
    source is about ("the operation against Islamic State") say nothing of its type."""
    if lex.anonymity.search(name):
        return "anonymous"  # "Jane Moyo, who asked not to be named"
    cut = _NOT_AFFILIATION.search(name)  # in a description after a comma
    scope = name[: cut.start("cut")] if cut else name
    relative = _WHO_CLAUSE.search(scope)  # "strategists who spoke to NBC News": not NBC's
    scope = scope[: relative.start()] if relative and relative.start() > 0 else scope
    named = _NAMED_FIRST.match(scope) is not None
    heads = {m.group("np").split()[-1].lower().rstrip(".") for m in _HEAD.finditer(scope)
             if m.group("np").split()}
    best: tuple[tuple[int, int, int], str] | None = None
    for i, (kind, pattern) in enumerate(lex.source_types):
        if kind == "anonymous" and named:
            continue
        found = [m.group().lower() for m in pattern.finditer(scope)]
        if not found:
            continue
        rank = 0 if any(f.split()[-1] in heads for f in found) else \
            1 if any(f not in lex.generic_roles for f in found) else 2
        # of two lists at one rank, the longer phrase is the more specific ("the Committee to
        # Protect Journalists" is an organisation, not journalists), then the list order
        key = (rank, -max(len(f) for f in found), i)
        if best is None or key < best[0]:
            best = (key, kind)
    return best[1] if best is not None else None


#: a role the source no longer holds: "former Defense Secretary", "an ex-minister", "a retired
#: general" (not "the former Soviet Union", "a former colony": places and states)
_FORMER = re.compile(r"\b(?:former|ex-|retired)(?:\s+|(?<=-))(?!soviet|colon|yugoslav|republic|"
                     r"east\s+german|state\b)", re.I)
_IN_OFFICE = frozenset({"government", "official", "military"})
#: a possessor and the head it owns: "Bloomberg's campaign", "the senator's re-election campaign"
_OWNED_HEAD = re.compile(r"^(?:the\s+)?[\w .-]+?['’]s?\s+(?:[\w-]+\s+){0,2}?(?P<head>[\w-]+)$",
                         re.I)


#: whom a source relays: "the New York Times, citing three U.S. officials"
_CITING = re.compile(r",\s*+citing\s++(?P<who>[^,]{2,80}+)")


def source_type(name: str, lex: Lexicon) -> str:
    """The type of a source, from the first list of the lexicon that names one of its words;
    of two joined sources, the first one's ("Prime Minister Benjamin Netanyahu and allies")."""
    first, joined, _ = name.partition(" and ")
    if joined and re.search(r"\b[A-Z][\w'’-]+\s+[A-Z][\w'’-]+", first):  # a name first
        kind = source_type(first, lex)
        if kind != "other":
            return kind
    if _SPOKESPERSON.search(name):
        # "A British Airways spokesman": the body it speaks for gives the type
        body = source_type(_SPOKESPERSON.sub(" ", name), lex)
        if body not in ("other", "none", "anonymous"):
            return body
    bare = re.sub(r"^(?:a|an|the|this|that|these|those|new)\s+", "", name, flags=re.I)
    platform = lex.platform.match(bare)
    if platform and lex.media_noun.match(bare, platform.end() + 1):
        return "social_media"  # "A YouTube video dated Jan. 11, 2014": a post on a platform
    if lex.media_noun.match(name) or lex.media_noun.match(bare):
        # "Recent satellite imagery reveals", "A video posted on X": media, not a person
        if lex.verifier.search(name):
            return "media"  # "A video ..., geolocated by Bellingcat": a named verifier
        place = lex.media_place.search(name)  # "posted on Telegram"; "online" alone is none
        return "social_media" if place and place.group("place") else "none"
    if _DESCRIBED_ONLY.match(name):
        return "anonymous"  # "Others who have tracked Bloomberg's career": not Bloomberg
    cited = _CITING.search(name)
    if cited:  # "the New York Times, citing three U.S. officials": unnamed officials speak;
        # "The company, citing a report by the regulator": the company does
        if unnamed(cited.group("who").strip(), lex):
            return "anonymous"
        return source_type(name[: cited.start()], lex)
    typed = _typed(name, lex)
    owned = _OWNED_HEAD.match(name)
    if typed == "media" and owned and lex.stakeholders.fullmatch(owned.group("head")):
        return "other"  # "Bloomberg's campaign": a campaign, not the news agency's
    if typed in _IN_OFFICE and _FORMER.search(name):
        return "other"  # "a former adviser to the energy commission": no longer speaks for it
    if typed is not None:
        if typed not in ("anonymous", "state_media", "social_media", "media") and unnamed(name, lex):
            return "anonymous"
        return typed
    if unnamed(name, lex):
        return "anonymous"
    if _HANDLE.fullmatch(name):
        return "social_media"  # "acebush1", "@eyewitness_news": an account's user name
    bare = re.sub(r"^the\s+", "", name, flags=re.I)
    country = lex.countries.match(bare)
    if country and not re.match(r"\s*[A-Z]", bare[country.end():]):
        # "Israel said", "Pakistani officials": the country's government (not "China Geo",
        # not "Eric Reeves, one of the leading American academic voices")
        return "government"
    return "other"  # a named person or body of no known kind ("the commission")


#: a subject with a relative clause or an aside set off by commas: "Mr Moeketsi, who previously
#: worked for the company, said ...", "Trump, as is his speaking style, said ...", "Muhammad
#: Sabir, a resident who lives near the mosque, described ..."
_APPOSED_CLAUSE = re.compile(r"^(?P<np>[^,]{2,80}?),\s+(?:(?:who|whom|whose|which|as)\s+|(?:a|an|the)\s+"
                             r"[\w'’ -]{1,40}?\s(?:who|whom|whose|which)\s+)[^“”\",]+,\s*$", re.I)
#: the antecedent of "who" right before a reporting verb: "from five villages who claim ...",
#: "by Netanyahu and allies, who claim ..."; it starts after a preposition or a clause break
_WHO_BEFORE = re.compile(r"(?<![\w'’-])(?P<np>(?!who\b)[\w'’-]++(?:\s++(?!who\b)[\w'’-]++){0,7}+)"
                         r",?\s+who\s*$")
_NP_STOP = re.compile(r"^(?:.*\s)?(?:from|by|of|to|with|for|on|in|at|against|among|that|than|"
                      r"and\s+from|including|like|as|is|are|was|were|has|have|had)\s+", re.I)


def _antecedent(before: str) -> str | None:
    """The noun phrase "who" stands for, when "who" comes right before the verb and the noun
    phrase is the object of a preposition ("criticism from five villages who claim"), not the
    main subject ("The man who said he was a doctor was arrested"; "Assange, who denies the
    accusation, has avoided ...")."""
    if not before.rstrip().endswith("who"):
        return None
    m = _WHO_BEFORE.search(before[-200:])
    if not m:
        return None
    np_ = _NP_STOP.sub("", m.group("np")).strip()
    if np_ == m.group("np").strip():
        return None
    words = np_.split()
    if not words or words[0].lower() in ("who", "those", "people", "anyone", "someone", "he",
                                         "she", "they", "we", "i", "it", "you"):
        return None  # "those who say", "people who claim": nobody in particular
    return np_


#: a pronoun after the last comma is the subject: "In his evidence in chief, and under
#: cross-examination, he said"
_LAST_PRONOUN = re.compile(r",\s*(he|she|they|it|we)$", re.I)
#: a name that did something "and" then spoke: "Mpofu adopted a stance and said ..."
_AND_VERB = re.compile(r"^(?P<np>(?:[A-Z][\w'’-]+\s+){0,3}[A-Z][\w'’-]+)\s+[a-z][\w'’-]*ed\s+"
                       r"[^,;]{0,80}\sand$")


#: where a main clause's subject ends: its first finite verb ("have defended", "filed",
#: "took", "apologized")
_FINITE = re.compile(r"(?<![\w'’-])(?:has|have|had|is|are|was|were|will|would|can|could|did|does|"
                     r"took|made|went|gave|came|put|got|ran|sent|left|held|kept|brought|began|"
                     r"spoke|rose|fell|hit|won|lost|met|paid|sought|fought|drew|threw|shot|"
                     r"[a-z][a-z'’-]*?ed)\b")


def _main_subject(before: str) -> str | None:
    """The subject of the clause a participle ("saying", "adding") hangs from: the words
    before its first finite verb."""
    clause = _LEADING.sub("", _CONJUNCTION.sub("", before.strip()))
    verb = _FINITE.search(clause)
    if verb is None or verb.start() == 0:
        return None
    return _subject(clause[: verb.start()])


#: a clause joined by "but", "while", "whereas", "and", "given that" or "now that" to a finished
#: one before it (a copula or an auxiliary and more words before the conjunction): the subject is
#: after it ("The talks have stalled, given that many analysts believe ...": many analysts)
_SECOND_CLAUSE = re.compile(r"^(?=.*?\b(?:is|are|was|were|has|have|had)\b).{8,}?,?\s"
                            r"(?:but|whereas|while|and|given\s+that|now\s+that)\s+"
                            r"(?=(?:the|a|an|one|two|some|many|[A-Z])\w*)", re.I)


#: a concession opening the sentence with no comma: "Though authorities have said ..."
_CONCESSIVE = re.compile(r"^(?:even\s+)?(?:though|although|whereas)\s+(?=\S)", re.I)
#: one word that is no noun phrase: a conjunction, a determiner, an auxiliary, an adverb, a
#: preposition or a question word left where a subject was expected ("..., and warned", "The
#: recently announced charges", "have concluded", "only said", "poorly maintained")
_NO_SUBJECT = frozenset({"and", "or", "but", "so", "yet", "the", "a", "an", "this", "that",
                         "these", "those", "its", "his", "her", "their",
                         "has", "have", "had", "is", "are", "was", "were", "be", "been", "do",
                         "does", "did", "will", "would", "can", "could", "may", "might", "must",
                         "should", "only", "just", "also", "then", "still", "even", "poorly",
                         "well", "using", "with", "including", "about", "why", "how", "what",
                         "where", "when", "whether", "not", "never", "always", "often"})
#: a clause of time opening the sentence: "Even before he", "After the hearing,"
_SUBORDINATE = re.compile(r"(?:even\s+|just\s+|shortly\s+|long\s+|soon\s+)?(?:before|after|until|"
                          r"once|since|as\s+soon\s+as)\s", re.I)


def strip_openings(pattern: re.Pattern[str], text: str, most: int) -> str:
    """``text`` without the opening phrases ``pattern`` finds at its start, one after another,
    ``most`` at the most (a bound: each pass removes one)."""
    for _ in range(most):
        shorter = pattern.sub("", text)
        if shorter == text:
            break
        text = shorter
    return text


def _subject(prefix: str) -> str | None:
    apposed = _APPOSED_CLAUSE.match(prefix.strip())
    if apposed:  # "Mr Moeketsi, who previously worked for Moruo ..., said": Mr Moeketsi
        prefix = apposed.group("np")
    # "Earlier, in his opening statement, state advocate Yuri Gangai said": each opening
    # phrase in turn
    prefix = strip_openings(_LEADING, _CONJUNCTION.sub("", _DATELINE.sub("", _KICKER.sub(
        "", prefix.strip()))), 4)
    prefix = _CONCESSIVE.sub("", _TIME_LEAD_BARE.sub("", _TIME_LEAD.sub("", prefix)))
    prefix = _TRAILING.sub("", _ASIDE.sub("", prefix.strip(" ,"))).strip(" ,")
    prefix = _TRAILING.sub("", _AUX_TIME.sub("", prefix)).strip(" ,")  # "has over the past year"
    prefix = _HEDGED_AUX.sub("", prefix)  # "They’re pretty much saying": They
    manner = _MANNER_AFTER_NAME.search(prefix)
    if manner and manner.group(1).lower() not in _LY_NOUNS:
        prefix = prefix[: manner.start()]  # "Ms. Haley testily said": the adverb is no name
    if _SUBORDINATE.match(prefix):
        if "," not in prefix:
            return None  # "Even before he announced his findings, ...": a clause of time
        prefix = prefix.rsplit(",", 1)[1].strip()  # "After the hearing, Hawk Sawyer said"
    if prefix.lower() in _NO_SUBJECT:
        return None  # "..., and warned", "The recently announced charges": no subject here
    second = _SECOND_CLAUSE.search(prefix)
    if second:  # "The exact toll is unknown but a local hospital director said": the clause
        prefix = prefix[second.end():]  # after "but" has its own subject
    pronoun = _LAST_PRONOUN.search(prefix)
    if pronoun:  # "In his evidence, and under cross-examination by Mpofu, he said": he
        return pronoun.group(1)
    both = _AND_VERB.match(prefix)
    if both:  # "Mpofu adopted a "so what" attitude and said ...": Mpofu said
        return both.group("np")
    if re.search(r"\s(?:and|or)$", prefix):
        return None  # "Both were arrested and charged": a verb phrase, not a source
    if re.match(r"to\s", prefix, re.I):
        return None  # "committees to resolve disputes": an infinitive, not a subject
    if not prefix or len(prefix.split()) > MAX_SOURCE_WORDS:
        return None
    if re.search(r"\b(?:because|if|when|while|but)\b|[“”\"]", prefix, re.I):
        return None  # a clause or a quotation, not a noun phrase
    if re.search(r"\b(?:that|which|who)$", prefix, re.I):
        return None  # "The man who said ...": the relative clause's speaker, not the claim's
    relative = re.search(r"\b(?:that|which|who)\b", prefix, re.I)
    if relative:  # "the administration that controls the town" is a noun phrase;
        # "officials believe that ...", "that really", "who was ..." are not
        head = prefix[: relative.start()].split()
        people = relative.group().lower() == "who" and 0 < len(head) <= 5 and \
            _FINITE.search(" ".join(head)) is None and not head[-1].endswith(",")
        if not people and not (head and re.match(r"(?:the|a|an)\s", prefix, re.I)
                               and not head[-1].lower().endswith(("ed", "s", ","))):
            return None  # ("Republican strategists who spoke to NBC News": "who" is people)
    if re.search(r"\b(?:is|are|was|were|be|been|being)$", prefix, re.I):
        return None  # passive: "the storm is expected to", not a source
    if "," not in prefix and len(prefix.split()) > MAX_PLAIN_SUBJECT:
        return None  # a whole clause ("Around 10:30 a.m. the owner of the bar spotted ...")
    return prefix


#: where an inverted source's name ends: "said Marcelo Claure in an email to staff"
_NAME_END = re.compile(r"(?<!\s)\s++(?:in|on|at|during|when|after|before|while|who|which|that|"
                       r"because|as|adding|saying|noting|told)\s|[.;:!?]|$")
_INVERTED_START = re.compile(r"(?<!\s)\s++(?:(?:the|a|an|one|two|three|another|several)\s++[a-zA-Z]|[A-Z]"
                             # a surname's particle: "said van Sebille", "said de Souza"
                             r"|(?:van|von|de|da|di|du|der|den|ter|dos|das|al|el|bin|ibn|le|la)"
                             r"[\s-]++[A-Z]"
                             # a bare plural of people who report: "..., say officials."
                             r"|(?:local\s++|health\s++|hospital\s++|security\s++)?"
                             r"(?:police|officials|authorities|witnesses|residents|investigators|"
                             r"prosecutors|doctors|medics|paramedics|firefighters|officers|"
                             r"detectives|locals|villagers|sources|experts|analysts|rescuers|"
                             r"survivors|relatives|neighbours|neighbors)\b)")


#: verbs a source may follow ('"We won," said the coach'; "..., said a source close to the
#: probe"); a verb with an object never inverts ("Ammar Hijazi, told the court": the court
#: listens; "rejected the questions": the questions are rejected)
_INVERTING = frozenset({"said", "says", "say", "added", "adds", "noted", "notes", "explained", "wrote",
                        "writes", "continued", "asked", "replied", "recalled", "insisted",
                        "argued", "reported", "claimed", "warned", "stated", "observed",
                        "remarked", "conceded", "acknowledged", "countered", "announced",
                        "reports"})


#: the verbs of a source that relays an account at a sentence's end ("..., Cornett wrote")
_RELAYING = _INVERTING | {"say", "told"}


def _inverted(before: str, after: str) -> str | None:
    """The source after its verb, when the verb follows a quotation or a comma ('"We won,"
    said the coach'; "..., said Derek Scissors, a China scholar")."""
    if not re.search(r"[,”\"]\s*$", before) or not _INVERTED_START.match(after):
        return None
    if not re.search(r"[”\"]\s*,?\s*$", before) and not _FINITE.search(before):
        return None  # "Blake's family attorney, Benjamin Crump, said Graveley ...": the subject
        # and its apposition come first, so nothing is inverted
    end = _NAME_END.search(after, 1)
    name = after[: end.start() if end else len(after)].strip(" ,")
    if not name or len(name.split()) > MAX_SOURCE_WORDS or re.search(
            r"\b(?:is|are|was|were|has|have|had|will|would)\b|\b(?:he|she|they|we|I)\s", name):
        return None  # a clause ("said the account was linked to ...", "said the moment he
        # heard the explosion he rushed ..."), not a name
    return name


#: a statement its subject put out, before the participle that gives its content: "The
#: ministry issued a statement saying ...", "The army released a video claiming ..."
_STATEMENT_END = re.compile(r"(?<![\w-])(?:issued|released|put\s+out|published|posted|sent|shared|"
                            r"filed|lodged|brought)\s++"
                            r"(?:a|an|its|their|his|her)\s++(?:[\w-]++\s++){0,2}?"
                            r"(?:statement|memo|report|letter|video|post|note|release|notice|"
                            r"lawsuit|suit|complaint|petition|motion|appeal|affidavit)\s*+$",
                            re.I)
#: the subject of an absolute clause that reports: "with some analysts suggesting", "with
#: reports indicating", "with rights activists noting" (its last word is no conjunction:
#: "threatening them with tariffs and suggesting he might" has no such clause)
_WITH_CLAUSE = re.compile(r"(?<![\w-])with\s++(?P<np>(?:[\w'’-]++\s++){0,3}?"
                          r"(?!(?:and|or|but)\s)[\w'’-]++)\s++"
                          r"(?P<verb>saying|suggesting|noting|indicating|warning|claiming|arguing|"
                          r"alleging|insisting|reporting|estimating)\b", re.I)
#: what may follow a relaying verb at a sentence's end: "in search warrant documents."
_FINAL_TAIL = re.compile(r"[\w\s'’-]{0,80}[.!?]?[”\"’)]*\s*")


#: an auxiliary and a span of time between the subject and its verb: "Munir has over the past
#: few months repeatedly warned"
_AUX_TIME = re.compile(r"(?<!\s)\s++(?:has|have|had)\s++(?:over|in|for|during|throughout)\s++"
                       r"(?:the\s++)?(?:past|last|previous|recent)\s++(?:few\s++|several\s++|two\s++|"
                       r"three\s++)?(?:days?|weeks?|months?|years?|decades?)$", re.I)
#: a determiner or preposition just before "accused"/"alleged", and what follows the verb
#: when it is one: "on accused sex trafficker Jeffrey Epstein" against "accused him of"
_DETERMINER_END = re.compile(r"\b(?:the|an?|on|of|for|with|against|to|his|her|their|its|"
                             r"by|from|about)\s++$", re.I)
_ACCUSED_OBJECT = re.compile(r"(?<!\s)\s++(?:(?i:of|him|her|them|the|a|an|that|it|us|me|you)\b|[A-Z])")
#: what a newsroom does in its own voice ("We have found no evidence", "We reviewed the
#: records"), even after a line that ends with a colon
_CHECKING = frozenset({"found", "find", "reviewed", "checked", "examined", "analysed",
                       "analyzed", "searched", "obtained", "verified", "confirmed", "rated"})
#: a closing quotation, then a short name, just before a verb: '"...," Trump tweeted'
_AFTER_QUOTE = re.compile(r"[”\"]\s*+,?\s*+(?:(?:the|a|an)\s++[a-z][\w'’-]*+(?:\s++[\w'’.-]++){0,2}"
                          r"|[A-Z][\w'’.-]*+(?:\s++[\w'’.-]++){0,3})\s*+$")


def attribute(sentence: str, lex: Lexicon) -> _Attribution | None:
    """Who says so, with which verb: "according to X", "X said ...", "..., X said". The first
    reporting verb names the source, unless the sentence ends with a post-posed one that
    relays it ("Avalos said she went outside, Investigator Robert Cornett wrote in search
    warrant documents": Cornett is the source)."""
    cited = _CITED.search(sentence)
    if cited:  # "TASS cited the defence ministry as saying": the ministry speaks
        return _Attribution(cited.group("src").strip(), "said", "neutral")
    m = _ACCORDING.search(sentence)
    if m:
        name = m.group("src").strip()
        if name and len(name.split()) <= MAX_SOURCE_WORDS:
            return _Attribution(name, "according to", "neutral")
    notes = [(u.start(), u.end()) for u in lex.unverified.finditer(sentence)]
    first: _Attribution | None = None
    for n, v in enumerate(lex.verb.finditer(sentence)):
        if n >= MAX_VERBS:
            break  # a "sentence" of thousands of verbs is no sentence: stay linear
        verb = " ".join(v.group().lower().split())
        if verb == "according to" or any(s <= v.start() < e for s, e in notes):
            continue  # "could not be independently verified" reports nothing
        if v.group()[:1].isupper():
            continue  # part of a name ("the United States", "Associated Press Reports")
        before = sentence[: v.start()]
        after = sentence[v.end() :]
        if re.search(r"\bas\s*$", before) or re.match(r"\s+by\b", after):
            continue  # "as reported by TASS" relays; it is not the claim's own verb
        if re.search(r"\bto\s+$", before) and verb != "according to":
            continue  # "struggled to contend with", "declined to say": an infinitive, no report
        if verb.startswith("declare") and _DECLARED_ACT.match(after):
            continue  # "Kadyrov has declared war on ...": an act, not a statement
        if verb in _SPEECH_ONLY_WITH_THAT and not _SPEECH_AFTER.match(after) and \
                not _CLAUSE_END.fullmatch(after):  # ("..., Polygraph.info has established.")
            continue  # "China maintains a near-daily presence": no account, a presence
        if verb.endswith("ed") and _DEGREE_BEFORE.search(before):
            continue  # "the long disputed border", "a widely reported attack": an adjective
        if verb in ("accused", "alleged") and _DETERMINER_END.search(before) and \
                not _ACCUSED_OBJECT.match(after):
            continue  # "checked on accused sex trafficker Jeffrey Epstein": an adjective
        if verb in _MEDIA_PARTICIPLES and _MEDIA_BEFORE.search(before):
            continue  # "In a Facebook video posted after the killings, Mateen said": a
            # participle that describes the video, not the sentence's verb
        if verb in _NOUN_VERBS and _COUNT_BEFORE.search(before):
            continue  # "One suspect is being investigated": a noun, no source
        noun = _NOUN_BEFORE.search(before)
        if noun and not (noun.group().strip().lower() == "and" and not verb.endswith("s")):
            continue  # "The RSF's claims", "these reports": a noun ("and said": a verb)
        if verb in _PLURAL_NOUNS and (_COUNTED.search(before) or _NOUN_AFTER.match(after)):
            continue  # "seven top swing states", "states where ...": a plural noun
        inverted = _inverted(before, after) if verb in _INVERTING else None
        if inverted:  # '"...," said Derek Scissors, a China scholar at the institute.'
            first = first or _Attribution(inverted, verb, lex.stance.get(verb, "neutral"))
            continue
        # a short tail: at most five words before the clause ends (a linear test, no regex
        # backtracking on a long run of words)
        chunk = re.split(r"[,.;]", after, maxsplit=1)[0]
        tail = len(chunk.split()) <= 5 and re.fullmatch(r"[\w\s'’-]*", chunk) is not None
        # ("told Agence France-Presse", "told the BBC's Newsnight": a name's own marks)
        if not tail and _AFTER_QUOTE.search(before) and not re.match(r"\s+that\b", after):
            tail = True  # '"... our Country," Trump tweeted soon after the hearings ended.'
        clause_start = before.rfind(",")
        quote_end = max(before.rfind("”"), before.rfind('"'))
        clause_start = max(clause_start, quote_end)
        if tail and clause_start > 0:  # post-posed: "..., Kremlin spokesman Dmitry Peskov said"
            name = _subject(before[clause_start + 1 :])
            apposed = before[quote_end + 1 :].strip(" ,") if quote_end >= 0 else ""
            if not name and not before[clause_start + 1 :].strip() and "," in apposed \
                    and len(apposed.split()) <= MAX_SOURCE_WORDS and apposed[:1].isupper():
                # '"...," Dr. Sobhi Skaik, the director of the hospital, said': the name and
                # its apposition between the quotation and the verb
                name = apposed
            if name and (len(name.split()) <= MAX_POSTPOSED or name == apposed):
                found = _Attribution(name, verb, lex.stance.get(verb, "neutral"))
                if first is None or (_FINAL_TAIL.fullmatch(after)
                                     and verb.split()[0] in _RELAYING):
                    return found  # the first, or the relaying source at the sentence's end
                continue
        if verb.endswith("ing") and (before.rstrip().endswith(",") or _STATEMENT_END.search(before)):
            # "UN officials have defended the agency, saying ...": the main clause's subject
            name = _main_subject(before)
            if name:
                first = first or _Attribution(name, verb, lex.stance.get(verb, "neutral"))
                continue
        name = _subject(before) or _antecedent(before)
        if name:
            first = first or _Attribution(name, verb, lex.stance.get(verb, "neutral"))
    clause = _WITH_CLAUSE.search(sentence)
    if clause and (first is None or "with" in first.name.lower().split()):
        # "Pakistan has seen a slowdown, with reports indicating ...": the reports say so
        return _Attribution(clause.group("np"), clause.group("verb").lower(), "neutral")
    return first


#: words that show one person: a title or honorific before a name, or a singular role noun
_PERSON = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Dr|Sir|Dame|President|Prime\s+Minister|Minister|"
                     r"Senator|Sen|Rep|Governor|Gov|Mayor|Judge|Chief|General|Gen|Colonel|Col|"
                     r"Captain|Capt|Sheikh|King|Queen|Prince|Princess|Pope|"
                     r"spokes(?:man|woman|person)|minister|secretary|lawyer|attorney|advocate|"
                     r"resident|witness|official|officer|director|chief|executive|founder|"
                     r"chairman|chairwoman|chair|president|leader|commander|councillor|"
                     r"councilor|mother|father|son|daughter|wife|husband|doctor|analyst|expert|"
                     r"professor|researcher|fellow|scholar|villager|survivor|man|woman)\b\.?")
_SHE = re.compile(r"\b(?:Mrs|Ms|Miss|Dame|Queen|Princess|spokeswoman|chairwoman|mother|"
                  r"daughter|wife|woman)\b")
_HE = re.compile(r"\b(?:Mr|Sir|King|Prince|Pope|spokesman|chairman|father|son|husband|man)\b")
_GROUP_TYPES = frozenset({"government", "military", "armed_group", "company", "media",
                          "state_media", "social_media", "official"})


def _one_person(src: ClaimSource) -> bool:
    """Whether a source is one person ("he" or "she" can stand for it): a full name, or a
    title or singular role, and not two sources joined."""
    name = src.name or ""
    if " and " in name or re.search(r"\b[a-z]+s$", name):
        return False  # "Zuma-Sambudla and other supporters", "officials"
    return bool(_PERSON.search(name)) or (
        src.type not in _GROUP_TYPES
        and re.search(r"\b[A-Z][\w'’-]+\s+[A-Z][\w'’-]+", name) is not None)


_DETERMINER_LEAD = re.compile(r"^(?:a|an|the|this|that|these|those)\s+", re.I)


def is_media(name: str | None, media_thing: re.Pattern[str]) -> bool:
    """Whether a source's name is a picture, a recording or a post ("A YouTube video dated
    ...", "Photos posted online"), not someone who speaks (``media_thing``: the lexicon's)."""
    return media_thing.match(_DETERMINER_LEAD.sub("", name or "")) is not None


#: an honorific before a surname ("Mr Ng", "Dr. Skaik")
_HONORIFIC = re.compile(r"^(?:Mr|Mrs|Ms|Miss|Dr|Prof)\.?\s+")


#: documents that speak in a story: "he" or "she" never stands for one
_DOCUMENT = re.compile(r"\b(?:indictment|report|statement|letter|filing|filings|lawsuit|suit|"
                       r"complaint|affidavit|documents|records|papers|memo|study|survey|poll|"
                       r"warrant|release|transcript)$", re.I)


def _group(src: ClaimSource) -> bool:
    """Whether a source is a group named by a plural ("health officials", "Prosecutors",
    "Villagers") or a document ("The indictment"), which "he" or "she" never stands for; a
    one-word capitalised name counts only when its word is a type's ("Harris" is a person),
    and a person named first stays one ("Zuma-Sambudla and other supporters")."""
    first = (src.name or "").split(",")[0]
    if re.match(r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*\s+and\s", first):
        first = first.split(" and ")[0]
    words = first.split()
    if not words or _DOCUMENT.search(first):
        return bool(words)
    if not words[-1].endswith("s") or words[-1].endswith(("'s", "’s", "ss")):
        return False
    return words[-1][0].islower() or (len(words) == 1 and src.type not in ("other", "none"))


#: where a source named by a relation to someone names that someone: "People close to Ms.
#: Haley", "officials familiar with the president's thinking", "allies of Mr. Trump"
_RELATION = re.compile(r"(?<!\s)\s++(?:close\s+to|familiar\s+with|allied\s+with|loyal\s+to|"
                       r"who\s+know|who\s+knows|around)\s", re.I)


class _Speakers:
    """The named sources of a segment so far: the latest one for each pronoun ("he" and "she"
    a person of that gender or of none known, "they" and "it" any), and the latest one each
    word of a name belongs to (for a surname seen in a fuller name), looked up in constant
    time however long the story."""

    def __init__(self, genders: dict[str, str] | None = None,
                 media: re.Pattern[str] | None = None) -> None:
        #: a person's last name -> "F" or "M", from a first name the story gives in full
        self.genders = genders or {}
        #: a media noun phrase ("A YouTube video dated ..."): a source, never "he" or "she"
        self.media = media
        self.last: ClaimSource | None = None
        self.last_agent: ClaimSource | None = None  # the latest that is no picture or post
        self.person: dict[str, ClaimSource] = {}  # "he" / "she": the latest person for each
        self.by_word: dict[str, ClaimSource] = {}

    def add(self, src: ClaimSource, *, surname: bool = False) -> None:
        """A source named in the story; ``surname``: its one-word name is a person named in
        full earlier ("Graham" after "Lindsey Graham"), see :func:`_known`. People named by
        whom they are close to ("People close to Ms. Haley") are not that person: neither
        "she" nor "Ms. Haley" stands for them."""
        if src.name and src.type != "none":
            self.last = src
            own = _RELATION.split(src.name, maxsplit=1)[0]
            who = replace(src, name=own) if own != src.name else src
            thing = self.media is not None and is_media(src.name, self.media)
            if not thing and not _group(who):
                self.last_agent = src  # "Prosecutors said ... She denied ...": not them
            if (_one_person(who) or surname) and not thing:
                she = _SHE.search(own) is not None
                he = _HE.search(own) is not None
                if not (she or he):  # "Sen. Ben Sasse", "Sasse": a man's first name
                    sex = self.genders.get(_last_capitalised(own)) or \
                        self.genders.get(_last_capitalised(own.split(",")[0]))
                    she, he = sex == "F", sex == "M"
                for pronoun in ("he", "she"):
                    if not (she if pronoun == "he" else he):  # not a woman for "he"
                        self.person[pronoun] = src
            for word in re.findall(r"\w+(?:['’]s\b)?", own):
                if not word.endswith(("'s", "’s")):  # "Yoon's rival" is not Yoon
                    self.by_word[word] = src

    def resolve(self, name: str, lex: Lexicon) -> ClaimSource | None:
        """An earlier source for a pronoun, or for a surname seen in a fuller name."""
        if lex.pronoun.match(name):
            first = name.split()[0].lower()
            first = {"him": "he", "her": "she", "them": "they"}.get(first, first)  # "according
            # to them"
            if first in self.person:
                return self.person[first]
            if first in ("he", "she"):
                return None if self.person else self.last_agent  # never a video for "he"
            return self.last
        bare = _HONORIFIC.sub("", name)  # "Mr Ng" after "SPH chief executive Ng Yat Chung"
        if len(bare.split()) == 1 and bare[:1].isupper():
            return self.by_word.get(bare)
        return None


#: not statements of fact: calls to action, a page's own prompts, first-person feelings
_NOT_CLAIM = re.compile(
    r"^\W*(?:(?:read|sign\s+up|subscribe|click|follow|watch|listen|join|share|download|"
    r"contact|register|tap|scroll|see\s+also|related|ask|imagine|please|remember|"
    r"tell\s+us|let\s+us\s+know|send\s+us|email\s+us|write\s+to\s+us|get\s+in\s+touch|"
    r"sign\s+in|log\s+in)\b|(?:i|we)\s+(?:feel|hope|love|wish|"
    r"want|urge|call\s+on|thank|welcome|pray)\b|(?:thank\s+you|congratulations|welcome)\b"
    # a promise or an intention in the speaker's own words: "We'll reach a conclusion."
    r"|(?:i|we)\s*(?:will|['’]ll|won['’]t|shall|am\s+going\s+to|are\s+going\s+to|intend\s+to|"
    r"plan\s+to|are\s+determined\s+to)\b"
    # advice or a rhetorical turn to the reader or listener: "You shouldn't just believe them",
    # "You could say, well, bad luck"
    r"|you\s+(?:should|shouldn['’]t|must|need\s+to|have\s+to|could|can['’]t|cannot|might|"
    r"may|would|wouldn['’]t)\b"
    # a signpost to what follows: "Here's a look at what we know"
    r"|here['’]s\s+(?:a\s+look|what|how|why|everything)\b|here\s+is\s+(?:a\s+look|what|how|why)\b)",
    re.I)


#: inside a relative clause set off by a comma, before its closing comma
_IN_RELATIVE = re.compile(r",\s++(?:who|whom|whose|which)\b[^,;]*+$", re.I)


def is_claim(text: str, sent: Sentence, attribution: _Attribution | None, has_numbers: bool,
             lex: Lexicon) -> bool:
    """A body sentence states something checkable unless it is a question, a signature, a bare
    verification note, background, a call to action or a feeling; a headline needs a source,
    a number, an event, a prediction or media that shows it."""
    words = text.split()
    if sent.in_embed or len(words) < 4 or text.rstrip().endswith("?") or _SIGNATURE.match(text):
        return False
    if lex.unverified.search(text) and attribution is None and not has_numbers:
        return False
    if attribution is None and lex.background.search(text):
        return False
    if _NOT_CLAIM.match(text):
        return False
    for call in lex.not_claim.finditer(text):
        before = text[: call.start()]
        if attribution is not None and re.search(r"\band\s+$", before) and re.search(
                rf"\b{re.escape(attribution.verb)}\b", before, re.I):
            continue  # "He accused Obama of ... and urged him to ...": the accusation is one
        if _IN_RELATIVE.search(before):
            continue  # "McDaniel, whom Ramaswamy called on to resign, said ...": an aside
        return False
    if not sent.headline:
        return True
    return bool(attribution or has_numbers or lex.event.search(text) or lex.hedge.search(text)
                or (lex.media_noun.search(text) and lex.media_verb.search(text)))


_QUOTE_MARK = re.compile(r"[“”\"]")


def _opens_quote(sentence: str) -> bool:
    """Whether a sentence opens a quotation it does not close ('"This is not easy.')."""
    text = sentence.strip()
    if not text.startswith(("“", '"')):
        return False
    if text.startswith("“"):
        return text.count("”") < text.count("“")
    return text.count('"') % 2 == 1


#: how many paragraphs on a quotation that opens each paragraph carries its speaker
QUOTED_PARAGRAPHS = 6


def _continues(text: str, previous: Claim | None, sent: Sentence, paragraphs: list[int],
               lex: Lexicon) -> bool:
    """Whether an unattributed sentence goes on with the previous claim's account: in the same
    paragraph, or in the next one when that opens with a quotation or a pronoun."""
    if previous is None or previous.source.type == "none" or previous.stance is None:
        return False
    if is_media(previous.source.name, lex.media_thing):
        return False  # "Photos posted online showed ...": a picture says no more than that
    para_of = bisect_right(paragraphs, sent.span.start)
    prev_para = bisect_right(paragraphs, previous.span.start)
    if para_of == prev_para:
        return True
    opening = text[sent.span.start : sent.span.start + 12].lstrip()
    if para_of == prev_para + 1:
        return bool(re.match(r"[“\"‘]|(?:he|she|they)\b", opening, re.I))
    # a quotation over several paragraphs, each opening with a quotation mark (the paragraphs
    # between may hold no claim): still the same speaker's, up to QUOTED_PARAGRAPHS on
    return para_of - prev_para <= QUOTED_PARAGRAPHS and all(
        text.startswith(("“", '"'), paragraphs[i - 1]) for i in range(prev_para + 1, para_of + 1))


#: verbs that go on with the statement before ("he added"): its channel too
_GOES_ON = frozenset({"added", "adds", "continued", "continues", "went on"})
#: plain verbs that close the same speaker's next quotation: the post it quotes goes on
_QUOTES_ON = frozenset({"said", "says", "declared", "wrote", "writes"})


def _channel(sentence: str, lex: Lexicon) -> str | None:
    """The post an attributed sentence was said in: "In a Facebook video", "said on X"."""
    m = lex.social_subject.match(sentence) or lex.social_cue.search(sentence)
    return " ".join(m.group().split()).strip(" ,") if m else None


#: a noun left out after a word that counts: "Another said", "A second added"
_ELLIPTICAL = re.compile(r"(?i:another|a\s+second|a\s+third|a\s+fourth|one\s+more)")


def _source_of(found: _Attribution, speakers: _Speakers, lex: Lexicon,
               people: _People | None = None) -> tuple[ClaimSource, str, str]:
    """The source an attribution names, a pronoun or a surname resolved to the earlier source
    it stands for; with its verb and stance."""
    resolved = speakers.resolve(found.name, lex)
    kind = source_type(found.name, lex)
    if _ELLIPTICAL.fullmatch(found.name) and speakers.last is not None:
        # "Another reportedly said" after "one user on Weibo posted": another of the same
        # kind (a source of its own, of the last one's type and channel)
        return (ClaimSource(found.name, speakers.last.type, speakers.last.channel),
                found.verb, found.stance)
    if kind == "media" and people is not None and len(found.name.split()) <= 2 and \
            people.is_person(_last_capitalised(found.name)):
        kind = "other"  # "Bloomberg said" where the story names Michael Bloomberg: the man
    pronoun = bool(lex.pronoun.match(found.name))
    if resolved is not None and (pronoun or kind in ("other", "none")):
        source = ClaimSource(resolved.name, resolved.type)
    elif pronoun:
        source = ClaimSource(found.name, "none")
    else:
        source = ClaimSource(found.name, kind)
    if people is not None and source.type == "other" and source.name:
        # "Medrano said", where the story introduced "As policy director for the ACLU's
        # Montana office, Keegan Medrano": the role the story gave the person
        head = source.name.split(",")[0].rstrip(" .")  # "Hawk Sawyer, the bureau's director"
        key = _last_capitalised(head)
        role = people.role(key) if head.endswith(key) else None  # not "A Gallup Korea poll"
        if role is not None:
            source = ClaimSource(source.name, role)
    return source, found.verb, found.stance


def claims_stage(story: Story, report: Report, ctx: Context) -> None:
    """Add the story's claims to the report, ids c1, c2, ..."""
    lex = ctx.lexicon
    text = story.text
    if not story.sentences:
        sentences_stage(story, report)
    by_segment: dict[int, _Speakers] = {}
    paragraphs = _paragraph_index(story)
    surnames = _surnames(text)
    people = _People(text, lex)
    judge = ctx.claim_model if ctx.options.claim_model else None
    previous: Claim | None = None
    #: (speaker, paragraph, verb, stance) of an intro line ("Peskov said:") whose quotation is
    #: the next paragraph
    intro: tuple[ClaimSource, int, str, str] | None = None
    # a quotation over several sentences belongs to the speaker named where it closes
    # ('"This is not easy. It never was," the judge noted.'), not to the one before it
    quoted: list[Claim] = []
    in_quote, quote_para = False, -1
    #: the paragraph of a quotation that tells what its speaker and others said ('"And I
    #: said, 'I want more.' They said, ..."'): the quoted speaker's account, while it is open
    telling = -1
    for sent in story.sentences:
        sentence = text[sent.span.start : sent.span.end]
        found = attribute(sentence, lex)
        own_voice = found is not None and found.name.lower() == "we" and not in_quote \
            and (intro is None or found.verb in _CHECKING) and not _QUOTE_MARK.search(sentence)
        if own_voice:
            found = None  # "We have found no evidence to corroborate this claim": the
            # publication's own voice (a fact check's), no source, nor the last one's account
        para = bisect_right(paragraphs, sent.span.start)
        told: Claim | None = None  # the quoted speaker whose own telling this sentence is
        if found is not None and previous is not None and previous.source.name and \
                _tells(sentence, found, para == telling or (in_quote and para == quote_para)):
            # the quoted speaker's account goes on, unless the speaker is named after the
            # quotation closes ('... sitting here," said Mpofu.')
            closing = _closing_speaker(sentence, lex)
            if closing is not None:
                found, telling = closing, -1
            else:
                told = previous
                telling = para if _opens_quote(sentence) or para == telling else -1
        elif telling >= 0 and (para != telling or _closes_quote(sentence)):
            telling = -1
        quantities = find_quantities(sentence, sent.span.start, lex)
        speakers = by_segment.setdefault(sent.segment, _Speakers(people.genders, lex.media_thing))
        # the source the sentence's own attribution names, resolved once (the speakers are
        # only added to after the sentence is read)
        said = _source_of(found, speakers, lex, people) \
            if found is not None and told is None else None
        if said is not None:
            said[0].channel = _channel(sentence, lex)
        if in_quote and para != quote_para:
            quoted, in_quote = [], False
        if in_quote and _QUOTE_MARK.search(sentence):  # the quotation closes here
            if said is not None:
                for earlier in quoted:
                    earlier.source = replace(said[0])
                    earlier.verb, earlier.stance = said[1], said[2]
            quoted, in_quote = [], False
        opens = found is None and _opens_quote(sentence)
        if opens:
            in_quote, quote_para = True, para
        if intro is not None and (found is not None or para > intro[1] + 1):
            intro = None  # the quotation an intro opened has ended
        if said is not None and sentence.rstrip().endswith(":"):
            # "Kremlin spokesperson Dmitry Peskov said:" opens a quotation in the next
            # paragraph: its speaker's is what follows
            intro = (replace(said[0]), para, said[1], said[2])
        if not is_claim(sentence, sent, found, bool(quantities), lex):
            if said is not None:  # "Graham told AP he was worried.": no claim, still the speaker
                speakers.add(said[0], surname=_known(said[0], surnames, people, sent.span.start))
            continue
        source = ClaimSource()
        verb = stance = None
        if told is not None:  # '"And I said, 'I want more.'"': the quoted speaker tells it
            source = ClaimSource(told.source.name, told.source.type, told.source.channel)
            verb, stance = told.verb, told.stance
        elif said is not None:
            source, verb, stance = replace(said[0]), said[1], said[2]
            if source.channel is None and previous is not None \
                    and ((verb or "") in _GOES_ON or (found is not None and lex.pronoun.match(found.name))
                         or ((verb or "") in _QUOTES_ON and sentence.lstrip()[:1] in "“\"")) \
                    and previous.source.name == source.name:
                source.channel = previous.source.channel  # '"...," he added.', "..., it said.":
                # the same post; '"...," Trump declared.' right after his post: its words
        elif intro is not None and para == intro[1] + 1:  # the quotation the intro opened
            source, verb, stance = replace(intro[0]), intro[2], intro[3]
        elif not own_voice and _continues(text, previous, sent, paragraphs, lex) \
                and previous is not None:
            # the account goes on ("He also noted ...", a quotation's next sentence), on the
            # same channel ("In a Facebook video, Mateen said ...", '"...," he added.')
            source = ClaimSource(previous.source.name, previous.source.type,
                                 previous.source.channel)
            verb, stance = previous.verb, previous.stance
        if judge is not None and not judge.is_claim(sentence, source.type, found is not None):
            speakers.add(source, surname=_known(source, surnames, people, sent.span.start))
            continue  # an opinion or an argument, by the claim model: no claim
        claim = Claim(id=f"c{len(report.claims) + 1}", text=sentence, span=sent.span,
                      source=source, verb=verb, stance=stance,
                      quote=bool(_QUOTE.search(sentence)), quantities=quantities)
        if in_quote:
            quoted.append(claim)
        speakers.add(claim.source, surname=_known(claim.source, surnames, people, sent.span.start))
        report.claims.append(claim)
        previous = claim


def _tells(sentence: str, found: _Attribution, inside: bool) -> bool:
    """Whether an attribution is a quoted speaker telling what was said: "I" or "we" in a
    sentence that opens with a quotation mark ('"And I said, ...'), or anyone named inside a
    quotation that is open (``inside``: "They said, 'The farmers can't handle it.'"), before
    its closing mark (not '"It never was," the judge noted.', whose speaker closes it)."""
    if inside:
        at, close = sentence.find(found.name), _last_mark(sentence)
        return at >= 0 and (close < 0 or at < close)
    return found.name.lower() in ("i", "we") and sentence.lstrip()[:1] in "“\"" and \
        _opens_quote(sentence)


def _last_mark(sentence: str) -> int:
    """Where the sentence's last closing quotation mark is (-1: none)."""
    return max(sentence.rfind("”"), sentence.rfind('"'))


def _closing_speaker(sentence: str, lex: Lexicon) -> _Attribution | None:
    """The speaker a sentence names after the quotation it closes ('..." said Mpofu.')."""
    close = _last_mark(sentence)
    if close < 0 or not sentence[close + 1 :].strip(" .,"):
        return None
    return attribute("“X,” " + sentence[close + 1 :].lstrip(" ,"), lex)


def _closes_quote(sentence: str) -> bool:
    """Whether a sentence closes a quotation it did not open ('... larger tractors.'"')."""
    return sentence.count("”") > sentence.count("“") or (
        '"' in sentence and not sentence.lstrip().startswith('"') and sentence.count('"') % 2 == 1)


#: a full name: two capitalised words ("Lindsey Graham"); the second may start the next one
#: ("Major-Gen Gopaul Govender")
_FULL_NAME = re.compile(r"\b[A-Z][a-z]+(?:-[A-Z][a-z]+)?\s+(?=([A-Z][a-z]+(?:-[A-Z][a-z]+)?)\b)")


def _known(src: ClaimSource, surnames: dict[str, int], people: _People, at: int) -> bool:
    """Whether a source is a person the story names: one with a role or a first name of one
    sex in ``people`` ("Kathleen Hawk Sawyer", then "Hawk Sawyer", typed official), or a
    one-word name that ends a full name seen before ``at`` and is no outlet or body
    ("Reuters" after "Thomson Reuters")."""
    name = (src.name or "").rstrip(" .")
    for part in (name, name.split(",")[0].rstrip(" .")):  # "Hawk Sawyer, the bureau's director"
        key = _last_capitalised(part)
        if part.endswith(key) and people.is_person(key):
            return True
    return surnames.get(name, 1 << 62) < at and src.type not in _GROUP_TYPES


def _surnames(text: str) -> dict[str, int]:
    """Where each word that ends a full name is first seen, in one pass over the story."""
    first: dict[str, int] = {}
    for m in _FULL_NAME.finditer(text):
        first.setdefault(m.group(1), m.start(1))
    return first


#: a run of capitalised words: a name with its titles ("Indiana House Speaker Brian Bosma")
_NAME_RUN = re.compile(r"(?<![\w'’-])(?:[A-Z][a-z]{0,3}\.|[A-Z][\w'’-]*+)"
                       r"(?:[ ]++(?:[A-Z][a-z]{0,3}\.|[A-Z][\w'’-]*+)){1,5}+")
#: where the words before a name stop describing it: a clause break or a copula
_CLAUSE_BREAK = re.compile(r"[.;:!?\n“”\"(]|\b(?:was|is|were|are|by|and|with|to|from|for)\s")
#: an apposition that describes the name before it: ", the international justice cluster lead
#: for the Southern Africa Litigation Centre," (not ", who owns the mine")
_APPOSITION = re.compile(r",\s++(?!who\b|which\b|whose\b|said\b|says\b|told\b|and\b)"
                         r"(?:a|an|the|one\s+of|[a-z])[^,.;:“”\"()]{0,100}+")
#: the role before a name in a leading "As ..." phrase: "As policy director for the ACLU's
#: Montana office, Keegan Medrano has ..."
_AS_ROLE = re.compile(r"As\s++(?P<role>[^,.;]{3,100}+),\s*+$")


def _last_capitalised(name: str) -> str:
    words = re.findall(r"[A-Z][\w'’-]*", name)
    return words[-1].removesuffix("’s").removesuffix("'s") if words else ""


class _People:
    """The people a story names in full (runs of capitalised words, found in one pass), under
    each name's last word: the gender a first name of one sex gives ("Sen. Ben Sasse",
    "Kathleen Hawk Sawyer"), and the type of the role the story gives them, read only for the
    names a source turns out to need (:meth:`role`)."""

    def __init__(self, text: str, lex: Lexicon) -> None:
        self.text, self.lex = text, lex
        self.genders: dict[str, str] = {}
        self.runs: dict[str, list[re.Match[str]]] = {}
        self._roles: dict[str, str | None] = {}
        for m in _NAME_RUN.finditer(text):
            words = m.group().split()
            last = words[-1].removesuffix("’s").removesuffix("'s")
            key = _last_capitalised(m.group())
            if key and not lex.countries.fullmatch(key):  # a person's name, not "South Korea"
                self.runs.setdefault(key, []).append(m)
            for word in words[-2:-4:-1]:  # the first name: one or two words before the last
                if word.endswith("."):
                    break  # a title ("South Carolina Sen. Lindsey Graham": not Carolina's)
                sex = ("F" if word in lex.female_names else "M" if word in lex.male_names
                       else None)
                if sex:
                    self.genders.setdefault(last, sex)
                    break

    def is_person(self, key: str) -> bool:
        """Whether the story names this person with a first name of one sex or a role."""
        return key in self.genders or self.role(key) is not None

    def role(self, key: str) -> str | None:
        """The type the role of a person's first mention with one gives: the titles before the
        name ("Deputy Director of Public Prosecution Eva-Marie Persson"), a leading "As
        <role>," or an apposition after it (", a China scholar with the American Enterprise
        Institute"); only independent, witness, media and company roles (a government or army
        role would make the person a side: typing them so cost every held-out set's flags)."""
        if key not in self._roles:
            self._roles[key] = next((kind for m in self.runs.get(key, ())
                                     if (kind := self._role_at(m)) in _ROLE_TYPES), None)
        return self._roles[key]

    def _role_at(self, m: re.Match[str]) -> str:
        text, lex = self.text, self.lex
        window = text[max(0, m.start() - 120) : m.start()]
        sentence = window[window.rfind(". ") + 1 :] if ". " in window else window
        role = _AS_ROLE.match(sentence.lstrip())
        if role:
            before = role.group("role")
        else:
            brk = None
            for found in _CLAUSE_BREAK.finditer(window):  # the last break (a bounded window)
                brk = found
            before = window[brk.end() :] if brk else window
            head, _, before = before.rpartition(",")
            if not before.strip():  # "the Chinese operator, Kang Shao Pin": the role first
                np = re.search(r"\b(?:the|a|an)\s[^,]{0,50}+$", head)
                before = np.group() if np else ""
            if lex.verb.search(before) or re.search(r"\b[a-z]+ed\b", before) or \
                    len(before.split()) > 6:
                before = ""  # "Police arrested John Smith": no role of his
        after = _APPOSITION.match(text, m.end())
        words = " ".join(x for x in (before.strip(), m.group(),
                                     after.group()[1:].strip() if after else "") if x)
        return source_type(words, lex)


#: the roles a person's later mentions take the type of
_ROLE_TYPES = frozenset({"official", "ngo_expert", "company", "witness", "media"})


def _paragraph_index(story: Story) -> list[int]:
    """The start offsets of the story's paragraphs, in order (for a binary search)."""
    return [p.start for p in story.paragraphs]
