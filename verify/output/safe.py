"""What a page says reaches terminals, spreadsheets and Markdown renderers: make it inert.

A page can carry escape sequences that rewrite a terminal (and hide its own flags), HTML that
a Markdown viewer runs, and cells that a spreadsheet takes for formulas. Every writer passes
page-derived strings through one of these."""

from __future__ import annotations

import html
import re

#: C0 controls but tab and newline, DEL, C1 controls, and the bidirectional overrides that can
#: make text read other than it is
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def terminal(text: str) -> str:
    """``text`` with control, escape and bidi-override characters removed (shown as ``?``)."""
    return _UNSAFE.sub("?", text)


def markdown(text: str) -> str:
    """``text`` as one Markdown table cell or line: HTML escaped, pipes escaped, one line.

    >>> markdown('<img src=x onerror=alert(1)> | x')
    '&lt;img src=x onerror=alert(1)&gt; \\\\| x'
    """
    text = html.escape(terminal(text).replace("\n", " "), quote=False)
    return text.replace("|", "\\|")


def cell(value: object) -> str:
    """A CSV/TSV cell no spreadsheet takes for a formula (a leading ``'`` where it would);
    booleans as yes/no."""
    if isinstance(value, bool):  # "yes"/"no", not Python's True/False
        return "yes" if value else "no"
    text = "" if value is None else terminal(str(value))
    return "'" + text if text.startswith(_FORMULA) else text
