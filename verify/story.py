"""What every stage reads: the story (text, paragraphs, DOM) and its sentences. Stages add to
the report (``verify.model``), never to the story, except the sentence stage, which splits it
once for the stages after it."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from lxml.html import HtmlElement

from .detect.urls import find_urls
from .model import Source, Span


@dataclass(frozen=True)
class Sentence:
    """One sentence of the story, with the story segment it belongs to (one story of several
    run back to back) and its section (the part of that story under one subhead)."""

    span: Span
    segment: int
    headline: bool = False
    in_embed: bool = False
    section: int = 0


@dataclass
class Story:
    """What detectors see: the report text, its paragraphs, metadata and (for HTML) the DOM."""

    source: Source
    text: str
    paragraphs: list[Span] = field(default_factory=list)
    tree: HtmlElement | None = None
    warnings: list[str] = field(default_factory=list)
    #: set by the claims stage: sentences with their story segments
    sentences: list[Sentence] = field(default_factory=list)

    @property
    def is_html(self) -> bool:
        """True when the story came as an HTML page."""
        return self.tree is not None

    @cached_property
    def urls(self) -> list[tuple[str, int, int]]:
        """The URLs written in the text, as (url, start, end), found once for every stage."""
        return find_urls(self.text)
