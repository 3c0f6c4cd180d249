"""Lexicons: the word lists of ``data/lexicon.toml`` (media) and ``data/attribution.toml``
(reporting verbs, source types, unverifiability, hedges, quantities), compiled once into
regular expressions. Your own TOML files extend them: ``load("mine.toml")``, or the
``lexicons`` option, which carries them to every stage (batch workers included).

>>> lex = load()
>>> bool(lex.verb.search("the army said"))
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from .errors import VerifyError
from .tomlfile import read

_DIGITS = r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?"


def words(items: list[str]) -> str:
    """A regex matching any of the phrases, built as a trie (Python's ``re`` tries every branch
    of a flat alternation at every position; a trie branches once per character), preferring
    the longest phrase; a space in a phrase matches any whitespace."""
    trie: dict[str, Any] = {}
    for item in set(items):
        node = trie
        for ch in item:
            node = node.setdefault(ch, {})
        node[""] = {}  # end of a phrase
    return _trie_regex(trie)


def _trie_regex(node: dict[str, Any]) -> str:
    ends = "" in node
    branches = [(r"\s+" if ch == " " else re.escape(ch)) + _trie_regex(child)
                for ch, child in sorted(node.items()) if ch != ""]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends:
        return f"(?:{body})?"
    return body


#: an account's user name: one word of 3-30 letters, digits and underscores with a letter and a
#: digit or underscore in it ("acebush1", "eyewitness_news")
HANDLE = r"(?=\w{0,29}[a-z])(?=\w{0,29}[\d_])\w{3,30}+"
#: a person's name: two to four capitalised words ("Dali Mpofu", "Jamie Liles Lassiter")
_NAME = r"(?<![\w'’-])[A-Z][\w'’-]*+(?:\s++[A-Z][\w'’-]*+){1,3}+"


def phrase_regex(items: list[str]) -> re.Pattern[str]:
    """Whole-word, case-insensitive match of any phrase (capitalised entries match exactly)."""
    upper = [w for w in items if w == w.upper() and any(c.isalpha() for c in w)]
    lower = [w for w in items if w not in upper]
    parts = []
    if lower:
        parts.append(rf"(?i:{words(lower)})")
    if upper:
        parts.append(words(upper))
    return re.compile(rf"(?<![\w-])(?:{'|'.join(parts)})(?![\w-])")


@dataclass(frozen=True)
class Lexicon:
    """Every compiled word list the claims, media and flag stages use."""

    # media references
    media_noun: re.Pattern[str]
    media_kinds: dict[str, str]
    media_verb: re.Pattern[str]
    media_place: re.Pattern[str]
    #: data referenced in prose: "most polls show", "in national polls" (group "noun")
    data_ref: re.Pattern[str]
    verifier: re.Pattern[str]
    #: "which Reuters verified": a verifier named before its verb
    verifier_after: re.Pattern[str]
    media_source: re.Pattern[str]
    # claims and attribution
    verb: re.Pattern[str]
    stance: dict[str, str]
    source_types: tuple[tuple[str, re.Pattern[str]], ...]
    #: roles that type a source only when nothing more specific does ("president")
    generic_roles: frozenset[str]
    #: words that make a source unnamed whoever it is ("who asked not to be named")
    anonymity: re.Pattern[str]
    parties: frozenset[str]
    countries: re.Pattern[str]
    #: a country's names that share no first four letters, under one key ("U.S.": "us")
    country_names: dict[str, str]
    #: a side's own losses, which it admits against its interest ("its soldiers were killed")
    own_losses: re.Pattern[str]
    #: accusations with no accuser ("is accused of"), what a denial answers as a whole
    #: ("denied the allegations"), and a source changing its own account ("later said")
    accusation: re.Pattern[str]
    denied_object: re.Pattern[str]
    changed_account: re.Pattern[str]
    #: an independent confirmation in the sentence, insider knowledge, statistic verbs
    confirmed_by: re.Pattern[str]
    insider: re.Pattern[str]
    statistic_verb: re.Pattern[str]
    #: verbs that are themselves a social-media post ("tweeted")
    social_post_verbs: frozenset[str]
    #: "posted" in its other senses, just after it: "posted a loss", "posted bail"
    not_post: re.Pattern[str]
    #: nouns for people and groups (an indefinite or bare-plural one names nobody)
    people: frozenset[str]
    #: sources with a stake in whatever they say in the story (campaigns, unions, litigants)
    stakeholders: re.Pattern[str]
    #: a person named with a stakeholder's role: "her lawyer Dali Mpofu", "Jane Roe, a lawyer for"
    stakeholder_named: re.Pattern[str]
    #: words of an institution praising or defending its own performance
    praise: re.Pattern[str]
    admissions: re.Pattern[str]
    opinions: re.Pattern[str]
    group_views: re.Pattern[str]
    anonymous_cue: re.Pattern[str]
    social_cue: re.Pattern[str]
    #: a sentence about a post itself: its subject is a post or profile, or a user name
    social_subject: re.Pattern[str]
    #: a named platform (not "social media" at large): "Facebook", "TikTok", "X"
    platform: re.Pattern[str]
    #: a media noun phrase, after a platform or not: "YouTube video", "Amateur videos"
    media_thing: re.Pattern[str]
    distancing: frozenset[str]
    sides: frozenset[str]
    #: a common noun for a source named before -> that source's type ("the group": armed_group)
    referring_nouns: dict[str, str]
    conflict: re.Pattern[str]
    #: conflict words in a metaphor or a past war ("the trade war", "the Korean War")
    conflict_metaphor: re.Pattern[str]
    denial: re.Pattern[str]
    #: a copula calling an account false: "the allegations are false", "These are all lies"
    falsehood: re.Pattern[str]
    #: "no proof", "no evidence": a denial in a source's own quoted words
    no_grounds: re.Pattern[str]
    pronoun: re.Pattern[str]
    event: re.Pattern[str]
    stopwords: frozenset[str]
    background: re.Pattern[str]
    #: a no-comment line, a call, a plea or a worry: not a statement of fact
    not_claim: re.Pattern[str]
    unverified: re.Pattern[str]
    both_sides: re.Pattern[str]
    hedge: re.Pattern[str]
    not_hedge: re.Pattern[str]
    #: a hedge cue (lower case, single-spaced) -> its kind ("modal", "future", ...)
    hedge_kind: dict[str, str]
    #: first names nearly always of one sex (``data/first_names.toml``): "he" and "she"
    female_names: frozenset[str]
    male_names: frozenset[str]
    # language
    english: frozenset[str]
    english_share: float
    # quantities
    vague: dict[str, float]
    vague_words: frozenset[str]
    numbers: dict[str, float]
    approximators: re.Pattern[str]
    quantity: re.Pattern[str]
    casualty: re.Pattern[str]
    #: a casualty figure's last word(s) -> the class of people it counts ("troops": soldiers),
    #: and the words that count anyone ("dead", "deaths")
    victims: dict[str, str]
    generic_victims: frozenset[str]
    statistic: re.Pattern[str]


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> None:
    """Extend ``base`` with ``extra``: lists grow, tables merge, other values are replaced."""
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            _merge(base[key], value)
        elif isinstance(value, list) and isinstance(base.get(key), list):
            base[key] = base[key] + [v for v in value if v not in base[key]]
        else:
            base[key] = value


@cache
def load(*paths: str) -> Lexicon:
    """The packaged lexicons, extended by each TOML file in ``paths`` (a file holds any of the
    tables of ``lexicon.toml`` and ``attribution.toml``: ``[media]``, ``[sources]``, ...).

    Results are memoised by path, so every scanner with the same files shares one compiled
    lexicon; the pipeline gets it from its :class:`~verify.context.Context`."""
    data = read("lexicon.toml")
    _merge(data, read("attribution.toml"))
    _merge(data, {"first_names": read("first_names.toml")})
    for path in paths:
        _merge(data, read("", path))
    try:
        return _compile(data["media"], data)
    except (KeyError, TypeError, ValueError, re.error) as exc:
        raise VerifyError(f"bad lexicon: {exc}") from exc


def _referring_nouns(table: dict[str, Any], types: list[str]) -> dict[str, str]:
    """``[sources.referring_nouns]``: each source type's nouns, validated."""
    known = set(types)
    out = {}
    for kind, nouns in table.items():
        if kind not in known or not isinstance(nouns, list):
            raise ValueError(f"referring_nouns: {kind!r} is not a source type with a list")
        out.update({str(n).lower(): kind for n in nouns})
    return out


