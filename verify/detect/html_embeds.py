"""Embeds in HTML: the providers' own markup (from the platform table's selectors), player and
plugin iframes (also lazy-loaded, click-to-load and inside ``<noscript>``), AMP components,
WordPress embed blocks, JSON-LD ``SocialMediaPosting`` / ``VideoObject``, posts kept as JSON in
a data attribute, and embed markup kept as text in attributes or in the page's JSON state. The
whole DOM is searched, because trafilatura drops iframes and most embed markup; share buttons
and like boxes are the platforms' chrome and never match.

One walk over the document (:func:`_collect`) visits each element once and notes it for the
finders it concerns, asking the platform selectors through the table's
:class:`~verify.selector_index.SelectorIndex` (built once per table); the finders then read
what it noted one after the other, so the embeds come out in the order one pass per finder
gave."""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit

import lxml.etree
import lxml.html
from lxml.html import HtmlElement

from ..model import Embed
from ..platforms import Platform, PlatformTable, Selector, UrlMatch
from ..selector_index import Branches
from .dates import parse_date
from .urls import with_scheme

#: attributes where pages keep a player's URL (lazy loaders use the data-* ones)
URL_ATTRS = ("src", "data-src", "data-lazy-src", "data-original", "data-url", "data-embed-src",
             "data-iframe-src", "data-video-src", "data-href", "data-lazy", "data-ezsrc")
#: players: these tags, an element with one of these attributes, <param name="movie|src">
_PLAYER_ATTRS = frozenset({"data-oembed-url", "data-embed-url"})
#: the tags the walk notes for a finder of their own
_TAG_ROLES = {"iframe": "player", "embed": "player", "amp-iframe": "player", "object": "player",
              "param": "param", "noscript": "noscript", "script": "script"}
#: a lazy loader's attribute for the real URL: data-litespeed-src, data-rocket-src, data-lazy-url
_LAZY_NAME = re.compile(r"^data-[\w-]*(?:src|url)$")
#: click-to-load placeholders: a thumbnail in a span or div that keeps the player's URL in a
#: data attribute until it is clicked (links, images and iframes use theirs otherwise)
_LAZY_ATTRS = frozenset({"data-src", "data-lazy-src", "data-embed-src", "data-iframe-src",
                        "data-video-src"})
#: the attribute names the walk looks at (with those the table's selectors need)
_WATCHED = frozenset({"class", *_LAZY_ATTRS, *_PLAYER_ATTRS})
#: the index's entry for a tag no selector needs
_NO_SELECTORS: tuple[tuple[int, ...], dict[str, Branches]] = ((), {})
_WS = re.compile(r"\s+")
#: what a post id attribute holds: letters, digits, "_" and "-" (a URL there is read for its id)
_ID = re.compile(r"[\w-]{1,100}(?:/[\w-]{1,100})?")
_PLATFORM_REF = re.compile(r"^([a-z]+)://([\w-]{4,40})$", re.I)
#: attributes that hold a post as JSON (Substack's ``div.tweet data-attrs='{"url": ...}'``) or
#: embed markup as text (consent managers, lazy loaders) start with "{" or hold these
_MARKUP = ("<blockquote", "<iframe")
#: embed markup kept as text in a page's JSON state (Next.js, Apollo, Squarespace): a
#: ``script type="application/json"`` or ``#__NEXT_DATA__`` whose text holds markup
_HOLDS_MARKUP = lxml.etree.XPath('contains(., "<blockquote") or contains(., "<iframe")')
#: keys of a post's own fields in such JSON
_URL_KEYS = ("url", "tweet_url", "post_url", "permalink", "embedUrl", "href")
#: embed markup snippets read per page at most, and the longest one
MAX_SNIPPETS = 200
MAX_SNIPPET = 100_000
#: an embed block holds one post (280 characters plus name, date and credits), not an article
MAX_CONTAINER_TEXT = 1200
#: a publisher's embed block links something: an <a href> below it
_HAS_LINK = lxml.etree.XPath("boolean(.//a[@href])")
#: a class token with "embed" as one of its dash-separated words: social-embed, embed-frame
_CONTAINER_CLASS = re.compile(r"(?:^|\s)(?:[a-z0-9]+-)*(?:embed|embedded|oembed)(?:-[a-z0-9]+)*(?:\s|$)",
                              re.I)


