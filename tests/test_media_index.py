"""Multi-index hashing: exact against the linear scan (every layout, cells that overflow into
the second index, empty slots at wide radii), kept in the snapshot, and safe with a damaged,
crafted or other layout's table."""

from __future__ import annotations

import itertools
import sqlite3
from pathlib import Path

import numpy as np
import pytest

import verify.media.index as index_module
from verify.media.db import MediaDB, _crc
from verify.media.index import (
    PARTS,
    THREE_PARTS_FROM,
    HashIndex,
    flip_masks,
    layout,
    part_radii,
    probes,
    store_order,
)


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


def _brute(hashes: np.ndarray, queries: list[int], radius: int) -> set[tuple[int, int, int]]:
    """(position, distance, query index) of every pair within ``radius``, by brute force."""
    found = set()
    for w, value in enumerate(queries):
        dist = np.bitwise_count(hashes ^ np.uint64(value))
        found |= {(int(p), int(dist[p]), w) for p in np.flatnonzero(dist <= radius)}
    return found


def _pairs(result: tuple[np.ndarray, np.ndarray, np.ndarray]) -> list[tuple[int, int, int]]:
    pos, dist, which = result
    assert pos.dtype == np.int64 and dist.dtype == np.uint8 and which.dtype == np.int64
    return list(zip(pos.tolist(), dist.tolist(), which.tolist(), strict=True))


