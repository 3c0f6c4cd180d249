"""Multi-index hashing: exact against the linear scan, kept in the snapshot, and safe with a
damaged or crafted table."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import pytest

from verify.media.db import MediaDB
from verify.media.index import PARTS, HashIndex, flip_masks, part_radii


def _clustered(n: int, seed: int = 7) -> np.ndarray:
    """Hashes that come in groups (one image and its variants), plus near neighbours at every
    distance up to 16 from a few of them: what a real store holds, not only random bits."""
    rng = np.random.default_rng(seed)
    base = rng.integers(0, 2**63, size=n // 8, dtype=np.uint64) * np.uint64(2) + \
        rng.integers(0, 2, size=n // 8, dtype=np.uint64)
    out = [base]
    for k in range(1, 8):
        flips = np.zeros(len(base), dtype=np.uint64)
        for _ in range(k * 2):
            flips |= np.uint64(1) << rng.integers(0, 64, size=len(base), dtype=np.uint64)
        out.append(base ^ flips)
    return np.concatenate(out)


def _linear(hashes: np.ndarray, value: int, radius: int) -> set[int]:
    return set(np.flatnonzero(np.bitwise_count(hashes ^ np.uint64(value)) <= radius).tolist())


def test_part_radii_never_miss() -> None:
    for radius in range(0, 20):
        radii = part_radii(radius)
        assert sum(r + 1 for r in radii) > radius  # pigeonhole: some part is within its radius
        assert sum(radii) == max(0, radius + 1 - len(PARTS))  # and no wider than needed
    assert part_radii(12) == [4, 3, 3]
    assert len(flip_masks(21, 3)) == 1 + 21 + 210 + 1330


@pytest.mark.parametrize("radius", [0, 3, 8, 12, 15])
def test_index_equals_linear_scan(radius: int) -> None:
    hashes = _clustered(40_000)
    index = HashIndex(hashes)
    rng = np.random.default_rng(radius)
    queries = [int(hashes[i]) ^ (1 << int(b)) for i, b in
               zip(rng.integers(0, len(hashes), 20), rng.integers(0, 64, 20), strict=True)]
    queries += [int(v) for v in rng.integers(0, 2**63, size=5, dtype=np.uint64)]
    pos, dist, which = index.search(queries, radius)
    for w, value in enumerate(queries):
        got = pos[which == w].tolist()
        assert len(got) == len(set(got))  # each stored hash once per query value
        assert set(got) == _linear(hashes, value, radius)
    assert np.array_equal(dist, np.bitwise_count(hashes[pos] ^ np.array(queries, np.uint64)[which]))


def test_index_of_nothing_and_of_a_missing_query() -> None:
    pos, dist, which = HashIndex(np.empty(0, dtype=np.uint64)).search([5], 12)
    assert len(pos) == len(dist) == len(which) == 0


def test_kept_tables_are_reused_and_bad_ones_recomputed() -> None:
    hashes = _clustered(8_000)
    first = HashIndex(hashes)
    again = HashIndex(hashes, first.tables)
    assert all(a is b for a, b in zip(again.perms, first.perms, strict=True))
    crafted = [(np.full(len(hashes), 10**9, dtype=np.int32), starts) for _, starts in first.tables]
    safe = HashIndex(hashes, crafted)  # out-of-range positions: refused, tables built again
    assert all(int(p.max()) < len(hashes) for p in safe.perms)
    value = int(hashes[3]) ^ 0b101
    assert set(safe.search([value], 12)[0].tolist()) == _linear(hashes, value, 12)


def test_database_searches_through_the_index(tmp_path: Path) -> None:
    path = tmp_path / "big.db"
    hashes = _clustered(4_000)
    with MediaDB(path) as db:
        db.add_hashes(int(h) for h in hashes)
    queries = [int(hashes[i]) ^ 0b11 for i in (0, 600, 3_999)] + [0x0123_4567_89AB_CDEF]
    with MediaDB(path, index_from=1 << 40) as plain:  # linear scan
        expected = [sorted(hits) for hits in plain.search_hashes(queries)]
    with MediaDB(path, index_from=1_000) as db:
        assert [sorted(hits) for hits in db.search_hashes(queries)] == expected
        assert db._index is not None
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM snapshot_index").fetchone()[0] == len(PARTS)
        # a damaged snapshot of the tables: searched correctly all the same
        conn.execute("UPDATE snapshot_index SET perm = zeroblob(length(perm))")
    with MediaDB(path, index_from=1_000) as db:
        assert [sorted(hits) for hits in db.search_hashes(queries)] == expected
    assert expected[0] and expected[-1] == []
