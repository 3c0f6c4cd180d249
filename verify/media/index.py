"""Sub-linear search of 64-bit hashes within a Hamming radius: multi-index hashing.

Each hash is cut into parts (three of 22, 21 and 21 bits for a large store, four narrower ones
for a smaller store), and each part has a table that lists the hashes by the value of that
part. Two hashes within radius ``r`` of each other must agree closely on at least one part: if
part ``i`` is searched within ``r_i`` bits and the ``r_i + 1`` add up to more than ``r``, no
hash within ``r`` is missed (pigeonhole; bits outside every part only make the bound looser),
so the search is exact. For ``r = 12`` and parts of 22, 21 and 21 bits they are searched within
4, 3 and 3 bits: 12,233 table cells a query hash instead of every stored hash (Norouzi, Punjani
and Fleet, "Fast search in Hamming space with multi-index hashing", CVPR 2012).

A table is a permutation of the stored hashes sorted by the part (int32) and the start of every
part value (cell) in it: what the database keeps (:attr:`HashIndex.tables`). Searches read
cells built from it: each cell of a part is a run of ``cap`` slots (a power of two, 64-byte
aligned, so a cell of up to eight hashes is one cache line and two cells of four share one)
holding the cell's first hashes; an empty slot holds the cell's key inverted, which a query
that reads the cell is at least ``width - r_i`` bits from (a hit on one at a wider radius is
dropped by the cell's size). ``cap`` is the smallest that leaves at most
:data:`SPILL` of the hashes out; a hash left out of its cell in any part goes to a second, much
smaller index over those hashes only (the same structure, its parts sized for it), so that
every hash is still found through every part. A search reads every cell of every query value
with one gather for the parts of each ``cap``, one XOR + popcount over them, then maps the few
hits to positions through the table and removes repeats. A radius that would read more cells
than scanning costs is scanned instead.

Measured by ``python -m benchmarks.media`` (README, "Measured").

>>> import numpy as np
>>> stored = np.array([0, 0b111, (1 << 64) - 1], dtype=np.uint64)
>>> index = HashIndex(stored)
>>> sorted(index.search([0b1], 2)[0].tolist())
[0, 1]
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

#: the largest store's parts, as (lowest bit, width): the top 22 bits, then 21 and 21
PARTS: tuple[tuple[int, int], ...] = ((42, 22), (21, 21), (0, 21))
#: from this many hashes on a store is cut into three parts (each cell a random read), below it
#: into four (fewer, fuller cells: runs of a few cache lines, which cost less to read here;
#: benchmarks/media.py times both at each size)
THREE_PARTS_FROM = 3_000_000
#: hashes a cell holds on average when the store is cut into parts as wide as it needs
FILL = 3
#: the share of a part's hashes that may overflow their cells (they go to the second index)
SPILL = 0.03
#: a part's cells hold at most this many slots a stored hash
ROOM = 4
#: a cell read costs about as much as this many hashes compared by a linear scan: a radius with
#: more cells than the store has hashes over this is scanned instead (same results)
PROBE_COST = 8
#: a second index over fewer hashes than this is a plain scan
SCAN_BELOW = 8_192
#: the second index leaves out this share of its hashes at most, with up to this many slots a
#: hash (it is small, and its hashes crowd the same cells: they came from crowded ones)
SPILL_SECOND = 0.002
ROOM_SECOND = 16
_BLOCK = 1 << 17
_U = np.uint64


def layout(n: int) -> tuple[tuple[int, int], ...]:
    """The parts, as (lowest bit, width) from the top bit down, that suit a store of ``n``
    hashes: from :data:`THREE_PARTS_FROM` hashes on :data:`PARTS` (the widest three: narrower
    ones read fewer cells but fuller ones, which cost more here), below it four parts of equal
    width with cells of about :data:`FILL` hashes (16 bits at most). Part 0 holds the highest
    bits, so a store sorted by value is already in part 0's order."""
    if n >= THREE_PARTS_FROM:
        return PARTS
    width = round(math.log2(n / FILL)) if n > FILL else 1
    width = max(1, min(16, width))
    return tuple((64 - width * (i + 1), width) for i in range(4))


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
    return ((values >> _U(low)) & _U((1 << width) - 1)).astype(np.int64)


def probes(radius: int, parts: Sequence[tuple[int, int]] = PARTS) -> int:
    """Cells read for one query hash at ``radius``."""
    return sum(sum(math.comb(width, k) for k in range(min(r, width) + 1))
               for (_, width), r in zip(parts, part_radii(radius, len(parts)), strict=True))


def store_order(hashes: np.ndarray) -> np.ndarray:
    """The order to keep hashes in (by value): then part 0's table is the identity, for every
    layout, and building the index reads them in sequence."""
    return np.argsort(hashes, kind="stable")


class _Plan(NamedTuple):
    """What a search at one radius reads in one group of parts: each query value's cells are
    ``columns`` in a row, each part's masks (shifted to its cells in the group) in turn."""

    masks: list[np.ndarray]  # per part: its XOR masks plus its first cell in the group
    bounds: list[tuple[int, int]]  # per part: its columns
    columns: int
    part: np.ndarray  # per column: its part (a place in the group)
    offset: np.ndarray  # per part: its first cell in the group


