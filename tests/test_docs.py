"""The README documents every command, option and flag code, and its commands run."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import click

from verify.cli import main
from verify.model import Report

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_command_and_option_is_in_the_readme() -> None:
    for name, command in main.commands.items():
        assert f"verify {name}" in README
        for param in command.params:
            if isinstance(param, click.Option):
                assert any(opt in README for opt in param.opts), f"{name} {param.opts}"


def test_every_report_field_is_in_the_readme() -> None:
    for field in Report.__dataclass_fields__:
        assert f"`{field}" in README, field


def test_the_two_setup_commands_match_ci() -> None:
    blocks = re.findall(r"```sh\n(.*?)```", README, re.S)
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_cmd = blocks[1].strip()
    assert ".venv/bin/python -m pytest" in test_cmd
    assert test_cmd.replace("python3 -m venv .venv && ", "") in ci
    assert "verify scan fixtures/stories/mali-clashes.html" in blocks[0]
    assert (ROOT / "fixtures" / "stories" / "mali-clashes.html").is_file()


def test_console_script_runs_the_bundled_example() -> None:
    script = Path(sys.executable).parent / "verify"  # the console script pip installed
    out = subprocess.run([str(script), "scan", str(ROOT / "fixtures/stories/mali-clashes.html")],
                         capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr
    assert "TOGAjano21" in out.stdout


def test_every_flag_code_is_documented() -> None:
    from verify.flags.stage import SEVERITY

    for code, severity in SEVERITY.items():
        assert f"| `{code}` | {severity} |" in README, code
