"""The ordered list of pipeline stages after extraction; each adds items to the report."""

from __future__ import annotations

DEFAULT_STAGES: tuple = ()
