"""Extraction: one parse of the page gives two views for the detectors: the story text and
metadata (trafilatura), and the whole raw DOM (lxml), which keeps the iframes and embed markup
that trafilatura drops. Plain-text stories keep their text as given, one paragraph a line."""

from __future__ import annotations

import logging
import re

import lxml.etree
import lxml.html
from lxml.html import HtmlElement

from .errors import InputError
from .input.sources import RawStory
from .model import Span
from .options import Options
from .story import Story

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
    doc = None
    try:
        import trafilatura  # imported on the first HTML page, not with the package
        from trafilatura.settings import set_date_params

        # htmldate's extensive search (dateparser over free text) is off: on 141 real pages it
        # cost 1.6x the CPU of a first round and changed 1 date, found none the meta tags and
        # markup did not (python -m benchmarks.extraction)
        doc = trafilatura.bare_extraction(
            tree, url=source.url, with_metadata=True, include_comments=False,
            include_tables=True, fast=options.fast,
            date_extraction_params=set_date_params(extensive=False),
        )
    except (ValueError, RecursionError, TypeError, lxml.etree.LxmlError) as exc:
        log.debug("trafilatura failed on %s: %s", name, exc)
    body = ""
    if isinstance(doc, dict):  # only when asked for as_dict, which we never do
        doc = None
    if doc is not None:
        body = doc.text or ""
        source.title = source.title or _clean(doc.title)
        source.author = _clean(doc.author)
        source.published = _clean(doc.date)
        source.site = _clean(doc.sitename)
        source.url = source.url or _clean(doc.url)
    if not body.strip():
        warnings.append("the main text could not be told apart from the page; scanned all text")
        body = _all_text(tree)
        source.title = source.title or _clean(tree.findtext(".//title"))
    text = _join_title(source.title, body)
    return Story(source=source, text=text, paragraphs=paragraph_spans(text), tree=tree,
                 warnings=warnings)


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
