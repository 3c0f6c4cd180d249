"""The `verify` command line: a thin layer over the library.

Exit codes: 0 every input scanned; 2 a usage error, or at least one input could not be read
(the others are still scanned and written; each failure is one line on stderr); 130 stopped
with Ctrl-C (what was written is kept).
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import sys
from collections.abc import Iterable
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ._version import __version__
from .cli_params import Duration, configure_logging, every_command_takes_verbose, looks_like_url, url_lines
from .errors import VerifyError
from .output.records import FORMATS

if TYPE_CHECKING:
    from .input.sources import StoryInput

EXIT_INPUT_ERROR = 2
EXIT_INTERRUPTED = 130


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="verify")
@click.option("-v", "--verbose", count=True, help="Log more (-vv for debug).")
def main(verbose: int) -> None:
    """Find embedded social posts, media references and claims in news stories, and flag
    what cannot be independently verified.

    \b
    Examples:
      verify scan fixtures/stories/mali-clashes.html
      verify scan https://example.org/news/story --format json -o report.json
      verify scan fixtures/stories --format jsonl -o reports.jsonl
      cat fixtures/stories/sample-story.txt | verify scan -
    """
    configure_logging(verbose)


#: ``verify --help`` as click writes it on a terminal 80 or more columns wide, kept in a file
#: so that the command answers it without importing click (``verify/__main__.py``);
#: ``python -c "from verify.cli import write_help; write_help()"`` writes it anew
HELP_FILE = Path(__file__).parent / "data" / "cli-help.txt"


def rendered_help() -> str:
    """What ``verify --help`` prints on a terminal 80 or more columns wide."""
    with click.Context(main, info_name="verify", terminal_width=80, **main.context_settings) as ctx:
        return main.get_help(ctx) + "\n"


def write_help() -> None:
    """Write :data:`HELP_FILE` from the command table."""
    HELP_FILE.write_text(rendered_help(), encoding="utf-8")


MAX_AGE_HELP = ("Trust a cached check for at most this long (90, 30m, 12h, 7d; default: a day "
                "for live posts, a week for removed ones).")


#: the format an --output file's suffix implies when --format is not given
SUFFIX_FORMATS = {".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv",
                  ".tsv": "tsv", ".html": "html", ".htm": "html", ".md": "markdown",
                  ".markdown": "markdown", ".txt": "text"}


def _format_for(fmt: str | None, output: str) -> str:
    """The format asked for, else the one the --output file's suffix implies (-o report.json
    writes JSON), else text."""
    if fmt is not None:
        return fmt
    return SUFFIX_FORMATS.get(Path(output).suffix.lower(), "text") if output != "-" else "text"


@main.command()
@click.argument("inputs", nargs=-1)
@click.option("-i", "--input-file", "input_file", default=None, metavar="FILE",
              help="Also scan the URLs or paths of this file, one a line (- for standard input).")
@click.option("-f", "--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="Output format (default: the --output file's suffix, else text; csv/tsv: "
                   "one row per item and flag).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default="-",
              help="Write here instead of standard output.")
@click.option("-j", "--jobs", type=int, default=0, show_default=True,
              help="Processes to scan with (0: all cores for more than a few stories).")
@click.option("--unordered", is_flag=True, help="Write reports as they finish, not in input order.")
@click.option("--resume", is_flag=True,
              help="Skip inputs already in the --output JSONL file and append to it.")
@click.option("--jsonl", "stdin_jsonl", is_flag=True,
              help="Read standard input (-) as JSON Lines records, not as one story.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
@click.option("--timeout", type=float, default=10.0, show_default=True,
              help="Seconds to wait on a connection when fetching a URL.")
@click.option("--max-bytes", type=int, default=10_000_000, show_default=True,
              help="Largest story accepted, in bytes.")
@click.option("--time-budget", type=Duration(), default=120.0, show_default=True,
              help="Longest one story may take (0: no limit); an overrun is an error for that "
                   "story and the batch goes on.")
@click.option("--allow-host", "allow_hosts", multiple=True, metavar="HOST",
              help="Allow fetching from this private or loopback host (repeatable); "
                   "HOST:PORT also lets links found in pages reach that port.")
@click.option("--encoding", default=None, metavar="NAME",
              help="Read inputs in this encoding instead of detecting it.")
@click.option("--fast", is_flag=True, help="Faster, less thorough text extraction.")
@click.option("--media-db", type=click.Path(exists=True, dir_okay=False), default=None,
              help="Look the story's images up in this known-media database.")
@click.option("--online", is_flag=True,
              help="Also check embeds, links and images online (never done by default).")
@click.option("--no-cache", is_flag=True, help="With --online: neither read nor write the cache.")
@click.option("--refresh", is_flag=True, help="With --online: check again, updating the cache.")
@click.option("--max-age", type=Duration(), default=None, help=MAX_AGE_HELP)
@click.option("--only-flagged", is_flag=True,
              help="Text, CSV and TSV output: only the items with a flag.")
@click.option("--min-severity", type=click.Choice(["low", "medium", "high"]), default=None,
              help="Keep only flags of this severity or above (every format).")
@click.option("--code", "codes", multiple=True, metavar="CODE",
              help="Keep only flags of this code (repeatable; every format).")
def scan(inputs: tuple[str, ...], input_file: str | None, fmt: str | None, output: str,
         jobs: int, unordered: bool,
         resume: bool, stdin_jsonl: bool, quiet: bool, timeout: float, max_bytes: int,
         time_budget: float,
         allow_hosts: tuple[str, ...], encoding: str | None, fast: bool,
         media_db: str | None, online: bool, no_cache: bool, refresh: bool,
         max_age: float | None, only_flagged: bool, min_severity: str | None,
         codes: tuple[str, ...]) -> None:
    """Scan stories: files, directories, globs, JSONL and WARC files, http(s) URLs, or - for
    standard input.

    \b
    Examples:
      verify scan fixtures/stories/mali-clashes.html
      verify scan fixtures/stories/sample-story.txt --format json
      verify scan fixtures/stories fixtures/embeds -f jsonl -o out.jsonl
      verify scan 'archive/*.warc.gz' -f csv -o flags.csv --jobs 4
      verify scan records.jsonl -f jsonl -o out.jsonl --resume
    """
    inputs = (*inputs, *(url_lines(input_file) if input_file else []))
    if not inputs:
        raise click.UsageError("give inputs (files, directories, URLs or - for standard input), "
                               "or --input-file FILE with one a line")
    fmt = _format_for(fmt, output)
    # the scanner and its stages load here, not with the CLI: --help and --version start fast
    from .batch import done_keys, input_key, repair_jsonl, with_progress
    from .input.records import read_jsonl
    from .input.sources import describe
    from .output.render import filter_flags, write_reports
    from .scanner import Scanner

    failures: list[str] = []

    def on_error(item: StoryInput, exc: VerifyError) -> None:
        failures.append(describe(item))
        click.echo(f"verify: error: {exc}", err=True)

    if resume and (output == "-" or fmt != "jsonl"):
        raise click.UsageError("--resume needs --format jsonl and an --output file")
    try:
        scanner = Scanner(timeout=timeout, max_bytes=max_bytes, allow_hosts=frozenset(allow_hosts),
                          encoding=encoding, fast=fast, media_db=media_db, online=online,
                          use_cache=not no_cache, refresh=refresh, max_age=max_age,
                          time_budget=time_budget)
    except VerifyError as exc:
        raise click.UsageError(str(exc)) from exc
    sources: Iterable[object] = list(inputs)
    if stdin_jsonl and "-" in sources:
        sources = chain((s for s in sources if s != "-"), read_jsonl(sys.stdin, "stdin"))
    if resume and repair_jsonl(output):
        click.echo(f"verify: {output}: the last record was cut short by an interrupted run; "
                   "it is scanned again", err=True)
    done = done_keys(output) if resume else set()
    colour = output == "-" and not os.environ.get("NO_COLOR") and sys.stdout.isatty()
    written = 0
    # JSON Lines are written in place, a whole line a report (so a killed run can --resume);
    # any other output is written beside the old file and put in its place when whole, so an
    # interrupted JSON, CSV or HTML never leaves a half-written file or a lost old one
    target = output if output == "-" or resume or fmt == "jsonl" else f"{output}.partial"
    try:
        with scanner, click.open_file(target, "a" if resume else "w", encoding="utf-8") as out:
            reports = scanner.scan_many(sources, jobs=jobs or None, ordered=not unordered,
                                        on_error=on_error,
                                        skip=(lambda i: input_key(i) in done) if done else None)
            progress = not quiet and sys.stderr.isatty()
            if codes or min_severity:
                reports = (filter_flags(r, codes, min_severity) for r in reports)
            width = shutil.get_terminal_size((100, 24)).columns if colour else 100
            written = write_reports(with_progress(reports, enabled=progress), fmt, out,
                                    colour=colour, only_flagged=only_flagged, width=width)
    except KeyboardInterrupt:
        if fmt == "jsonl" and output != "-":  # whole lines: kept, --resume goes on
            click.echo(f"verify: interrupted; the reports written so far are kept ({output}; "
                       "--resume scans the rest)", err=True)
        elif target != output:
            Path(target).unlink(missing_ok=True)
            click.echo(f"verify: interrupted; {output} is left as it was", err=True)
        else:
            click.echo("verify: interrupted", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except BaseException:
        if target != output:
            Path(target).unlink(missing_ok=True)
        raise
    if target != output:
        os.replace(target, output)
    if failures:
        sys.exit(EXIT_INPUT_ERROR)
    if written == 0 and not done:
        click.echo("verify: error: no story found in the inputs", err=True)
        sys.exit(EXIT_INPUT_ERROR)


DB_HELP = ("The media database (default: $VERIFY_MEDIA_DB, else media.db in the user's data "
           "directory); before or after the subcommand.")


def _db_option(command: Any) -> Any:
    """``--db`` after the subcommand too (``verify media add --db DB img.jpg``)."""
    return click.option("--db", "db_path", type=click.Path(dir_okay=False), default=None,
                        help=DB_HELP)(command)


def _open_db(ctx: click.Context, db_path: str | None, *, create: bool) -> Any:
    """The database the user named (after the subcommand, else before it). Only ``add`` and
    ``import`` create one: a lookup in a database that does not exist is an error, not an
    empty answer."""
    from .media.db import MediaDB, default_path

    path = db_path or (ctx.obj or {}).get("db_path")
    where = Path(path) if path else default_path()
    if not create and str(where) != ":memory:" and not where.is_file():
        click.echo(f"verify: error: no media database at {where} (verify media add or "
                   "verify media import creates one)", err=True)
        sys.exit(EXIT_INPUT_ERROR)
    try:
        return ctx.with_resource(MediaDB(where, readonly=not create))
    except VerifyError as exc:
        click.echo(f"verify: error: {exc}", err=True)
        sys.exit(EXIT_INPUT_ERROR)


@main.group()
@click.option("--db", "db_path", type=click.Path(dir_okay=False), default=None, help=DB_HELP)
@click.pass_context
def media(ctx: click.Context, db_path: str | None) -> None:
    """A local database of known images, to spot recycled media.

    \b
    Examples:
      verify media add old-flood.jpg --first-seen 2015-03-02 --fact-check https://example.org/fc
      verify media lookup suspicious.jpg
      verify media --db known.db import known.csv
      verify media export --db known.db > known.jsonl
      verify media stats
    """
    ctx.obj = {"db_path": db_path}


@media.command("add")
@click.argument("images", nargs=-1, required=True)
@click.option("--note", help="What the image is, what it was passed off as.")
@click.option("--first-seen", help="When the image was first seen (ISO date).")
@click.option("--source", help="Where it was first published (URL).")
@click.option("--fact-check", help="A fact-check that debunked it (URL).")
@_db_option
@click.pass_context
def media_add(ctx: click.Context, images: tuple[str, ...], note: str | None,
              first_seen: str | None, source: str | None, fact_check: str | None,
              db_path: str | None) -> None:
    """Add images (files, directories, or http(s) URLs) with their provenance."""
    from .media.bulk import add_many
    from .media.db import Provenance

    db = _open_db(ctx, db_path, create=True)
    prov = Provenance(note, first_seen, source, fact_check)
    failed = 0
    for name, result in add_many(db, images, prov):
        if isinstance(result, VerifyError):
            failed += 1
            click.echo(f"verify: error: {result}", err=True)
        else:
            click.echo(f"added {name} (item {result.id})")
    if failed:
        sys.exit(EXIT_INPUT_ERROR)


@media.command("lookup")
@click.argument("images", nargs=-1, required=True)
@click.option("-f", "--format", "fmt", type=click.Choice(FORMATS), default="text",
              show_default=True, help="Output format.")
@_db_option
@click.pass_context
def media_lookup(ctx: click.Context, images: tuple[str, ...], fmt: str,
                 db_path: str | None) -> None:
    """Look images (files or http(s) URLs) up: as they are, with a frame cut away, mirrored."""
    from .media.bulk import lookup_many, write_matches

    db = _open_db(ctx, db_path, create=False)
    if warning := db.algorithm_warning():
        click.echo(f"verify: warning: {warning}", err=True)
    results = list(lookup_many(db, images))
    write_matches(results, fmt, sys.stdout)
    if any(isinstance(r, VerifyError) for _, r in results):
        for _, r in results:
            if isinstance(r, VerifyError):
                click.echo(f"verify: error: {r}", err=True)
        sys.exit(EXIT_INPUT_ERROR)


@media.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@_db_option
@click.pass_context
def media_import(ctx: click.Context, file: str, db_path: str | None) -> None:
    """Add the images listed in a CSV or JSONL file (path or phash, plus provenance)."""
    added, errors = _open_db(ctx, db_path, create=True).import_(file)
    for e in errors:
        click.echo(f"verify: error: {e}", err=True)
    click.echo(f"imported {added} item(s)")
    if errors:
        sys.exit(EXIT_INPUT_ERROR)


@media.command("export")
@_db_option
@click.pass_context
def media_export(ctx: click.Context, db_path: str | None) -> None:
    """Write every stored item, its provenance and hashes, as JSON Lines."""
    for record in _open_db(ctx, db_path, create=False).export():
        click.echo(json.dumps(record, ensure_ascii=False))


@media.command("stats")
@_db_option
@click.pass_context
def media_stats(ctx: click.Context, db_path: str | None) -> None:
    """How many items and hashes the database holds, and with which algorithm."""
    for key, value in _open_db(ctx, db_path, create=False).stats().items():
        if isinstance(value, dict):  # {"phash64-...": 6} -> "phash64-... (6 hashes)"
            value = ", ".join(f"{k} ({v:,} hashes)" for k, v in value.items()) or "none"
        elif isinstance(value, int):
            value = f"{value:,}"
        click.echo(f"{key.replace('_', ' ')}: {value}")


#: check statuses --fail-on can name, and the exit status when one is found
FAIL_STATUSES = ("removed", "private", "restricted", "broken", "unknown", "unreachable")
EXIT_FOUND = 1


@main.command()
@click.argument("urls", nargs=-1)
@click.option("-i", "--input-file", "input_file", default=None, metavar="FILE",
              help="Also check the URLs of this file, one a line (- for standard input).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default="-",
              help="Write here instead of standard output.")
@click.option("--fail-on", "fail_on", default=None, metavar="STATUSES",
              help="Exit 1 when a URL has one of these statuses (comma-separated: "
                   + ", ".join(FAIL_STATUSES) + "; broken is a 404 or 410 link).")
@click.option("-f", "--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="Output format (default: the --output file's suffix, else text; json/jsonl: "
                   "one record per URL).")
@click.option("--archive/--no-archive", default=True, show_default=True,
              help="Also look for the closest Wayback Machine capture.")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the cache.")
@click.option("--refresh", is_flag=True, help="Check again, updating the cache.")
@click.option("--max-age", type=Duration(), default=None, help=MAX_AGE_HELP)
@click.option("--allow-host", "allow_hosts", multiple=True, metavar="HOST",
              help="Allow this private or loopback host (repeatable); HOST:PORT also lets "
                   "links found in pages reach that port.")
@click.option("--timeout", type=float, default=10.0, show_default=True,
              help="Seconds to wait on a connection.")
def check(urls: tuple[str, ...], input_file: str | None, output: str, fail_on: str | None,
          fmt: str | None, archive: bool, no_cache: bool, refresh: bool,
          max_age: float | None, allow_hosts: tuple[str, ...], timeout: float) -> None:
    """Check URLs online: is the post still up, who posted it and when, where a link leads,
    is there an archived copy.

    \b
    Examples:
      verify check https://x.com/TOGAjano21/status/1817237613372088620
      verify check https://t.me/durov/43 https://bit.ly/abc -f json
      verify check -i urls.txt -o checks.csv --fail-on removed,broken
    """
    from .online.checks import Checker, write_checks

    targets = [*urls, *(url_lines(input_file) if input_file else [])]
    if not targets:
        raise click.UsageError("give URLs, or --input-file FILE with one URL a line")
    bad = [t for t in targets if not looks_like_url(t)]
    if bad:  # "urls.txt" or "-" given as a URL would be fetched as https://urls.txt
        hint = " (a file of URLs goes with --input-file)" if any(
            os.path.exists(b) or b == "-" for b in bad) else ""
        raise click.UsageError(f"not a URL: {bad[0]!r}{hint}")
    wanted = {w.strip().lower() for w in (fail_on or "").split(",") if w.strip()}
    unknown = wanted - set(FAIL_STATUSES)
    if unknown:
        raise click.UsageError(f"--fail-on: unknown status {sorted(unknown)[0]!r} (choose from "
                               f"{', '.join(FAIL_STATUSES)})")
    fmt = _format_for(fmt, output)
    from .options import Options

    try:
        options = Options(timeout=timeout, allow_hosts=frozenset(allow_hosts),
                          use_cache=not no_cache, refresh=refresh, online=True,
                          max_age=max_age)
    except VerifyError as exc:
        raise click.UsageError(str(exc)) from exc
    show = len(targets) > 1 and sys.stderr.isatty() and \
        logging.getLogger().getEffectiveLevel() < logging.ERROR  # not with -q
    with Checker(options) as checker:
        if show:
            from tqdm import tqdm

            with tqdm(total=len(set(targets)), unit=" URLs", dynamic_ncols=True) as bar:
                results = checker.check_many(targets, archived=archive,
                                             on_done=lambda _: bar.update())
        else:
            results = checker.check_many(targets, archived=archive)
    with click.open_file(output, "w", encoding="utf-8") as out:
        write_checks(results, fmt, out)
    failed = [r for r in results if r.status in ("skipped", "unreachable")]
    if failed and len(failed) == len(results):  # nothing could be checked: say so
        noun = "URL" if len(results) == 1 else "URLs"
        click.echo(f"verify: error: none of the {len(results)} {noun} could be checked "
                   f"({failed[0].error or failed[0].status})", err=True)
        sys.exit(EXIT_INPUT_ERROR)
    found = [r for r in results if r.status in wanted
             or ("broken" in wanted and r.http_status in (404, 410))]
    if found:
        click.echo(f"verify: {len(found)} of {len(results)} checked: "
                   f"{', '.join(sorted({r.status for r in found}))}", err=True)
        sys.exit(EXIT_FOUND)


every_command_takes_verbose(main)

