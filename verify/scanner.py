"""The pipeline: input -> extraction -> detectors -> claims -> flags -> report.

:func:`scan` and :func:`scan_many` are one-liners over a :class:`Scanner`, which holds the options
and the HTTP session; use it in a ``with`` block for batches.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from . import __version__
from .errors import InputError, VerifyError
from .extract import Story, extract
from .fetch import Fetcher
from .inputs import (
    RawStory,
    StoryInput,
    decode,
    describe,
    expand,
    looks_like_html,
    read_file,
    read_stdin,
    resolve,
)
from .model import ErrorInfo, Report, Source
from .options import Options
from .stages import DEFAULT_STAGES

#: a pipeline stage reads the story and adds what it finds to the report
Stage = Callable[[Story, Report], None]
GENERATOR = f"verify {__version__}"


class Scanner:
    """Scans stories with one set of options and one HTTP session.

    >>> with Scanner(timeout=5) as scanner:
    ...     report = scanner.scan("The army said it killed 20 rebels.")
    >>> report.source.kind
    'text'
    """

    def __init__(
        self,
        options: Options | None = None,
        *,
        fetcher: Fetcher | None = None,
        stages: Sequence[Stage] | None = None,
        **overrides: Any,
    ) -> None:
        self.options = Options.build(options, **overrides)
        self._fetcher = fetcher
        self.stages: tuple[Stage, ...] = tuple(DEFAULT_STAGES if stages is None else stages)

    @property
    def fetcher(self) -> Fetcher:
        """The HTTP fetcher, made on first use (offline scans never make one)."""
        if self._fetcher is None:
            self._fetcher = Fetcher(self.options)
        return self._fetcher

    def close(self) -> None:
        """Release the HTTP session, if one was opened."""
        if self._fetcher is not None:
            self._fetcher.close()

    def __enter__(self) -> Scanner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def read(self, source: object) -> RawStory:
        """Read and decode one input (no detection yet)."""
        item = resolve(source)
        name = describe(item)
        max_bytes = self.options.max_bytes
        src = Source(kind=item.kind, location=item.location)
        if item.kind == "file":
            data: bytes | str = read_file(item.location or "", max_bytes)
        elif item.kind == "stdin":
            data = read_stdin(max_bytes)
        elif item.kind == "url":
            resp = self.fetcher.get(item.location or "")
            data = resp.content
            src.url = resp.final_url
        else:
            data = item.content if item.content is not None else ""
        if isinstance(data, bytes):
            content = decode(data, name, self.options.encoding)
        else:
            if len(data.encode("utf-8", "surrogatepass")) > max_bytes:
                raise InputError(f"{name}: text is over the {max_bytes:,}-byte limit")
            if not data.strip():
                raise InputError(f"{name}: empty input")
            content = data
        return RawStory(source=src, content=content, is_html=looks_like_html(content))

    def scan(self, source: object) -> Report:
        """Scan one story; raise a :class:`~verify.VerifyError` if it cannot be read."""
        raw = self.read(source)
        story = extract(raw, self.options)
        report = Report(source=story.source, text=story.text, warnings=list(story.warnings),
                        generator=GENERATOR)
        for stage in self.stages:
            stage(story, report)
        return report

    def scan_many(
        self,
        sources: Iterable[object],
        *,
        on_error: Callable[[StoryInput, VerifyError], None] | None = None,
    ) -> Iterator[Report]:
        """Scan many stories (a directory stands for the story files in it), in order.

        A story that cannot be scanned never stops the batch: it yields a report whose
        ``error`` says why (``report.ok`` is False), and ``on_error`` is called with it.
        """
        if isinstance(sources, (str, bytes)) or not isinstance(sources, Iterable):
            sources = [sources]
        for item in expand(sources):
            try:
                yield self.scan(item)
            except VerifyError as exc:
                if on_error is not None:
                    on_error(item, exc)
                yield error_report(item, exc)


def error_report(item: StoryInput, exc: BaseException) -> Report:
    """The report of a story that could not be scanned."""
    return Report(
        source=Source(kind=item.kind, location=item.location),
        error=ErrorInfo(type=type(exc).__name__, message=str(exc)),
        generator=GENERATOR,
    )


def scan(source: object, **options: Any) -> Report:
    """Scan one story: a path, an http(s) URL, ``"-"`` for stdin, or the story as a string.

    >>> report = scan("Officials said 10 people were injured.")
    >>> report.to_dict()["schema"]
    'verify.report/1'
    """
    with Scanner(**options) as scanner:
        return scanner.scan(source)


def scan_many(sources: Iterable[object], **options: Any) -> Iterator[Report]:
    """Scan many stories; yields one report each, in order (see :meth:`Scanner.scan_many`)."""
    on_error = options.pop("on_error", None)
    with Scanner(**options) as scanner:
        yield from scanner.scan_many(sources, on_error=on_error)
