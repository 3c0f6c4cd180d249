"""The command line: formats, output files, stdin, colour and help."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import verify
from verify.cli import HELP_FILE, main

from .conftest import STORIES


def test_version() -> None:
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0 and verify.__version__ in result.output


def test_the_kept_help_is_what_click_writes() -> None:
    """``verify --help`` answers from ``data/cli-help.txt``: it must be click's own text
    (``python -c "from verify.cli import write_help; write_help()"`` writes it anew)."""
    result = CliRunner().invoke(main, ["--help"], prog_name="verify", terminal_width=80)
    assert result.output == HELP_FILE.read_text(encoding="utf-8")


@pytest.mark.parametrize(("columns", "kept"), [("100", True), ("60", False)])
def test_help_answers_without_click_on_a_wide_terminal(columns: str, kept: bool) -> None:
    """On 80 or more columns the help is the kept text and click is never imported; on a
    narrower terminal click wraps it to fit."""
    code = ("import sys; sys.argv = ['verify', '--help']; from verify.__main__ import main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print('click' in sys.modules, file=sys.stderr)")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={**os.environ, "COLUMNS": columns}, check=True)
    assert run.stderr.strip() == str(not kept)
    assert run.stdout.startswith("Usage: verify [OPTIONS] COMMAND")
    assert (run.stdout == HELP_FILE.read_text(encoding="utf-8")) == kept


@pytest.mark.parametrize("fmt", ["text", "json", "jsonl", "markdown"])
def test_every_format_scans_the_seed(fmt: str, sample_story: Path) -> None:
    result = CliRunner().invoke(main, ["scan", str(sample_story), "--format", fmt])
    assert result.exit_code == 0, result.output
    if fmt == "json":
        assert json.loads(result.stdout)[0]["schema"] == "verify.report/1"  # always an array
    elif fmt == "jsonl":
        assert json.loads(result.stdout.splitlines()[0])["source"]["kind"] == "file"
    elif fmt == "markdown":
        assert result.stdout.startswith("## Syrian Opposition Forces")
    else:
        assert "Syrian Opposition Forces" in result.stdout


def test_json_of_several_inputs_is_an_array(sample_story: Path) -> None:
    result = CliRunner().invoke(main, ["scan", str(sample_story), str(STORIES / "mali-clashes.html"),
                                       "-f", "json"])
    data = json.loads(result.stdout)
    assert [d["source"]["kind"] for d in data] == ["file", "file"]


def test_output_file(tmp_path: Path, sample_story: Path) -> None:
    out = tmp_path / "report.json"
    result = CliRunner().invoke(main, ["scan", str(sample_story), "-f", "json", "-o", str(out)])
    assert result.exit_code == 0 and result.stdout == ""
    (record,) = json.loads(out.read_text(encoding="utf-8"))
    assert verify.Report.from_dict(record).source.kind == "file"


def test_stdin() -> None:
    result = CliRunner().invoke(main, ["scan", "-", "-f", "json"],
                                input="The army said it killed around 20 rebels.")
    (data,) = json.loads(result.stdout)
    assert data["source"]["kind"] == "stdin" and data["text"].startswith("The army")


def test_no_colour_when_piped_or_no_color(monkeypatch: pytest.MonkeyPatch,
                                          sample_story: Path) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    result = CliRunner().invoke(main, ["scan", str(sample_story)], color=True)
    assert "\x1b[" not in result.output
    monkeypatch.delenv("NO_COLOR")
    result = CliRunner().invoke(main, ["scan", str(sample_story)])
    assert "\x1b[" not in result.output


def test_help_has_examples() -> None:
    for args in (["--help"], ["scan", "--help"]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0 and "Examples:" in result.output


def test_missing_input_is_usage_error() -> None:
    result = CliRunner().invoke(main, ["scan"])
    assert result.exit_code == 2


def test_an_interrupted_run_leaves_the_old_output_whole(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """-o writes beside the old file and replaces it only when whole (issue 16)."""
    import json as _json

    from verify.cli import main as cli
    from verify.scanner import Scanner

    story = tmp_path / "a.txt"
    story.write_text("Officials said the bridge fell on Monday.", encoding="utf-8")
    out = tmp_path / "out.json"
    out.write_text('{"old": true}', encoding="utf-8")

    def interrupted(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise KeyboardInterrupt
        yield  # pragma: no cover

    monkeypatch.setattr(Scanner, "scan_many", interrupted)
    result = CliRunner().invoke(cli, ["scan", str(story), "-f", "json", "-o", str(out)])
    assert result.exit_code != 0 and "left as it was" in result.output
    assert _json.loads(out.read_text(encoding="utf-8")) == {"old": True}
    assert not (tmp_path / "out.json.partial").exists()
    monkeypatch.undo()
    result = CliRunner().invoke(cli, ["scan", str(story), "-f", "json", "-o", str(out)])
    assert result.exit_code == 0 and _json.loads(out.read_text(encoding="utf-8"))[0]["claims"]


@pytest.mark.parametrize(("suffix", "starts"), [(".json", "["), (".csv", "story,"),
                                                (".html", "<!doctype html"), (".txt", "")])
def test_the_format_follows_the_output_suffix(tmp_path: Path, suffix: str, starts: str) -> None:
    """``-o report.json`` without ``-f`` writes JSON, not text (issue 14)."""
    out = tmp_path / f"report{suffix}"
    result = CliRunner().invoke(main, ["scan", str(STORIES / "sample-story.txt"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert text.lower().startswith(starts) and (suffix != ".txt" or not text.startswith("["))


@pytest.mark.parametrize("args", [["scan", "-v"], ["-v", "scan"], ["scan", "-vv"]])
def test_verbose_before_or_after_the_subcommand(args: list[str]) -> None:
    result = CliRunner().invoke(main, [*args, str(STORIES / "sample-story.txt"), "-f", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[0]["schema"] == "verify.report/1"


def test_help_examples_use_bundled_files() -> None:
    """The examples a fresh clone can run: no ../shared paths (issue 14)."""
    for args in (["--help"], ["scan", "--help"]):
        assert "../shared" not in CliRunner().invoke(main, args).output
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    commands = [line for line in readme.splitlines() if line.startswith("verify ")]
    assert commands and not [c for c in commands if "../shared" in c]


def test_terminal_summary_filters_and_width() -> None:
    """The text report opens with a summary by severity; --only-flagged, --min-severity and
    --code keep what a desk asked for; lines stay within the width."""
    story = str(STORIES / "mali-clashes.html")
    run = CliRunner().invoke
    full = run(main, ["scan", story]).output
    assert "flagged items:" in full.splitlines()[2] and "1 embeds" not in full
    high = run(main, ["scan", story, "--only-flagged", "--min-severity", "high"]).output
    assert "[speculative" not in high and "[party_claim" not in high
    assert "[conflicting_accounts · high]" in high and len(high) < len(full)
    (one,) = json.loads(run(main, ["scan", story, "-f", "json", "--code", "party_claim"]).stdout)
    assert {f["code"] for f in one["flags"]} == {"party_claim"}
    assert max(len(line) for line in full.splitlines()) <= 100


def test_input_files_and_check_arguments(tmp_path: Path) -> None:
    """A file of inputs, one a line, for scan and check; a file name or - given to check as a
    URL is a usage error, not a fetch of https://urls.txt (issue 14)."""
    listing = tmp_path / "stories.txt"
    listing.write_text(f"{STORIES / 'sample-story.txt'}\n# skipped\n\n{STORIES / 'mali-clashes.html'}\n",
                       encoding="utf-8")
    run = CliRunner().invoke
    result = run(main, ["scan", "-i", str(listing), "-f", "jsonl"])
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == 2
    for args in (["check", str(listing)], ["check", "-"], ["check", "not-a-url"], ["check"],
                 ["check", "--fail-on", "gone", "https://example.org"]):
        outcome = run(main, args)
        assert outcome.exit_code == 2 and "Usage" in outcome.output, args
    urls = tmp_path / "urls.txt"
    urls.write_text("http://127.0.0.1:9/a\n", encoding="utf-8")  # a closed port: unreachable
    checked = run(main, ["check", "-i", str(urls), "--no-archive", "--no-cache", "-f", "json",
                         "-o", str(tmp_path / "out.json"), "--allow-host", "127.0.0.1",
                         "--timeout", "2"])
    assert checked.exit_code == 2  # none could be checked
    (record,) = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert record["status"] == "unreachable"


