"""The README documents every command, option and flag code, and its commands and Python
examples run."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from verify.cli import main
from verify.flags.registry import FlagRegistry
from verify.model import Report

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands(group: click.Group, prefix: str = "verify") -> list[tuple[str, click.Command]]:
    """Every command and subcommand, with its full name ("verify media add")."""
    out: list[tuple[str, click.Command]] = []
    for name, command in group.commands.items():
        full = f"{prefix} {name}"
        out.append((full, command))
        if isinstance(command, click.Group):
            out.extend(_commands(command, full))
    return out


def _documented_options() -> set[str]:
    """Every option the README names in inline code (tables and prose)."""
    prose = re.sub(r"```.*?```", "", README, flags=re.S)  # fenced blocks are examples, not docs
    found = set()
    for span in re.findall(r"`([^`\n]+)`", prose):
        found.update(re.findall(r"(?<![\w-])(--?[A-Za-z][\w-]*)", span))
    return found


@pytest.mark.parametrize("name,command", _commands(main), ids=lambda v: v if isinstance(v, str) else "")
def test_every_command_and_option_is_in_the_readme(name: str, command: click.Command) -> None:
    assert name in README, name
    documented = _documented_options()
    for param in command.params:
        if isinstance(param, click.Option) and not param.hidden:
            # every spelling of the option (e.g. both -f and --format) is written in the README
            missing = [opt for opt in param.opts if opt not in documented]
            assert not missing, f"{name}: {missing} not in the README"


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


def test_the_flag_table_is_the_registry() -> None:
    """The README's flag table is exactly the registry's rows, in its order."""
    rows = re.findall(r"^\| `(\w+)` \| (high|medium|low) \| (.*) \|$", README, re.M)
    registry = [(c.code, c.severity, c.doc) for c in FlagRegistry.load().codes.values()]
    assert rows == registry


def test_the_schema_enumerates_the_registry_codes() -> None:
    schema = json.loads((ROOT / "verify/data/report.schema.json").read_text(encoding="utf-8"))
    enum = schema["properties"]["flags"]["items"]["properties"]["code"]["enum"]
    assert sorted(enum) == sorted(FlagRegistry.load().codes)


_PY_BLOCKS = re.findall(r"```python\n(.*?)```", README, re.S)


@pytest.mark.parametrize("index", range(len(_PY_BLOCKS)))
def test_readme_python_examples_run(index: int, monkeypatch: pytest.MonkeyPatch,
                                    tmp_path: Path) -> None:
    code = _PY_BLOCKS[index]
    for module in re.findall(r"^(?:import|from) (\w+)", code, re.M):
        pytest.importorskip(module)
    if "to_dataframe" in code:
        pytest.importorskip("pandas")
    (tmp_path / "fixtures").symlink_to(ROOT / "fixtures")  # the examples' paths, outputs in tmp
    monkeypatch.chdir(tmp_path)
    exec(compile(code, f"README.md python block {index + 1}", "exec"), {})


def _example_lines() -> list[str]:
    """The `verify ...` lines of the README's command-line block and of the help texts'
    examples that run offline from a fresh clone (no URL, no placeholder file)."""
    from verify.cli import check, main, scan

    block = README.split("## Command line", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    lines = [line.split("  #", 1)[0].strip() for line in block.splitlines()]
    for command in (main, scan, check):
        lines += [line.strip() for line in (command.help or "").splitlines()
                  if line.strip().startswith(("verify ", "cat "))]
    root = Path(__file__).resolve().parent.parent
    runnable = []
    for line in lines:
        if not line or "http" in line:
            continue
        words = shlex.split(line.replace("|", " | "))
        outputs = {words[i + 1] for i, w in enumerate(words[:-1]) if w == "-o"}
        paths = [w for w in words[1:] if ("/" in w or "." in w) and not w.startswith("-")
                 and w not in outputs and w != "|"]
        if all((root / p).exists() for p in paths):
            runnable.append(line)
    return runnable


def test_the_examples_run_from_a_fresh_clone(tmp_path: Path) -> None:
    """Every runnable example of the README and of --help works as written (issue 14)."""
    root = Path(__file__).resolve().parent.parent
    lines = _example_lines()
    assert len(lines) >= 6, lines
    for line in lines:
        stdin = None
        if line.startswith("cat "):
            source, line = line[4:].split("|", 1)
            stdin = (root / source.strip()).read_text(encoding="utf-8")
        args = [str(root / a) if (root / a).exists() else a for a in shlex.split(line)[1:]]
        if "-o" in args:  # written in a temporary folder, not in the checkout
            at = args.index("-o") + 1
            args[at] = str(tmp_path / Path(args[at]).name)
        result = CliRunner().invoke(main, args, input=stdin)
        assert result.exit_code == 0, (line, result.output[-500:])
