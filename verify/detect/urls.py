"""URLs in text: finding them (with or without a scheme) and normalising them.

Normalisation uses courlan (trafilatura's own URL library: lower-case host, default ports and
common trackers such as ``utm_*`` and ``fbclid`` removed) plus each platform's ``drop_params``.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from ..platforms import PlatformTable, url_key

#: a URL with a scheme, or a bare host of a known kind followed by a path
_TLDS = r"(?:com|net|org|me|be|co|app|io|ly|it|ru|social|dog|am|in|tv|gl|gd|news|info|edu|gov|uk|de|fr)"
URL_RE = re.compile(
    r"(?:(?:https?://|www\.)[^\s<>\"'\u201c\u201d\u2018\u2019)\]]+"
    r"|(?<![\w.-])(?:[a-z0-9-]++\.)++" + _TLDS + r"/[^\s<>\"'\u201c\u201d\u2018\u2019)\]]+)",
    re.I,
)
_TRAILING = ".,;:!?…'\"»"


#: hosts that are written without a scheme and often glued to the word before them
_BARE_HOSTS = re.compile(r"(?:pic\.twitter\.com|pic\.x\.com|t\.co|youtu\.be|t\.me|bit\.ly|dai\.ly)/",
                         re.I)


def find_urls(text: str) -> list[tuple[str, int, int]]:
    """URLs in ``text`` as (url, start, end); trailing punctuation is not part of a URL.

    >>> find_urls("helicopter pic.twitter.com/p8ZD8kI4kI.")
    [('pic.twitter.com/p8ZD8kI4kI', 11, 37)]
    >>> find_urls("the end.pic.twitter.com/abc")[0][0]
    'pic.twitter.com/abc'
    """
    out = []
    for m in URL_RE.finditer(text):
        url = m.group()
        start = m.start()
        if "://" not in url[:8]:
            bare = _BARE_HOSTS.search(url)
            if bare and bare.start() > 0 and url[bare.start() - 1] == "." and "/" not in url[: bare.start()]:
                start += bare.start()  # "Orange.pic.twitter.com/x": the host is pic.twitter.com
                url = url[bare.start() :]
        while url and url[-1] in _TRAILING:
            url = url[:-1]
        if url.count("(") < url.count(")"):
            url = url[: url.rfind(")")]
        if len(url) > 8:
            out.append((url, start, start + len(url)))
    return out


def with_scheme(url: str) -> str:
    """Add ``https://`` to a URL written without a scheme."""
    url = url.strip()
    if url.startswith("//"):
        return "https:" + url
    if not re.match(r"^[a-z][a-z0-9+.-]*://", url, re.I) and not url.startswith("at://"):
        return "https://" + url
    return url


def normalize(url: str, table: PlatformTable) -> str:
    """Scheme added, host lower-case, trackers and the platform's share parameters removed.

    >>> normalize("Twitter.com/a/status/1?ref_src=twsrc%5Etfw&s=20", PlatformTable.load())
    'https://twitter.com/a/status/1'
    """
    from courlan import normalize_url  # loaded on the first link, not with the package

    url = with_scheme(url)
    if url.startswith("at://"):
        return url
    try:
        clean = normalize_url(url).replace("%40", "@")  # keep @handles readable and matchable
    except (ValueError, AttributeError):
        return url
    try:
        parts = urlsplit(clean)
    except ValueError:  # "http://[broken": as written
        return url
    if parts.query:
        host = url_key(clean).split("/", 1)[0]
        owner = next((p for p in table.owners(host) if p.domains), None)
        drop = owner.drop_params if owner is not None else frozenset()
        if drop:
            kept = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                    if k not in drop]
            clean = urlunsplit(parts._replace(query=urlencode(kept)))
    return clean
