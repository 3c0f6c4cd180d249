"""Output injection (issue 16): a page's escape sequences never reach the terminal, its HTML
never reaches Markdown as markup, and its text never reaches a spreadsheet as a formula."""

from __future__ import annotations

import io

import verify
from verify.output.render import write_reports

PAGE = ("<html><head><title>News \x1b[2J\x1b]0;owned\x07 \u202eevil</title></head><body><article>"
        "<p>=HYPERLINK(\"http://evil.example\") Officials said 12 people died. "
        "<img src=x onerror=alert(1)> The army said it captured the town.</p>"
        "<p>Rebels claimed they killed 40 soldiers, a figure that could not be verified. "
        "\x1b[8mhidden\x1b[0m</p></article></body></html>")


def _out(fmt: str) -> str:
    buf = io.StringIO()
    write_reports([verify.scan(PAGE)], fmt, buf)
    return buf.getvalue()


def test_text_output_carries_no_control_characters() -> None:
    text = _out("text")
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
    assert "Officials said 12 people died" in text


def test_markdown_carries_no_markup_from_the_page() -> None:
    md = _out("markdown")
    assert ("<img" not in md and "&lt;img" in md) or "img" not in md
    assert "\x1b" not in md


def test_csv_cells_are_not_formulas() -> None:
    csv_text = _out("csv")
    for line in csv_text.splitlines()[1:]:
        for value in line.split(","):
            assert not value.strip('"').startswith(("=", "+", "@")), line
    assert "\x1b" not in csv_text


def test_booleans_in_csv_are_words() -> None:
    """A check's from_cache is "no" in a spreadsheet, not Python's False (issue 14)."""
    from verify.output.safe import cell

    assert (cell(False), cell(True), cell(0), cell(None)) == ("no", "yes", "0", "")