def _text(el: HtmlElement) -> str:
    return _WS.sub(" ", el.text_content()).strip()


def _embed(m: UrlMatch, found_by: str = "html") -> Embed:
    kind = m.kind if m.kind in ("post", "video", "audio", "image") else "unknown"
    return Embed(id="", platform=m.platform, kind=kind, url=m.canonical, post_id=m.post_id,
                 author_handle=m.handle if m.handle and not m.handle.startswith("did:") else None,
                 found_by=found_by)


def _from_selector(el: HtmlElement, p: Platform, sel: Selector, table: PlatformTable) -> Embed | None:
    match: UrlMatch | None = None
    value = el.get(sel.attr) if sel.attr else None
    if value:
        match = table.match(with_scheme(sel.template.format(value) if sel.template else value))
    if (match is None or not match.is_post) and sel.id_attr and el.get(sel.id_attr):
        post_id, inner = _post_id(el.get(sel.id_attr, ""), p, table)
        if inner is not None:
            match = inner  # the post's own URL, handle and all
        elif not post_id:
            pass
        elif sel.template:
            match = table.match(sel.template.format(post_id))
        elif post_id:
            canonical = (p.canonical_without_handle or p.canonical or "").format(id=post_id)
            match = UrlMatch(p.name, p.kind, post_id=post_id, canonical=canonical or None)
    if match is None or not match.is_post or match.platform != p.name:
        match = _last_post_link(el, p, table) or match
    if match is None or not match.is_post:
        if el.tag in ("blockquote", "div") and _signed_by(el, p):
            match = UrlMatch(p.name, p.kind)  # a post whose link was stripped: keep its author
        else:
            return None
    embed = _embed(match)
    _add_content(embed, el, p, table)
    return embed


def _post_id(value: str, p: Platform, table: PlatformTable) -> tuple[str, UrlMatch | None]:
    """What an id attribute holds: an id, or the platform's post URL put there instead
    ("data-tweet-id" holding a whole URL: its match); ("", None) for anything else."""
    value = value.strip()
    if _ID.fullmatch(value):
        return value, None
    inner = table.match(with_scheme(value)) if "/" in value else None
    if inner is not None and inner.is_post and inner.platform == p.name:
        return inner.post_id or "", inner
    return "", None


def _last_post_link(el: HtmlElement, p: Platform, table: PlatformTable) -> UrlMatch | None:
    found = None
    for a in el.iter("a"):
        href = a.get("href")
        if href:
            m = table.match(href)
            if m is not None and m.is_post and m.platform == p.name:
                found = m
    return found


def _signed_by(el: HtmlElement, p: Platform) -> bool:
    text = el.text_content()
    return any(sig.regex.search(text) for sig in p.signatures if "handle" in sig.regex.groupindex)


def _add_content(embed: Embed, el: HtmlElement, p: Platform, table: PlatformTable) -> None:
    """Author, date, text and media of an embed, from the markup itself."""
    full = el.text_content()
    for sig in p.signatures:
        m = sig.regex.search(full)
        if m is None:
            continue
        groups = m.groupdict()
        embed.author_name = embed.author_name or (groups.get("name") or "").strip() or None
        embed.author_handle = embed.author_handle or groups.get("handle")
        embed.posted = embed.posted or parse_date(groups.get("date"))
        if embed.author_handle or embed.posted:
            break
    paragraphs = [_text(x) for x in el.iter("p")] if el.tag == "blockquote" else []
    body = " ".join(t for t in paragraphs if t and not any(s.regex.search(t) for s in p.signatures))
    if body:
        embed.text = body[:2000]
    media = []
    for a in el.iter("a"):
        for candidate in (a.get("href", ""), _text(a)):
            found = table.match(candidate) if candidate else None
            if found is not None and found.kind == "media" and found.platform == p.name:
                media.append(with_scheme(candidate))
                break
    embed.media = list(dict.fromkeys(media))


