"""Many stories at once: a bounded process pool (memory stays flat however many stories come),
results in input order or as they finish, and helpers to resume a batch and show progress.

Each worker process builds one :class:`~verify.Scanner` with the batch's options when it starts
and reuses it; workers ignore Ctrl-C so that only the parent stops the batch, cleanly.
"""

from __future__ import annotations

import json
import os
import pickle
import signal
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from itertools import chain, islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import OptionsError
from .input.sources import StoryInput, shown_path
from .model import Report

if TYPE_CHECKING:
    from .options import Options
    from .scanner import Scanner, Stage

#: stories sent to a worker at a time, and chunks in flight per worker
CHUNK = 4
IN_FLIGHT_PER_JOB = 3
#: a batch this small is scanned in the calling process (starting workers costs more)
SMALL_BATCH = 4

_worker: Scanner | None = None  # one per worker process, made by _start_worker


def _die_with_parent(parent: int) -> None:
    """Ask Linux to end this worker when its parent dies (SIGKILL included), so no worker
    lives on under PID 1 holding the batch's output pipes; elsewhere, a watcher thread."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(1, signal.SIGTERM, 0, 0, 0) == 0:  # PR_SET_PDEATHSIG
            if os.getppid() != parent:  # the parent died before we asked
                os._exit(1)
            return
    except (OSError, AttributeError):
        pass

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _start_worker(options: Options, stages: tuple[Stage, ...], parent: int = 0) -> None:
    global _worker
    from .scanner import Scanner

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if parent:
        _die_with_parent(parent)
    _worker = Scanner(options, stages=stages)  # the parent's stage list, never the defaults


def _scan_chunk(items: list[StoryInput]) -> list[Report]:
    assert _worker is not None
    return [_worker.scan_or_report(item) for item in items]


def default_jobs() -> int:
    """All the cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def run(scanner: Scanner, items: Iterable[StoryInput], *, jobs: int | None = 1,
        ordered: bool = True) -> Iterator[tuple[StoryInput, Report]]:
    """Scan ``items`` with ``jobs`` processes (None: all cores); yield (input, report) pairs."""
    jobs = default_jobs() if jobs is None or jobs <= 0 else jobs
    items = iter(items)
    head = list(islice(items, SMALL_BATCH + 1))
    if jobs == 1 or len(head) <= SMALL_BATCH:
        for item in chain(head, items):  # streamed: the input list is never built
            yield item, scanner.scan_or_report(item)
        return
    try:
        pickle.dumps(scanner.stages)
    except (pickle.PicklingError, AttributeError, TypeError) as exc:
        raise OptionsError("with jobs > 1 every stage must pickle (a module-level function or "
                           f"an instance of a module-level class): {exc}") from exc
    chunks = _chunks([*head], items)
    with ProcessPoolExecutor(max_workers=jobs, initializer=_start_worker,
                             initargs=(scanner.options, scanner.stages, os.getpid())) as pool:
        try:
            yield from (_ordered if ordered else _unordered)(pool, chunks, jobs * IN_FLIGHT_PER_JOB)
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def _chunks(head: list[StoryInput], rest: Iterator[StoryInput]) -> Iterator[list[StoryInput]]:
    pending = head
    while True:
        pending += list(islice(rest, max(0, CHUNK - len(pending))))
        if not pending:
            return
        chunk, pending = pending[:CHUNK], pending[CHUNK:]
        yield chunk


def _ordered(pool: ProcessPoolExecutor, chunks: Iterator[list[StoryInput]],
             limit: int) -> Iterator[tuple[StoryInput, Report]]:
    queue: deque[tuple[list[StoryInput], Future[list[Report]]]] = deque()
    for chunk in chunks:
        queue.append((chunk, pool.submit(_scan_chunk, chunk)))
        if len(queue) >= limit:
            chunk_done, future = queue.popleft()
            yield from zip(chunk_done, future.result(), strict=True)
    while queue:
        chunk_done, future = queue.popleft()
        yield from zip(chunk_done, future.result(), strict=True)


def _unordered(pool: ProcessPoolExecutor, chunks: Iterator[list[StoryInput]],
               limit: int) -> Iterator[tuple[StoryInput, Report]]:
    running: dict[Future[list[Report]], list[StoryInput]] = {}
    for chunk in chunks:
        running[pool.submit(_scan_chunk, chunk)] = chunk
        if len(running) >= limit:
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                yield from zip(running.pop(future), future.result(), strict=True)
    while running:
        done, _ = wait(running, return_when=FIRST_COMPLETED)
        for future in done:
            yield from zip(running.pop(future), future.result(), strict=True)


def input_key(item: StoryInput) -> str | None:
    """What identifies an input across runs: a record's ``id``, else its location."""
    if item.meta.get("id") is not None:
        return f"id:{item.meta['id']}"
    return shown_path(item.location)


def report_key(data: dict[str, Any]) -> str | None:
    """The :func:`input_key` of the input a report's JSON came from."""
    meta = data.get("meta") or {}
    if meta.get("id") is not None:
        return f"id:{meta['id']}"
    return (data.get("source") or {}).get("location")


def repair_jsonl(path: str | Path) -> int:
    """Cut a JSON Lines output back to its last whole line (a run killed mid-write leaves a
    partial record; resuming must not glue the next one to it). Returns the bytes cut."""
    try:
        with Path(path).open("rb+") as fh:
            fh.seek(0, 2)
            size = fh.tell()
            if size == 0:
                return 0
            end = size
            while end > 0:  # back to the last newline, in blocks
                start = max(0, end - 65536)
                fh.seek(start)
                block = fh.read(end - start)
                at = block.rfind(b"\n")
                if at >= 0:
                    keep = start + at + 1
                    break
                end = start
            else:
                keep = 0
            if keep < size:
                fh.truncate(keep)
            return size - keep
    except FileNotFoundError:
        return 0


def done_keys(path: str | Path) -> set[str]:
    """Keys of the reports already in a JSON Lines output (to resume a batch)."""
    keys: set[str] = set()
    try:
        with Path(path).open(encoding="utf-8") as fh:
            for line in fh:
                try:
                    key = report_key(json.loads(line))
                except ValueError:
                    continue  # a line cut short by an interrupted run
                if key:
                    keys.add(key)
    except FileNotFoundError:
        pass
    return keys


def with_progress(reports: Iterable[Report], *, total: int | None = None,
                  enabled: bool = True) -> Iterator[Report]:
    """Show a progress bar on stderr (stories/s, flagged so far, errors) while reports pass."""
    if not enabled:
        yield from reports
        return
    from tqdm import tqdm

    flagged = errors = 0
    with tqdm(total=total, unit=" stories", dynamic_ncols=True) as bar:
        for report in reports:
            flagged += bool(report.flags)
            errors += report.error is not None
            bar.set_postfix(flagged=flagged, errors=errors, refresh=False)
            bar.update()
            yield report
        bar.set_postfix(flagged=flagged, errors=errors)  # the last line shows the totals
