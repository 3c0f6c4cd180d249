"""The flag registry: one validated row per flag code (``data/flags.toml``), the single place a
code's severity and one-line meaning live. Every stage makes its flags through it.

>>> reg = FlagRegistry.load()
>>> reg.severity("party_claim")
'medium'
>>> reg.make("c1", "speculative", "It is a prediction.", []).severity
'low'
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ..errors import VerifyError
from ..model import Flag, Span
from ..tomlfile import read

SEVERITIES = ("high", "medium", "low")


@dataclass(frozen=True)
class FlagCode:
    """One flag code: its severity, the stage that raises it and what it means."""

    code: str
    severity: str
    stage: str
    doc: str


class FlagRegistry:
    """All flag codes, in the table's order."""

    def __init__(self, codes: list[FlagCode]) -> None:
        self.codes = {c.code: c for c in codes}
        if len(self.codes) != len(codes):
            raise VerifyError("bad flag table: a code is listed twice")

    @staticmethod
    @cache
    def load() -> FlagRegistry:
        """The packaged table, validated."""
        rows = read("flags.toml").get("flag", [])
        codes = []
        for row in rows:
            try:
                code = FlagCode(str(row["code"]), str(row["severity"]), str(row["stage"]),
                                str(row["doc"]))
            except (KeyError, TypeError) as exc:
                raise VerifyError(f"bad flag table row {row!r}: missing {exc}") from exc
            if code.severity not in SEVERITIES:
                raise VerifyError(f"bad flag table: {code.code}: severity {code.severity!r}")
            codes.append(code)
        return FlagRegistry(codes)

    def severity(self, code: str) -> str:
        """The severity of ``code``; an unknown code is a programming error."""
        try:
            return self.codes[code].severity
        except KeyError:
            raise VerifyError(f"unknown flag code {code!r}") from None

    def make(self, item: str, code: str, reason: str, evidence: list[Span],
             severity: str | None = None) -> Flag:
        """A flag of a registered code (its severity from the table unless given)."""
        level = severity or self.severity(code)
        if level not in SEVERITIES:
            raise VerifyError(f"bad severity {level!r} for {code}")
        return Flag(item=item, code=code, severity=level, reason=reason, evidence=evidence)
