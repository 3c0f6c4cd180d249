"""Dates as written in embeds and signatures ("July 27, 2024", "27 July 2024", "Sept. 5, 2019")."""

from __future__ import annotations

import re
from datetime import date

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
    # French, German, Spanish, Italian month stems seen in localised embeds
    "janv": 1, "févr": 2, "mars": 3, "avr": 4, "mai": 5, "juin": 6, "juil": 7, "août": 8,
    "déc": 12, "jän": 1, "märz": 3, "okt": 10, "dez": 12, "ene": 1, "abr": 4, "ago": 8,
    "dic": 12, "gen": 1, "giu": 6, "lug": 7, "set": 9, "ott": 10,
}
_MDY = re.compile(r"([^\W\d_]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})")
_DMY = re.compile(r"(\d{1,2})\.?\s+([^\W\d_]{3,9})\.?\s+(\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
#: the X API's ``created_at`` and C's ctime: "Sun May 12 07:12:13 +0000 2024"
_CTIME = re.compile(r"([^\W\d_]{3,9})\s+(\d{1,2})\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s+[+-]\d{4})?\s+(\d{4})")


def _month(word: str) -> int | None:
    word = word.lower()
    return _MONTHS.get(word) or _MONTHS.get(word[:4]) or _MONTHS.get(word[:3])


def parse_date(text: str | None) -> str | None:
    """An ISO 8601 date from a written date, or None.

    >>> parse_date("July 27, 2024"), parse_date("27 July 2024"), parse_date("Sept. 5, 2019")
    ('2024-07-27', '2024-07-27', '2019-09-05')
    >>> parse_date("Sun May 12 07:12:13 +0000 2024")
    '2024-05-12'
    """
    if not text:
        return None
    for regex, order in ((_ISO, "ymd"), (_CTIME, "mdy"), (_MDY, "mdy"), (_DMY, "dmy")):
        m = regex.search(text)
        if not m:
            continue
        a, b, c = m.groups()
        try:
            if order == "ymd":
                return date(int(a), int(b), int(c)).isoformat()
            if order == "mdy":
                month = _month(a)
                return date(int(c), month, int(b)).isoformat() if month else None
            month = _month(b)
            return date(int(c), month, int(a)).isoformat() if month else None
        except ValueError:
            return None
    return None
