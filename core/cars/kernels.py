"""The per-block kernels of CARS: pure functions on numpy blocks that both
executors call, the one-machine path on row strips and its candidate arrays
(core/cars/simulate.py), the Dask path on chunks (core/cars/on_dask.py), so
the two give the same maps (docs/cars.md, docs/cluster.md).

Blocks hold class indices 0..K-1 (K = nodata or outside the raster), the
restriction values (0 no change, 1 free, 2 development zone) and the class
probabilities (K, rows, cols) float32. Cells are named by their global flat
position row * width + column, which is also the counter of their random
draws (core/common/random.py).
"""

from dataclasses import dataclass

import numpy as np

from ..common import random
from .inputs import DEVELOPMENT, RESTRICTED
from .neighbourhood import count_dtype, neighbour_offsets, window_counts
from .rules import draw_thresholds, overall_probability, roulette, seed_draws

# ---------------------------------------------------------------------------
# Before the first iteration
# ---------------------------------------------------------------------------

@dataclass
class ScanTally:
    """What the input scan counts (cells): per class, free and restricted
    cells; ``pair[c, j]`` free cells of class c with P_j > 0; ``source[c]``
    free cells of class c with P > 0 for a class they can reach; cells with
    a missing probability; cells in development zones."""

    pair: np.ndarray
    source: np.ndarray
    free: np.ndarray
    restricted: np.ndarray
    missing_cells: int = 0
    dev_cells: int = 0

    @classmethod
    def zeros(cls, k):
        return cls(np.zeros((k, k), dtype=np.int64), *(np.zeros(k, dtype=np.int64)
                                                       for _ in range(3)))

    def __iadd__(self, other):
        self.pair += other.pair
        self.source += other.source
        self.free += other.free
        self.restricted += other.restricted
        self.missing_cells += other.missing_cells
        self.dev_cells += other.dev_cells
        return self


def scan_block(idx, rest, prob, missing, reach, k):
    """The :class:`ScanTally` of one block; ``reach`` (K + 1, K): may a cell
    of class c end as k (row K = nodata: never)."""
    valid = idx < k
    tally = ScanTally.zeros(k)
    tally.missing_cells = int(np.count_nonzero(missing & valid))
    tally.dev_cells = int(np.count_nonzero((rest == DEVELOPMENT) & valid))
    is_free = valid & (rest != RESTRICTED)
    tally.restricted = np.bincount(idx[valid & ~is_free], minlength=k + 1)[:k]
    tally.free = np.bincount(idx[is_free], minlength=k + 1)[:k]
    any_target = np.zeros(idx.shape, dtype=bool)
    for j in range(k):
        positive = prob[j] > 0
        tally.pair[:, j] = np.bincount(idx[is_free & positive], minlength=k + 1)[:k]
        any_target |= reach[idx, j] & positive
    tally.source = np.bincount(idx[is_free & any_target], minlength=k + 1)[:k]
    return tally


def candidate_block(cls, rest, prob, allowed, targets, k):
    """The cells of a block that may change this year: not restricted, with a
    class j they may become now (``allowed`` (K + 1, K)) of P_j > 0.
    Returns (flat indices within the block, pair_cells (K, K): candidates of
    class c with P_j > 0 that may become j, source_cells (K,))."""
    cand = np.zeros(cls.shape, dtype=bool)
    for j in targets:
        cand |= allowed[cls, j] & (prob[j] > 0)
    cand &= rest != RESTRICTED
    pair = np.zeros((k, k), dtype=np.int64)
    for j in targets:
        pair[:, j] = np.bincount(cls[cand & allowed[cls, j] & (prob[j] > 0)],
                                 minlength=k + 1)[:k]
    source = np.bincount(cls[cand], minlength=k + 1)[:k]
    return np.flatnonzero(cand), pair, source


def still_candidates(cls, prob, allowed, gaps):
    """Which candidates may still change (a class they may become now has
    P > 0), and how many of those belong to classes above their demand.
    ``cls`` (m,), ``prob`` (K, m)."""
    keep = (allowed[cls] & (prob > 0).T).any(axis=1)
    return keep, int(np.count_nonzero(keep & (gaps[cls] < 0)))


