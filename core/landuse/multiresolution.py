"""Agreement of a simulation at multiple resolutions (docs/accuracy.md,
"Multiple resolutions"): the budget of Pontius et al. (2008, Ann. Reg. Sci.
42:11) with the components of Pontius & Santacruz (2014, Int. J. Remote
Sens. 35:7543), as diffeR's ``differenceMR`` computes them.

Both maps are aggregated by factors f = 1, 2, 4, ... until one coarse cell
covers the map (blocks of f x f cells anchored at the top-left corner; the
last row and column of blocks are cut at the map's edge). A coarse cell x
holds, per class k, the cells C_xk of the simulated map, R_xk of the
observed map and P_xk of the initial (persistence) map among its w_x cells
assessed (valid in all three maps). The composite operator of Pontius &
Cheuk (2006, Int. J. Geogr. Inf. Sci. 20:1) gives its cross-tabulation, in
cells: ``m_xk = min(C_xk, R_xk)`` on the diagonal and, with ``u = C - m``,
``v = R - m`` and ``d_x = w_x - sum_k m_xk`` (the cells the two maps
disagree on there), ``u_xi v_xj / d_x`` from simulated class i to observed
class j. Summed over the coarse cells, the matrix M(f) has the maps' class
totals as margins at every resolution; of N assessed cells:

- quantity ``Q = sum_k |C_k - R_k| / 2 / N`` (the same at every f);
- exchange ``E = sum_{i<j} 2 min(M_ij, M_ji) / N``;
- overall difference ``D = 1 - sum_x sum_k m_xk / N``, shift ``S = D - Q - E``;
  allocation = E + S.

The persistence map (the initial map, "nothing changes") is scored the
same way, ``D_0(f) = 1 - sum_x sum_k min(P_xk, R_xk) / N``; the null
resolution is the finest f at which the simulation disagrees less with the
observed map than the persistence map does, ``D(f) < D_0(f)`` (Pontius et
al. 2004, Ecol. Model. 179:445; 2008), if there is one.

Streaming: a window (row strip or Dask chunk) of the three class-index
maps is aggregated level by level (f -> 2f: sums of 2 x 2 blocks; factors
2 to 8 as byte lanes of 64-bit words, eight classes per word, so that a
block sum is two vector additions); the coarse cells that lie wholly in the
window are scored there, and those cut by its edge are handed over with
their counts and merged by :class:`Budget` until complete. Everything is
an integer: the disagreements (sums of d_x), and the off-diagonal sums kept
as integer numerators over the denominators d_x (one common denominator,
lcm(1..d) = 12 and 720720, at factors 2 and 4; coarse cells that disagree
on one cell are counted per pair directly), so strips and chunks of any
shape give the same budget to the last bit.
"""

from dataclasses import dataclass, field

import numpy as np

from ..common.charts import figure, save_png

# levels 1..3 (factors 2, 4, 8) are summed as byte lanes: at most 64 cells
PACKED_LEVELS = 3
# levels summed over one common denominator (lcm of the possible d_x)
COMMON_DENOMINATOR = {1: 12, 2: 720720}
_ONES = np.uint64(0x0101010101010101)
_COMPACT_ROWS = 4096           # off-diagonal groups kept before merging equal keys
_PRODUCT_CELLS = 1 << 21       # int64 products per slice of the off-diagonal sums

MULTIRESOLUTION_HEADER = ["factor_cells", "resolution_map_units", "coarse_cells",
                          "quantity_fraction", "exchange_fraction", "shift_fraction",
                          "allocation_fraction", "difference_fraction",
                          "persistence_difference_fraction", "model_beats_persistence"]


def level_count(height, width):
    """L: levels 0..L are scored (factors 2^0 .. 2^L), 2^L the first power
    of two >= the map's longer side (one coarse cell covers the map)."""
    return (max(height, width, 1) - 1).bit_length()


def factor_of(level, height, width):
    """The factor of a level as reported: 2^level, the last one cut to the
    map's longer side (as diffeR does)."""
    return min(1 << level, max(height, width))


# ---------------------------------------------------------------------------
# The composite operator on complete coarse cells
# ---------------------------------------------------------------------------

