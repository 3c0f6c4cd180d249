"""A local database of known images with their provenance, to spot recycled media.

SQLite (WAL mode, one transaction per change, safe for several processes) holds the items and
their pHash-64 values, each with the algorithm version that made it. Searching loads every hash
into numpy once; a small store is compared by XOR + popcount in blocks, a large one (from
``INDEX_FROM`` hashes) through a multi-index hashing table (:mod:`verify.media.index`), exact
and sub-linear, once the process has scanned ``INDEX_AFTER`` query values (building the table
costs about as much: a one-off lookup stays a scan, a batch soon goes through the table). A
snapshot of the packed arrays and of the tables is kept in the database, so a cold start reads
a few blobs instead of millions of rows.

>>> db = MediaDB(":memory:")
>>> len(db)
0
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import sqlite3
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import VerifyError
from .imaging import ALGORITHM, Hashed, ImageError, hash_image, read_image_file
from .index import HashIndex, layout, store_order

MATCH = 8  # distance at or below which two images are the same picture
POSSIBLE = 12  # up to here: possibly the same, worth a look
IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".gif", ".webp", ".bmp", ".tif", ".tiff"})
_BLOCK = 1 << 17
#: from this many hashes on, searches go through a multi-index hashing table: below it a
#: linear scan is as fast (both about 0.3 ms a hash; benchmarks/media.py)
INDEX_FROM = 300_000
#: query values a process scans before it builds that table: a fresh process answers its first
#: lookups at once (a scan of 7,000,000 hashes for an image's four variants: 22-32 ms), and a
#: batch soon goes through the table, whose build (3-4 s from the snapshot's tables there) the
#: next few hundred values repay
INDEX_AFTER = 64
_SCHEMA = """
CREATE TABLE IF NOT EXISTS items (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    sha256 TEXT UNIQUE,
    width INTEGER, height INTEGER,
    note TEXT, first_seen TEXT, source TEXT, fact_check TEXT,
    added_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS hashes (
    item INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    algorithm TEXT NOT NULL,
    value INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS hashes_item ON hashes(item);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS snapshot (algorithm TEXT PRIMARY KEY, generation INTEGER NOT NULL,
                                     items BLOB NOT NULL, hashes BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS snapshot_index (algorithm TEXT NOT NULL, part INTEGER NOT NULL,
                                           generation INTEGER NOT NULL, perm BLOB NOT NULL,
                                           starts BLOB NOT NULL, crc INTEGER NOT NULL,
                                           PRIMARY KEY (algorithm, part));
"""


class MediaDBError(VerifyError, OSError):
    """The database cannot be opened or written."""


@dataclass
class Provenance:
    """What is known about an image: where and when it was first seen, and who debunked it."""

    note: str | None = None
    first_seen: str | None = None
    source: str | None = None
    fact_check: str | None = None


@dataclass
class Item:
    """One stored image."""

    id: int
    name: str
    width: int | None = None
    height: int | None = None
    provenance: Provenance = field(default_factory=Provenance)
    added_at: str | None = None


@dataclass
class Match:
    """A stored image that a queried image matches."""

    item: Item
    distance: int
    variant: str  # which form of the query matched: as is, content box, mirror, ...
    verdict: str  # match | possible

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-ready data."""
        return asdict(self)

    def describe(self) -> str:
        """One sentence a fact-checker can read, quoting the stored provenance."""
        p = self.item.provenance
        bits = [f"matches {self.item.name!r}" if self.verdict == "match"
                else f"possibly matches {self.item.name!r}"]
        if p.first_seen:
            bits.append(f"an image first seen {p.first_seen}")
        if p.note:
            bits.append(f"noted as: {p.note}")
        if p.source:
            bits.append(f"source: {p.source}")
        if p.fact_check:
            bits.append(f"fact-check: {p.fact_check}")
        return "; ".join(bits) + f" (distance {self.distance}, {self.variant})."


#: the layout of the tables; a database of another layout is refused, never altered
SCHEMA_VERSION = 1


def default_path() -> Path:
    """``$VERIFY_MEDIA_DB``, else ``media.db`` in the user's data directory."""
    env = os.environ.get("VERIFY_MEDIA_DB")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_path

    return user_data_path("verify", appauthor=False) / "media.db"


def search_linear(hashes: np.ndarray, values: Any, radius: int
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(position, distance, index of the query value) of every hash within ``radius`` of any
    of ``values``: XOR + popcount over the array in blocks, every value per block."""
    query = np.asarray(values, dtype=np.uint64).ravel()
    size = min(_BLOCK, max(1, len(hashes)))
    buf = np.empty(size, dtype=np.uint64)
    dist = np.empty(size, dtype=np.uint8)
    found: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    for start in range(0, len(hashes), _BLOCK):
        block = hashes[start : start + _BLOCK]
        n = len(block)
        for w, q in enumerate(query):
            np.bitwise_xor(block, q, out=buf[:n])
            np.bitwise_count(buf[:n], out=dist[:n])
            hits = np.flatnonzero(dist[:n] <= radius)
            if len(hits):
                found.append((hits + start, dist[hits].copy(), np.full(len(hits), w)))
    if not found:
        return np.empty(0, np.int64), np.empty(0, np.uint8), np.empty(0, np.int64)
    return tuple(np.concatenate(parts) for parts in zip(*found, strict=True))  # type: ignore[return-value]


def _crc(*blobs: bytes) -> int:
    """A checksum that catches damage (Adler-32: twice as fast as CRC-32 on large blobs)."""
    crc = 1
    for blob in blobs:
        crc = zlib.adler32(blob, crc)
    return crc


def _signed(value: int) -> int:
    return value - (1 << 64) if value >= 1 << 63 else value


def _unsigned(value: int) -> int:
    return value + (1 << 64) if value < 0 else value


class MediaDB:
    """Known images and their provenance. Use as a context manager or call :meth:`close`."""

    def __init__(self, path: str | Path | None = None, *, readonly: bool = False,
                 index_from: int = INDEX_FROM, index_after: int = INDEX_AFTER) -> None:
        self.path = str(path) if path is not None else str(default_path())
        if self.path != ":memory:" and not readonly:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        try:
            if readonly:
                uri = f"file:{Path(self.path).as_posix()}?mode=ro"
                self.conn = sqlite3.connect(uri, uri=True, timeout=30, check_same_thread=False)
            else:
                self.conn = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
                self._refuse_foreign()
                self.conn.execute("PRAGMA journal_mode=WAL")
                self.conn.executescript(_SCHEMA)
                with self.conn:
                    self.conn.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)",
                                      (str(SCHEMA_VERSION),))
            self.conn.execute("PRAGMA foreign_keys=ON")
            self.conn.execute("SELECT count(*) FROM items").fetchone()
            row = self.conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        except sqlite3.DatabaseError as exc:
            raise MediaDBError(f"{self.path}: not a usable verify media database ({exc})") from exc
        if row is not None and row[0] != str(SCHEMA_VERSION):
            self.conn.close()
            raise MediaDBError(f"{self.path}: a media database of schema {row[0]}, and this "
                               f"verify reads schema {SCHEMA_VERSION}; it was left untouched")
        self._ids: np.ndarray | None = None
        self._hashes: np.ndarray | None = None
        self._index: HashIndex | None = None
        self._index_from = index_from
        self._index_after = index_after
        self._scanned = 0  # query values scanned since the hashes were loaded
        self._algorithm = ALGORITHM
        self._generation = -1

    def _refuse_foreign(self) -> None:
        """Refuse an SQLite file that holds other tables and not ours: it belongs to something
        else, and creating our tables in it would alter it."""
        tables = {r[0] for r in self.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        if tables and "items" not in tables:
            self.conn.close()
            raise MediaDBError(f"{self.path}: an SQLite database of something else (tables "
                               f"{', '.join(sorted(tables)[:5])}); it was left untouched")

    def algorithm_warning(self) -> str | None:
        """Why lookups may miss: the stored hashes were made with another algorithm."""
        found = dict(self.conn.execute(
            "SELECT algorithm, count(*) FROM hashes GROUP BY algorithm").fetchall())
        if found and ALGORITHM not in found:
            return (f"{self.path}: its hashes were made with {', '.join(sorted(found))}, and "
                    f"this verify hashes with {ALGORITHM}: add the images again to look them up")
        return None

    # -- lifecycle ---------------------------------------------------------------------------
    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    def __enter__(self) -> MediaDB:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __len__(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM items").fetchone()[0])

    def _generation_now(self) -> int:
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
        return int(row[0]) if row else 0

    def _bump(self) -> None:
        self.conn.execute("INSERT INTO meta(key, value) VALUES ('generation', '1') "
                          "ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1")

    # -- adding ------------------------------------------------------------------------------
    def add(self, image: str | Path | bytes, *, name: str | None = None,
            provenance: Provenance | None = None) -> Item:
        """Hash one image and store it with its provenance (an image already stored, by its
        bytes, keeps its item and gains the provenance it lacked). Raises ImageError."""
        if isinstance(image, bytes):
            data, label = image, name or "image"
        else:
            label = name or str(image)
            data = read_image_file(image, str(image))
        hashed = hash_image(data, label, variants=False)
        return self._store(label, hashlib.sha256(data).hexdigest(), hashed,
                           provenance or Provenance())

    def _store(self, name: str, sha: str | None, hashed: Hashed, prov: Provenance) -> Item:
        now = datetime.now(UTC).isoformat(timespec="seconds")
        try:
            with self.conn:  # one transaction: the item and its hashes, or nothing
                row = self.conn.execute("SELECT id FROM items WHERE sha256 = ?", (sha,)).fetchone() \
                    if sha else None
                if row:
                    item_id = int(row[0])
                    self.conn.execute(
                        "UPDATE items SET note = coalesce(note, ?), first_seen = coalesce(first_seen, ?),"
                        " source = coalesce(source, ?), fact_check = coalesce(fact_check, ?) WHERE id = ?",
                        (prov.note, prov.first_seen, prov.source, prov.fact_check, item_id))
                else:
                    cur = self.conn.execute(
                        "INSERT INTO items(name, sha256, width, height, note, first_seen, source,"
                        " fact_check, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (name, sha, hashed.width, hashed.height, prov.note, prov.first_seen,
                         prov.source, prov.fact_check, now))
                    item_id = int(cur.lastrowid or 0)
                    values = hashed.stored()
                    self.conn.executemany(
                        "INSERT INTO hashes(item, kind, algorithm, value) VALUES (?, ?, ?, ?)",
                        [(item_id, kind, ALGORITHM, _signed(v)) for kind, v in values])
                    self._bump()
        except sqlite3.Error as exc:
            raise MediaDBError(f"{self.path}: cannot write ({exc})") from exc
        item = self.item(item_id)
        assert item is not None
        return item

    def add_hashes(self, values: Iterable[int], *, source: str | None = None,
                   name: str = "hash", algorithm: str = ALGORITHM) -> int:
        """Store bare hashes (imported from elsewhere); returns how many."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        n = 0
        try:
            with self.conn:
                cur = self.conn.cursor()
                for value in values:
                    cur.execute("INSERT INTO items(name, source, added_at) VALUES (?, ?, ?)",
                                (name, source, now))
                    cur.execute("INSERT INTO hashes(item, kind, algorithm, value) VALUES (?, ?, ?, ?)",
                                (cur.lastrowid, "as is", algorithm, _signed(int(value))))
                    n += 1
                self._bump()
        except sqlite3.Error as exc:
            raise MediaDBError(f"{self.path}: cannot write ({exc})") from exc
        return n

    # -- reading -----------------------------------------------------------------------------
    def item(self, item_id: int) -> Item | None:
        """One stored item."""
        row = self.conn.execute(
            "SELECT id, name, width, height, note, first_seen, source, fact_check, added_at "
            "FROM items WHERE id = ?", (item_id,)).fetchone()
        if row is None:
            return None
        return Item(row[0], row[1], row[2], row[3], Provenance(*row[4:8]), row[8])

    def items(self) -> Iterator[Item]:
        """Every stored item, oldest first."""
        for (item_id,) in self.conn.execute("SELECT id FROM items ORDER BY id").fetchall():
            item = self.item(item_id)
            if item is not None:
                yield item

    def load(self, algorithm: str = ALGORITHM) -> None:
        """Load the hashes into memory (from the snapshot when it is current)."""
        generation = self._generation_now()
        if self._hashes is not None and generation == self._generation:
            return
        row = self.conn.execute("SELECT generation, items, hashes FROM snapshot WHERE algorithm = ?",
                                (algorithm,)).fetchone()
        if row is not None and int(row[0]) == generation and self._snapshot_fits(row, algorithm):
            self._ids = np.frombuffer(row[1], dtype=np.int64)
            self._hashes = np.frombuffer(row[2], dtype=np.uint64)
        else:  # no snapshot, an old one, or one that does not fit the table: from the rows
            rows = self.conn.execute("SELECT item, value FROM hashes WHERE algorithm = ?",
                                     (algorithm,)).fetchall()
            pairs = np.array(rows, dtype=np.int64).reshape(-1, 2)
            hashes = pairs[:, 1].view(np.uint64)
            # by value: the first index table's sort order is then the identity
            order = store_order(hashes)
            self._ids = np.ascontiguousarray(pairs[order, 0])
            self._hashes = np.ascontiguousarray(hashes[order])
            try:
                with self.conn:  # the blobs and their length and checksum, together
                    items, blob = self._ids.tobytes(), self._hashes.tobytes()
                    self.conn.execute("INSERT OR REPLACE INTO snapshot VALUES (?, ?, ?, ?)",
                                      (algorithm, generation, items, blob))
                    self.conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)",
                                      (f"snapshot {algorithm}",
                                       f"{len(self._hashes)} {_crc(items, blob)}"))
            except sqlite3.Error:
                pass  # a read-only database still searches, only without the snapshot
        self._index, self._scanned, self._algorithm = None, 0, algorithm  # built when it pays
        self._generation = generation

    def _load_index(self, algorithm: str, generation: int) -> HashIndex:
        """The search tables over the loaded hashes, from the snapshot when it kept them."""
        assert self._hashes is not None
        try:
            rows = self.conn.execute(
                "SELECT perm, starts, crc FROM snapshot_index WHERE algorithm = ? AND generation = ?"
                " ORDER BY part", (algorithm, generation)).fetchall()
        except sqlite3.Error:  # a read-only database of an older verify, without the table
            rows = []
        # the checksum covers the layout too: tables of another layout (an older verify's,
        # whose parts were other bits of the same widths) are built again, never searched
        parts = layout(len(self._hashes))
        tag = repr(parts).encode()
        kept = [(np.frombuffer(perm, dtype=np.int32), np.frombuffer(starts, dtype=np.int32))
                for perm, starts, crc in rows if isinstance(perm, bytes)
                and isinstance(starts, bytes) and len(perm) % 4 == 0 and len(starts) % 4 == 0
                and _crc(tag, perm, starts) == crc]  # a damaged table is built again
        index = HashIndex(self._hashes, kept or None, parts=parts)
        if len(kept) != len(index.perms) or any(
                a is not b[0] for a, b in zip(index.perms, kept, strict=True)):
            try:
                with self.conn:
                    self.conn.execute("DELETE FROM snapshot_index WHERE algorithm = ?",
                                      (algorithm,))
                    self.conn.executemany(
                        "INSERT INTO snapshot_index VALUES (?, ?, ?, ?, ?, ?)",
                        [(algorithm, part, generation, perm.tobytes(), starts.tobytes(),
                          _crc(tag, perm.tobytes(), starts.tobytes()))
                         for part, (perm, starts) in enumerate(index.tables)])
            except sqlite3.Error:
                pass
        return index

    def _snapshot_fits(self, row: tuple[Any, ...], algorithm: str) -> bool:
        """Whether a snapshot's blobs are whole and as long as the hashes it stands for (a
        damaged or crafted one is rebuilt, never searched)."""
        items, hashes = row[1], row[2]
        if not isinstance(items, bytes) or not isinstance(hashes, bytes):
            return False
        if len(items) != len(hashes) or len(items) % 8:
            return False
        kept = self.conn.execute("SELECT value FROM meta WHERE key = ?",
                                 (f"snapshot {algorithm}",)).fetchone()
        if kept is not None:  # its length and checksum when it was written: no table scan
            return bool(kept[0] == f"{len(items) // 8} {_crc(items, hashes)}")
        count = self.conn.execute("SELECT count(*) FROM hashes WHERE algorithm = ?",
                                  (algorithm,)).fetchone()[0]
        return len(items) // 8 == int(count)

    def search_hash(self, value: int, radius: int = POSSIBLE) -> list[tuple[int, int]]:
        """(item id, distance) of every stored hash within ``radius`` of ``value``."""
        return self.search_hashes([value], radius)[0]

    def search_hashes(self, values: list[int], radius: int = POSSIBLE
                      ) -> list[list[tuple[int, int]]]:
        """For each of ``values``, (item id, distance) of every stored hash within ``radius``:
        all of them in one pass over the store, or through the index of a large one."""
        self.load()
        assert self._hashes is not None and self._ids is not None
        out: list[list[tuple[int, int]]] = [[] for _ in values]
        query = np.array([v & 0xFFFF_FFFF_FFFF_FFFF for v in values], dtype=np.uint64)
        if self._index is None and len(self._hashes) >= self._index_from \
                and self._scanned >= self._index_after:
            self._index = self._load_index(self._algorithm, self._generation)
        if self._index is not None:
            pos, dist, which = self._index.search(query, radius)
        else:
            pos, dist, which = search_linear(self._hashes, query, radius)
            self._scanned += len(query)
        for p, d, w in zip(self._ids[pos].tolist(), dist.tolist(), which.tolist(), strict=True):
            out[w].append((p, d))
        return out

    def lookup_hashed(self, query: Hashed, radius: int = POSSIBLE) -> list[Match]:
        """The best match per stored item for any variant of an already hashed image."""
        variants = query.variants()
        best: dict[int, tuple[int, str]] = {}
        found = self.search_hashes([value for _, value in variants], radius)
        for (variant, _), hits in zip(variants, found, strict=True):
            for item_id, d in hits:
                if item_id not in best or d < best[item_id][0]:
                    best[item_id] = (d, variant)
        matches = []
        for item_id, (d, variant) in sorted(best.items(), key=lambda kv: kv[1][0]):
            item = self.item(item_id)
            if item is not None:
                matches.append(Match(item, d, variant, "match" if d <= MATCH else "possible"))
        return matches

    def lookup(self, image: str | Path | bytes, name: str = "image") -> list[Match]:
        """Hash an image (as it is, its content box, its mirror) and find it in the store."""
        return self.lookup_hashed(hash_image(image, name))

    # -- import / export ---------------------------------------------------------------------
    def import_(self, path: str | Path) -> tuple[int, list[str]]:
        """Add the images of a CSV or JSONL file (columns: path or url, name, note, first_seen,
        source, fact_check; or a ``phash`` hex value instead of an image). Returns (added,
        errors); a bad row is an error, never the end of the import."""
        added, errors = 0, []
        for n, row in enumerate(_rows(Path(path)), 1):
            prov = Provenance(row.get("note"), row.get("first_seen"), row.get("source"),
                              row.get("fact_check"))
            try:
                if row.get("phash"):
                    value = int(str(row["phash"]), 16)
                    if not 0 <= value < 1 << 64:
                        raise ValueError(f"phash {row['phash']!r} is not a 64-bit hash "
                                         "(16 hex digits)")
                    # a hash-only item is known by its hash: importing the file again (after
                    # a kill, say) adds nothing twice
                    self._store(row.get("name") or f"{path}:{n}", f"phash:{value:016x}",
                                Hashed(value, 0, 0), prov)
                elif row.get("path"):
                    target = Path(row["path"])
                    if not target.is_absolute():
                        target = Path(path).parent / target
                    self.add(target, name=row.get("name") or str(row["path"]), provenance=prov)
                else:
                    raise ImageError("a row needs a path or a phash")
                added += 1
            except (VerifyError, ValueError) as exc:
                errors.append(f"{path}:{n}: {exc}")
        return added, errors

    def export(self) -> Iterator[dict[str, Any]]:
        """Every item with its provenance and hashes (hex), as JSON-ready dicts."""
        for item in self.items():
            hashes = [{"kind": k, "algorithm": a, "phash": f"{_unsigned(v):016x}"}
                      for k, a, v in self.conn.execute(
                          "SELECT kind, algorithm, value FROM hashes WHERE item = ?", (item.id,))]
            yield {**asdict(item), "hashes": hashes}

    def stats(self) -> dict[str, Any]:
        """Counts and sizes for ``verify media stats``."""
        algorithms = dict(self.conn.execute(
            "SELECT algorithm, count(*) FROM hashes GROUP BY algorithm").fetchall())
        size = Path(self.path).stat().st_size if self.path != ":memory:" and \
            Path(self.path).exists() else 0
        return {"path": self.path, "items": len(self), "hashes": sum(algorithms.values()),
                "algorithms": algorithms, "current_algorithm": ALGORITHM, "bytes": size}


def _rows(path: Path) -> Iterator[dict[str, Any]]:
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            if path.suffix.lower() in (".jsonl", ".ndjson"):
                for line in fh:
                    if line.strip():
                        try:
                            record = json.loads(line)
                        except ValueError:
                            record = {}
                        yield record if isinstance(record, dict) else {}
            else:
                yield from csv.DictReader(fh)
    except OSError as exc:
        raise MediaDBError(f"{path}: cannot read ({exc.strerror or exc})") from exc