def _player_match(value: str, table: PlatformTable) -> UrlMatch | None:
    """A player URL, or a wrapper (Embedly, a publisher's inset player) whose query carries one."""
    m = table.match(with_scheme(value))
    if m is not None:
        return m if m.is_post else None
    try:
        query = urlsplit(with_scheme(value)).query
    except ValueError:  # a page's broken URL ("http://[x"): no player in it
        return None
    for _, inner in parse_qsl(query):
        if inner.startswith(("http://", "https://", "//")):
            m = table.match(with_scheme(inner))
            if m is not None and m.is_post:
                return m
    return None


def _scheme_reference(el: HtmlElement, table: PlatformTable) -> UrlMatch | None:
    """Attributes such as ``data-recommend-id="youtube://LlbUwLx785k"`` name a post directly."""
    for value in el.attrib.values():
        m = _PLATFORM_REF.match(value)
        if m and m.group(1).lower() in table.by_name:
            p = table.by_name[m.group(1).lower()]
            template = p.canonical_without_handle or p.canonical or ""
            if "{handle}" not in template:
                return table.match(template.format(id=m.group(2)))
    return None


@dataclass
class _Page:
    """What one walk over a tree's document collected for each finder, in document order
    (an element's attributes in their order)."""

    #: elements and the (platform, selector) each matched, in table order per element
    selected: list[tuple[HtmlElement, Platform, Selector]] = field(default_factory=list)
    players: list[HtmlElement] = field(default_factory=list)
    noscripts: list[HtmlElement] = field(default_factory=list)
    json_ld: list[HtmlElement] = field(default_factory=list)
    wordpress: list[HtmlElement] = field(default_factory=list)
    containers: list[HtmlElement] = field(default_factory=list)
    #: click-to-load placeholders: the element and its lazy attribute's value
    lazy: list[tuple[HtmlElement, str]] = field(default_factory=list)
    #: attribute values that start with "{" or hold embed markup
    texts: list[str] = field(default_factory=list)
    json_scripts: list[HtmlElement] = field(default_factory=list)


