"""Extraction: one parse of the page gives two views for the detectors: the story text and
metadata (trafilatura), and the whole raw DOM (lxml), which keeps the iframes and embed markup
that trafilatura drops. Plain-text stories keep their text as given, one paragraph a line."""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Any

import lxml.etree
import lxml.html
from lxml.html import HtmlElement

from .errors import InputError
from .input.sources import RawStory
from .model import Span
from .options import Options
from .story import Story

if TYPE_CHECKING:
    from trafilatura.settings import Document

log = logging.getLogger(__name__)

#: the same parser settings trafilatura uses, so the tree we hand it is what it expects
_PARSER_ARGS = {"collect_ids": False, "default_doctype": False, "remove_comments": True,
                "remove_pis": True}
_WS = re.compile(r"[ \t\r\f\v\u00a0]+")


def paragraph_spans(text: str) -> list[Span]:
    """Spans of the non-empty lines of ``text`` (one paragraph a line), whitespace trimmed."""
    spans = []
    for m in re.finditer(r"[^\n]+", text):
        line = m.group()
        lead = len(line) - len(line.lstrip())
        body = line.strip()
        if body:
            start = m.start() + lead
            spans.append(Span(start, start + len(body)))
    return spans


def extract(raw: RawStory, options: Options) -> Story:
    """Build the :class:`Story` for one decoded input."""
    if raw.is_html:
        return _extract_html(raw, options)
    return _extract_text(raw)


def _extract_text(raw: RawStory) -> Story:
    text = raw.content.replace("\r\n", "\n").replace("\r", "\n")
    source = raw.source
    paragraphs = paragraph_spans(text)
    if paragraphs and source.title is None:
        first = text[paragraphs[0].start : paragraphs[0].end]
        # a short first line with no closing stop reads as a headline
        if len(first) <= 160 and not first.endswith((".", "?", "!", ":", "\u201d", '"')):
            source.title = first
    return Story(source=source, text=text, paragraphs=paragraphs)


def parse_html(content: str, name: str) -> HtmlElement:
    """Parse HTML once; refuse pages nested deeper than the parser can hold."""
    parser = lxml.html.HTMLParser(**_PARSER_ARGS)
    try:
        tree = lxml.html.document_fromstring(content, parser=parser)
    except (lxml.etree.ParserError, ValueError) as exc:
        if isinstance(exc, ValueError) and "encoding declaration" in str(exc):
            return parse_html(re.sub(r"^\s*<\?xml[^>]*\?>", "", content), name)
        raise InputError(f"{name}: cannot parse HTML ({exc})") from exc
    for entry in parser.error_log:
        if "Excessive depth" in entry.message:
            raise InputError(
                f"{name}: HTML is nested deeper than the parser's limit of 256 levels; "
                "the part below that cannot be read"
            )
    return tree


def _extract_html(raw: RawStory, options: Options) -> Story:
    name = raw.source.location or "input"
    tree = parse_html(raw.content, name)
    source = raw.source
    warnings: list[str] = []
    doc = meta = None
    try:
        import trafilatura  # imported on the first HTML page, not with the package
        from trafilatura.settings import set_date_params

        # htmldate's extensive search (dateparser over free text) is off: on 141 real pages it
        # cost 1.6x the CPU of a first round and changed 1 date, found none the meta tags and
        # markup did not (python -m benchmarks.extraction)
        meta = _metadata(tree, source.url, set_date_params(extensive=False))
        doc = trafilatura.bare_extraction(
            tree, url=source.url or meta.url, with_metadata=False, include_comments=False,
            include_tables=True, fast=options.fast,
        )
    except (ValueError, RecursionError, TypeError, lxml.etree.LxmlError) as exc:
        log.debug("trafilatura failed on %s: %s", name, exc)
    body = ""
    if isinstance(doc, dict):  # only when asked for as_dict, which we never do
        doc = None
    if doc is not None and meta is not None:
        body = doc.text or ""
        source.title = source.title or _clean(meta.title)
        source.author = _clean(meta.author)
        source.published = _clean(meta.date)
        source.site = _clean(meta.sitename)
        source.url = source.url or _clean(meta.url)
    if not body.strip():
        warnings.append("the main text could not be told apart from the page; scanned all text")
        body = _all_text(tree)
        source.title = source.title or _clean(tree.findtext(".//title"))
    text = _join_title(source.title, body)
    return Story(source=source, text=text, paragraphs=paragraph_spans(text), tree=tree,
                 warnings=warnings)


def _metadata(tree: HtmlElement, url: str | None, date_params: dict[str, Any]) -> Document:
    """The page's title, author, date, site name and URL: the steps of trafilatura's
    ``extract_metadata`` that give them, in its order, without its categories, tags and licence,
    which no report shows and which cost a third of its time (``python -m benchmarks.extraction``).
    Should a trafilatura release rename a step, its whole ``extract_metadata`` is used."""
    from trafilatura import metadata as tm

    try:
        meta = tm.examine_meta(tree)
        if meta.author and " " not in meta.author:
            meta.author = None  # trafilatura's own rule: one word is no author's name
        try:
            meta = tm.extract_meta_json(tree, meta)
        except Exception as exc:  # trafilatura guards its JSON-LD reader the same way
            log.debug("JSON-LD metadata failed: %s", exc)
        meta.title = meta.title or tm.extract_title(tree)
        meta.author = meta.author or tm.extract_author(tree)
        meta.url = meta.url or tm.extract_url(tree, url)
        meta.date = tm.find_date(tree, **{**date_params, "url": meta.url})
        meta.sitename = meta.sitename or tm.extract_sitename(tree)
        step = tm.META_URL
    except AttributeError:
        return tm.extract_metadata(tree, url, date_params)
    if meta.sitename:
        meta.sitename = meta.sitename.lstrip("@")
        if meta.sitename and "." not in meta.sitename and not meta.sitename[0].isupper():
            meta.sitename = meta.sitename.title()
    elif meta.url and (found := step.match(meta.url)):
        meta.sitename = found[1]
    meta.clean_and_trim()
    return meta


def _join_title(title: str | None, body: str) -> str:
    body = body.strip("\n")
    if title and not body.startswith(title):
        return f"{title}\n{body}"
    return body


def _all_text(tree: HtmlElement) -> str:
    texts = tree.xpath(
        "//body//text()[not(ancestor::script or ancestor::style or ancestor::noscript"
        " or ancestor::template)]"
    )
    lines = (_WS.sub(" ", str(t)).strip() for t in texts)
    return "\n".join(line for line in lines if line)


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = _WS.sub(" ", str(value)).strip()
    return value or None
