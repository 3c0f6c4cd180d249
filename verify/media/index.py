"""Sub-linear search of 64-bit hashes within a Hamming radius: multi-index hashing.

Each hash is split into three parts (22, 21 and 21 bits), and each part has a table that lists
the hashes by the value of that part. Two hashes within radius ``r`` of each other must agree
closely on at least one part: if part ``i`` is searched within ``r_i`` bits and the ``r_i + 1``
add up to more than ``r``, no hash within ``r`` is missed (pigeonhole), so the search is exact.
For ``r = 12`` the parts are searched within 4, 3 and 3 bits: about 12,000 table cells a query
hash instead of every stored hash (Norouzi, Punjani and Fleet, "Fast search in Hamming space
with multi-index hashing", CVPR 2012).

A table is a permutation of the stored hashes sorted by the part (int32) and the start of every
part value in it; its candidates are then checked by XOR and popcount like the linear scan.

>>> import numpy as np
>>> stored = np.array([0, 0b111, (1 << 64) - 1], dtype=np.uint64)
>>> index = HashIndex(stored)
>>> sorted(index.search([0b1], 2)[0].tolist())
[0, 1]
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np

#: (lowest bit, width) of each part; the widest first, as it takes the largest radius
PARTS: tuple[tuple[int, int], ...] = ((0, 22), (22, 21), (43, 21))


def part_radii(radius: int, parts: int = len(PARTS)) -> list[int]:
    """The radius to search each part within so that no hash within ``radius`` is missed:
    the smallest radii whose ``r_i + 1`` add up to more than ``radius``."""
    need = max(0, radius + 1 - parts)  # sum of the r_i
    base, extra = divmod(need, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def flip_masks(width: int, radius: int) -> np.ndarray:
    """Every value of ``width`` bits with at most ``radius`` bits set (XOR masks), as int64."""
    out = [0]
    for k in range(1, min(radius, width) + 1):
        for bits in itertools.combinations(range(width), k):
            out.append(sum(1 << b for b in bits))
    return np.array(out, dtype=np.int64)


def part_keys(values: np.ndarray, low: int, width: int) -> np.ndarray:
    """The value of one part (``width`` bits from bit ``low``) of each hash."""
    return ((values >> np.uint64(low)) & np.uint64((1 << width) - 1)).astype(np.int64)


class HashIndex:
    """Multi-index hashing over an array of uint64 hashes. ``tables`` are the (sort order,
    starts) of each part from an earlier index over the same array (:attr:`tables`, kept in
    the database's snapshot); any that does not fit is computed again. A crafted table can
    only make a search miss, never read outside the arrays."""

    def __init__(self, hashes: np.ndarray,
                 tables: Sequence[tuple[np.ndarray, np.ndarray]] | None = None) -> None:
        self.hashes = hashes
        self.perms: list[np.ndarray] = []
        self._sorted: list[np.ndarray] = []  # the hashes in each table's order: cells are runs
        self._starts: list[np.ndarray] = []
        self._masks: dict[tuple[int, int], np.ndarray] = {}
        for i, (low, width) in enumerate(PARTS):
            given = tables[i] if tables is not None and i < len(tables) else None
            if given is not None and _fits(*given, len(hashes), width):
                perm, starts = given
            else:
                keys = part_keys(hashes, low, width)
                perm = np.argsort(keys).astype(np.int32)
                starts = np.zeros((1 << width) + 1, dtype=np.int32)
                np.cumsum(np.bincount(keys, minlength=1 << width), out=starts[1:])
            self.perms.append(perm)
            self._sorted.append(np.take(hashes, perm, mode="clip"))  # checked: no bounds pass
            self._starts.append(starts)

    @property
    def tables(self) -> list[tuple[np.ndarray, np.ndarray]]:
        """(sort order, starts) of each part, to keep and give back to a later index."""
        return list(zip(self.perms, self._starts, strict=True))

    @property
    def nbytes(self) -> int:
        """Memory the tables take, beyond the hashes themselves."""
        return sum(a.nbytes for a in (*self.perms, *self._sorted, *self._starts))

    def _flips(self, width: int, radius: int) -> np.ndarray:
        key = (width, radius)
        if key not in self._masks:
            self._masks[key] = flip_masks(width, radius)
        return self._masks[key]

    def search(self, values: Sequence[int] | np.ndarray, radius: int
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(position in the stored array, distance, index of the query value) of every stored
        hash within ``radius`` of any of ``values``, each pair once."""
        found_pos, found_dist, found_query = [], [], []
        radii = part_radii(radius)
        for which, value in enumerate(int(v) for v in np.asarray(values, dtype=np.uint64).ravel()):
            query = np.uint64(value)
            for (low, width), radius_i, perm, ordered, starts in zip(
                    PARTS, radii, self.perms, self._sorted, self._starts, strict=True):
                cells = ((value >> low) & ((1 << width) - 1)) ^ self._flips(width, radius_i)
                first = starts[cells]
                sizes = starts[cells + 1] - first
                ends = np.cumsum(sizes)
                if not len(ends) or not ends[-1]:
                    continue
                # the runs first[k] .. first[k] + sizes[k] - 1 of every cell, as one array
                run = np.repeat(first - (ends - sizes), sizes) + np.arange(int(ends[-1]))
                dist = np.bitwise_count(ordered[run] ^ query)
                near = np.flatnonzero(dist <= radius)
                found_pos.append(perm[run[near]])
                found_dist.append(dist[near])
                found_query.append(np.full(len(near), which, dtype=np.int64))
        if not found_pos:
            empty = np.empty(0, dtype=np.int64)
            return empty, empty.astype(np.uint8), empty
        pos = np.concatenate(found_pos).astype(np.int64)
        dist = np.concatenate(found_dist)
        which_all = np.concatenate(found_query)
        # a stored hash close on two parts comes through two tables: keep it once per query value
        _, once = np.unique(which_all * len(self.hashes) + pos, return_index=True)
        return pos[once], dist[once], which_all[once]


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
