"""What every readable output says first, computed once for all of them: how severe each
flagged item is (at its most severe flag), the counts in plain words, and the online check
of a URL."""

from __future__ import annotations

from collections import Counter

from ..flags.registry import SEVERITIES
from ..model import Check, Report

#: a severity's place, most severe first (an unknown one sorts last)
RANK = {s: i for i, s in enumerate(SEVERITIES)}
LAST = len(SEVERITIES)

#: the report's counts in words: (singular, plural)
_NOUNS = {"embeds": ("embedded post", "embedded posts"),
          "media_refs": ("media reference", "media references"), "links": ("link", "links"),
          "claims": ("claim", "claims"), "flags": ("flag", "flags")}


def rank(severity: str) -> int:
    """The place of ``severity`` in :data:`SEVERITIES` (most severe first)."""
    return RANK.get(severity, LAST)


def worst_by_item(report: Report) -> dict[str, str]:
    """Each flagged item's most severe flag, in the order items were first flagged."""
    worst: dict[str, str] = {}
    for f in report.flags:
        if f.item not in worst or rank(f.severity) < rank(worst[f.item]):
            worst[f.item] = f.severity
    return worst


def severity_counts(report: Report) -> Counter[str]:
    """How many flagged items are high, medium and low (each at its most severe flag)."""
    return Counter(worst_by_item(report).values())


def summary_line(report: Report) -> str:
    """ "16 flagged items: 9 high, 6 medium, 1 low" (each item at its most severe flag)."""
    levels = severity_counts(report)
    total = sum(levels.values())
    if not total:
        return "no flagged items"
    noun = "item" if total == 1 else "items"
    return f"{total} flagged {noun}: " + ", ".join(f"{levels[s]} {s}" for s in SEVERITIES
                                                   if levels[s])


def plain_counts(report: Report) -> str:
    """ "1 embedded post, 2 media references, 18 claims, 30 flags" (no "1 embeds")."""
    return ", ".join(f"{n} {_NOUNS[k][n != 1]}" for k, n in report.counts().items())


def checks_by_url(report: Report) -> dict[str, Check]:
    """The report's online checks by the URL they were asked for and by its normal form."""
    checks = {c.url: c for c in report.checks}
    checks.update({c.normalized_url: c for c in report.checks})
    return checks
