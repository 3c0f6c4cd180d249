"""verify: find embedded social posts, media references and claims in news stories, and flag
what cannot be independently verified.

>>> import verify
>>> report = verify.scan("Rebels claimed they killed dozens of soldiers.")
>>> report.schema
'verify.report/1'
"""

from __future__ import annotations

import logging
from importlib import import_module
from typing import TYPE_CHECKING, Any

from ._version import __version__
from .errors import FetchError, InputError, TimeBudgetError, VerifyError

if TYPE_CHECKING:
    from .model import Report
    from .options import Options
    from .output.frames import to_dataframe
    from .scanner import Scanner, scan, scan_many

logging.getLogger(__name__).addHandler(logging.NullHandler())

#: imported on first use, so ``verify --version`` and the package's light modules start fast
_LAZY = {"Report": ".model", "Options": ".options", "to_dataframe": ".output.frames",
         "Scanner": ".scanner", "scan": ".scanner", "scan_many": ".scanner"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])

__all__ = [
    "FetchError",
    "InputError",
    "Options",
    "Report",
    "Scanner",
    "TimeBudgetError",
    "VerifyError",
    "__version__",
    "scan",
    "scan_many",
    "to_dataframe",
]