def _off_diagonal(level, u, v, d):
    """Integer numerators and their denominators of sum_x u_xi v_xj / d_x:
    (keys, sums (groups, K, K) int64). Levels with a common denominator D
    give one group (D, sum_x (D / d_x) u_xi v_xj), computed in float64,
    exact below 2^53 (a window's sums are far below); the others one group
    per value of d_x, with exact int64 products."""
    k = u.shape[1]
    if not d.size:
        return np.zeros(0, np.int64), np.zeros((0, k, k), np.int64)
    if level in COMMON_DENOMINATOR:
        den = COMMON_DENOMINATOR[level]
        weighted = u.astype(np.float64) * (den // d).astype(np.float64)[:, None]
        sums = np.rint(weighted.T @ v.astype(np.float64)).astype(np.int64)
        return np.array([den], np.int64), sums[None]
    order = np.argsort(d, kind="stable")
    d = d[order].astype(np.int64)
    starts = np.flatnonzero(np.r_[True, d[1:] != d[:-1]])
    if starts.size * 64 <= d.size and float(d[-1]) ** 2 * d.size < 2.0 ** 53:
        # few large groups: one float64 product per group, exact (every sum of
        # u_i v_j <= d^2 per cell stays below 2^53)
        u, v = np.take(u, order, axis=0).astype(np.float64), \
            np.take(v, order, axis=0).astype(np.float64)
        ends = np.r_[starts[1:], d.size]
        sums = np.stack([np.rint(u[a:b].T @ v[a:b]) for a, b in zip(starts, ends)])
        return d[starts], sums.astype(np.int64)
    u, v = np.take(u, order, axis=0).astype(np.int64), np.take(v, order, axis=0).astype(np.int64)
    keys, parts = [], []
    step = max(1, _PRODUCT_CELLS // (k * k))
    for s0 in range(0, d.size, step):
        ds = d[s0:s0 + step]
        starts = np.flatnonzero(np.r_[True, ds[1:] != ds[:-1]])
        prod = (u[s0:s0 + step, :, None] * v[s0:s0 + step, None, :]).reshape(ds.size, k * k)
        keys.append(ds[starts])
        parts.append(np.add.reduceat(prod, starts, axis=0).reshape(-1, k, k))
    return np.concatenate(keys), np.concatenate(parts)


def _byte_sums(words):
    """Sum of the byte lanes of uint64 words (n, W) per row (each word's
    lanes sum to at most 255)."""
    return ((words * _ONES) >> np.uint64(56)).sum(axis=1, dtype=np.int64)


def _differing(a, b):
    """Rows (coarse cells) where the byte-lane words of two maps differ:
    exactly the cells where the maps disagree (d_x > 0)."""
    diff = a != b
    return np.flatnonzero(diff[:, 0] if diff.shape[1] == 1 else diff.any(axis=1))


def _mismatch(a, b, rows):
    """(min words, d) of the given rows of two maps' byte-lane words."""
    a, b = np.take(a, rows, axis=0), np.take(b, rows, axis=0)
    m = np.minimum(a.view(np.uint8), b.view(np.uint8)).view(np.uint64)
    return a, b, m, _byte_sums(a) - _byte_sums(m)


# u * _LANE_MAGIC >> 61 is i for u = 256^i (i < 8): the top three bits of
# _LANE_MAGIC << 8i are the window of _LANE_MAGIC at bit 61 - 8i, set to i
_LANE_MAGIC = np.uint64(sum(i << (61 - 8 * i) for i in range(8)))


def _single_pairs(k, u, v):
    """Cells per (i, j) of coarse cells that disagree on one cell (d_x = 1):
    their u and v are one-hot byte-lane words 256^i and 256^j."""
    iu = (u * _LANE_MAGIC) >> np.uint64(61)
    iv = (v * _LANE_MAGIC) >> np.uint64(61)
    iu *= np.uint64(k)
    iu += iv
    return np.bincount(iu.astype(np.intp), minlength=k * k).reshape(k, k).astype(np.int64)


def _packed_off_diagonal(level, k, u, v, d):
    """:func:`_off_diagonal` of byte-lane words u, v (n, W); the cells with
    d_x = 1, most of them at fine factors, are counted per (i, j) pair
    directly (one word per cell, W = 1)."""
    single = None
    if u.shape[1] == 1:
        one = d == 1
        if one.any():
            u, v = u[:, 0], v[:, 0]
            first, rest = np.flatnonzero(one), np.flatnonzero(~one)
            single = _single_pairs(k, np.take(u, first), np.take(v, first))
            u, v, d = np.take(u, rest)[:, None], np.take(v, rest)[:, None], np.take(d, rest)
    lanes = 8 * u.shape[1]
    keys, sums = _off_diagonal(level, u.view(np.uint8).reshape(-1, lanes)[:, :k],
                               v.view(np.uint8).reshape(-1, lanes)[:, :k], d)
    if single is None:
        return keys, sums
    key = COMMON_DENOMINATOR.get(level, 1)
    if keys.size and keys[0] == key:         # d = 1 is the first group (sorted, or common)
        sums = sums.copy()
        sums[0] += single * key
        return keys, sums
    return np.r_[np.int64(key), keys], np.concatenate([(single * key)[None], sums])


def score_packed(level, k, sim, obs, init):
    """(model disagreement, persistence disagreement, keys, sums) of
    complete coarse cells held as byte lanes: uint64 arrays (n, W), class c
    in byte c % 8 of word c // 8; disagreements are sums of d_x (cells).
    Only the cells where two maps differ are looked at: elsewhere they
    agree on every cell."""
    _i, _r, _m, lost = _mismatch(init, obs, _differing(init, obs))
    c, r, m, d = _mismatch(sim, obs, _differing(sim, obs))
    keys, sums = _packed_off_diagonal(level, k, c - m, r - m, d)
    return int(d.sum()), int(lost.sum()), keys, sums


def score_counts(level, sim, obs, init):
    """The same for complete coarse cells held as counts (n, K) int64."""
    m = np.minimum(sim, obs)
    d = sim.sum(axis=1) - m.sum(axis=1)
    lost = int((init.sum(axis=1) - np.minimum(init, obs).sum(axis=1)).sum())
    sel = np.flatnonzero(d)
    keys, sums = _off_diagonal(level, (sim - m)[sel], (obs - m)[sel], d[sel])
    return int(d.sum()), lost, keys, sums


def unpack(words, k):
    """Counts (..., K) int64 of byte-lane words (..., W)."""
    shape = words.shape[:-1]
    return words.view(np.uint8).reshape(shape + (-1,))[..., :k].astype(np.int64)


# ---------------------------------------------------------------------------
# One window
# ---------------------------------------------------------------------------

@dataclass
class WindowBudget:
    """A window's share of the budget, per level 1..L: its complete coarse
    cells scored (``scored``: (model disagreement, persistence disagreement,
    keys, sums)) and its cut ones with their counts (``cut``: (keys of
    the coarse cells, counts (n, 3, K) of simulated, observed, initial,
    cells of the window in each))."""

    scored: list = field(default_factory=list)
    cut: list = field(default_factory=list)


def _block_lut(k):
    """2 x 2 block code -> its class counts as byte-lane words: (B, W)
    uint64 over the codes ((a * (K + 1) + b) * (K + 1) + c) * (K + 1) + d of
    the blocks' four class indices (index K: not assessed, counted nowhere);
    with more than 15 classes, over the codes a * (K + 1) + b of two cells."""
    base = k + 1
    words = max(1, (k + 7) // 8)
    one = np.zeros((base, words), np.uint64)
    for c in range(k):
        one[c, c // 8] = np.uint64(1) << np.uint64(8 * (c % 8))
    cells = 4 if base ** 4 <= 1 << 16 else 2
    lut = one
    for _ in range(cells - 1):
        lut = (lut[:, None, :] + one[None, :, :]).reshape(-1, words)
    return lut, cells


def _first_level(k, a, oy, ox):
    """Level 1 (factor 2) of a class-index window whose first cell is (oy,
    ox): byte-lane words (rows, cols, W) of the 2 x 2 blocks it touches,
    and their origin."""
    lut, cells = _block_lut(k)
    ny, nx = a.shape
    top, left = oy % 2, ox % 2
    bottom, right = (top + ny) % 2, (left + nx) % 2
    if top or left or bottom or right:
        a = np.pad(a, ((top, bottom), (left, right)), constant_values=k)
    base = np.uint16(k + 1) if cells == 4 else np.uint32(k + 1)
    code = a[0::2, 0::2].astype(base.dtype)
    if cells == 4:
        for part in (a[0::2, 1::2], a[1::2, 0::2], a[1::2, 1::2]):
            code *= base
            code += part
        words = lut[code] if lut.shape[1] > 1 else np.take(lut[:, 0], code)[..., None]
        return words, (oy // 2, ox // 2)
    code *= base
    code += a[0::2, 1::2]
    low = a[1::2, 0::2].astype(base.dtype) * base
    low += a[1::2, 1::2]
    return lut[code] + lut[low], (oy // 2, ox // 2)


def _halve(arrays, oy, ox):
    """2 x 2 block sums of level arrays (rows, cols, lanes) whose first cell
    is (oy, ox) at their level, padded with zeros to the blocks of the next
    level; returns (arrays, origin at the next level)."""
    ny, nx = arrays[0].shape[:2]
    top, left = oy % 2, ox % 2
    bottom, right = (top + ny) % 2, (left + nx) % 2
    out = []
    for a in arrays:
        if top or left or bottom or right:
            a = np.pad(a, ((top, bottom), (left, right), (0, 0)))
        a = a[0::2] + a[1::2]
        out.append(a[:, 0::2] + a[:, 1::2])
    return out, (oy // 2, ox // 2)


def _complete_span(start, stop, size, f):
    """Coarse indices [lo, hi) of the blocks of f cells along an axis of
    ``size`` cells that lie wholly in [start, stop)."""
    lo = -(-start // f)
    hi = -(-size // f) if stop >= size else stop // f
    return lo, max(lo, hi)


def _cut_cells(level_arrays, origin, inner, f, window, height, width, packed, k):
    """Keys, counts (n, 3, K) and window cells of the coarse cells cut by
    the window's edge (outside the ``inner`` rectangle of array indices)."""
    ny, nx = level_arrays[0].shape[:2]
    (r0, r1), (c0, c1) = inner
    if r0 == 0 and c0 == 0 and r1 == ny and c1 == nx:
        return None
    ring = np.ones((ny, nx), bool)
    ring[r0:r1, c0:c1] = False
    rows, cols = np.nonzero(ring)
    if not rows.size:
        return None
    counts = np.stack([unpack(a[rows, cols], k) if packed else a[rows, cols]
                       for a in level_arrays], axis=1)
    cy, cx = rows + origin[0], cols + origin[1]
    ys = np.minimum(np.minimum((cy + 1) * f, height), window.y0 + window.rows) \
        - np.maximum(cy * f, window.y0)
    xs = np.minimum(np.minimum((cx + 1) * f, width), window.x0 + window.cols) \
        - np.maximum(cx * f, window.x0)
    keys = cy.astype(np.int64) * (-(-width // f)) + cx
    return keys, counts, (ys * xs).astype(np.int64)


def window_budget(k, height, width, window, sim, obs, init):
    """The :class:`WindowBudget` of one window (a core.common.blocks.Window
    of a map of ``height`` x ``width`` cells) of the class-index arrays of
    the simulated, observed and initial maps (index K: not assessed; a cell
    must be assessed in all three or in none)."""
    part = WindowBudget()
    arrays, origin = None, (window.y0, window.x0)
    for level in range(1, level_count(height, width) + 1):
        if level == 1:
            firsts = [_first_level(k, a, *origin) for a in (sim, obs, init)]
            arrays, origin = [w for w, _o in firsts], firsts[0][1]
        else:
            if level == PACKED_LEVELS + 1:
                arrays = [unpack(a, k) for a in arrays]
            arrays, origin = _halve(arrays, *origin)
        packed = level <= PACKED_LEVELS
        f = 1 << level
        (r0, r1) = [v - origin[0] for v in _complete_span(
            window.y0, window.y0 + window.rows, height, f)]
        (c0, c1) = [v - origin[1] for v in _complete_span(
            window.x0, window.x0 + window.cols, width, f)]
        inner = [a[r0:r1, c0:c1].reshape(-1, a.shape[2]) for a in arrays]
        if packed:
            part.scored.append(score_packed(level, k, *inner))
        else:
            part.scored.append(score_counts(level, *inner))
        part.cut.append(_cut_cells(arrays, origin, ((r0, r1), (c0, c1)), f, window, height,
                                   width, packed, k))
    return part


# ---------------------------------------------------------------------------
# The tally of the whole map
# ---------------------------------------------------------------------------

def _compact(keys, sums):
    """Merge groups with equal keys (sorted keys, summed numerators)."""
    order = np.argsort(keys, kind="stable")
    keys = keys[order]
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    return keys[starts], np.add.reduceat(sums[order], starts, axis=0)


class _Level:
    """What is known of one level: disagreements (cells), off-diagonal
    groups and the coarse cells still incomplete."""

    def __init__(self, k):
        self.model = 0
        self.null = 0
        self.keys = np.zeros(0, np.int64)
        self.sums = np.zeros((0, k, k), np.int64)
        self.cut = None            # (keys, counts, window cells)

    def add(self, scored):
        model, null, keys, sums = scored
        self.model += model
        self.null += null
        if keys.size:
            self.keys = np.concatenate([self.keys, keys])
            self.sums = np.concatenate([self.sums, sums])
            if self.keys.size > _COMPACT_ROWS:
                self.keys, self.sums = _compact(self.keys, self.sums)


class Budget:
    """The multiple-resolution tally of a map of ``height`` x ``width``
    cells with K classes: :meth:`add` the WindowBudget of every window (in
    any order), then :meth:`result`."""

    def __init__(self, k, height, width):
        self.k, self.height, self.width = k, height, width
        self.levels = [_Level(k) for _level in range(level_count(height, width))]

    def add(self, part):
        for level, (state, scored, cut) in enumerate(
                zip(self.levels, part.scored, part.cut), start=1):
            state.add(scored)
            if cut is not None:
                self._merge_cut(level, state, cut)
        return self

    def _merge_cut(self, level, state, cut):
        """Add the cut coarse cells of a window; score those now complete."""
        if state.cut is not None:
            cut = tuple(np.concatenate([a, b]) for a, b in zip(state.cut, cut))
        keys, counts, cells = cut
        order = np.argsort(keys, kind="stable")
        keys = keys[order]
        starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
        keys = keys[starts]
        counts = np.add.reduceat(counts[order], starts, axis=0)
        cells = np.add.reduceat(cells[order], starts)
        f, columns = 1 << level, -(-self.width // (1 << level))
        cy, cx = keys // columns, keys % columns
        full = (np.minimum((cy + 1) * f, self.height) - cy * f) \
            * (np.minimum((cx + 1) * f, self.width) - cx * f)
        done = cells == full
        if done.any():
            c = counts[done]
            state.add(score_counts(level, c[:, 0], c[:, 1], c[:, 2]))
        state.cut = (keys[~done], counts[~done], cells[~done]) if not done.all() else None

    def result(self, table, cell_size=None):
        """The :class:`MultiResolution` of the tallied maps; ``table``:
        their three-way table (core.landuse.transitions.ThreeWay) of every
        assessed cell, which gives factor 1; ``cell_size``: the map's cell
        size (map units) for the resolutions."""
        incomplete = [i + 1 for i, s in enumerate(self.levels) if s.cut is not None]
        if incomplete:
            raise RuntimeError("coarse cells of levels %s were never completed" % incomplete)
        confusion = table.confusion                # rows simulated, columns observed
        total = int(confusion.sum())
        rows = [_components(0, self, total, confusion, int(np.trace(confusion)),
                            int(np.trace(table.start_observed)), cell_size)]
        for level, state in enumerate(self.levels, start=1):
            keys, sums = _compact(state.keys, state.sums) if state.keys.size else \
                (state.keys, state.sums)
            matrix = (sums / keys[:, None, None].astype(np.float64)).sum(axis=0) \
                if keys.size else np.zeros((self.k, self.k))
            rows.append(_components(level, self, total, matrix, total - state.model,
                                    total - state.null, cell_size, margins=confusion))
        return MultiResolution(rows, cell_size)


@dataclass
class Resolution:
    """The budget at one factor: fractions of the assessed cells."""

    factor: int
    resolution: object            # factor x the side of a square cell of the same area
    #                               (map units), None without a cell size
    coarse_cells: int
    quantity: float
    exchange: float
    shift: float
    difference: float
    persistence_difference: float

    @property
    def allocation(self):
        return self.exchange + self.shift

    @property
    def beats_persistence(self):
        return self.difference < self.persistence_difference


def _components(level, budget, total, matrix, model, null, cell_size, margins=None):
    """The :class:`Resolution` of a level from its cross-tabulation
    ``matrix`` (rows simulated; only the off-diagonal is used, the margins
    from ``margins`` or the matrix itself) and its agreements (cells)."""
    margins = matrix if margins is None else margins
    quantity = float(np.abs(margins.sum(axis=1) - margins.sum(axis=0)).sum()) / 2.0 / total
    upper = np.triu(np.minimum(matrix, matrix.T), 1)
    exchange = 2.0 * float(upper.sum()) / total
    difference = 1.0 - model / total
    shift = difference - quantity - exchange
    factor = factor_of(level, budget.height, budget.width)
    f = 1 << level
    coarse = -(-budget.height // f) * -(-budget.width // f)
    return Resolution(factor, None if cell_size is None else factor * cell_size, coarse,
                      quantity, exchange, shift if abs(shift) > 1e-12 else 0.0, difference,
                      1.0 - null / total)


@dataclass
class MultiResolution:
    """The budget at every factor, finest first."""

    rows: list                    # Resolution
    cell_size: object = None

    @property
    def null_resolution(self):
        """The finest :class:`Resolution` at which the simulation beats the
        persistence map, or None."""
        return next((r for r in self.rows if r.beats_persistence), None)

    def table(self):
        """Rows of the CSV (MULTIRESOLUTION_HEADER)."""
        return [[r.factor, r.resolution, r.coarse_cells, r.quantity, r.exchange, r.shift,
                 r.allocation, r.difference, r.persistence_difference, r.beats_persistence]
                for r in self.rows]


def budget_chart(budget, path, texts=None):
    """PNG (``path``; None: the PNG's bytes are returned): stacked bars of
    quantity, exchange and shift per factor, the persistence map's overall
    difference as a line, the null resolution marked. ``texts``: the
    chart's words (CHART_TEXTS keys), e.g. translated."""
    t = dict(CHART_TEXTS, **(texts or {}))
    rows = budget.rows
    fig = figure(7.0, 3.6)
    ax = fig.add_subplot(1, 1, 1)
    x = np.arange(len(rows))
    bottom = np.zeros(len(rows))
    for key, colour in (("quantity", "#bdbdbd"), ("exchange", "#6a51a3"),
                        ("shift", "#9e9ac8")):
        values = np.array([getattr(r, key) for r in rows])
        ax.bar(x, values, 0.7, bottom=bottom, color=colour, label=t[key])
        bottom += values
    ax.plot(x, [r.persistence_difference for r in rows], color="#d95f02", marker="o",
            linewidth=1.2, label=t["persistence"])
    null = budget.null_resolution
    if null is not None:
        i = rows.index(null)
        ax.axvline(i, color="#1b7837", linestyle="--", linewidth=1.0,
                   label=t["null"].format(null.factor))
    ax.set_xticks(x)
    ax.set_xticklabels([str(r.factor) for r in rows], fontsize=8)
    ax.set_xlabel(t["x"])
    ax.set_ylabel(t["y"])
    ax.set_title(t["title"], fontsize=10)
    ax.legend(fontsize=7)
    fig.tight_layout()
    return save_png(fig, path)


CHART_TEXTS = {
    "title": "Difference between the simulated and the observed map at multiple resolutions",
    "x": "aggregation factor (cells per side)",
    "y": "share of the assessed cells",
    "quantity": "quantity",
    "exchange": "exchange",
    "shift": "shift",
    "persistence": "persistence map: overall difference",
    "null": "null resolution (factor {0})",
}
