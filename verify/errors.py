"""The one exception hierarchy of `verify`.

Every error the package raises on purpose is a :class:`VerifyError`. Subclasses also inherit the
matching built-in, so ``except ValueError`` keeps working for callers who do not know `verify`.
"""

from __future__ import annotations


class VerifyError(Exception):
    """Root of all errors raised by `verify`."""


class InputError(VerifyError, ValueError):
    """The input is not a story `verify` can read (empty, binary, too big, undecodable...)."""


class FetchError(VerifyError, OSError):
    """A URL the user gave could not be fetched (timeout, HTTP error, blocked address...)."""


class BlockedAddressError(FetchError):
    """The URL points at an address that must not be contacted (loopback, private, ...)."""


class TimeBudgetError(VerifyError, TimeoutError):
    """A story took longer than the per-story time budget (the ``time_budget`` option)."""


class OptionsError(VerifyError, TypeError):
    """An option has the wrong name, type or value."""


class SchemaError(VerifyError, ValueError):
    """A report dictionary does not follow the ``verify.report/1`` schema."""
