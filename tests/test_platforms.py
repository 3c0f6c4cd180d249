"""The platform table: every row's example URLs give the id, canonical URL, kind and handle
they are listed with (as yt-dlp keeps ``_TESTS`` beside each extractor), and a row with a key
the format does not know is refused."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from verify.errors import VerifyError
from verify.platforms import PlatformTable
from verify.tomlfile import read

ROWS = read("platforms.toml")["platform"]
EXAMPLES = [(row["name"], ex) for row in ROWS for ex in row.get("examples", [])]


def test_every_row_has_examples() -> None:
    assert [row["name"] for row in ROWS if not row.get("examples")] == []


@pytest.mark.parametrize(("platform", "example"), EXAMPLES,
                         ids=[ex["url"][:70] for _, ex in EXAMPLES])
def test_example_urls(platform: str, example: dict[str, str]) -> None:
    m = PlatformTable.load().match(example["url"])
    assert m is not None and m.platform == platform
    if example.get("kind") == "profile":
        assert (m.kind, m.handle) == ("profile", example["handle"])
    else:
        assert m.is_post and (m.post_id, m.canonical) == (example["id"], example["canonical"])
        assert PlatformTable.load().match(m.canonical).post_id == m.post_id  # canonical is stable


@pytest.mark.parametrize(("row", "message"), [
    ('name = "x"\ndomain = ["x.example"]', "unknown key 'domain' (did you mean 'domains'?)"),
    ('name = "x"\nposts = [{ regex = "^x" }]', "unknown key 'regex'"),
    ('name = "x"\nselectors = [{ css = "div.x", id_atr = "data-id" }]', "did you mean 'id_attr'"),
    ('name = "x"\nposts = ["^x"]', "expected a table"),
])
def test_a_row_with_an_unknown_key_is_refused(tmp_path: Path, row: str, message: str) -> None:
    bad = tmp_path / "p.toml"
    bad.write_text(f"[[platform]]\n{row}\n", encoding="utf-8")
    with pytest.raises(VerifyError, match=re.escape(message)):
        PlatformTable.load(str(bad))
