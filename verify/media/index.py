"""Sub-linear search of 64-bit hashes within a Hamming radius: multi-index hashing.

Each hash is split into three parts (22, 21 and 21 bits), and each part has a table that lists
the hashes by the value of that part. Two hashes within radius ``r`` of each other must agree
closely on at least one part: if part ``i`` is searched within ``r_i`` bits and the ``r_i + 1``
add up to more than ``r``, no hash within ``r`` is missed (pigeonhole), so the search is exact.
For ``r = 12`` the parts are searched within 4, 3 and 3 bits: 12,233 table cells a query hash
instead of every stored hash (Norouzi, Punjani and Fleet, "Fast search in Hamming space with
multi-index hashing", CVPR 2012).

A table is a permutation of the stored hashes sorted by the part (int32) and the start of every
part value (cell) in it: what the database keeps (:attr:`HashIndex.tables`). Searches read rows
built from them: each cell has rows of four hashes (32 bytes, one random read; one row a cell
unless the part's cells are fuller), so a cell costs one read instead of a start and then a run.
A cell of more hashes than its rows hold keeps all but one there and, in the last slot, a marker
that points to rows of the rest. Below 2**22 stored hashes rows exist only for the cells that
hold any, found through a map from cell to row. All of a query's values and the three parts are
searched in one pass: the rows of every cell of every value gathered at once, one XOR + popcount
over them, the few markers followed, one dedupe. Each hit is checked against its cell's size (a
row's empty slots are zeros) and its distance taken again from the stored hash. A radius that
would read more cells than scanning costs is scanned instead.

Measured by ``python -m benchmarks.media`` (README, "Measured"): one image's four variants at
radius 12 over 7,000,000 hashes take 0.025-0.040 of the time of a numpy XOR + popcount scan of
the same array (0.113 before rows and one pass), p50 2.0-2.1 ms on a busy 2-core machine, of
which the gather of the 48,932 rows is about a third.

>>> import numpy as np
>>> stored = np.array([0, 0b111, (1 << 64) - 1], dtype=np.uint64)
>>> index = HashIndex(stored)
>>> sorted(index.search([0b1], 2)[0].tolist())
[0, 1]
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

#: (lowest bit, width) of each part; the widest first, as it takes the largest radius
PARTS: tuple[tuple[int, int], ...] = ((0, 22), (22, 21), (43, 21))
#: the first cell of each part in the one array of cells: bits above the part's own, so that a
#: cell is ``OFFSETS[i] | value``
OFFSETS: tuple[int, ...] = (0, 1 << 22, 3 << 21)
CELLS = 1 << 23
#: hashes in a bucket row (32 bytes: the width numpy's take copies fastest)
SLOTS = 4
#: a part's cells get as many rows each as keep all but this share of them within their rows
OVERFLOW = 0.3
#: from this many stored hashes on, every cell has its rows (a cell's first row is computed):
#: below it most cells are empty, and a map from cell to row saves memory
DENSE_FROM = 1 << 22
#: a cell read costs about as much as this many hashes compared by a linear scan: a radius with
#: more cells than the store has hashes over this is scanned instead (same results)
PROBE_COST = 8
_BLOCK = 1 << 17
_COUNT_BITS = 9  # a marker's payload: its first row, then how many rows
_COUNT = (1 << _COUNT_BITS) - 1
_STARTS_AT = (0, (1 << 22) + 1, (1 << 22) + (1 << 21) + 2)  # each part's starts in one array
_U = np.uint64


def part_radii(radius: int, parts: int = len(PARTS)) -> list[int]:
    """The radius to search each part within so that no hash within ``radius`` is missed:
    the smallest radii whose ``r_i + 1`` add up to more than ``radius``."""
    need = max(0, radius + 1 - parts)  # sum of the r_i
    base, extra = divmod(need, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def flip_masks(width: int, radius: int) -> np.ndarray:
    """Every value of ``width`` bits with at most ``radius`` bits set (XOR masks), ascending,
    as int64 (ascending: cells that share a cache line are read one after the other)."""
    found = [np.zeros(1, dtype=np.int64)]
    masks, top = found[0], np.full(1, -1, dtype=np.int64)  # masks of k bits, their highest bit
    for _ in range(min(max(radius, 0), width)):
        count = width - 1 - top  # each mask grows by one bit above its highest
        total = int(count.sum())
        first = np.repeat(np.cumsum(count) - count, count)
        top = np.repeat(top, count) + 1 + (np.arange(total) - first)
        masks = np.repeat(masks, count) | (np.int64(1) << top)
        found.append(masks)
    return np.sort(np.concatenate(found))


def part_keys(values: np.ndarray, low: int, width: int) -> np.ndarray:
    """The value of one part (``width`` bits from bit ``low``) of each hash."""
    return ((values >> np.uint64(low)) & np.uint64((1 << width) - 1)).astype(np.int64)


@functools.cache
def probes(radius: int) -> int:
    """Cells read for one query hash at ``radius``."""
    return sum(sum(math.comb(width, k) for k in range(min(r, width) + 1))
               for (_, width), r in zip(PARTS, part_radii(radius), strict=True))


class _Plan(NamedTuple):
    """What a search at one radius reads. The cells of a query value are ``width`` columns
    (each part's XOR masks in turn); each cell is read as its rows, one after the other,
    ``columns`` rows a query value in all; the last slot of a cell's last row may be a marker."""

    masks: list[np.ndarray]  # per part: its XOR masks (times its rows per cell when dense)
    bounds: list[tuple[int, int]]  # per part: its columns
    reads: list[tuple[int, int]]  # per part: its rows read
    width: int
    columns: int
    mask: np.ndarray  # per column: its XOR mask
    part: np.ndarray  # per column: its part
    last: np.ndarray  # per column: the row read that is its cell's last
    column: np.ndarray  # per row read: its column
    row: np.ndarray  # per row read: its place within the cell
    marker: np.ndarray  # per column: a marker's key bits after the XOR ((mask ^ 2) << low)
    low: np.ndarray  # per column: the part's lowest bit
    low_mask: np.ndarray  # per column: the bits below the part
    high_at: np.ndarray  # per column: the first bit above the part


class HashIndex:
    """Multi-index hashing over an array of uint64 hashes. ``tables`` are the (sort order,
    starts) of each part from an earlier index over the same array (:attr:`tables`, kept in
    the database's snapshot); any that does not fit is computed again. A crafted table can
    only make a search miss, never read outside the arrays or report a hash not within the
    radius. ``dense`` forces (or refuses) rows for every cell, by default from
    :data:`DENSE_FROM` hashes on; ``rows_per_cell`` sets how many rows each part's cells
    get (rounded up to a power of two), by default from how full they are."""

    def __init__(self, hashes: np.ndarray,
                 tables: Sequence[tuple[np.ndarray, np.ndarray]] | None = None, *,
                 dense: bool | None = None, rows_per_cell: Sequence[int] | None = None
                 ) -> None:
        self.hashes = hashes
        n = len(hashes)
        self.perms: list[np.ndarray] = []
        kept: list[np.ndarray] = []
        for i, (low, width) in enumerate(PARTS):
            given = tables[i] if tables is not None and i < len(tables) else None
            if given is not None and _fits(*given, n, width):
                perm, starts = given
            else:
                keys = part_keys(hashes, low, width)
                perm = np.argsort(keys).astype(np.int32)
                starts = np.zeros((1 << width) + 1, dtype=np.int32)
                np.cumsum(np.bincount(keys, minlength=1 << width), out=starts[1:])
            self.perms.append(perm)
            kept.append(starts)
        self._starts_all = np.concatenate(kept)  # part i's starts from _STARTS_AT[i]
        self._starts = [self._starts_all[at : at + len(s)]
                        for at, s in zip(_STARTS_AT, kept, strict=True)]
        self.dense = n >= DENSE_FROM if dense is None else dense
        sizes = [np.diff(starts) for starts in self._starts]
        self._row_count = [1 << max(0, int(r) - 1).bit_length() for r in rows_per_cell] \
            if rows_per_cell else [_rows_per_cell(size, n) for size in sizes]  # powers of two
        self._first: list[int] = []  # dense: each part's first row
        self._rowmap: np.ndarray | None = None  # sparse: each cell's first row
        self._rows = self._build(sizes)
        self._plans: dict[tuple[int, ...], _Plan] = {}

    @property
    def tables(self) -> list[tuple[np.ndarray, np.ndarray]]:
        """(sort order, starts) of each part, to keep and give back to a later index."""
        return list(zip(self.perms, self._starts, strict=True))

    @property
    def nbytes(self) -> int:
        """Memory the tables and rows take, beyond the hashes themselves."""
        extra = self._rowmap.nbytes if self._rowmap is not None else 0
        return sum(a.nbytes for a in self.perms) + self._starts_all.nbytes + self._rows.nbytes \
            + extra

    def _build(self, sizes: list[np.ndarray]) -> np.ndarray:
        """The rows of every cell (zeros where a cell has fewer hashes than slots)."""
        hashes, n, slots = self.hashes, len(self.hashes), SLOTS
        full = [np.flatnonzero(size) for size in sizes]  # each part's cells that hold any
        firsts: list[np.ndarray] = []  # the first row of each of them
        if self.dense:  # largest part first: each starts at a multiple of its rows (powers
            # of two), so a cell's first row is ``start | cell * count``
            self._first = [0] * len(PARTS)
            at = 0
            for i in sorted(range(len(PARTS)), key=lambda i: -len(sizes[i]) * self._row_count[i]):
                self._first[i] = at
                at += len(sizes[i]) * self._row_count[i]
            firsts = [first + cells * count for first, cells, count
                      in zip(self._first, full, self._row_count, strict=True)]
        else:  # the first rows are all zeros: the rows of every empty cell
            self._rowmap = np.zeros(CELLS, dtype=np.int32)
            at = max(self._row_count)
            for off, cells, count in zip(OFFSETS, full, self._row_count, strict=True):
                first = at + np.arange(len(cells)) * count
                self._rowmap[off + cells] = first
                firsts.append(first)
                at += len(cells) * count
        held = [size[cells].astype(np.intp) for size, cells in zip(sizes, full, strict=True)]
        caps = [count * slots for count in self._row_count]
        over = [np.flatnonzero(size > cap) for size, cap in zip(held, caps, strict=True)]
        more = [(size[o] - cap + slots) // slots  # rows past the cell's own
                for size, o, cap in zip(held, over, caps, strict=True)]
        table = _zero_rows(at + sum(int(m.sum()) for m in more))
        flat = table.reshape(-1)
        free = at
        source: np.ndarray | None = None  # what the part orders gather from
        for i, (low, width) in enumerate(PARTS):
            if not n:
                break
            size, first, o, m, cap = held[i], firsts[i], over[i], more[i], caps[i]
            perm, begin = self.perms[i], self._starts[i][full[i]]
            if _identity(perm):
                ordered = hashes
            else:  # from numpy's own memory (huge pages): a snapshot's buffer gathers slower
                source = source if source is not None else \
                    hashes if hashes.flags.owndata else hashes.copy()
                ordered = np.take(source, perm, mode="clip")
            # where each hash (in the part's order) goes: runs of consecutive slots, one run in
            # the cell's rows (all of it, or all but one before the marker) and one through
            # the rows past them
            inline = np.minimum(size, cap)
            inline[o] = cap - 1
            extra = free + np.cumsum(m) - m
            run_len = np.zeros(2 * len(size), dtype=np.intp)
            run_len[0::2] = inline
            run_len[2 * o + 1] = size[o] - (cap - 1)
            shift = np.zeros(2 * len(size), dtype=np.intp)
            shift[0::2] = first * slots - begin
            shift[2 * o + 1] = extra * slots - begin[o] - (cap - 1)
            where = np.repeat(shift, run_len)
            where += np.arange(n)
            flat[where] = ordered
            table[first[o] + self._row_count[i] - 1, slots - 1] = _marker(full[i][o], extra, m,
                                                                          low, width)
            free += int(m.sum())
        return table

    def _plan(self, radii: list[int]) -> _Plan:
        key = tuple(radii)
        if key in self._plans:
            return self._plans[key]
        masks = [flip_masks(width, r) for (_, width), r in zip(PARTS, radii, strict=True)]
        sizes = [len(m) for m in masks]
        counts = self._row_count
        bounds, reads, column, row, last = [], [], [], [], []
        at = read = 0
        for m, count in zip(masks, counts, strict=True):
            bounds.append((at, at + len(m)))
            reads.append((read, read + len(m) * count))
            column.append(np.repeat(np.arange(at, at + len(m)), count))
            row.append(np.tile(np.arange(count), len(m)))
            last.append(read + (np.arange(len(m)) + 1) * count - 1)
            at, read = at + len(m), read + len(m) * count

        def per_column(values: list[int]) -> np.ndarray:
            return np.repeat(np.array(values, dtype=_U), sizes)

        plan = _Plan(
            [m * count for m, count in zip(masks, counts, strict=True)] if self.dense else masks,
            bounds, reads, at, read, np.concatenate(masks), np.repeat(np.arange(len(PARTS)), sizes),
            np.concatenate(last), np.concatenate(column), np.concatenate(row),
            np.concatenate([(m.astype(_U) ^ _U(2)) << _U(low)
                            for m, (low, _) in zip(masks, PARTS, strict=True)]),
            per_column([low for low, _ in PARTS]), per_column([(1 << low) - 1 for low, _ in PARTS]),
            per_column([low + width for low, width in PARTS]))
        self._plans[key] = plan
        return plan

    def search(self, values: Sequence[int] | np.ndarray, radius: int
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(position in the stored array, distance, index of the query value) of every stored
        hash within ``radius`` of any of ``values``, each pair once, ordered by query value
        and position."""
        query = np.asarray(values, dtype=np.uint64).ravel()
        n, slots = len(self.hashes), SLOTS
        if not len(query) or not n or radius < 0:
            return _empty()
        if probes(radius) * PROBE_COST > n:
            return _scan(self.hashes, query, radius)
        plan = self._plan(part_radii(radius))
        nq, columns = len(query), plan.columns
        keys = np.stack([part_keys(query, low, width) for low, width in PARTS], axis=1)
        # every row to read: each cell's rows one after the other, from its first
        rows = np.empty((nq, columns), dtype=np.intp)
        for i, (masks, (c, d)) in enumerate(zip(plan.masks, plan.reads, strict=True)):
            count = self._row_count[i]
            if self._rowmap is None:
                first = (keys[:, i : i + 1] * count) | self._first[i]
            else:
                first = self._rowmap[(keys[:, i : i + 1] | OFFSETS[i]) ^ masks]
                masks = first.dtype.type(0)
            if count == 1:
                np.bitwise_xor(first, masks, out=rows[:, c:d])
            else:
                first = np.bitwise_xor(first, masks)
                for r in range(count):
                    np.add(first, r, out=rows[:, c + r : d : count])
        got = np.take(self._rows, rows.reshape(-1), axis=0)  # a random read a cell
        np.bitwise_xor(got.reshape(nq, columns, slots), query[:, None, None],
                       out=got.reshape(nq, columns, slots))
        near = np.flatnonzero(np.bitwise_count(got) <= radius)
        probe = near // slots
        rank = plan.row[probe % columns] * slots + near % slots
        first_row = np.ones(len(near), dtype=bool)
        # a marker's key bits are the cell's with bit 1 flipped (nothing stored has them)
        ends = np.empty((nq, plan.width), dtype=_U)
        for (low, width), count, (a, b), (c, d) in zip(PARTS, self._row_count, plan.bounds,
                                                       plan.reads, strict=True):
            np.bitwise_and(got.reshape(nq, columns, slots)[:, c + count - 1 : d : count, -1],
                           _U(((1 << width) - 1) << low), out=ends[:, a:b])
        marked = np.flatnonzero(ends == plan.marker)
        if len(marked):  # (an empty slot can pass for one; its payload is 0: no rows)
            which, at = np.divmod(marked, plan.width)
            marked = which * columns + plan.last[at]
            raw = got[marked, slots - 1] ^ query[which]
            payload = (raw & plan.low_mask[at]) | ((raw >> plan.high_at[at]) << plan.low[at])
            count = (payload & _U(_COUNT)).astype(np.intp)
            start_row = (payload >> _U(_COUNT_BITS)).astype(np.intp)
            big = np.flatnonzero(count == _COUNT)
            if len(big):
                size = self._cells(keys, plan, marked[big])[2]
                cap = np.array(self._row_count)[plan.part[at[big]]]
                count[big] = (size - cap * slots + slots) // slots
            total = int(count.sum())
            if total:
                step = np.arange(total) - np.repeat(np.cumsum(count) - count, count)
                extra = np.take(self._rows, np.repeat(start_row, count) + step, axis=0,
                                mode="clip")  # clip: only a crafted table points outside
                owner = np.repeat(marked, count)
                np.bitwise_xor(extra, query[owner // columns][:, None], out=extra)
                near = np.flatnonzero(np.bitwise_count(extra) <= radius)
                row = near // slots
                owner = owner[row]
                cap = np.array(self._row_count)[plan.part[plan.column[owner % columns]]] * slots
                probe = np.concatenate([probe, owner])
                rank = np.concatenate([rank, cap - 1 + step[row] * slots + near % slots])
                first_row = np.concatenate([first_row, np.zeros(len(near), dtype=bool)])
        return self._positions(query, keys, plan, probe, rank, first_row, radius)

    def _cells(self, keys: np.ndarray, plan: _Plan, probe: np.ndarray
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(part, first hash in the part's order, size) of the cell each probe reads."""
        which, col = np.divmod(probe, plan.columns)
        col = plan.column[col]
        part = plan.part[col]
        at = (keys[which, part] ^ plan.mask[col]) + np.array(_STARTS_AT)[part]
        start = self._starts_all[at].astype(np.intp)
        return part, start, self._starts_all[at + 1] - start

    def _positions(self, query: np.ndarray, keys: np.ndarray, plan: _Plan, probe: np.ndarray,
                   rank: np.ndarray, first_row: np.ndarray, radius: int
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The stored positions of the hits (the ``rank``-th hash of the cell of ``probe``),
        once per query value: empty slots and markers dropped by the cell's size, and each
        distance taken again from the stored hash (a crafted table can only lose hits)."""
        if not len(probe):
            return _empty()
        part, start, size = self._cells(keys, plan, probe)
        cap = np.array(self._row_count)[part] * SLOTS
        # the last slot of a cell's own rows is a marker when the cell holds more
        ok = (rank < size) & ~(first_row & (rank == cap - 1) & (size > cap))
        probe, part, sorted_at = probe[ok], part[ok], (start + rank)[ok]
        pos = np.empty(len(probe), dtype=np.int64)
        for i, perm in enumerate(self.perms):
            mine = part == i
            pos[mine] = perm[sorted_at[mine]]
        which = probe // plan.columns
        dist = np.bitwise_count(self.hashes[pos] ^ query[which])
        keep = np.flatnonzero(dist <= radius)
        pos, dist, which = pos[keep], dist[keep], which[keep]
        _, once = np.unique(which * len(self.hashes) + pos, return_index=True)
        return pos[once], dist[once], which[once]


def _rows_per_cell(size: np.ndarray, n: int) -> int:
    """Rows of SLOTS hashes each cell of a part gets (a power of two): the fewest that hold
    every hash of all but OVERFLOW of the cells (the rest go on in rows past them), short of
    more slots than four times the hashes (or 16 rows)."""
    counts = np.bincount(size)
    room, most = 1, max(1, min(16, 4 * n // (SLOTS * len(size))))
    while room * 2 <= most and counts[room * SLOTS + 1 :].sum() > OVERFLOW * len(size):
        room *= 2
    return room


def _zero_rows(count: int) -> np.ndarray:
    """``count`` rows of zeros, aligned to 64 bytes (two rows share a cache line)."""
    buf = np.zeros(count * SLOTS + 8, dtype=np.uint64)
    skip = (-buf.ctypes.data % 64) // 8
    return buf[skip : skip + count * SLOTS].reshape(count, SLOTS)


def _identity(perm: np.ndarray) -> bool:
    """Whether a sort order leaves the hashes where they are (the database stores them in
    the first part's order)."""
    n = len(perm)
    return not n or (int(perm[0]) == 0 and int(perm[-1]) == n - 1
                     and bool(np.array_equal(perm, np.arange(n, dtype=perm.dtype))))


def _marker(cells: np.ndarray, first: np.ndarray, count: np.ndarray, low: int, width: int
            ) -> np.ndarray:
    """The slot that points from a cell's row to its ``count`` further rows from ``first``:
    the cell's key with bit 1 flipped, and ``first`` and ``count`` (:data:`_COUNT` for "as
    many as the cell's size says") in the bits outside the part."""
    payload = (first.astype(_U) << _U(_COUNT_BITS)) | np.minimum(count, _COUNT).astype(_U)
    return ((payload & _U((1 << low) - 1)) | ((cells.astype(_U) ^ _U(2)) << _U(low))
            | ((payload >> _U(low)) << _U(low + width)))


def _empty() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    empty = np.empty(0, dtype=np.int64)
    return empty, np.empty(0, dtype=np.uint8), empty.copy()


def _scan(hashes: np.ndarray, query: np.ndarray, radius: int
          ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The linear scan, for radii at which the index would read more than it saves."""
    found: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    for w, value in enumerate(query):
        for begin in range(0, len(hashes), _BLOCK):
            dist = np.bitwise_count(hashes[begin : begin + _BLOCK] ^ value)
            hits = np.flatnonzero(dist <= radius)
            if len(hits):
                found.append((hits + begin, dist[hits], np.full(len(hits), w, dtype=np.int64)))
    if not found:
        return _empty()
    pos, dist, which = (np.concatenate(parts) for parts in zip(*found, strict=True))
    return pos.astype(np.int64), dist, which


def _fits(perm: np.ndarray, starts: np.ndarray, n: int, width: int) -> bool:
    """Whether a kept table has the shape of one over ``n`` hashes: positions in range and
    starts that rise from 0 to ``n`` (cheap checks, no sort)."""
    if perm.dtype != np.int32 or starts.dtype != np.int32:
        return False
    if len(perm) != n or len(starts) != (1 << width) + 1 or starts[0] != 0 or starts[-1] != n:
        return False
    if n and (int(perm.min()) < 0 or int(perm.max()) >= n):
        return False
    return not bool(np.any(starts[1:] < starts[:-1]))
