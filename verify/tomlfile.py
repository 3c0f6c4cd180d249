"""Reading the TOML data tables (packaged under ``verify/data`` or the user's own files)."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import VerifyError


def loads(text: str, where: str) -> dict[str, Any]:
    """Parse TOML text; a syntax error is a :class:`VerifyError` naming ``where``."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise VerifyError(f"cannot read {where}: {exc}") from exc


def read(name: str, path: str | Path | None = None) -> dict[str, Any]:
    """The packaged table ``data/<name>``, or the TOML file at ``path``."""
    try:
        if path is None:
            text = resources.files("verify").joinpath(f"data/{name}").read_text("utf-8")
        else:
            text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise VerifyError(f"cannot read {path or name}: {exc}") from exc
    return loads(text, str(path or name))