def _collect(tree: HtmlElement, table: PlatformTable, own: str | None) -> _Page:
    """Walk every element of ``tree``'s document once, in document order, and note it for each
    finder it concerns; the platform selectors (but those of ``own``) are asked through the
    table's index. As when each finder made its own pass, CSS selectors and ``<noscript>``
    are read below ``tree`` only (the document's root, but for content after ``</html>``,
    which the parser keeps as a second top-level element), the other finders everywhere."""
    index = table.selector_index
    by_tag, by_attr, entries, anywhere = index.by_tag, index.by_attr, index.entries, index.anywhere
    watched = index.attrs | _WATCHED
    unknown = set(index.unknown_xpath(tree)) if index.unknown_xpath is not None else ()
    root = tree.getroottree().getroot()
    tops = [root, *(el for el in root.itersiblings() if isinstance(el.tag, str))]
    last = _last_element(tree)
    inside = False
    page = _Page()
    for el in itertools.chain.from_iterable(top.iter(lxml.etree.Element) for top in tops):
        if el is tree:
            inside = True
        tag = el.tag
        tag_only, filed = by_tag.get(tag, _NO_SELECTORS)
        hits = list(tag_only)
        player = False
        cls = None
        for name, value in el.items():
            if name in watched:
                if name == "class":
                    cls = value
                elif name in _LAZY_ATTRS:
                    page.lazy.append((el, value))
                elif name in _PLAYER_ATTRS:
                    player = True
                if name in filed:
                    filed[name].add(el, value, hits)
                if name in by_attr:
                    by_attr[name].add(el, value, hits)
            if value[:1] == "{" or ("<" in value and ("<blockquote" in value or "<iframe" in value)):
                page.texts.append(value)  # a post as JSON, or _MARKUP kept as text
        if unknown and el in unknown:
            hits.extend(index.unknown)
        if hits and (inside or any(n in anywhere and anywhere[n](el) for n in hits)):
            for n in sorted(set(hits)) if len(hits) > 1 else hits:
                p, sel = entries[n]
                if p.name != own and sel.matches is not None and sel.matches(el):
                    page.selected.append((el, p, sel))
        role = _TAG_ROLES.get(tag)
        if player or role == "player" or (role == "param" and el.get("name") in ("movie", "src")):
            page.players.append(el)
        if role == "noscript" and inside:  # a noscript or script can be a player too
            page.noscripts.append(el)
        elif role == "script":
            kind = el.get("type")
            if kind == "application/ld+json":
                page.json_ld.append(el)
            if (kind == "application/json" or el.get("id") == "__NEXT_DATA__") and _HOLDS_MARKUP(el):
                page.json_scripts.append(el)
        if cls is not None and "embed" in cls:
            if tag == "figure" and " wp-block-embed " in f" {cls} ":
                page.wordpress.append(el)
            if _CONTAINER_CLASS.search(cls) and _HAS_LINK(el):
                page.containers.append(el)
        if el is last:
            inside = False
    return page


def _last_element(el: HtmlElement) -> HtmlElement:
    """The last element below ``el`` in document order (``el`` itself when it has none)."""
    while (child := next((c for c in reversed(el) if isinstance(c.tag, str)), None)) is not None:
        el = child
    return el


def _player(el: HtmlElement, table: PlatformTable) -> Embed | None:
    match = None
    # the known attributes first, then any lazy loader's own (data-litespeed-src, ...)
    lazy = [a for a in el.attrib if _LAZY_NAME.match(a) and a not in URL_ATTRS]
    for attr in ("data-oembed-url", "data-embed-url", *URL_ATTRS, *lazy, "data", "value"):
        value = (el.get(attr) or "").strip()
        if value and not value.startswith(("about:", "javascript:", "data:")):
            match = _player_match(value, table)
            if match is not None:
                break
    match = match or _scheme_reference(el, table)
    return _embed(match) if match is not None else None


def _from_players(page: _Page, table: PlatformTable) -> Iterator[Embed]:
    for el in page.players:
        embed = _player(el, table)
        if embed is not None:
            yield embed


def _from_containers(page: _Page, table: PlatformTable) -> Iterator[Embed]:
    """A publisher's own embed block (class naming an embed or tweet) that links one post."""
    for el in page.containers:
        if len(el.text_content()) > MAX_CONTAINER_TEXT:
            continue  # an article wrapper named "embed-content" is not one embedded post
        posts = {}
        for a in el.iter("a"):
            m = table.match(a.get("href") or "")
            if m is not None and m.is_post:
                posts[(m.platform, m.post_id)] = m
        if len(posts) == 1:
            (match,) = posts.values()
            embed = _embed(match)
            p = table.by_name[match.platform]
            _add_content(embed, el, p, table)
            yield embed


