"""The command line's shared parameters: the logging options every command takes (-v, -q,
--log-file), durations ("12h"), and lists of inputs read from a file."""

from __future__ import annotations

import logging
import os
import re
import sys
from typing import ClassVar

import click

#: libraries whose own log lines ("discarding data: None") show only with -vv
_CHATTY = ("trafilatura", "htmldate", "courlan", "justext", "charset_normalizer", "urllib3")


def configure_logging(verbose: int) -> None:
    """Warnings by default; -v for info, -vv for debug and the extraction libraries' logs."""
    level = max(logging.WARNING - 10 * verbose, logging.DEBUG)
    logging.basicConfig(format="verify: %(levelname)s: %(message)s")
    logging.getLogger().setLevel(level)
    for name in _CHATTY:
        logging.getLogger(name).setLevel(level if verbose >= 2 else logging.ERROR)


def _verbosity(ctx: click.Context, param: click.Parameter, value: int) -> None:
    if value:
        configure_logging(value)


def _quiet(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value:
        logging.getLogger().setLevel(logging.ERROR)


def _log_file(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value:  # the log lines also go to this file, with their time
        handler = logging.FileHandler(value, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s verify: %(levelname)s: %(message)s"))
        logging.getLogger().addHandler(handler)


def every_command_takes_verbose(group: click.Group) -> None:
    """``-v``, ``-q`` and ``--log-file`` work before or after the subcommand (``verify scan
    -v``, as ``verify -v scan``)."""
    for command in group.commands.values():
        names = {opt for p in command.params for opt in getattr(p, "opts", [])}
        command.params.append(click.Option(["-v", "--verbose"], count=True, expose_value=False,
                                           callback=_verbosity, is_eager=True,
                                           help="Log more (-vv for debug and libraries' logs)."))
        if "-q" not in names:  # scan's own -q also hides its progress bar
            command.params.append(click.Option(["-q", "--quiet"], is_flag=True,
                                               expose_value=False, callback=_quiet,
                                               help="Only errors on standard error."))
        command.params.append(click.Option(["--log-file"], default=None, metavar="FILE",
                                           expose_value=False, callback=_log_file,
                                           help="Also write the log to FILE."))
        if isinstance(command, click.Group):
            every_command_takes_verbose(command)


class Duration(click.ParamType):
    """Seconds, or a number with a unit: 90, 30m, 12h, 7d."""

    name = "duration"
    _UNITS: ClassVar[dict[str, float]] = {"": 1.0, "s": 1.0, "m": 60.0, "h": 3_600.0,
                                          "d": 86_400.0}

    def convert(self, value: object, param: click.Parameter | None,
                ctx: click.Context | None) -> float:
        if isinstance(value, (int, float)):
            return float(value)
        m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*", str(value), re.I)
        if m is None:
            self.fail(f"{value!r} is not a duration (seconds, or 30m, 12h, 7d)", param, ctx)
        return float(m.group(1)) * self._UNITS[m.group(2).lower()]


def url_lines(path: str) -> list[str]:
    """The URLs (or paths) of an input file, one a line (``-``: standard input); blank lines
    and lines starting with # are skipped."""
    try:
        fh = sys.stdin if path == "-" else open(path, encoding="utf-8", errors="replace")  # noqa: SIM115
    except OSError as exc:
        raise click.UsageError(f"{path}: {exc.strerror or exc}") from exc
    with fh:
        return [line.strip() for line in fh if line.strip() and not line.lstrip().startswith("#")]


#: what a file name ends with, never a host's top-level domain
_FILE_SUFFIX = re.compile(r"\.(?:txt|csv|tsv|json|jsonl|ndjson|html?|xml|warc|gz|list)$", re.I)


def looks_like_url(value: str) -> bool:
    """A URL, or a host and path a user typed without the scheme ("x.com/user/status/1"); not
    a file that exists or a name like "urls.txt"."""
    if value.lower().startswith(("http://", "https://")):
        return True
    if os.path.exists(value) or _FILE_SUFFIX.search(value.split("/", 1)[0]):
        return False
    return bool(re.match(r"^[\w-]+(?:\.[\w-]+)+(?::\d+)?(?:[/?#]|$)", value))
