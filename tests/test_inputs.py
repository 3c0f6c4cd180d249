"""Inputs: how sources are told apart, decoded, and recognised as HTML or text."""

from __future__ import annotations

from pathlib import Path

import pytest

import verify
from verify.input.sources import decode, expand, looks_like_html, resolve

from .conftest import STORIES


@pytest.mark.parametrize(
    ("source", "kind"),
    [
        ("https://example.org/news/1", "url"),
        ("HTTP://EXAMPLE.ORG", "url"),
        ("-", "stdin"),
        ("Rebels claimed they killed dozens of soldiers.", "text"),
        ("<p>Rebels claimed</p>", "text"),
        ("one\ntwo", "text"),
        ("word", "text"),
        ("story.html", "file"),
        ("stories/today", "file"),
        ("x" * 5000, "text"),  # longer than any file name: must not raise "File name too long"
        ("a/" * 3000, "text"),
        (b"<html><body><p>bytes</p></body></html>", "text"),
        (Path("whatever.txt"), "file"),
    ],
)
def test_resolve_tells_kinds_apart(source: object, kind: str) -> None:
    assert resolve(source).kind == kind


def test_existing_file_without_suffix_is_a_file(tmp_path: Path) -> None:
    path = tmp_path / "README"
    path.write_text("The army said it killed 20 rebels.", encoding="utf-8")
    assert resolve(str(path)).kind == "file"
    assert verify.scan(str(path)).source.kind == "file"


def test_missing_path_is_an_error_not_a_story() -> None:
    with pytest.raises(verify.InputError, match="no such file"):
        verify.scan("no/such/story.html")


def test_resolve_rejects_other_types() -> None:
    with pytest.raises(verify.InputError):
        resolve(42)


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Le café à Bamako: les rebelles ont déclaré avoir tué des soldats.", "latin-1"),
        ("The army’s “official” toll – two soldiers.", "cp1252"),
        ("Российские военные заявили, что уничтожили колонну.", "cp1251"),
        ("反政府勢力は兵士を殺害したと主張した。", "shift_jis"),
        ("Rebels “claimed” a victory.", "utf-16"),
        ("Rebels “claimed” a victory.", "utf-8-sig"),
    ],
)
def test_decode_detects_encodings(text: str, encoding: str) -> None:
    assert decode(text.encode(encoding), "t") == text


def test_declared_charset_is_honoured() -> None:
    html = '<html><head><meta charset="iso-8859-15"></head><body><p>Prix: 5 €</p></body></html>'
    assert "5 €" in decode(html.encode("iso-8859-15"), "t")


def test_forced_encoding(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes("Ça a été confirmé par l’armée.".encode("mac_roman"))
    report = verify.scan(path, encoding="mac_roman")
    assert report.text.startswith("Ça a été confirmé")


@pytest.mark.parametrize(
    ("content", "is_html"),
    [
        ("<!DOCTYPE html><html><body>x</body></html>", True),
        ("  <!-- saved --> <html><p>x</p></html>", True),
        ("<div><p>Rebels</p><p>claimed</p></div>", True),
        ("Rebels claimed x < y and 3 > 2 in the text.", False),
        ("A story\nwith lines <3", False),
    ],
)
def test_html_is_decided_by_content(content: str, is_html: bool) -> None:
    assert looks_like_html(content) is is_html


def test_html_content_in_txt_file_is_read_as_html(tmp_path: Path) -> None:
    path = tmp_path / "saved.txt"
    path.write_text((STORIES / "mali-clashes.html").read_text(encoding="utf-8"), encoding="utf-8")
    report = verify.scan(path)
    assert report.source.site == "Sahel Monitor"
    assert "<blockquote" not in report.text


def test_directory_expands_to_story_files(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text("<html><body><p>One story.</p></body></html>", "utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("Another story.", "utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n")
    found = [Path(i.location or "").name for i in expand([tmp_path])]
    assert found == ["a.html", "b.txt"]


def test_text_and_html_strings_scan_in_a_notebook() -> None:
    text_report = verify.scan("Rebels claimed they killed dozens of soldiers.")
    assert text_report.source.kind == "text"
    assert text_report.text == "Rebels claimed they killed dozens of soldiers."
    html_report = verify.scan(
        "<html><head><title>T</title></head><body><article><p>The army said it killed "
        "20 rebels near the border on Friday, officials said.</p></article></body></html>"
    )
    assert "20 rebels" in html_report.text