def _anonymous_cue(sources: dict[str, Any]) -> re.Pattern[str]:
    """A phrase that names no source ("reportedly", "critics say"), or a passive of seeing or
    judging with no one who does it ("has long been seen as", ", widely regarded as"), or an
    accusation with no accuser in the perfect ("she's been accused of"; not "accused by the
    FBI of", nor "is accused of", a charge in a court story)."""
    views = words(sources["passive_views"])
    adverbs = (r"(?:(?:widely|largely|often|generally|increasingly|long|also|now|still|"
               r"historically|broadly|commonly|once|sometimes|frequently)\s++){0,2}")
    return re.compile(
        rf"{phrase_regex(sources['anonymous_cues']).pattern}"
        rf"|(?i:\b(?:is|are|was|were|been|being|,)\s*+{adverbs}(?:{views})\s++(?:as|to\s+be)\b)"
        rf"|(?i:\b(?:regarded|viewed|seen)\s++historically\b)"
        rf"|(?i:\b(?:been|being)\s++(?:widely\s++|repeatedly\s++|also\s++)?"
        rf"accused\s++of\b(?![^.;]{{0,80}}?\bby\b))")


def _own_losses(sources: dict[str, Any]) -> re.Pattern[str]:
    """A side's own people killed or wounded: "one of its soldiers was killed", "Two United
    States service members have been killed" (the owner: a possessive or a country's name,
    group ``owner``, which the caller checks against the source)."""
    country = phrase_regex(sources["countries"]).pattern
    return re.compile(
        rf"(?P<owner>\b(?i:its|our|their)|{country})\s++(?:(?i:own)\s++)?"
        rf"(?i:(?:{words(sources['own_forces'])}))\b\s++"
        r"(?i:(?:(?:have|has|had|were|was|are|is|been)\s++){0,2}"
        r"(?:killed|wounded|injured|died|dead|missing|lost)\b)")


