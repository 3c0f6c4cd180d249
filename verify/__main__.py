"""The ``verify`` command and ``python -m verify``. ``verify --version`` and ``verify --help``
answer without loading the command table (click and the commands cost several times Python's
own start): the help is the text click writes, kept in ``data/cli-help.txt`` (a test keeps
the two the same)."""

from __future__ import annotations

import os
import sys


def _kept_help() -> str | None:
    """The kept help text, when click would write the same: the ``verify`` command itself on
    a terminal 80 or more columns wide (click wraps to at most 78)."""
    if os.path.basename(sys.argv[0]) != "verify":
        return None  # "python -m verify": click names the program otherwise
    import shutil

    if shutil.get_terminal_size().columns < 80:
        return None
    try:
        with open(os.path.join(os.path.dirname(__file__), "data", "cli-help.txt"),
                  encoding="utf-8") as f:
            return f.read()
    except OSError:
        return None


def main() -> None:
    """Run the command line."""
    if sys.argv[1:] in (["--version"], ["-V"]):
        from ._version import __version__

        print(f"verify, version {__version__}")  # the same line click's version option writes
        return
    if sys.argv[1:] in (["--help"], ["-h"]):
        text = _kept_help()
        if text is not None:
            sys.stdout.write(text)
            return
    from .cli import main as cli

    cli()


if __name__ == "__main__":
    main()
