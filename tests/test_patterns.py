"""Every regular expression of the package (module patterns and the compiled lexicon) on 25
adversarial texts of 20,000 characters: none may backtrack (issue 13). It runs in a child
process with a timeout, so a pattern that regresses fails here instead of hanging the suite."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_no_pattern_backtracks_on_adversarial_input() -> None:
    done = subprocess.run([sys.executable, "-m", "benchmarks.patterns", "0.25"], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "patterns; slowest" in done.stdout


def test_the_audit_sees_the_patterns() -> None:
    sys.path.insert(0, str(ROOT))
    from benchmarks.patterns import patterns

    names = {name for name, _ in patterns()}
    assert len(names) > 80  # module patterns and lexicon patterns alike
    assert {"verify.detect.claims._TRAILING", "verify.detect.urls.URL_RE",
            "lexicon.hedge"} <= names