class HashIndex:
    """Multi-index hashing over an array of uint64 hashes. ``tables`` are the (sort order,
    starts) of each part from an earlier index over the same array (:attr:`tables`, kept in
    the database's snapshot); any that does not fit is computed again. A crafted table can
    only make a search miss, never read outside the arrays or report a hash not within the
    radius. ``parts`` sets the layout (by default :func:`layout`), ``caps`` each part's slots
    a cell (rounded up to a power of two; by default the fewest that leave out at most
    ``spill`` of the hashes)."""

    def __init__(self, hashes: np.ndarray,
                 tables: Sequence[tuple[np.ndarray, np.ndarray]] | None = None, *,
                 parts: Sequence[tuple[int, int]] | None = None,
                 caps: Sequence[int] | None = None, spill: float = SPILL, room: int = ROOM
                 ) -> None:
        self.hashes = hashes
        n = len(hashes)
        self.parts = tuple(parts) if parts is not None else layout(n)
        self.perms: list[np.ndarray] = []
        self._starts: list[np.ndarray] = []
        for i, (low, width) in enumerate(self.parts):
            given = tables[i] if tables is not None and i < len(tables) else None
            if given is not None and _fits(*given, n, width):
                perm, starts = given
            else:
                keys = part_keys(hashes, low, width)
                perm = np.argsort(keys, kind="stable").astype(np.int32)
                starts = np.zeros((1 << width) + 1, dtype=np.int32)
                np.cumsum(np.bincount(keys, minlength=1 << width), out=starts[1:])
            self.perms.append(perm)
            self._starts.append(starts)
        self._identity = [_identity(perm) for perm in self.perms]
        sizes = [np.diff(starts) for starts in self._starts]
        self.caps = [1 << max(0, int(c) - 1).bit_length() for c in caps] if caps \
            else [_cap(size, spill * n, room) for size in sizes]
        # the parts whose cells have as many slots share one array of cells: one gather each
        self._groups: list[tuple[int, list[int], list[int], np.ndarray]] = []
        spilled: list[np.ndarray] = []
        source = hashes if hashes.flags.owndata else hashes.copy()  # numpy's memory gathers faster
        for cap in sorted(set(self.caps)):
            # widest first: each part's first cell is then a multiple of its own count, and
            # ``key ^ (mask + first)`` is ``(key ^ mask) + first``
            members = sorted((i for i, c in enumerate(self.caps) if c == cap),
                             key=lambda i: -self.parts[i][1])
            offsets = np.cumsum([0] + [1 << self.parts[i][1] for i in members]).tolist()
            cells = _aligned(offsets[-1] * cap).reshape(-1, cap)
            for i, at in zip(members, offsets, strict=False):
                low, width = self.parts[i]
                spilled.append(self._fill(cells[at : at + (1 << width)], source, i, low, sizes[i]))
            self._groups.append((cap, members, offsets[:-1], cells))
        # hashes left out of a cell in any part: searched through an index of their own
        self._spilled = np.unique(np.concatenate(spilled)) if spilled else np.empty(0, np.int64)
        self._spill: HashIndex | None = None  # else scanned (few, or most of a crowded store)
        self._spilled_hashes = hashes[self._spilled]
        if SCAN_BELOW <= len(self._spilled) <= n // 2:
            self._spill = HashIndex(self._spilled_hashes, spill=SPILL_SECOND, room=ROOM_SECOND)
        self._plans: dict[int, list[_Plan]] = {}

    @property
    def tables(self) -> list[tuple[np.ndarray, np.ndarray]]:
        """(sort order, starts) of each part, to keep and give back to a later index."""
        return list(zip(self.perms, self._starts, strict=True))

    @property
    def nbytes(self) -> int:
        """Memory the tables and cells take, beyond the hashes themselves."""
        own = sum(a.nbytes for a in (*self.perms, *self._starts, *(g[3] for g in self._groups))) \
            + self._spilled.nbytes + self._spilled_hashes.nbytes
        return own + (self._spill.nbytes if self._spill else 0)

    def probes(self, radius: int) -> int:
        """Cells read for one query hash at ``radius``."""
        return probes(radius, self.parts)

    def _fill(self, cells: np.ndarray, source: np.ndarray, i: int, low: int, size: np.ndarray
              ) -> np.ndarray:
        """Fill part ``i``'s ``cells`` (the first hashes of each cell in the part's order, empty
        slots the cell's key inverted); returns the positions of the hashes left out."""
        cap, perm, starts = self.caps[i], self.perms[i], self._starts[i]
        n, count = len(perm), len(cells)
        key = np.arange(count, dtype=np.uint64)
        cells[:] = (((~key) & _U(count - 1)) << _U(low))[:, None]
        if not n:
            return np.empty(0, dtype=np.int64)
        ordered = source if self._identity[i] else np.take(source, perm, mode="clip")
        cell = np.repeat(np.arange(count, dtype=np.int64), size)  # each sorted hash's cell
        rank = np.arange(n, dtype=np.int64) - starts[:-1].astype(np.int64)[cell]
        fits = rank < cap
        cells.reshape(-1)[(cell * cap + rank)[fits]] = ordered[fits]
        return perm[~fits].astype(np.int64)

    def search(self, values: Sequence[int] | np.ndarray, radius: int
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(position in the stored array, distance, index of the query value) of every stored
        hash within ``radius`` of any of ``values``, each pair once, ordered by query value
        and position."""
        query = np.asarray(values, dtype=np.uint64).ravel()
        n = len(self.hashes)
        if not len(query) or not n or radius < 0:
            return _empty()
        if self.probes(radius) * PROBE_COST > n:
            return _scan(self.hashes, query, radius)
        found: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        keys = [part_keys(query, low, width) for low, width in self.parts]
        for (cap, members, _, cells), plan in zip(self._groups, self._plan(radius), strict=True):
            read = np.empty((len(query), plan.columns), dtype=np.int64)
            for i, masks, (a, b) in zip(members, plan.masks, plan.bounds, strict=True):
                np.bitwise_xor(keys[i][:, None], masks, out=read[:, a:b])
            near, dist = _near(cells.view(f"V{8 * cap}").reshape(-1), read, query, radius)
            if not len(near):
                continue
            probe, slot = near // cap, near % cap
            column = probe % plan.columns
            for j, i in enumerate(members):  # hits are few: each part's in turn
                mine = np.flatnonzero(plan.part[column] == j)
                if not len(mine):
                    continue
                cell = read.reshape(-1)[probe[mine]] - plan.offset[j]
                first = self._starts[i][cell].astype(np.int64)
                ok = slot[mine] < self._starts[i][cell + 1] - first  # empty: a wide radius only
                at = (first + slot[mine])[ok]
                pos = at if self._identity[i] else self.perms[i][at].astype(np.int64)
                found.append((pos, dist[mine[ok]], probe[mine[ok]] // plan.columns))
        if self._spill is not None:
            pos, dist, which = self._spill.search(query, radius)
            found.append((self._spilled[pos], dist, which))
        elif len(self._spilled):
            pos, dist, which = _scan(self._spilled_hashes, query, radius)
            found.append((self._spilled[pos], dist, which))
        if not found:
            return _empty()
        pos, dist, which = (np.concatenate(column) for column in zip(*found, strict=True))
        _, once = np.unique(which * n + pos, return_index=True)
        return pos[once], dist[once], which[once]

    def _plan(self, radius: int) -> list[_Plan]:
        """What each group of parts reads at ``radius`` (cached)."""
        if radius not in self._plans:
            radii = part_radii(radius, len(self.parts))
            plans = []
            for _, members, offsets, _ in self._groups:
                masks = [flip_masks(self.parts[i][1], radii[i]) + at
                         for i, at in zip(members, offsets, strict=True)]
                ends = np.cumsum([0] + [len(m) for m in masks]).tolist()
                plans.append(_Plan(masks, list(itertools.pairwise(ends)), ends[-1],
                                   np.repeat(np.arange(len(masks)), [len(m) for m in masks]),
                                   np.array(offsets, dtype=np.int64)))
            self._plans[radius] = plans
        return self._plans[radius]


def _near(view: np.ndarray, read: np.ndarray, query: np.ndarray, radius: int
               ) -> tuple[np.ndarray, np.ndarray]:
    """(flat slot, distance) of the slots of the cells ``read`` (a row per query value) that lie
    within ``radius`` of the row's query value: one gather, one XOR + popcount."""
    got = np.take(view, read.reshape(-1)).view(_U).reshape(len(read), -1)
    np.bitwise_xor(got, query[:, None], out=got)
    dist = np.bitwise_count(got).reshape(-1)
    near = np.flatnonzero(dist <= radius)
    return near, dist[near]


def _cap(size: np.ndarray, most: float, room: int) -> int:
    """Slots a cell of a part gets (a power of two): the fewest that leave out at most ``most``
    hashes (they go to the second index), short of more slots than ``room`` times the hashes
    (many copies of one hash overflow instead of growing every cell)."""
    counts = np.bincount(size)
    held = np.arange(len(counts))
    room = max(1, room * int(size.sum()) // max(1, len(size)))
    cap = 1
    while cap * 2 <= room and float(((held - cap).clip(0) * counts).sum()) > most:
        cap *= 2
    return cap


def _aligned(count: int) -> np.ndarray:
    """``count`` uint64s starting on a 64-byte boundary (a cell of eight is one cache line)."""
    buf = np.empty(count + 8, dtype=np.uint64)
    skip = (-buf.ctypes.data % 64) // 8
    return buf[skip : skip + count]


def _identity(perm: np.ndarray) -> bool:
    """Whether a sort order leaves the hashes where they are (the database stores them in
    part 0's order)."""
    n = len(perm)
    return not n or (int(perm[0]) == 0 and int(perm[-1]) == n - 1
                     and bool(np.array_equal(perm, np.arange(n, dtype=perm.dtype))))


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
