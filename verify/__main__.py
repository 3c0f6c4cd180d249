"""The ``verify`` command and ``python -m verify``. ``verify --version`` answers without
loading the command table (click and the commands cost several times Python's own start)."""

from __future__ import annotations

import sys


def main() -> None:
    """Run the command line."""
    if sys.argv[1:] in (["--version"], ["-V"]):
        from ._version import __version__

        print(f"verify, version {__version__}")  # the same line click's version option writes
        return
    from .cli import main as cli

    cli()


if __name__ == "__main__":
    main()
