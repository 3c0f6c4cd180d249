"""Quantities in a sentence: exact ("two soldiers", "10 injured") and vague ("dozens",
"around 20"), with the noun they count. Years, times, dates, ordinals and article numbers are
not quantities."""

from __future__ import annotations

import re

from ..lexicon import Lexicon
from ..model import Quantity, Span

_NOT_AFTER = re.compile(r"^\s*(?:a\.m|p\.m|am\b|pm\b|th\b|st\b|nd\b|rd\b|%\s*of\s+the\s+vote)", re.I)
_MONTHS = re.compile(r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s*$", re.I)
_LABEL_BEFORE = re.compile(r"\b(?:article|section|chapter|paragraph|resolution|no\.|number|"
                           r"page|room|flight|route|highway|level|phase|mi|su|tu|f|t|a)[-\s]?$",
                           re.I)


#: characters around a number that the tests of a quantity read
WINDOW = 120
_NOUN = re.compile(r"(?:(?<!\s)\s++(?:of\s++)?(?:the\s++)?[a-z][\w-]*+){0,3}")


def find_quantities(sentence: str, offset: int, lex: Lexicon) -> list[Quantity]:
    """Quantities in ``sentence`` (which starts at ``offset`` in the report text)."""
    out: list[Quantity] = []
    for m in lex.quantity.finditer(sentence):
        # what decides a quantity lies within a few words of it: windows keep a sentence of
        # thousands of numbers linear (every test before is anchored at the window's end)
        w0 = max(0, m.start() - WINDOW)
        before = sentence[w0 : m.start()]
        after = sentence[m.end() : m.end() + WINDOW]
        noun = _NOUN.match(after).group()  # type: ignore[union-attr]
        value: float | None
        if m.group("num"):
            raw = m.group("num")
            value = float(raw.replace(",", ""))
            if re.fullmatch(r"(?:19|20)\d\d", raw) and not lex.casualty.match(noun.strip()):
                continue  # a year
            if _NOT_AFTER.match(after) or _MONTHS.search(before) or _LABEL_BEFORE.search(before):
                continue
            if re.match(r"^\s*(?:,\s*)?(?:19|20)\d\d\b", after) and _MONTHS.search(before[-12:] + " "):
                continue
        elif m.group("word"):
            if m.group("word").lower() == "one" and (not noun.strip() or noun.split()[0] == "of"
                                                     or re.search(r"\bno\s*$", before, re.I)):
                continue  # "one of", "no one", "one" as a pronoun
            value = lex.numbers[" ".join(m.group("word").lower().split())]
        else:
            vague = " ".join(m.group("vague").lower().split())
            if vague in lex.vague_words and not lex.casualty.search(noun):
                continue  # "many" or "significant" alone counts nothing
            value = lex.vague.get(vague)
        approx = lex.approximators.search(before)
        start = w0 + approx.start() if approx else m.start()
        exact = not m.group("vague") and approx is None
        keep = _noun_length(noun.split(), lex)
        end = m.end() + _prefix_len(noun, keep)
        text = sentence[start:end]
        out.append(Quantity(text=text, value=value, exact=exact,
                            span=Span(offset + start, offset + end)))
    return out


_AUXILIARIES = frozenset({"was", "were", "is", "are", "has", "have", "had", "been", "be", "will",
                          "would", "could", "may", "might"})


def _noun_length(noun_words: list[str], lex: Lexicon) -> int:
    """How many of the following words belong to the quantity: up to the first counted noun
    within three words ("several white men": 3, "dozens of soldiers": 2), else one word."""
    for i, word in enumerate(noun_words[:3], 1):
        if word.lower() in _AUXILIARIES:
            return max(1, i - 1) if i > 1 else 0  # "One officer was wounded": stop at the verb
        if lex.casualty.fullmatch(word) or lex.statistic.fullmatch(word):
            return i
    if noun_words and noun_words[0].lower() == "of" and len(noun_words) > 1:
        return 2
    return min(1, len(noun_words))


def _prefix_len(noun: str, n: int) -> int:
    if n == 0:
        return 0
    m = re.match(rf"(?:\s+\S+){{{n}}}", noun)
    return len(m.group()) if m else len(noun)
