"""The pipeline: input -> extraction -> detectors -> claims -> flags -> report.

:func:`scan` and :func:`scan_many` are one-liners over a :class:`Scanner`, which holds the options
and the HTTP session; use it in a ``with`` block for batches.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ._version import __version__
from .context import Context
from .errors import InputError, TimeBudgetError, VerifyError
from .extract import extract
from .input.fetch import Fetcher, HostPacer, Robots
from .input.records import stream_inputs
from .input.sources import (
    RawStory,
    StoryInput,
    decode,
    describe,
    looks_like_html,
    read_file,
    read_stdin,
    resolve,
    shown_path,
)
from .model import ErrorInfo, Report, Source
from .options import Options
from .stages import DEFAULT_STAGES
from .story import Story

#: a pipeline stage reads the story and adds what it finds to the report
Stage = Callable[[Story, Report, Context], None]
GENERATOR = f"verify {__version__}"
log = logging.getLogger(__name__)


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
        self.context = Context.build(self.options)
        self._fetcher = fetcher
        self._robots: Robots | None = None
        self.stages: tuple[Stage, ...] = tuple(DEFAULT_STAGES if stages is None else stages)

    @property
    def fetcher(self) -> Fetcher:
        """The HTTP fetcher, made on first use (offline scans never make one)."""
        if self._fetcher is None:
            pacer = HostPacer(self.options.per_host_interval)
            self._fetcher = Fetcher(self.options, before_request=pacer.wait)
        return self._fetcher

    @property
    def robots(self) -> Robots:
        """robots.txt rules per host, read through the guarded fetcher on first use."""
        if self._robots is None:
            self._robots = Robots(self.fetcher, self.options.user_agent)
        return self._robots

    def close(self) -> None:
        """Release the HTTP session, the media database and the online checker, if opened."""
        if self._fetcher is not None:
            self._fetcher.close()
        self.context.close()

    def __enter__(self) -> Scanner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def read(self, source: object) -> RawStory:
        """Read and decode one input (no detection yet)."""
        item = resolve(source)
        name = describe(item)
        if item.error:
            raise InputError(item.error)
        max_bytes = self.options.max_bytes
        src = Source(kind=item.kind, location=shown_path(item.location), url=item.url)
        if item.kind == "file":
            data: bytes | str = read_file(item.location or "", max_bytes)
        elif item.kind == "stdin":
            data = read_stdin(max_bytes)
        elif item.kind == "url":
            if "sitemap" in item.meta and self.options.respect_robots:
                self.robots.check(item.location or "")  # a crawl: robots.txt rules
            resp = self.fetcher.get(item.location or "")
            data = resp.content
            src.url = resp.final_url
        else:  # text, jsonl and warc records carry their content
            data = item.content if item.content is not None else ""
        if isinstance(data, bytes):
            if len(data) > max_bytes:  # bytes given to the API or a record count too
                raise InputError(f"{name}: input is {len(data):,} bytes, over the "
                                 f"{max_bytes:,}-byte limit")
            content = decode(data, name, self.options.encoding)
        else:
            if len(data.encode("utf-8", "surrogatepass")) > max_bytes:
                raise InputError(f"{name}: text is over the {max_bytes:,}-byte limit")
            if not data.strip():
                raise InputError(f"{name}: empty input")
            content = data
        return RawStory(source=src, content=content, is_html=looks_like_html(content))

    def scan(self, source: object) -> Report:
        """Scan one story; raise a :class:`~verify.VerifyError` if it cannot be read, and a
        :class:`~verify.TimeBudgetError` if it takes longer than the ``time_budget`` option."""
        with time_budget(self.options.time_budget, source):
            raw = self.read(source)
            story = extract(raw, self.options)
            meta = dict(source.meta) if isinstance(source, StoryInput) else {}
            report = Report(source=story.source, text=story.text, warnings=list(story.warnings),
                            meta=meta, generator=GENERATOR)
            for stage in self.stages:
                stage(story, report, self.context)
            return report

    def scan_many(
        self,
        sources: Iterable[object],
        *,
        jobs: int | None = 1,
        ordered: bool = True,
        skip: Callable[[StoryInput], bool] | None = None,
        on_error: Callable[[StoryInput, VerifyError], None] | None = None,
    ) -> Iterator[Report]:
        """Scan many stories: paths, globs, directories (their story files, recursively), JSONL
        and WARC files, URLs or strings, streamed.

        ``jobs`` processes (None: all cores) scan in parallel, results in input order unless
        ``ordered`` is False. A story that cannot be scanned never stops the batch: it yields a
        report whose ``error`` says why (``report.ok`` is False), and ``on_error`` is called.
        ``skip(item)`` true leaves an input out (used to resume a batch).
        """
        from .batch import run  # the process pool lives in its own module

        if isinstance(sources, (str, bytes, Path)) or not isinstance(sources, Iterable):
            sources = [sources]
        items = stream_inputs(sources, self.options.max_bytes)
        if skip is not None:
            items = (i for i in items if not skip(i))
        for item, report in run(self, items, jobs=jobs, ordered=ordered):
            if report.error is not None and on_error is not None:
                on_error(item, VerifyError(report.error.message))
            yield report

    def scan_or_report(self, item: StoryInput) -> Report:
        """Scan one input; a failure is an error report, never an exception."""
        try:
            return self.scan(item)
        except VerifyError as exc:
            return error_report(item, exc)
        except Exception as exc:  # a bug must not end a batch of thousands of stories
            log.exception("unexpected error scanning %s", describe(item))
            return error_report(item, exc)


@contextmanager
def time_budget(seconds: float, source: object) -> Iterator[None]:
    """Raise TimeBudgetError in the block after ``seconds`` (a real-time timer signal), when
    this is a process's main thread on a system with timers; elsewhere, no limit."""
    usable = (seconds > 0 and hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread())
    if not usable:
        yield
        return

    def overrun(signum: int, frame: object) -> None:
        name = describe(source) if isinstance(source, StoryInput) else "the story"
        raise TimeBudgetError(f"{name}: took longer than the {seconds:g}-second time budget "
                              "(the time_budget option)")

    previous = signal.signal(signal.SIGALRM, overrun)
    left, _ = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if left:  # an outer timer was running: give it back what is left of it
            signal.setitimer(signal.ITIMER_REAL, left)


def error_report(item: StoryInput, exc: BaseException) -> Report:
    """The report of a story that could not be scanned."""
    message = str(exc) or type(exc).__name__
    name = describe(item)
    if not message.startswith(name):
        message = f"{name}: {message}"
    return Report(
        source=Source(kind=item.kind, location=shown_path(item.location), url=item.url),
        error=ErrorInfo(type=type(exc).__name__, message=message),
        meta=dict(item.meta),
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


def scan_many(sources: Iterable[object], *, jobs: int | None = 1, ordered: bool = True,
              on_error: Callable[[StoryInput, VerifyError], None] | None = None,
              **options: Any) -> Iterator[Report]:
    """Scan many stories; yields one report each (see :meth:`Scanner.scan_many`).

    >>> [r.ok for r in scan_many(["The army said 20 died.", "Rebels said 3 died."])]
    [True, True]
    """
    with Scanner(**options) as scanner:
        yield from scanner.scan_many(sources, jobs=jobs, ordered=ordered, on_error=on_error)