# ---------------------------------------------------------------------------
# Window counts of the candidate cells from a block with a halo
# ---------------------------------------------------------------------------

def halo_counts(block, h, rows, cols, k, n):
    """Cells of each class 0..k-1 in the n x n window (centre excluded) of
    the candidate cells at (``rows``, ``cols``) (indices into the block's
    interior) of ``block``, a class-index block with a halo of h = (n-1)/2
    cells on every side (K outside the raster). Returns (K, m) counts.

    Exact integer counts, so they equal the one-machine path's incrementally
    updated counts. Few candidates: one gather per neighbour offset; many:
    a box filter over the whole block (same numbers, less work)."""
    m = rows.size
    dtype = count_dtype(n)
    if (n * n - 1) * m <= 2 * k * block.size:
        counts = np.zeros((k + 1, m), dtype=dtype)
        cells = np.arange(m)
        for dy, dx in neighbour_offsets(n):
            # within one offset each candidate is hit once: fancy += is exact
            counts[block[rows + h + dy, cols + h + dx], cells] += 1
        return counts[:k]
    full = window_counts(block, k, n, dtype)                  # rows h .. end-h
    return full[:, rows, cols + h]


# ---------------------------------------------------------------------------
# One iteration: the proposals of a set of candidate cells
# ---------------------------------------------------------------------------

@dataclass
class IterationRules:
    """Everything an iteration's proposals depend on besides the cells
    (small; sent to every Dask task). ``allowed`` (K + 1, K); ``targets``:
    classes some cell may become; ``seed_open``: classes with seed room;
    ``coefficient``: D_k; ``scale``: delta^d; ``step``: the draws' step
    (year << 32 | iteration)."""

    seed: int
    step: int
    scale: float
    mu: float
    weights: np.ndarray
    n: int
    coefficient: np.ndarray
    allowed: np.ndarray
    targets: list
    seed_open: np.ndarray
    dev: object = None
    dev_weight: float = 0.5

    @property
    def slot(self):
        slot = np.full(self.allowed.shape[1], -1, dtype=np.int64)
        slot[self.targets] = np.arange(len(self.targets))
        return slot


def _may_win(rules, pos, cls, counts, zone, prob):
    """(K_targets, m) bool: may the cell win each target class this
    iteration? Only where the transition is allowed and either a class-j
    cell is in its window (growth), or, for a class with seed room, no
    class-j cell is near and its seed draw r_j < P_j (a new seed: otherwise
    OP_j = P_j * Omega_j * D_j = 0 and j cannot win), or it lies in a
    development zone of the development class. Drawing r_j here for the
    seed-only cells and dropping the rest changes no result (the draws are
    functions of the cell, docs/cars.md "Determinism") and spares the full
    K-class work for the many cells that cannot seed."""
    may = np.empty((len(rules.targets), pos.size), dtype=bool)
    base = None
    for t, j in enumerate(rules.targets):
        near = np.greater(counts[j], 0, out=may[t])
        if rules.seed_open[j]:
            alone = np.flatnonzero(~near & (prob[j] > 0) & rules.allowed[cls, j])
            if base is None:
                base = pos.astype(np.uint64) * np.uint64(rules.allowed.shape[1])
            r = random.uniform(rules.seed, random.SEED_DRAW, rules.step,
                               base[alone] + np.uint64(j))
            may[t, alone[r < prob[j, alone]]] = True
        if j == rules.dev and zone is not None:
            may[t] |= zone
        may[t] &= rules.allowed[cls, j]
    return may