def _crowded(n: int, seed: int = 3) -> np.ndarray:
    """Hashes whose second and third parts take few values (full cells: several rows each and
    rows past them), with a run of 3,000 copies of one hash (a cell past what a marker counts)
    and copies of others: duplicates at every distance."""
    rng = np.random.default_rng(seed)
    values = rng.integers(0, 2**63, size=n, dtype=np.uint64) * np.uint64(2)
    crowd = rng.integers(0, 1 << 10, size=(2, n), dtype=np.uint64)
    values &= np.uint64(~(((1 << 42) - 1) << 22) & ((1 << 64) - 1))
    values |= (crowd[0] << np.uint64(22)) | (crowd[1] << np.uint64(43))
    copies = np.concatenate([values, values[: n // 4], np.full(3_000, values[0])])
    return rng.permutation(copies)


def _queries(hashes: np.ndarray, count: int, seed: int) -> list[int]:
    """Stored hashes with a few bits flipped, random values, repeats, 0 and all ones."""
    rng = np.random.default_rng(seed)
    picked = [int(v) for v in hashes[rng.integers(0, len(hashes), count)]] if len(hashes) else []
    near = [v ^ int(rng.integers(0, 1 << 64, dtype=np.uint64)) & int(np.uint64(rng.choice(
        [0, 1, 0b1011, 0xF0F0, 0x8000_0000_0001_0001]))) for v in picked]
    return near + [int(v) for v in rng.integers(0, 2**63, size=3, dtype=np.uint64)] + \
        near[:2] + [0, (1 << 64) - 1]


def test_flip_masks_are_every_value_within_the_radius() -> None:
    for width, radius in ((21, 3), (22, 4), (6, 0), (5, 9), (4, -1)):
        expected = sorted({sum(1 << b for b in bits) for k in range(min(max(radius, 0), width) + 1)
                           for bits in itertools.combinations(range(width), k)})
        masks = flip_masks(width, radius)
        assert masks.dtype == np.int64 and masks.tolist() == expected


def test_part_radii_never_miss() -> None:
    for parts in (3, 4):
        for radius in range(0, 20):
            radii = part_radii(radius, parts)
            assert sum(r + 1 for r in radii) > radius  # pigeonhole: some part is within its radius
            assert sum(radii) == max(0, radius + 1 - parts)  # and no wider than needed
    assert part_radii(12) == [4, 3, 3] and part_radii(12, 4) == [3, 2, 2, 2]
    assert len(flip_masks(21, 3)) == 1 + 21 + 210 + 1330
    assert probes(12) == 12_233 and probes(12, layout(1_000)) < probes(12)


@pytest.mark.parametrize("n", [0, 1, 5, 1_000, 300_000, THREE_PARTS_FROM - 1, THREE_PARTS_FROM,
                               7_000_000, 70_000_000])
def test_layouts_are_parts_from_the_top_bit_down(n: int) -> None:
    parts = layout(n)
    assert len(parts) == (3 if n >= THREE_PARTS_FROM else 4)
    top = 64
    for low, width in parts:  # contiguous, no bit twice, part 0 the highest bits
        assert width >= 1 and low + width == top
        top = low
    assert top >= 0
    if n >= 1_000:
        assert 1 <= n / (1 << parts[-1][1]) <= 8 or parts[-1][1] == 64 // len(parts)
    assert layout(7_000_000) == PARTS


def test_a_store_in_value_order_needs_no_first_table() -> None:
    hashes = _clustered(20_000)[store_order(_clustered(20_000))]
    index = HashIndex(hashes)
    assert index._identity[0] and not index._identity[1]
    value = int(hashes[77]) ^ 0b1001
    assert set(index.search([value], 12)[0].tolist()) == _linear(hashes, value, 12)


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


_STORES = {"crowded": lambda: _crowded(6_000), "clustered": lambda: _clustered(6_000)[:5_000],
           "tiny": lambda: _crowded(7)}


@pytest.mark.parametrize(("store", "parts", "caps"), [
    ("crowded", None, None), ("crowded", None, (1, 2, 1, 4)), ("clustered", None, None),
    ("clustered", ((42, 22), (21, 21), (0, 21)), (1, 1, 2)), ("tiny", None, None),
    ("tiny", ((40, 12), (20, 10), (3, 9)), (2, 1, 1)), ("crowded", ((50, 14), (36, 14), (22, 14)), None),
    ("clustered", ((40, 24), (16, 24), (0, 16)), (2, 4, 1))])
@pytest.mark.parametrize("second", ["index", "scan"])
def test_index_equals_brute_force(monkeypatch: pytest.MonkeyPatch, store: str,
                                  parts: tuple[tuple[int, int], ...] | None,
                                  caps: tuple[int, ...] | None, second: str) -> None:
    """Every pair, each once, in order, on stores with full cells (their overflow in the second
    index, or scanned), many duplicates and layouts that leave bits out, with the index read at
    every radius (however many cells it costs; empty slots come within the wider radii)."""
    monkeypatch.setattr(index_module, "PROBE_COST", 0)
    monkeypatch.setattr(index_module, "SCAN_BELOW", 1 if second == "index" else 1 << 40)
    hashes = _STORES[store]()
    index = HashIndex(hashes, parts=parts, caps=caps)
    if caps:
        assert index.caps == list(caps)
        assert len(index._spilled) and (index._spill is not None) == (
            second == "index" and len(index._spilled) <= len(hashes) // 2)
    for radius in (0, 1, 2, 5, 8, 12, 13, 16):
        queries = _queries(hashes, 12 if radius < 16 else 3, seed=radius)
        got = _pairs(index.search(queries, radius))
        assert got == sorted(got, key=lambda t: (t[2], t[0]))  # by query value, then position
        assert len(got) == len(set(got))
        assert set(got) == _brute(hashes, queries, radius)


def test_overflowing_cells_are_found_through_the_second_index(monkeypatch: pytest.MonkeyPatch
                                                              ) -> None:
    monkeypatch.setattr(index_module, "PROBE_COST", 0)
    monkeypatch.setattr(index_module, "SCAN_BELOW", 64)
    hashes = np.concatenate([_clustered(20_000), np.full(3_000, _clustered(20_000)[5])])
    big = int(hashes[-1])  # 3,000 copies of one hash: every cell of theirs overflows
    index = HashIndex(hashes, caps=(4, 4, 4, 4))
    assert index._spill is not None and len(index._spill.hashes) < len(hashes) // 2
    deepest = index._spill
    while deepest._spill is not None:  # the copies overflow every index over them
        deepest = deepest._spill
    assert len(deepest._spilled) > len(deepest.hashes) // 2  # and are scanned at the end
    for value in (big, big ^ 0b11, big ^ (1 << 30)):
        assert set(index.search([value], 4)[0].tolist()) == _linear(hashes, value, 4)
    assert len(_linear(hashes, big, 4)) >= 3_000
    for at in index._spilled[:: max(1, len(index._spilled) // 20)]:  # hashes a cell left out
        value = int(hashes[int(at)]) ^ 0b101
        assert set(index.search([value], 12)[0].tolist()) == _linear(hashes, value, 12)


def test_empty_slots_never_pass_for_hashes() -> None:
    """A query of zeros or ones reads cells whose empty slots hold the cell's key inverted:
    nothing is reported but stored hashes within the radius."""
    hashes = _clustered(20_000)
    index = HashIndex(hashes, caps=(32, 32, 32, 32))
    assert index._spill is None and not len(index._spilled)
    for value in (0, (1 << 64) - 1, 1 << 63):
        got = _pairs(index.search([value], 12))
        assert set(got) == _brute(hashes, [value], 12)


@pytest.mark.parametrize("radius", [20, 40, 63, 64, 70])
def test_radii_past_the_tables_are_scanned_exactly(radius: int) -> None:
    hashes = _crowded(2_000)
    index = HashIndex(hashes)
    assert index.probes(radius) * index_module.PROBE_COST > len(hashes)
    queries = _queries(hashes, 3, seed=radius)
    got = _pairs(index.search(queries, radius))
    assert len(got) == len(set(got)) and set(got) == _brute(hashes, queries, radius)


@pytest.mark.parametrize("parts", [None, ((40, 24), (20, 20), (0, 20))])
def test_index_of_nothing_and_of_no_query(parts: tuple[tuple[int, int], ...] | None) -> None:
    for hashes, values, radius in ((np.empty(0, dtype=np.uint64), [5], 12),
                                   (_clustered(800), [], 12), (_clustered(800), [], 0),
                                   (_clustered(800), [int(_clustered(800)[0])], -1)):
        found = _pairs(HashIndex(hashes, parts=parts).search(values, radius))
        assert found == []
    nothing = HashIndex(np.empty(0, dtype=np.uint64), parts=parts)
    assert _pairs(nothing.search(np.empty(0, dtype=np.uint64), 64)) == []


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


@pytest.mark.parametrize("caps", [None, (1, 2, 1, 1)])
def test_a_crafted_table_that_fits_only_loses_hits(caps: tuple[int, ...] | None) -> None:
    """Sort orders in range and starts that rise, but not the hashes' order: what the index
    reports is still within the radius, at the true distance."""
    hashes = _crowded(4_000)
    rng = np.random.default_rng(5)
    crafted = [(rng.permutation(len(hashes)).astype(np.int32), starts)
               for _, starts in HashIndex(hashes).tables]
    index = HashIndex(hashes, crafted, caps=caps)
    assert all(a is b for a, b in zip(index.perms, (p for p, _ in crafted), strict=True))
    queries = _queries(hashes, 20, seed=1)
    got = _pairs(index.search(queries, 12))
    assert len(got) == len(set(got)) and set(got) <= _brute(hashes, queries, 12)


def _store(path: Path, hashes: np.ndarray) -> None:
    with MediaDB(path) as db:
        db.add_hashes(int(h) for h in hashes)


def test_database_searches_through_the_index(tmp_path: Path) -> None:
    path = tmp_path / "big.db"
    hashes = _clustered(4_000)
    _store(path, hashes)
    queries = [int(hashes[i]) ^ 0b11 for i in (0, 600, 3_999)] + [0x0123_4567_89AB_CDEF]
    with MediaDB(path, index_from=1 << 40) as plain:  # linear scan
        expected = [sorted(hits) for hits in plain.search_hashes(queries)]
    with MediaDB(path, index_from=1_000, index_after=0) as db:
        assert [sorted(hits) for hits in db.search_hashes(queries)] == expected
        assert db._index is not None
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM snapshot_index").fetchone()[0] == len(layout(4_000))
        # a damaged snapshot of the tables: searched correctly all the same
        conn.execute("UPDATE snapshot_index SET perm = zeroblob(length(perm))")
    with MediaDB(path, index_from=1_000, index_after=0) as db:
        assert [sorted(hits) for hits in db.search_hashes(queries)] == expected
        assert db._index is not None
    assert expected[0] and expected[-1] == []


def test_a_process_scans_until_the_index_pays_for_itself(tmp_path: Path) -> None:
    """The first query values are scanned (no tables read or built); from INDEX_AFTER on the
    index answers, the same, and its tables are kept for the next process."""
    path = tmp_path / "lazy.db"
    hashes = _clustered(4_000)
    _store(path, hashes)
    queries = [int(hashes[i]) ^ 0b101 for i in (1, 700, 2_000)] + [7]
    with MediaDB(path, index_from=1 << 40) as plain:
        expected = [sorted(hits) for hits in plain.search_hashes(queries)]
    with MediaDB(path, index_from=1_000, index_after=8) as db:
        built = []
        for _ in range(4):
            assert [sorted(hits) for hits in db.search_hashes(queries)] == expected
            built.append(db._index is not None)
        assert built == [False, False, True, True]
        db.add_hashes([int(hashes[5]) ^ 1])  # a change: loaded again, scanned again
        assert len(db.search_hashes(queries)) == 4 and db._index is None
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM snapshot_index").fetchone()[0] == len(layout(4_000))


def test_tables_of_another_layout_are_built_again(tmp_path: Path) -> None:
    """Tables kept by an older verify, whose parts were other bits of the same widths (they
    fit by their shape), are refused by their checksum: a search through them would miss."""
    path = tmp_path / "old.db"
    hashes = _clustered(4_000)
    _store(path, hashes)
    queries = [int(hashes[i]) ^ 0b1101 for i in (3, 900, 3_100)]
    with MediaDB(path, index_from=1 << 40) as plain:
        expected = [sorted(hits) for hits in plain.search_hashes(queries)]
    with MediaDB(path, index_from=1_000, index_after=0) as db:
        db.search_hashes(queries)
        assert db._hashes is not None
        stored = db._hashes
    old = [(low, width) for (_, width), low in zip(layout(len(stored)), (0, 11, 22, 33),
                                                   strict=True)]  # the low bits first
    with sqlite3.connect(path) as conn:
        for part, (perm, starts) in enumerate(HashIndex(stored, parts=old).tables):
            conn.execute("UPDATE snapshot_index SET perm = ?, starts = ?, crc = ? WHERE part = ?",
                         (perm.tobytes(), starts.tobytes(), _crc(perm.tobytes(), starts.tobytes()),
                          part))
    with MediaDB(path, index_from=1_000, index_after=0) as db:
        assert [sorted(hits) for hits in db.search_hashes(queries)] == expected
        assert db._index is not None and db._index.parts == layout(len(stored))
        assert db._index._identity[0]  # the store is kept in value order
    assert any(expected)
