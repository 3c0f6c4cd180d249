"""Faults a batch must survive (issue 13), with the CLI in child processes: 1% bad inputs lose
no good report, kill -9 then --resume gives every story exactly once, and kill -9 during
media import leaves whole items and a re-import adds nothing twice. The full run is
``python -m benchmarks.faults`` (1,000 stories)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import faults  # noqa: E402


@pytest.mark.parametrize("fault", [faults.batch_with_bad_inputs, faults.kill_and_resume,
                                   faults.kill_during_import],
                         ids=["bad inputs", "kill and resume", "kill during import"])
def test_fault(tmp_path: Path, fault: object) -> None:
    outcome = fault(tmp_path, 600 if fault is faults.batch_with_bad_inputs else 60)  # type: ignore[operator]
    assert outcome.passed and outcome.lost == 0, outcome.figures


def test_resume_cuts_a_partial_last_line(tmp_path: Path) -> None:
    from verify.batch import done_keys, repair_jsonl

    out = tmp_path / "out.jsonl"
    out.write_bytes(b'{"source": {"location": "a.txt"}}\n{"source": {"loca')
    assert repair_jsonl(out) == len(b'{"source": {"loca')
    assert out.read_bytes().endswith(b"}\n") and done_keys(out) == {"a.txt"}
    assert repair_jsonl(out) == 0


@pytest.mark.parametrize("sig", ["SIGKILL", "SIGTERM"])
def test_workers_end_with_their_parent(tmp_path: Path, sig: str) -> None:
    """Killing the CLI of a batch leaves no worker behind under PID 1, and a pipe reading its
    output ends (issue 16)."""
    import signal

    orphans, ended = faults.kill_parent_only(tmp_path, 400, getattr(signal, sig))
    assert orphans == 0 and ended