def propose(rules, pos, cls, counts, zone, prob):
    """The conversions the candidate cells propose in one iteration (docs/
    cars.md, "One iteration"): threshold, seed draws, overall probability,
    roulette. ``pos`` global flat positions (m,), ``cls`` their class,
    ``counts`` (K, m) window counts of the previous map, ``zone`` in a
    development zone (or None), ``prob`` (K, m).

    Returns (pos, from, to, is_seed, OP of the winner) of the cells whose
    roulette winner is an allowed target passing the threshold. Every draw
    is a function of (seed, stream, step, position): a cell's proposal does
    not depend on which other cells are in the block."""
    targets = rules.targets
    slot = rules.slot
    may = _may_win(rules, pos, cls, counts, zone, prob)
    live = np.flatnonzero(may.any(axis=0))
    pos, cls, may, counts, prob = pos[live], cls[live], may[:, live], counts[:, live], \
        prob[:, live]
    zone = zone[live] if zone is not None else None
    tau = draw_thresholds(rules.seed, rules.step, pos, np.float32(rules.scale))
    passing = may
    for t, j in enumerate(targets):
        passing[t] &= prob[j] > tau
    rows = np.flatnonzero(passing.any(axis=0))
    if rows.size == 0:
        return empty_proposals()
    pos, cls, passing = pos[rows], cls[rows], passing[:, rows]
    prob, counts = prob[:, rows], counts[:, rows]
    zone = zone[rows] if zone is not None else None
    r = seed_draws(rules.seed, rules.step, pos, prob, counts, rules.dev, zone)
    op, seed = overall_probability(prob, counts, rules.weights, rules.n, rules.coefficient, r,
                                   rules.mu)
    if zone is not None and zone.any():
        j = rules.dev
        op[j, zone] = np.minimum(r[j, zone] + op[j, zone], 1.0) \
            * np.float32(rules.dev_weight)
    win = roulette(op, random.uniform(rules.seed, random.ROULETTE, rules.step, pos))
    ok = np.flatnonzero(win >= 0)
    ok = ok[slot[win[ok]] >= 0]
    ok = ok[passing[slot[win[ok]], ok]]
    w = win[ok]
    # class indices in the map's own small type: an iteration may propose
    # tens of millions of conversions
    return (pos[ok].astype(np.int64), cls[ok], w.astype(cls.dtype), seed[w, ok], op[w, ok])


def propose_blocks(rules, a, b, block, inputs):
    """:func:`propose` over candidates a..b-1, ``block`` at a time (the
    kernel's temporaries are several times the candidates' own arrays; a
    block of 2^16 candidates keeps them in a core's cache): ``inputs(a, b)``
    gives propose's (pos, cls, counts, zone, prob) of candidates a..b-1.
    Returns the proposals concatenated, or None."""
    out = [propose(rules, *inputs(s, min(b, s + block))) for s in range(a, b, block)]
    # (an empty block's arrays are int64: left out, they do not widen the classes)
    out = [p for p in out if p[0].size]
    return tuple(np.concatenate(x) for x in zip(*out)) if out else None


def empty_proposals():
    return (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64),
            np.zeros(0, dtype=np.int64), np.zeros(0, dtype=bool), np.zeros(0, dtype=np.float32))


# ---------------------------------------------------------------------------
# After the year: why a class missed its demand
# ---------------------------------------------------------------------------

def diagnosis_block(cls, rest, prob, gaps, reach, k):
    """Per class (cells): (restricted, forbidden, zero_p, open) among the
    cells that could have given / taken cells (docs/cars.md; the message is
    built by core.cars.diagnose)."""
    givers = np.append(gaps != 0, False)
    out = np.zeros((4, k), dtype=np.int64)
    restricted, forbidden, zero_p, open_ = out
    free = rest != RESTRICTED
    for j in range(k):
        if gaps[j] > 0:
            may = givers[cls] & (cls != j)
            restricted[j] += np.count_nonzero(may & ~free)
            ok = may & free & reach[cls, j]
            forbidden[j] += np.count_nonzero(may & free & ~reach[cls, j])
            zero_p[j] += np.count_nonzero(ok & (prob[j] <= 0))
            open_[j] += np.count_nonzero(ok & (prob[j] > 0))
        elif gaps[j] < 0:
            mine = cls == j
            restricted[j] += np.count_nonzero(mine & ~free)
            targets = np.flatnonzero(reach[j])
            if targets.size == 0:
                forbidden[j] += np.count_nonzero(mine & free)
                continue
            positive = (prob[targets] > 0).any(axis=0)
            zero_p[j] += np.count_nonzero(mine & free & ~positive)
            open_[j] += np.count_nonzero(mine & free & positive)
    return out
