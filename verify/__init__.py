"""verify: find embedded social posts, media references and claims in news stories, and flag
what cannot be independently verified.

>>> import verify
>>> report = verify.scan("Rebels claimed they killed dozens of soldiers.")
>>> report.schema
'verify.report/1'
"""

from __future__ import annotations

import logging

from ._version import __version__
from .errors import FetchError, InputError, TimeBudgetError, VerifyError
from .model import Report
from .options import Options
from .output.frames import to_dataframe
from .scanner import Scanner, scan, scan_many

logging.getLogger(__name__).addHandler(logging.NullHandler())

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