def _fragment(raw: str) -> HtmlElement | None:
    """Markup kept as text, parsed as a tree of its own, or None when it does not parse."""
    try:
        return lxml.html.fragment_fromstring(raw, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return None


def _from_noscript(page: _Page, table: PlatformTable, own: str | None) -> Iterator[Embed]:
    """Lazy loaders often keep the real iframe only inside <noscript> as text."""
    for ns in page.noscripts:
        raw = (ns.text or "") + "".join(lxml.html.tostring(c, encoding="unicode") for c in ns)
        if "<iframe" not in raw and "<blockquote" not in raw:
            continue
        inner = _fragment(raw)
        if inner is not None:
            yield from _from_players(_collect(inner, table, own), table)


def _from_json_ld(page: _Page, table: PlatformTable) -> Iterator[Embed]:
    for script in page.json_ld:
        try:
            data = json.loads(script.text or "")
        except (ValueError, RecursionError):  # broken, or nested deeper than Python parses
            continue
        for node in _walk(data):
            types = node.get("@type")
            types = types if isinstance(types, list) else [types]
            if not {"SocialMediaPosting", "VideoObject"} & set(map(str, types)):
                continue
            for key in ("embedUrl", "url", "sharedContent", "contentUrl"):
                value = node.get(key)
                value = value.get("url") if isinstance(value, dict) else value
                m = table.match(value) if isinstance(value, str) else None
                if m is not None and m.is_post:
                    embed = _embed(m)
                    author = node.get("author")  # untrusted: strings only
                    name = author.get("name") if isinstance(author, dict) else None
                    embed.author_name = name.strip()[:200] or None if isinstance(name, str) else None
                    posted = node.get("datePublished") or node.get("uploadDate")
                    embed.posted = posted.strip()[:40] or None if isinstance(posted, str) else None
                    yield embed
                    break


#: JSON-LD nodes read per block at most (a page's own data is never near it)
MAX_JSON_NODES = 10_000


def _walk(data: object) -> Iterator[dict]:
    """Every object in a JSON-LD block, depth first, without recursion (a crafted block may
    nest thousands deep) and at most ``MAX_JSON_NODES`` values."""
    stack, seen = [data], 0
    while stack and seen < MAX_JSON_NODES:
        node = stack.pop()
        seen += 1
        if isinstance(node, dict):
            yield node
            stack.extend(reversed(list(node.values())))
        elif isinstance(node, list):
            stack.extend(reversed(node))


def _from_placeholders(page: _Page, table: PlatformTable) -> Iterator[Embed]:
    """Click-to-load players: an element other than a link, image or iframe whose data
    attribute holds a player's URL."""
    for el, value in page.lazy:
        if el.tag not in ("a", "img", "iframe"):
            match = _player_match(value.strip(), table)
            if match is not None:
                yield _embed(match)


def _from_json_attrs(values: list[str], table: PlatformTable) -> Iterator[Embed]:
    """A post kept as JSON in a data attribute: its URL, author, text and date (strings only:
    the page is untrusted)."""
    for value in values[:MAX_SNIPPETS]:
        try:
            data = json.loads(str(value))
        except (ValueError, RecursionError):
            continue
        if not isinstance(data, dict):
            continue
        urls = [data.get(k) for k in _URL_KEYS]
        m = next((m for u in urls if isinstance(u, str) and (m := table.match(u)) is not None
                  and m.is_post), None)
        if m is None:
            continue
        embed = _embed(m)
        embed.author_handle = embed.author_handle or _field(data, "username", "screen_name",
                                                            "handle")
        embed.author_name = _field(data, "name", "author_name", "display_name")
        text = _field(data, "full_text", "text", "body", limit=2000)
        embed.text = _WS.sub(" ", lxml.html.fromstring(text).text_content()).strip() \
            if text and "<" in text else text
        embed.posted = parse_date(_field(data, "date", "created_at", "datePublished", limit=60))
        yield embed


def _field(data: dict, *keys: str, limit: int = 200) -> str | None:
    """The first of ``keys`` that holds a non-empty string, cut at ``limit``."""
    for k in keys:
        v = data.get(k)
        if isinstance(v, str) and v.strip():
            return v.strip()[:limit]
    return None


def _snippets(page: _Page, attrs: list[str]) -> Iterator[str]:
    """Embed markup kept as text in attributes (``attrs``) and in the page's JSON state."""
    yield from attrs
    for script in page.json_scripts:
        try:
            data = json.loads(script.text or "")
        except (ValueError, RecursionError):
            continue
        for node in _walk(data):
            for v in node.values():
                if isinstance(v, str) and ("<blockquote" in v or "<iframe" in v):
                    yield v


def _from_snippets(page: _Page, attrs: list[str], table: PlatformTable,
                   own: str | None) -> Iterator[Embed]:
    """Embeds inside markup a page keeps as text, read as a fragment of their own."""
    for n, raw in enumerate(_snippets(page, attrs)):
        if n >= MAX_SNIPPETS:
            return
        inner = _fragment(raw[:MAX_SNIPPET])
        if inner is not None:
            found = _collect(inner, table, own)
            yield from _from_selectors(found, inner, table, own)
            yield from _from_players(found, table)


def _from_selectors(page: _Page, tree: HtmlElement, table: PlatformTable,
                    own: str | None) -> Iterator[Embed]:
    """The providers' own markup, by the platform table's selectors (not the page's own
    platform): the elements the walk matched, each with its selectors in table order, then a
    pass of its own for each selector with a combinator."""
    for el, p, sel in page.selected:
        embed = _from_selector(el, p, sel, table)
        if embed is not None:
            yield embed
    for p, sel in table.selector_index.combined:
        if p.name != own:
            for el in sel.xpath(tree):
                embed = _from_selector(el, p, sel, table)
                if embed is not None:
                    yield embed


def _from_wordpress(page: _Page, table: PlatformTable) -> Iterator[Embed]:
    """WordPress embed blocks keep the URL as text until their script runs; a provider the
    table does not know is still reported, as an ``unknown`` embed."""
    for fig in page.wordpress:
        urls = [t.strip() for t in fig.xpath('.//*[contains(@class, "wp-block-embed__wrapper")]'
                                             '/text()') if t.strip().startswith("http")]
        urls += [a.get("href") for a in fig.iter("a") if a.get("href")]
        urls += [i.get("src") for i in fig.iter("iframe") if i.get("src")]
        urls += [b.get("cite") for b in fig.iter("blockquote") if b.get("cite")]
        urls = [u for u in urls if u and u.strip().startswith(("http://", "https://", "//"))]
        if any(table.match(u) is not None for u in urls):
            continue  # a provider the table knows: the other finders report its posts
        if urls:
            provider = re.search(r"is-provider-([\w-]+)", fig.get("class", ""))
            yield Embed(id="", platform="unknown", kind="unknown", url=with_scheme(urls[0]),
                        author_name=provider.group(1) if provider else None, found_by="html")


def find_html_embeds(tree: HtmlElement, table: PlatformTable,
                     page_url: str | None = None) -> list[Embed]:
    """Every embed in the page's DOM, not yet deduplicated, in the order of the finders:
    platform selectors, players, ``<noscript>``, JSON-LD, WordPress blocks, publishers' embed
    blocks, click-to-load placeholders, JSON in attributes, markup kept as text; within each,
    document order. On a platform's own page (its canonical URL is on that platform) the
    platform's posts are the page, not embeds."""
    own = table.match(page_url) if page_url else None
    own_platform = own.platform if own is not None else None
    page = _collect(tree, table, own_platform)
    found = list(_from_selectors(page, tree, table, own_platform))
    found.extend(_from_players(page, table))
    found.extend(_from_noscript(page, table, own_platform))
    found.extend(_from_json_ld(page, table))
    found.extend(_from_wordpress(page, table))
    found.extend(_from_containers(page, table))
    found.extend(_from_placeholders(page, table))
    found.extend(_from_json_attrs([v for v in page.texts if v.startswith("{")], table))
    found.extend(_from_snippets(page, [v for v in page.texts if any(m in v for m in _MARKUP)],
                                table, own_platform))
    embeddable = {p.name for p in table.platforms if p.embeds}
    return [e for e in found if e.platform != own_platform
            and (e.platform in embeddable or e.platform not in table.by_name)]