def _social_subject(sources: dict[str, Any]) -> re.Pattern[str]:
    """A sentence whose subject is a post, a profile or an account's user name, after an
    opening phrase: "Bushnell's LinkedIn profile lists ...", "Acebush1's posts became ...",
    "In a separate tweet, the group added ...", "In November 2023, acebush1 made another
    post" (not "The post office", "His account of the night")."""
    places = words([w for w in sources["social_places"] if w != w.upper() and " " not in w]
                   + [w for w in sources["social_places"] if w == w.upper()])
    things = words(sources["social_things"])
    adjective = (r"(?:(?i:last|latest|first|final|earlier|later|separate|subsequent|new|"
                 r"follow-up|second|most\s+recent)\s++)?")
    return re.compile(
        r"^(?:[^,]{0,60},\s+)?"
        rf"(?:(?:[A-Z][\w-]*+['’]s|(?i:his|her|their|its|my|our|the|these|those))\s++{adjective}"
        rf"(?:{places})\s++(?i:{things})\b"  # "Bushnell's LinkedIn profile"
        rf"|(?:[A-Z][\w-]*+|{HANDLE})['’]s\s++{adjective}(?i:posts?|tweets?)\b"  # "Acebush1's posts"
        rf"|(?i:in\s++(?:a|an|another|one|his|her|their|its)\s++){adjective}"
        rf"(?:(?:(?:{places})\s++)?(?i:tweet|post|video|livestream|reel|thread)"  # "In a separate tweet"
        rf"|(?:{places})\s++(?i:story|stories|message|broadcast))\b"  # "In an Instagram story"
        rf"|{HANDLE}\s++(?i:made|wrote|shared|posted|published)\b"  # "acebush1 made ..."
        rf"|(?i:on|via)\s++(?:{places}),)")  # "On Twitter, Yermak said ..."


