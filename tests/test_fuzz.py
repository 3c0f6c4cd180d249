"""A small seeded fuzz run (issue 13): mutated real pages through ``verify.scan`` give a
report or a VerifyError, never another exception, and none runs over the budget. The full
run is ``python -m benchmarks.fuzz`` (100,000 inputs)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.fuzz import fuzz, make, seeds  # noqa: E402


def test_seeded_fuzz_run() -> None:
    ok, errors, crashes, slow, examples = fuzz(150, seed=2026, jobs=1)
    assert crashes == 0 and slow == 0, examples
    assert ok > 100 and ok + errors == 150  # most mutated pages still give reports


def test_inputs_are_reproducible() -> None:
    texts = seeds()
    assert len(texts) >= 10
    assert make(7, 3, texts) == make(7, 3, texts) != make(7, 4, texts)
