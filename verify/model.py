"""The report model: plain dataclasses that serialise to the ``verify.report/1`` JSON schema.

Every span is a pair of character offsets into :attr:`Report.text`, so ``report.text[s.start:s.end]``
is the evidence. ``Report.from_dict(report.to_dict()) == report`` always holds.

>>> r = Report(source=Source(kind="text"), text="Hello")
>>> Report.from_dict(r.to_dict()) == r
True
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Union

from .errors import SchemaError

SCHEMA = "verify.report/1"


@dataclass(frozen=True)
class Span:
    """Character offsets ``[start, end)`` into the report text."""

    start: int
    end: int


@dataclass
class Source:
    """Where the story came from and what its page says about itself."""

    kind: str  # "file" | "url" | "text" | "stdin"
    location: str | None = None
    title: str | None = None
    author: str | None = None
    published: str | None = None
    site: str | None = None
    url: str | None = None


@dataclass
class Embed:
    """A social post or media item the story embeds or quotes."""

    id: str
    platform: str
    kind: str  # post | video | image | audio | profile | unknown
    url: str | None = None
    post_id: str | None = None
    author_name: str | None = None
    author_handle: str | None = None
    posted: str | None = None
    text: str | None = None
    media: list[str] = field(default_factory=list)
    found_by: str = "html"  # html | text | url
    span: Span | None = None


@dataclass
class MediaRef:
    """Media mentioned in prose ("videos circulated on social media")."""

    id: str
    kind: str  # video | photo | image | satellite | footage | audio | document | data
    text: str
    where: str | None = None
    linked: bool = False
    verified_by: str | None = None
    span: Span | None = None


@dataclass
class Link:
    """A URL the story carries, normalised and classified."""

    id: str
    url: str
    kind: str  # post | profile | media | shortener | news | other
    platform: str | None = None
    span: Span | None = None


@dataclass
class ClaimSource:
    """Who makes a claim, as written, and what kind of source that is."""

    name: str | None = None
    type: str = "none"
    #: where the source said it, when that is a post: "In a Facebook video", "on Telegram"
    channel: str | None = None


@dataclass
class Quantity:
    """A number in a claim: exact ("two soldiers") or vague ("dozens")."""

    text: str
    value: float | None = None
    exact: bool = True
    span: Span | None = None


@dataclass
class Claim:
    """A factual statement with its attribution."""

    id: str
    text: str
    span: Span
    source: ClaimSource = field(default_factory=ClaimSource)
    verb: str | None = None
    stance: str | None = None  # distancing | neutral | assertive
    quote: bool = False
    quantities: list[Quantity] = field(default_factory=list)


@dataclass
class Flag:
    """Why an item cannot be independently verified."""

    item: str
    code: str
    severity: str  # high | medium | low
    reason: str
    evidence: list[Span] = field(default_factory=list)


@dataclass
class Check:
    """What an online check found about one URL."""

    url: str
    normalized_url: str
    platform: str | None = None
    resolver: str = "link"
    #: live | removed | private | restricted | unknown | unreachable | rate_limited | skipped
    status: str = "unknown"
    http_status: int | None = None
    final_url: str | None = None
    redirect_chain: list[str] = field(default_factory=list)
    author_name: str | None = None
    author_handle: str | None = None
    posted_at: str | None = None
    posted_at_source: str | None = None  # api | id | html
    archived_url: str | None = None
    archived_at: str | None = None
    checked_at: str | None = None
    from_cache: bool = False
    error: str | None = None
    details: dict[str, Any] = field(default_factory=dict)


@dataclass
class ErrorInfo:
    """Why a story could not be scanned (only in batch output)."""

    type: str
    message: str


@dataclass
class Report:
    """Everything `verify` found in one story."""

    source: Source
    text: str = ""
    embeds: list[Embed] = field(default_factory=list)
    media_refs: list[MediaRef] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    error: ErrorInfo | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    generator: str = ""
    schema: str = SCHEMA

    @property
    def ok(self) -> bool:
        """True unless the story could not be scanned."""
        return self.error is None

    def evidence(self, span: Span | None) -> str:
        """The text a span points at ("" for None)."""
        return "" if span is None else self.text[span.start : span.end]

    def item(self, item_id: str) -> Embed | MediaRef | Link | Claim | None:
        """The embed, media reference, link or claim with this id."""
        for items in (self.embeds, self.media_refs, self.links, self.claims):
            for it in items:
                if it.id == item_id:
                    return it
        return None

    def flags_for(self, item_id: str) -> list[Flag]:
        """All flags raised on one item."""
        return [f for f in self.flags if f.item == item_id]

    def to_dict(self) -> dict[str, Any]:
        """The report as plain JSON-ready data (``verify.report/1``)."""
        data = dataclasses.asdict(self)
        return {"schema": data.pop("schema"), **data}

    def to_json(self, indent: int | None = 2) -> str:
        """The report as a JSON string."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Report:
        """Rebuild a report from :meth:`to_dict` output; raises :class:`SchemaError`."""
        if not isinstance(data, dict) or data.get("schema") != SCHEMA:
            got = data.get("schema") if isinstance(data, dict) else type(data).__name__
            raise SchemaError(f"not a {SCHEMA} report (schema: {got!r})")
        return _build(cls, data, "report")

    @classmethod
    def from_json(cls, text: str) -> Report:
        """Rebuild a report from :meth:`to_json` output."""
        try:
            return cls.from_dict(json.loads(text))
        except json.JSONDecodeError as exc:
            raise SchemaError(f"not JSON: {exc}") from exc

    def counts(self) -> dict[str, int]:
        """How many items of each kind the report holds."""
        return {
            "embeds": len(self.embeds),
            "media_refs": len(self.media_refs),
            "links": len(self.links),
            "claims": len(self.claims),
            "flags": len(self.flags),
        }

    def _repr_html_(self) -> str:
        """Jupyter: the annotated story with flags as badges."""
        from .output.html import CSS, report_fragment

        return f"<style>{CSS}</style>{report_fragment(self)}"

    def __str__(self) -> str:
        from .output.render import to_text

        return to_text(self)

    def to_dataframe(self):  # type: ignore[no-untyped-def]  # pandas is optional
        """One row per item and flag (pandas needed); see :func:`verify.to_dataframe`."""
        from .output.frames import to_dataframe

        return to_dataframe([self])

    def __repr__(self) -> str:
        where = self.source.location or self.source.kind
        if self.error:
            return f"<Report {where!r} error={self.error.message!r}>"
        counts = " ".join(f"{k}={v}" for k, v in self.counts().items())
        return f"<Report {where!r} {counts}>"


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _build(tp: Any, value: Any, path: str) -> Any:
    """Build a value of type ``tp`` from JSON data, checking shape as it goes."""
    origin = typing.get_origin(tp)
    if origin in (Union, types.UnionType):
        args = typing.get_args(tp)
        if value is None:
            if type(None) in args:
                return None
            raise SchemaError(f"{path}: must not be null")
        inner = [a for a in args if a is not type(None)]
        return _build(inner[0], value, path)
    if origin is dict or tp is dict:
        if not isinstance(value, dict):
            raise SchemaError(f"{path}: expected an object")
        return dict(value)
    if origin is list:
        if not isinstance(value, list):
            raise SchemaError(f"{path}: expected a list")
        (item_tp,) = typing.get_args(tp)
        return [_build(item_tp, v, f"{path}[{i}]") for i, v in enumerate(value)]
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        if not isinstance(value, dict):
            raise SchemaError(f"{path}: expected an object")
        hints = _hints(tp)
        unknown = set(value) - set(hints)
        if unknown:
            raise SchemaError(f"{path}: unknown field(s) {sorted(unknown)}")
        kwargs = {k: _build(hints[k], v, f"{path}.{k}") for k, v in value.items()}
        try:
            return tp(**kwargs)
        except TypeError as exc:
            raise SchemaError(f"{path}: {exc}") from exc
    expected = {float: (int, float), int: (int,), str: (str,), bool: (bool,)}.get(tp)
    if expected and (not isinstance(value, expected) or (tp is not bool and isinstance(value, bool))):
        raise SchemaError(f"{path}: expected {tp.__name__}, got {type(value).__name__}")
    return float(value) if tp is float else value