def _platform(sources: dict[str, Any]) -> re.Pattern[str]:
    """A platform named among the social places: a capitalised name ("Facebook", "Truth
    Social", "X"; "X" only in capitals), not "social media" or "his Telegram channel"."""
    names = [w for w in sources["social_places"] if w[:1].isupper()]
    return re.compile(rf"(?<![\w'’-])(?:{words(names)})(?![\w'’-])")


def _names(values: list[Any]) -> frozenset[str]:
    """A first-name list: capitalised words only."""
    bad = [v for v in values if not isinstance(v, str) or not re.fullmatch(r"[A-Z][\w'’-]*", v)]
    if bad:
        raise ValueError(f"first_names: not a first name: {bad[0]!r}")
    return frozenset(values)


def _unverified(table: dict[str, Any]) -> re.Pattern[str]:
    """A disclaimer: one of the phrases; a negatable one after a negation ("Neither side's
    account could be verified"); or an inability to check with its adverbs and "to" in any
    order ("It was not possible to independently verify", "could not immediately be
    confirmed")."""
    plain = phrase_regex(table["phrases"]).pattern
    negated = (rf"(?i:\b(?:{words(table['negators'])})\b[^.;]{{0,80}}?"
               rf"\b(?:{words(table['negatable'])})\b)")
    adverb = rf"(?:{words(table.get('check_adverbs', ['independently']))})\s++"
    unable = (rf"(?i:\b(?:{words(table.get('inability', ['could not']))})\s++(?:{adverb}){{0,2}}"
              rf"(?:(?:to|be)\s++(?:{adverb}){{0,2}}){{0,2}}"
              rf"(?:{words(table.get('check_verbs', ['verify']))})\b)")
    return re.compile(rf"{plain}|{negated}|{unable}")


def _data_ref(media: dict[str, Any]) -> re.Pattern[str]:
    """A data noun with a verb of showing after it ("polls show", "a survey found that"), or
    after a lead-in ("in national polls", "according to the latest data")."""
    nouns, mods = words(media["data_nouns"]), words(media["data_modifiers"])
    return re.compile(
        rf"(?<![\w'’-])(?:{words(media['data_lead'])})\s++(?:(?:{mods})\s++){{0,3}}"
        rf"(?P<lead>{nouns})\b"
        rf"|(?<![\w'’-])(?P<noun>{nouns})\b(?=,?+(?:\s++[\w,'’-]++){{0,6}}?\s++"
        rf"(?:{words(media['data_verbs'])})\b)", re.I)


