"""The per-story time budget (issue 13): an overrun is a TimeBudgetError for that story, a
batch keeps its other results, and the CLI says so in one line."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import verify
from verify.model import Report
from verify.stages import DEFAULT_STAGES


def slow_stage(story: object, report: Report, ctx: object) -> None:
    """A stage that never ends on a story asking for it (a stand-in for a runaway stage)."""
    if "SLOW" in report.text:
        while True:
            time.sleep(0.01)


STAGES = [*DEFAULT_STAGES, slow_stage]


def test_an_overrun_is_a_time_budget_error() -> None:
    started = time.perf_counter()
    with verify.Scanner(stages=STAGES, time_budget=0.5) as scanner, \
            pytest.raises(verify.TimeBudgetError, match="time budget"):
        scanner.scan("SLOW: officials said the bridge fell.")
    assert time.perf_counter() - started < 5


def test_a_batch_keeps_the_other_stories(tmp_path: Path) -> None:
    for name, text in (("a.txt", "Officials said the bridge fell."),
                       ("b.txt", "SLOW: officials said the bridge fell."),
                       ("c.txt", "The army said it captured two towns.")):
        (tmp_path / name).write_text(text, encoding="utf-8")
    with verify.Scanner(stages=STAGES, time_budget=0.5) as scanner:
        reports = list(scanner.scan_many([tmp_path], jobs=1))
    assert [r.ok for r in reports] == [True, False, True]
    assert reports[1].error is not None and reports[1].error.type == "TimeBudgetError"
    assert reports[0].claims and reports[2].claims


def test_no_budget_and_nested_timers() -> None:
    with verify.Scanner(time_budget=0) as scanner:
        assert scanner.scan("Officials said the bridge fell.").claims
    import signal

    fired: list[int] = []
    previous = signal.signal(signal.SIGALRM, lambda *_: fired.append(1))
    signal.setitimer(signal.ITIMER_REAL, 0.8)  # someone else's timer keeps running
    try:
        verify.scan("Officials said the bridge fell.", time_budget=5)
        time.sleep(1.2)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert fired == [1]


def test_the_option_is_checked() -> None:
    with pytest.raises(verify.VerifyError):
        verify.Options(time_budget=-1)


def test_cli_one_line(tmp_path: Path) -> None:
    from verify.cli import main

    result = CliRunner().invoke(main, ["scan", "--time-budget", "0.5", "-q",
                                       str(tmp_path / "none.txt")])
    assert result.exit_code == 2  # a missing file, still one line: the option is accepted
    assert "no such option" not in result.output.lower()