def test_check_fail_on_a_broken_link(httpserver) -> None:  # type: ignore[no-untyped-def]
    """--fail-on broken exits 1 when a link answers 404, for scripts and CI; without it, 0."""
    httpserver.expect_request("/gone").respond_with_data("", status=404)
    url = httpserver.url_for("/gone")
    base = ["check", url, "--no-archive", "--no-cache", "--allow-host", "127.0.0.1",
            "--allow-host", "localhost", "--timeout", "2"]
    assert CliRunner().invoke(main, base).exit_code == 0
    failing = CliRunner().invoke(main, [*base, "--fail-on", "removed,broken"])
    assert failing.exit_code == 1 and "removed" in failing.output


def test_plain_words_for_stdin_and_media_stats(tmp_path: Path) -> None:
    """A story from standard input is titled "standard input", not "-"; media stats prints
    words, not a Python dict (issue 14)."""
    from PIL import Image

    run = CliRunner().invoke
    assert run(main, ["scan", "-"], input="Officials said 5 died.").output.startswith(
        "standard input")
    img = tmp_path / "red.png"
    Image.new("RGB", (64, 64), "red").save(img)
    db = str(tmp_path / "m.db")
    assert run(main, ["media", "--db", db, "add", str(img)]).exit_code == 0
    stats = run(main, ["media", "--db", db, "stats"]).output
    assert "{" not in stats and "hashes)" in stats and "current algorithm:" in stats


def test_every_command_takes_quiet_verbose_and_a_log_file(tmp_path: Path) -> None:
    log = tmp_path / "verify.log"
    result = CliRunner().invoke(main, ["scan", str(STORIES / "mali-clashes.html"), "-f", "jsonl",
                                       "-vv", "--log-file", str(log)])
    assert result.exit_code == 0 and log.exists() and "verify: DEBUG" in log.read_text()
    for args in (["check", "-q", "--help"], ["media", "stats", "-q", "--help"],
                 ["media", "-v", "--help"]):
        assert CliRunner().invoke(main, args).exit_code == 0, args
