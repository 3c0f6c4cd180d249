"""The known-media database: matching through edits, provenance, bad images, a damaged
database, several processes, import/export, the CLI, and scan --media-db."""

from __future__ import annotations

import io
import json
import multiprocessing
import struct
import zlib
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from PIL import Image, ImageDraw, ImageOps

import verify
from verify.cli import main
from verify.media.db import MediaDB, MediaDBError, Provenance
from verify.media.imaging import ImageError, hash_image


def photo(seed: int, size: tuple[int, int] = (480, 360)) -> Image.Image:
    """A photo-like test image: a sky-to-ground gradient, blurred shapes, grain."""
    rng = np.random.default_rng(seed)
    w, h = size
    y = np.linspace(0, 1, h)[:, None, None]
    base = (1 - y) * rng.uniform(60, 200, 3) + y * rng.uniform(20, 160, 3)
    img = Image.fromarray(np.broadcast_to(base, (h, w, 3)).astype(np.uint8))
    draw = ImageDraw.Draw(img)
    for _ in range(12):
        x0, y0 = rng.integers(0, w), rng.integers(0, h)
        x1, y1 = x0 + rng.integers(30, w // 2), y0 + rng.integers(30, h // 2)
        draw.ellipse((x0, y0, x1, y1), fill=tuple(int(c) for c in rng.integers(0, 255, 3)))
    noise = rng.normal(0, 6, (h, w, 3))
    return Image.fromarray(np.clip(np.asarray(img) + noise, 0, 255).astype(np.uint8))


def jpeg(img: Image.Image, quality: int = 90) -> bytes:
    buf = io.BytesIO()
    img.convert("RGB").save(buf, "JPEG", quality=quality)
    return buf.getvalue()


def caption(img: Image.Image) -> Image.Image:
    out = Image.new("RGB", (img.width, img.height + img.height // 5), "white")
    out.paste(img, (0, img.height // 5))
    ImageDraw.Draw(out).text((10, 20), "THIS IS HAPPENING RIGHT NOW", fill="black")
    return out


@pytest.fixture
def db(tmp_path: Path) -> MediaDB:
    with MediaDB(tmp_path / "media.db") as database:
        for seed in range(6):
            database.add(jpeg(photo(seed)), name=f"photo-{seed}.jpg",
                         provenance=Provenance(note=f"scene {seed}", first_seen="2015-03-02",
                                               fact_check=f"https://factcheck.example/{seed}"))
        yield database


@pytest.mark.parametrize(("edit", "variant"), [
    (lambda i: jpeg(i, 30), "as is"),
    (lambda i: jpeg(i.resize((i.width // 4, i.height // 4)), 50), "as is"),
    (lambda i: jpeg(ImageOps.grayscale(i)), "as is"),
    (lambda i: jpeg(ImageOps.mirror(i)), "mirror"),
    (lambda i: jpeg(caption(i)), "content box"),
    (lambda i: jpeg(i.crop((0, 0, int(i.width * 0.88), i.height))), "as is"),
])
def test_edited_copies_are_found(db: MediaDB, edit, variant: str) -> None:  # type: ignore[no-untyped-def]
    (best, *_) = db.lookup(edit(photo(3)))
    assert best.item.name == "photo-3.jpg" and best.verdict == "match"
    assert best.variant == variant
    assert "first seen 2015-03-02" in best.describe()
    assert "fact-check: https://factcheck.example/3" in best.describe()


def _crop(img: Image.Image, box: tuple[float, float, float, float]) -> Image.Image:
    left, top, right, bottom = box
    return img.crop((int(img.width * left), int(img.height * top), int(img.width * right),
                     int(img.height * bottom)))


@pytest.mark.parametrize("box", [
    (0.08, 0.08, 0.92, 0.92),  # 8% around: more than the stored centre 90% variant cuts
    (0.07, 0.09, 0.94, 0.92),  # uneven, off-centre cut of 6-9% per side
], ids=["centre 84%", "off-centre"])
def test_nearby_crops_match_a_stored_crop(db: MediaDB, box) -> None:  # type: ignore[no-untyped-def]
    """A crop that is not the exact stored centre crop still matches through the stored crop
    variants (these crops are more than MATCH bits from the uncropped hash), while the same
    crop of a different photo matches nothing."""
    (best, *_) = db.lookup(jpeg(_crop(photo(3), box)))
    assert best.item.name == "photo-3.jpg" and best.verdict == "match"
    assert best.variant == "as is"
    assert [m for m in db.lookup(jpeg(_crop(photo(103), box))) if m.verdict == "match"] == []


def test_other_images_are_not_found(db: MediaDB) -> None:
    for seed in range(100, 110):
        assert [m for m in db.lookup(jpeg(photo(seed))) if m.verdict == "match"] == []


def test_same_bytes_are_one_item(db: MediaDB) -> None:
    n = len(db)
    item = db.add(jpeg(photo(2)), name="again.jpg", provenance=Provenance(source="https://a.example"))
    assert len(db) == n and item.name == "photo-2.jpg" and item.provenance.source == "https://a.example"


def _png_header(width: int, height: int) -> bytes:
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    idat = b"IDAT" + zlib.compress(b"\x00" * 16)
    return (b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + chunk
            + struct.pack(">I", zlib.crc32(chunk)) + struct.pack(">I", len(idat) - 4) + idat
            + struct.pack(">I", zlib.crc32(idat)) + struct.pack(">I", 0) + b"IEND"
            + struct.pack(">I", zlib.crc32(b"IEND")))


BAD_IMAGES = {
    "truncated jpeg": (lambda: jpeg(photo(1))[:3000], "damaged or truncated"),
    "decompression bomb": (lambda: _png_header(20_000, 20_000), "decompression bomb"),
    "svg": (lambda: b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>',
            "not an image in an allowed format"),
    "text named .jpg": (lambda: b"this is not a picture", "not an image"),
}


@pytest.mark.parametrize("case", BAD_IMAGES, ids=list(BAD_IMAGES))
def test_bad_images_add_nothing(db: MediaDB, tmp_path: Path, case: str) -> None:
    make, message = BAD_IMAGES[case]
    path = tmp_path / "bad.jpg"
    path.write_bytes(make())
    n = len(db)
    with pytest.raises(ImageError, match=message):
        db.add(path)
    with pytest.raises(ImageError):
        db.lookup(path)
    assert len(db) == n and db.lookup(jpeg(photo(0)))[0].item.name == "photo-0.jpg"


def test_missing_file(db: MediaDB, tmp_path: Path) -> None:
    with pytest.raises(ImageError, match="cannot read"):
        db.add(tmp_path / "nope.jpg")


def test_damaged_database_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.db"
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 2000)
    with pytest.raises(MediaDBError, match="not a usable verify media database"):
        MediaDB(path)
    result = CliRunner().invoke(main, ["media", "--db", str(path), "stats"])
    assert result.exit_code == 2 and "not a usable" in result.output


def test_only_add_and_import_create_a_database(tmp_path: Path) -> None:
    """A typo in --db is an error for lookup, stats and export, never a new empty database
    answering "not in the database" (issue 13); --db goes before or after the subcommand."""
    img = tmp_path / "img.jpg"
    img.write_bytes(jpeg(photo(3)))
    typo = tmp_path / "typo.db"
    run = CliRunner().invoke
    for args in (["media", "--db", str(typo), "lookup", str(img)],
                 ["media", "lookup", "--db", str(typo), str(img)],
                 ["media", "stats", "--db", str(typo)], ["media", "export", "--db", str(typo)]):
        result = run(main, args)
        assert result.exit_code == 2 and "no media database" in result.output, args
        assert not typo.exists()
    db = tmp_path / "known.db"
    assert run(main, ["media", "add", "--db", str(db), str(img)]).exit_code == 0
    found = run(main, ["media", "lookup", str(img), "--db", str(db)])
    assert found.exit_code == 0 and "1 known image" in found.output


def _add_in_process(path: str, seeds: list[int]) -> None:
    with MediaDB(path) as db:
        for seed in seeds:
            db.add(jpeg(photo(seed)), name=f"p{seed}.jpg")


def test_several_processes_add_at_once(tmp_path: Path) -> None:
    path = str(tmp_path / "shared.db")
    MediaDB(path).close()
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_add_in_process, args=(path, list(range(k, k + 4))))
             for k in (10, 20)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    with MediaDB(path) as db:
        assert len(db) == 8 and all(p.exitcode == 0 for p in procs)


def test_search_finds_exact_distances(tmp_path: Path) -> None:
    with MediaDB(tmp_path / "h.db") as db:
        base = 0x0F0F_F0F0_1234_ABCD
        db.add_hashes([base, base ^ 0b111, base ^ ((1 << 13) - 1), 0xFFFF_FFFF_FFFF_FFFF])
        found = sorted(d for _, d in db.search_hash(base, radius=12))
        assert found == [0, 3]
        assert sorted(d for _, d in db.search_hash(base, radius=13)) == [0, 3, 13]


def test_import_export(db: MediaDB, tmp_path: Path) -> None:
    (tmp_path / "a.jpg").write_bytes(jpeg(photo(40)))
    rows = tmp_path / "known.csv"
    rows.write_text("path,phash,note,first_seen\na.jpg,,flood 2012,2012-10-30\n,ffff0000ffff0000,"
                    "a hash,2019-01-01\nmissing.jpg,,,\n", encoding="utf-8")
    n = len(db)
    added, errors = db.import_(rows)
    assert added == 2 and len(errors) == 1 and "missing.jpg" in errors[0]
    assert len(db) == n + 2
    exported = list(db.export())
    assert any(r["hashes"][0]["phash"] == "ffff0000ffff0000" for r in exported)
    assert any(r["provenance"]["note"] == "flood 2012" for r in exported)
    assert db.lookup(jpeg(photo(40), 40))[0].item.provenance.first_seen == "2012-10-30"


def test_cli_media_commands(tmp_path: Path) -> None:
    dbp = str(tmp_path / "cli.db")
    img = tmp_path / "old.jpg"
    img.write_bytes(jpeg(photo(7)))
    runner = CliRunner()
    added = runner.invoke(main, ["media", "--db", dbp, "add", str(img), "--first-seen",
                                 "2015-03-02", "--fact-check", "https://fc.example/1"])
    assert added.exit_code == 0 and "added" in added.output
    query = tmp_path / "meme.jpg"
    query.write_bytes(jpeg(caption(photo(7)), 60))
    found = runner.invoke(main, ["media", "--db", dbp, "lookup", str(query), "-f", "json"])
    (record,) = json.loads(found.output)  # JSON is always an array
    assert record["image"] == str(query) and record["matches"][0]["item"]["name"] == str(img)
    text = runner.invoke(main, ["media", "--db", dbp, "lookup", str(query)])
    assert "first seen 2015-03-02" in text.output and "fact-check: https://fc.example/1" in text.output
    bad = tmp_path / "x.jpg"
    bad.write_text("no", encoding="utf-8")
    failed = runner.invoke(main, ["media", "--db", dbp, "add", str(bad)])
    assert failed.exit_code == 2 and "verify: error:" in failed.stderr
    stats = runner.invoke(main, ["media", "--db", dbp, "stats"])
    assert "items: 1" in stats.output
    exported = runner.invoke(main, ["media", "--db", dbp, "export"])
    assert json.loads(exported.output.splitlines()[0])["provenance"]["first_seen"] == "2015-03-02"


def test_scan_flags_known_media_in_a_saved_page(tmp_path: Path) -> None:
    dbp = tmp_path / "known.db"
    with MediaDB(dbp) as db:
        db.add(jpeg(photo(11)), name="flood-2012.jpg",
               provenance=Provenance(first_seen="2012-10-30",
                                     fact_check="https://factcheck.example/flood"))
    page_dir = tmp_path / "saved"
    (page_dir / "files").mkdir(parents=True)
    (page_dir / "files" / "img1.jpg").write_bytes(jpeg(caption(photo(11)), 70))
    (page_dir / "files" / "img2.jpg").write_bytes(jpeg(photo(12)))
    page = page_dir / "story.html"
    page.write_text(
        "<html><head><title>Floods hit the city</title></head><body><article><p>Residents said "
        "the water rose overnight across the northern districts of the city.</p>"
        '<img src="files/img1.jpg" alt="Flooded street on Tuesday"><p>Officials said 40 homes '
        'were damaged by the flood water on Tuesday night.</p><img src="files/img2.jpg">'
        "</article></body></html>", encoding="utf-8")
    report = verify.scan(page, media_db=str(dbp))
    (flag,) = [f for f in report.flags if f.code == "known_media"]
    assert flag.severity == "high"
    assert "first seen 2012-10-30" in flag.reason and "https://factcheck.example/flood" in flag.reason
    ref = report.item(flag.item)
    assert ref.kind == "photo" and ref.text == "Flooded street on Tuesday"
    result = CliRunner().invoke(main, ["scan", str(page), "--media-db", str(dbp)])
    assert "known_media" in result.output


def test_hashing_is_the_same_for_stored_and_queried(tmp_path: Path) -> None:
    """The hashes MediaDB.add stores (read back from the database) equal, bit for bit, the
    hashes the query path computes for the same bytes, as is and for the content box."""
    data = jpeg(caption(photo(5)))
    with MediaDB(tmp_path / "same.db") as db:
        db.add(data, name="meme.jpg")
        (record,) = list(db.export())
        stored = {h["kind"]: int(h["phash"], 16) for h in record["hashes"]}
        queried = hash_image(data)
        assert queried.content_box is not None
        assert stored["as is"] == queried.phash
        assert stored["content box"] == queried.content_box
        (best,) = db.lookup(data)
        assert (best.item.name, best.distance, best.variant) == ("meme.jpg", 0, "as is")


def test_a_database_of_another_schema_or_program_is_refused_untouched(tmp_path: Path) -> None:
    """Issue 16: another program's SQLite file, or ours of another schema, is never used or
    altered; hashes of another algorithm say so instead of answering "not in the database"."""
    import sqlite3

    foreign = tmp_path / "notes.db"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE notes (id INTEGER, body TEXT)")
    before = foreign.read_bytes()
    with pytest.raises(MediaDBError, match="something else"):
        MediaDB(foreign)
    assert foreign.read_bytes() == before
    ours = tmp_path / "media.db"
    with MediaDB(ours) as db:
        db.add(jpeg(photo(4)), name="a.jpg")
    with sqlite3.connect(ours) as conn:
        conn.execute("UPDATE meta SET value = '99' WHERE key = 'schema'")
    with pytest.raises(MediaDBError, match="schema 99"):
        MediaDB(ours)
    with sqlite3.connect(ours) as conn:
        conn.execute("UPDATE meta SET value = '1' WHERE key = 'schema'")
        conn.execute("UPDATE hashes SET algorithm = 'phash64-old'")
    img = tmp_path / "a.jpg"
    img.write_bytes(jpeg(photo(4)))
    result = CliRunner().invoke(main, ["media", "lookup", "--db", str(ours), str(img)])
    assert "made with phash64-old" in result.output


def test_a_damaged_snapshot_is_rebuilt_not_searched(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "media.db"
    with MediaDB(path) as db:
        db.add(jpeg(photo(5)), name="a.jpg")
        assert db.lookup(jpeg(photo(5)))  # builds the snapshot
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE snapshot SET items = x'0100000000000000', hashes = x'00'")
    with MediaDB(path) as db:
        matches = db.lookup(jpeg(photo(5)))
    assert matches and matches[0].item.name == "a.jpg" and matches[0].distance == 0
