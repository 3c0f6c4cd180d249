"""The `verify` command line: a thin layer over the library.

Exit codes: 0 every input scanned; 2 a usage error, or at least one input could not be read
(the others are still scanned and written; each failure is one line on stderr).
"""

from __future__ import annotations

import logging
import os
import sys

import click

from . import __version__
from .errors import VerifyError
from .inputs import StoryInput, describe
from .render import FORMATS, write_reports
from .scanner import Scanner

EXIT_INPUT_ERROR = 2


def _fail_line(item: StoryInput, exc: VerifyError) -> None:
    message = str(exc)
    name = describe(item)
    if not message.startswith(name):
        message = f"{name}: {message}"
    click.echo(f"verify: error: {message}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="verify")
@click.option("-v", "--verbose", count=True, help="Log more (-vv for debug).")
def main(verbose: int) -> None:
    """Find embedded social posts, media references and claims in news stories, and flag
    what cannot be independently verified.

    \b
    Examples:
      verify scan story.html
      verify scan https://example.org/news/story --format json -o report.json
      verify scan stories/ --format jsonl > reports.jsonl
      cat story.txt | verify scan -
    """
    level = logging.WARNING - 10 * verbose
    logging.basicConfig(level=max(level, logging.DEBUG), format="verify: %(levelname)s: %(message)s")


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-f", "--format", "fmt", type=click.Choice(FORMATS), default="text",
              show_default=True, help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default="-",
              help="Write here instead of standard output.")
@click.option("--timeout", type=float, default=10.0, show_default=True,
              help="Seconds to wait on a connection when fetching a URL.")
@click.option("--max-bytes", type=int, default=10_000_000, show_default=True,
              help="Largest story accepted, in bytes.")
@click.option("--allow-host", "allow_hosts", multiple=True, metavar="HOST",
              help="Allow fetching from this private or loopback host (repeatable).")
@click.option("--encoding", default=None, metavar="NAME",
              help="Read inputs in this encoding instead of detecting it.")
@click.option("--fast", is_flag=True, help="Faster, less thorough text extraction.")
def scan(inputs: tuple[str, ...], fmt: str, output: str, timeout: float, max_bytes: int,
         allow_hosts: tuple[str, ...], encoding: str | None, fast: bool) -> None:
    """Scan stories: files, directories, http(s) URLs, or - for standard input.

    \b
    Examples:
      verify scan story.html
      verify scan ../shared/seeds/sample-story.txt --format json
      verify scan a.html b.txt stories/ -f jsonl -o out.jsonl
    """
    failures: list[str] = []

    def on_error(item: StoryInput, exc: VerifyError) -> None:
        failures.append(describe(item))
        _fail_line(item, exc)

    try:
        scanner = Scanner(timeout=timeout, max_bytes=max_bytes, allow_hosts=frozenset(allow_hosts),
                          encoding=encoding, fast=fast)
    except VerifyError as exc:
        raise click.UsageError(str(exc)) from exc
    colour = None if output == "-" and not os.environ.get("NO_COLOR") else False
    colour_on = bool(colour is None and sys.stdout.isatty())
    with scanner, click.open_file(output, "w", encoding="utf-8") as out:
        write_reports(scanner.scan_many(inputs, on_error=on_error), fmt, out, colour=colour_on)
    if failures:
        sys.exit(EXIT_INPUT_ERROR)