def _compile(media: dict[str, Any], attr: dict[str, Any]) -> Lexicon:
    mods = words(media["modifiers"])
    # whoever follows "released by": a proper name or a noun phrase ("the fire service")
    name = (r"(?P<name>(?:the\s+)?[A-Z][\w'’.-]*(?:\s+(?:of\s+|the\s+|and\s+)?[A-Z][\w'’.-]*){0,5}"
            r"|(?:the|a|an|its|their)\s+[a-z][\w-]*(?:\s+[a-z][\w-]*)?)")
    stance = {}
    for kind in ("distancing", "neutral", "assertive"):
        for v in attr["verbs"][kind]:
            stance[v.lower()] = kind
    sources = attr["sources"]
    q = attr["quantities"]
    stakeholders = phrase_regex(sources["stakeholders"])
    media_noun = re.compile(
        rf"\b(?:(?:{mods})\s+){{0,2}}(?P<noun>{words(list(media['nouns']))})\b"
        rf"(?!\s+(?:{words(media['not_after'])})\b)", re.I)
    platform = _platform(sources)
    return Lexicon(
        media_noun=media_noun,
        media_kinds={k.lower(): v for k, v in media["nouns"].items()},
        data_ref=_data_ref(media),
        media_verb=re.compile(rf"\b(?:{words(media['circulation'] + media['showing'])})\b", re.I),
        media_place=re.compile(rf"(?:\b(?:on|across|via|in)\s+(?P<place>{words(media['places'])})\b"
                               r"|\b(?P<online>online)\b)", re.I),
        verifier=re.compile(rf"\b(?i:{words(media['verifiers'])})\s+{name}"),
        verifier_after=re.compile(rf"\b(?i:which|that|and)\s+{name}\s+"
                                  rf"(?i:{words(media['verifier_verbs'])})\b"),
        media_source=re.compile(rf"\b(?i:{words(media['sources'])})\s+{name}"),
        verb=re.compile(rf"\b(?:{words(list(stance))})\b", re.I),
        stance=stance,
        source_types=tuple((t, phrase_regex(sources[t])) for t in sources["order"]),
        generic_roles=frozenset(w.lower() for w in sources["generic_roles"]),
        anonymity=phrase_regex(sources["anonymity"]),
        parties=frozenset(sources["parties"]),
        countries=phrase_regex(sources["countries"]),
        country_names={name.lower(): key for key, names in sources["country_names"].items()
                       for name in names},
        own_losses=_own_losses(sources),
        stakeholders=stakeholders,
        stakeholder_named=re.compile(
            rf"(?:{stakeholders.pattern})\s+(?P<before>{_NAME})"
            rf"|(?P<after>{_NAME}),\s+(?:(?i:a|an|the|one\s+of\s+the)\s+)?"
            rf"(?:{stakeholders.pattern})"),
        people=frozenset(w.lower() for w in sources["people"]),
        accusation=re.compile(
            rf"{phrase_regex(sources['accusations']).pattern}"
            # the same with an adverb inside: "She is now accused of", "was also charged with"
            r"|(?i:\b(?:is|are|was|were|been|stands)\s++(?:now|also|still|further|formally|"
            r"separately|additionally|already|publicly|repeatedly)\s++(?:accused\s++(?:of|by)|"
            r"alleged\s++to|charged\s++with)\b)"),
        confirmed_by=phrase_regex(sources["confirmed_by"]),
        insider=phrase_regex(sources["insider"]),
        statistic_verb=phrase_regex(q["statistic_verbs"]),
        denied_object=phrase_regex(sources["denied_objects"]),
        changed_account=phrase_regex(sources["changed_account"]),
        social_post_verbs=frozenset(w.lower() for w in sources["social_post_verbs"]),
        not_post=re.compile(rf"\bposted\s+(?:[\w$£€.,%-]+\s+){{0,3}}?(?:{words(sources['not_posts'])})\b",
                            re.I),
        praise=phrase_regex(sources["praise"]),
        admissions=phrase_regex(sources["admissions"]),
        opinions=phrase_regex(sources["opinions"]),
        group_views=phrase_regex(sources["group_views"]),
        anonymous_cue=_anonymous_cue(sources),
        social_cue=re.compile(
            rf"\b(?i:{words(sources['social_verbs'])})\s+"
            # an object between ("assured the public on Weibo")
            rf"(?:(?i:the\s+public|reporters|followers|supporters|fans|residents)\s+)?"
            rf"(?:(?i:in|on|via|to)\s+)"
            rf"(?:(?i:a\s+post\s+on|a\s+video\s+on|the\s+platform)\s+"
            # "said in a Telegram post", "wrote in an Instagram story"
            rf"|(?i:a|an|his|her|its|their|the)\s+(?=(?:[A-Z][\w-]*+\s+)(?i:post|posts|video|"
            rf"message|statement|update|story|thread|livestream|account|channel|page|feed|"
            rf"profile)\b))?"
            rf"(?:(?i:{words([w for w in sources['social_places'] if w != w.upper()])})"
            rf"|{words([w for w in sources['social_places'] if w == w.upper()])})(?![\w-])"
            rf"|\b(?i:{words(sources.get('social_phrases', []))})\b"),
        social_subject=_social_subject(sources),
        platform=platform,
        media_thing=re.compile(rf"(?:{platform.pattern}\s++)?(?i:{media_noun.pattern})"),
        distancing=frozenset(v.lower() for v in attr["verbs"]["distancing"]),
        sides=frozenset(sources["sides"]),
        referring_nouns=_referring_nouns(sources.get("referring_nouns", {}), sources["order"]),
        conflict=phrase_regex(sources["conflict_words"]),
        conflict_metaphor=phrase_regex(sources["conflict_metaphors"]),
        denial=re.compile(rf"\b(?:{words(sources['denials'])})\b", re.I),
        falsehood=re.compile(
            r"\b(?:is|are|was|were|been|be|['’]s|['’]re)\s++(?:(?:all|simply|absolutely|completely|"
            r"totally|utterly|entirely|patently|categorically|just|clearly|again|wholly|"
            r"demonstrably)\s++){0,2}?"
            rf"(?:{words(sources['falsehoods'])})\b"
            # "called the allegations baseless", "dismissed the report as propaganda"
            r"|\b(?:called|calls|branded|brands|labell?ed|labels|described|describes|dismissed|"
            r"dismisses)\s++(?:(?:the|these|those|this|that|such|its|their|his|her)\s++)?"
            r"(?:[\w'’-]++\s++){0,3}?(?:as\s++)?(?:(?:simply|completely|totally|utterly|"
            rf"entirely|patently)\s++)?(?:{words(sources['falsehoods'])})\b", re.I),
        no_grounds=re.compile(rf"\b(?:{words(sources['no_grounds'])})\b", re.I),
        pronoun=re.compile(rf"^(?:{words(sources['pronouns'])})(?:\s+also)?$", re.I),
        event=phrase_regex(attr["claims"]["events"]),
        stopwords=frozenset(attr["claims"]["stopwords"]),
        background=phrase_regex(attr["claims"]["background"]),
        not_claim=phrase_regex(attr["claims"]["not_claims"]),
        unverified=_unverified(attr["unverified"]),
        both_sides=re.compile(rf"\b(?:{words(attr['unverified']['both_sides'])})", re.I),
        hedge=re.compile(rf"\b(?:{words(attr['hedges']['words'])})\b"),
        not_hedge=re.compile(rf"\b(?:{words(attr['hedges']['not_hedges'])})\b", re.I),
        hedge_kind={w.lower(): kind for kind, cues in attr["hedges"].get("kinds", {}).items()
                    for w in cues},
        female_names=_names(attr["first_names"]["female"]),
        male_names=_names(attr["first_names"]["male"]),
        english=frozenset(attr["language"]["english"]),
        english_share=float(attr["language"]["min_share"]),
        vague={k.lower(): float(v) for k, v in q["vague"].items()},
        vague_words=frozenset(w.lower() for w in q["vague_words"]),
        numbers={k.lower(): float(v) for k, v in q["numbers"].items()},
        approximators=re.compile(rf"(?:{words(q['approximators'])})\s*$", re.I),
        quantity=re.compile(
            rf"(?<![\w.-])(?:(?P<num>{_DIGITS})|(?P<word>{words(list(q['numbers']))})"
            rf"|(?P<vague>{words(list(q['vague']) + q['vague_words'])}))(?![\w-])", re.I),
        casualty=phrase_regex(q["casualty_nouns"]),
        victims={w.lower(): kind for kind, ws in q["victims"].items() for w in ws},
        generic_victims=frozenset(w.lower() for w in q["generic_victims"]),
        statistic=phrase_regex(q["statistic_nouns"]),
    )
