"""Baselines for the accuracy of a simulation (docs/accuracy.md, "Baselines").

A simulated map M (t1, simulated from the start map S, t0) is scored
against the observed map O; the baselines say what a figure of merit is
worth on these maps. Both start from S and make exactly the changes M makes,
counted per pair: for every from -> to pair (c -> k, c != k) with n_ck cells
in the cross-tabulation of S against M on the assessed cells (valid in S, O
and M), n_ck cells of start class c become k. So a baseline has M's
transition counts and class totals; only the locations differ:

- ``random`` (random allocation): the n_ck cells are drawn uniformly at
  random among the cells of class c not yet converted for another target;
- ``nearest`` (nearest to existing patches): the n_ck cells of class c not
  yet converted that are nearest to a class-k cell of the start map
  (Euclidean distance between cell centres, in cells; every cell of S that
  holds k counts, also where O or M have nodata); equal distances are
  broken by a seeded draw. A class that the start map does not hold at all
  (created by M only) has no patch to grow from: its cells are drawn by
  the tie-break draw alone, i.e. at random.

Order: the targets of one from-class are served in ascending class code
(rounds k = 0, 1, ... over the class indices; from-classes never compete for
a cell, so every from-class is served in the same round). Draws:
``bits(seed, BASELINE, step, row * width + column)`` of core/common/random.py
with step 0 for the random baseline (the cells of class c are taken in
increasing draw order, round after round, which is a uniform draw without
replacement for each pair) and step 1 for the ties of the nearest baseline
(cells at equal distance in increasing draw order). Draws are distinct
within a step, so the selection is exact: n_ck cells per pair, whatever the
strip size.

Streaming: the two baseline maps are built in a temporary two-band GeoTIFF
(a cell holds its start class while it is free, K + k once converted to
class index k, 2K when it is not assessed). Distances come from an exact
Euclidean distance transform in row strips (Felzenszwalb & Huttenlocher
2012, Theory of Computing 8:415): a pass down and a pass up the columns give
every cell's distance to the nearest class-k cell of its column, then each
row takes the lower envelope of the parabolas ``(x - q)^2 + g_q^2``. The n
smallest keys per from-class are found by radix selection (16-bit digits,
one histogram pass per digit, then a collect pass once the cutoff bucket is
small), so memory depends on the strip size, not on the raster size.
"""

import os
import shutil
import tempfile

import numpy as np
from osgeo import gdal

from ..common import random, raster
from ..common.errors import LandCarbonError
from ..common.landmap import ClassIndex, Tally, class_strips

NAMES = ("random", "nearest")
LABELS = {"random": "random allocation", "nearest": "nearest to existing patches"}
STEPS = {"random": 0, "nearest": 1}     # the ``step`` of each baseline's draws

# A group whose cutoff bucket holds at most this many candidates collects
# their keys (16 bytes each) and sorts them instead of another histogram pass.
COLLECT_CELLS = 1 << 18
# Cells per block of rows of the lower envelope (about 100 bytes per cell at
# its peak); larger blocks run the Python loop over the columns fewer times
# (both baselines of a 25 M-cell map: 53 s with 2^20, 39 s with 2^22, whose
# step peaks at 0.5 GB).
ENVELOPE_CELLS = 1 << 22

_DIGIT_BITS = 16
_DIGITS = 1 << _DIGIT_BITS
_NONE = np.uint32(0xFFFFFFFF)           # "no class-k cell in this column" in the work rasters
_ROW_FAR = np.int64(1) << 40            # beyond any row number


# ---------------------------------------------------------------------------
# Exact squared distances: the lower envelope of parabolas
# ---------------------------------------------------------------------------

def row_envelope(g2, columns, width, dtype=np.int64):
    """Squared Euclidean distance per cell of a strip, in cells^2 (int64).

    ``g2`` (rows x m) holds, for each of the m ``columns`` (sorted column
    numbers) that contain a target cell, the squared distance from each row
    to the nearest target of that column; the result is
    ``d2[r, x] = min_j (x - columns[j])^2 + g2[r, j]`` for x in 0..width-1,
    the second phase of the exact distance transform of Felzenszwalb &
    Huttenlocher (2012) (docs/accuracy.md, "Baselines"). Rows are processed
    in blocks of about ENVELOPE_CELLS cells; ``dtype`` is the result's type.
    """
    rows = g2.shape[0]
    out = np.empty((rows, width), dtype)
    block = max(1, ENVELOPE_CELLS // max(width, 1))
    for r0 in range(0, rows, block):
        out[r0:r0 + block] = _envelope_block(g2[r0:r0 + block], columns, width)
    return out


def _envelope_block(g2, columns, width):
    """:func:`row_envelope` of a block of rows: the scan over the columns
    runs in Python, every step vectorised over the rows."""
    rows, m = g2.shape
    q2 = 2.0 * np.asarray(columns, dtype=np.float64)
    # parabola j is x^2 - x * 2q_j + base_j with base_j = q_j^2 + g2_j; every
    # value is an integer below 2^53, so float64 holds it exactly. A crossing
    # is a ratio of such integers, rounded once: rounding keeps the order, and
    # a crossing that is not a whole number is at least 1 / (2 width) away
    # from one, far more than the rounding, so every cell centre still falls
    # on the right side of every crossing and the result is exact
    base = np.ascontiguousarray(g2.T, dtype=np.float64) + (q2 * q2 / 4.0)[:, None]
    stack_q2 = np.empty((m, rows))      # the envelope's parabolas, bottom of the stack first
    stack_base = np.empty((m, rows))
    start = np.empty((m, rows))         # start[i]: from where parabola i is the lowest
    sq, sb, sz = stack_q2.ravel(), stack_base.ravel(), start.ravel()
    stack_q2[0], stack_base[0], start[0] = q2[0], base[0], -np.inf
    pos = np.arange(rows)               # flat position of each row's top: top * rows + row
    for j in range(1, m):
        bj, qj = base[j], q2[j]
        # where the new parabola gets below the one on top of the stack
        cross = (bj - sb[pos]) / (qj - sq[pos])
        hide = cross <= sz[pos]
        if hide.any():                  # a top parabola that is never the lowest is dropped
            hidden = np.flatnonzero(hide)
            while hidden.size:
                pos[hidden] -= rows
                p = pos[hidden]
                cross[hidden] = (bj[hidden] - sb[p]) / (qj - sq[p])
                hidden = hidden[cross[hidden] <= sz[p]]
        pos += rows
        sq[pos], sb[pos], sz[pos] = qj, bj, cross
    top = pos // rows
    # the parabola of cell x is the number of crossings start[1..top] below x;
    # crossing b is below every x >= floor(b) + 1
    inside = np.arange(1, m)[None, :] <= top[:, None]
    crossings = np.clip(start[1:].T[inside], -1.0, width)
    first_x = np.minimum(np.floor(crossings).astype(np.int64) + 1, width)
    bins = np.repeat(np.arange(rows) * (width + 1), top) + first_x
    counts = np.bincount(bins, minlength=rows * (width + 1)).reshape(rows, width + 1)
    which = np.cumsum(counts[:, :width], axis=1)
    x = np.arange(width)
    q2x = np.take_along_axis(stack_q2.T, which, axis=1)
    basex = np.take_along_axis(stack_base.T, which, axis=1)
    return (x * (x - q2x) + basex).astype(np.int64)


# ---------------------------------------------------------------------------
# Exact selection of the n smallest keys per group, streamed
# ---------------------------------------------------------------------------

def _digits(bits, word=0):
    """The radix digits of a ``bits``-bit key word, most significant first:
    (word, shift, width), 16 bits wide except the last."""
    out = []
    while bits > 0:
        width = min(_DIGIT_BITS, bits)
        bits -= width
        out.append((word, bits, width))
    return out


class SmallestKeys:
    """Find, per group, the ``need`` candidates with the smallest keys
    (primary, draw), compared primary first, in passes over the map.

    A candidate is a cell: its primary key (uint32/uint64; None = 0 for the
    whole group) and its global index; its draw is
    ``random.bits(seed, BASELINE, steps[group], index)``, computed only for
    the candidates that need it. Radix selection: each pass histograms the
    next 16-bit digit (primary digits first, then the draw's) of the
    candidates whose digits so far equal the ones fixed, and fixes the digit
    of the bucket where the cutoff falls; once that bucket holds at most
    COLLECT_CELLS candidates, the next pass collects their keys and a sort
    gives the cutoff key. Draws are distinct within a group (splitmix64 is a
    bijection), so exactly ``need`` candidates are at or below the cutoff.
    Use: ``while sel.pending(): (sel.scan(...) per group and strip);
    sel.finish_pass()``, then ``sel.selected(...)``.

    ``need``, ``candidates``: cells to select and cells available per group;
    ``primary_bits``: bit length of the largest primary key per group (0 when
    the primary key is always 0).
    """

    DONE, HISTOGRAM, COLLECT = 0, 1, 2

    def __init__(self, need, candidates, primary_bits, seed, steps):
        need = np.asarray(need, dtype=np.int64)
        self.seed, self.steps = seed, list(steps)
        self.rank = need.copy()           # rank of the cutoff among the keys sharing the prefix
        self.selecting = need > 0
        self.levels = [_digits(b) + _digits(64, word=1) for b in primary_bits]
        self.level = [0] * need.size
        self.mask = np.zeros((2, need.size), np.uint64)     # digits fixed so far
        self.prefix = np.zeros((2, need.size), np.uint64)
        self.cutoff = np.zeros((2, need.size), np.uint64)   # the largest selected key
        small = np.asarray(candidates) <= COLLECT_CELLS
        self.mode = np.where(self.selecting, np.where(small, self.COLLECT, self.HISTOGRAM),
                             self.DONE)
        self.passes = 0
        self._hist, self._collected = {}, {}

    def pending(self):
        return bool((self.mode != self.DONE).any())

    def active(self, group):
        return self.mode[group] != self.DONE

    def _draw(self, group, index):
        return random.bits(self.seed, random.BASELINE, self.steps[group], index)

    def scan(self, group, primary, index):
        """Count (or collect) the candidates of ``group`` in one strip."""
        mode = self.mode[group]
        if mode == self.DONE or index.size == 0:
            return
        if primary is None:
            primary = np.zeros(index.size, np.uint64)
        if self.mask[0, group]:
            keep = (primary & self.mask[0, group]) == self.prefix[0, group]
            primary, index = primary[keep], index[keep]
        word, shift, width = self.levels[group][self.level[group]] \
            if mode == self.HISTOGRAM else (None, 0, 0)
        draw = None
        if self.mask[1, group] or word == 1 or mode == self.COLLECT:
            draw = self._draw(group, index)
            if self.mask[1, group]:
                keep = (draw & self.mask[1, group]) == self.prefix[1, group]
                primary, draw = primary[keep], draw[keep]
        if mode == self.HISTOGRAM:
            digit = ((primary if word == 0 else draw) >> np.uint64(shift)) \
                & np.uint64((1 << width) - 1)
            counts = np.bincount(digit.astype(np.int64), minlength=_DIGITS)
            if group in self._hist:
                self._hist[group] += counts
            else:
                self._hist[group] = counts
        else:
            self._collected.setdefault(group, []).append((primary.astype(np.uint64), draw))

    def finish_pass(self):
        """Fix the digits (or the cutoffs) that this pass's counts decide."""
        self.passes += 1
        for group in np.flatnonzero(self.mode == self.HISTOGRAM):
            counts = self._hist.get(group, np.zeros(_DIGITS, np.int64))
            total = np.cumsum(counts)
            bucket = int(np.searchsorted(total, self.rank[group]))   # first total >= rank
            self.rank[group] -= int(total[bucket - 1]) if bucket else 0
            word, shift, width = self.levels[group][self.level[group]]
            self.mask[word, group] |= np.uint64(((1 << width) - 1) << shift)
            self.prefix[word, group] |= np.uint64(bucket << shift)
            self.level[group] += 1
            if self.level[group] == len(self.levels[group]):      # every digit fixed: one key
                self.cutoff[:, group] = self.prefix[:, group]
                self.mode[group] = self.DONE
            elif counts[bucket] <= COLLECT_CELLS:
                self.mode[group] = self.COLLECT
        for group in np.flatnonzero(self.mode == self.COLLECT):
            if group not in self._collected:
                continue                  # switched to collecting in this pass
            p, d = (np.concatenate(a) for a in zip(*self._collected[group]))
            last = np.lexsort((d, p))[self.rank[group] - 1]
            self.cutoff[:, group] = p[last], d[last]
            self.mode[group] = self.DONE
        self._hist, self._collected = {}, {}

    def selected(self, group, primary, index):
        """True for the candidates of ``group`` selected (after the last pass)."""
        if not self.selecting[group]:
            return np.zeros(index.size, bool)
        if primary is None:
            primary = np.zeros(index.size, np.uint64)
        cut_primary, cut_draw = self.cutoff[:, group]
        chosen = primary < cut_primary
        tie = np.flatnonzero(primary == cut_primary)
        chosen[tie] = self._draw(group, index[tie]) <= cut_draw
        return chosen


# ---------------------------------------------------------------------------
# The two baseline maps
# ---------------------------------------------------------------------------

def _work_raster(path, grid, dtype, bands=1, compress=True):
    """A temporary tiled GeoTIFF. Uncompressed when it is rewritten in place
    (compressed tiles that are rewritten are appended to the file)."""
    options = ["TILED=YES", "BLOCKXSIZE=%d" % raster.TILE_ROWS,
               "BLOCKYSIZE=%d" % raster.TILE_ROWS, "BIGTIFF=IF_SAFER"]
    if compress:
        options += ["COMPRESS=DEFLATE", "ZLEVEL=1", "PREDICTOR=2"]
    types = {np.dtype(np.uint8): gdal.GDT_Byte, np.dtype(np.uint16): gdal.GDT_UInt16,
             np.dtype(np.uint32): gdal.GDT_UInt32}
    try:
        return gdal.GetDriverByName("GTiff").Create(path, grid.xsize, grid.ysize, bands,
                                                    types[np.dtype(dtype)], options)
    except RuntimeError as exc:
        raise LandCarbonError("Could not create the temporary file %s for the baselines (%s). "
                              "Check the free space of that folder, or switch BASELINES off."
                              % (path, str(exc).strip())) from None


def _remove(path):
    try:
        os.remove(path)
    except OSError:
        pass         # the whole folder goes at the end anyway


class BaselineMaps:
    """The random and the nearest baseline maps of a simulation, built in a
    temporary folder (module docstring, docs/accuracy.md "Baselines").

    Use :func:`build_baselines`; the folder is removed by :meth:`close` (or
    at the end of a ``with`` block), also after an error or a cancel.
    ``transitions`` (K x K cells, rows = start class, columns = simulated
    class) are the counts both baselines reproduce.
    """

    def __init__(self, infos, codes, seed, folder):
        self.infos, self.codes, self.seed = infos, list(codes), int(seed)
        self.k = len(codes)
        self.grid = infos[0].grid
        self.far = (self.grid.xsize - 1) ** 2 + (self.grid.ysize - 1) ** 2 + 1
        if self.far >= int(_NONE):
            raise LandCarbonError(
                "The maps are %d x %d cells: the nearest-patch baseline stores squared "
                "distances as 32-bit integers and handles grids up to 65,535 cells across "
                "the diagonal. Switch BASELINES off." % (self.grid.xsize, self.grid.ysize))
        self.rows = raster.strip_rows(self.grid, raster.TILE_ROWS)
        self.parts = raster.strips(self.grid, self.rows)
        self.transitions = np.zeros((self.k, self.k), np.int64)
        self.passes = 0
        self.folder = tempfile.mkdtemp(prefix=".landcarbon-baselines-", dir=folder)
        self._state = None
        self._dtype = np.uint8 if 2 * self.k < 255 else np.uint16
        # a state value -> class index (K = not assessed)
        self._lut = np.concatenate([np.arange(self.k), np.arange(self.k), [self.k]]).astype(
            ClassIndex(codes).index_dtype)

    def close(self):
        self._state = None
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def bands(self):
        """The baseline maps as bands for the block executor (RasterInfo, in
        the order of NAMES) and the table of their values -> class index
        (K = not assessed)."""
        path = self._state.GetDescription()
        self._state = None                  # closed: its directory is written for other readers
        self._state = raster.open_dataset(path)
        return [raster.open_band(path, "%s baseline" % name, b + 1)
                for b, name in enumerate(NAMES)], self._lut

    def read(self, y0, rows):
        """The class-index strips (K = not assessed) of the baselines, in
        the order of NAMES."""
        return [self._lut[self._read_state(b, y0, rows)] for b in range(len(NAMES))]

    def _read_state(self, band, y0, rows):
        return self._state.GetRasterBand(band + 1).ReadAsArray(0, y0, self.grid.xsize, rows)

    # -- building ----------------------------------------------------------

    def build(self, progress):
        k = self.k
        self._prepare(progress.span(0.0, 0.1))
        pairs = self.transitions * (1 - np.eye(k, dtype=np.int64))
        targets = [t for t in range(k) if pairs[:, t].any()]
        progress.info("Baselines: %d cells change class in the simulation (%d from -> to "
                      "pairs); allocating them at random and nearest to the existing patches, "
                      "target classes in ascending code." % (pairs.sum(), np.count_nonzero(pairs)))
        free = np.tile(self.transitions.sum(axis=1), len(NAMES))   # per (baseline, class)
        for r, t in enumerate(targets):
            step = progress.span(0.1 + 0.9 * r / len(targets), 0.1 + 0.9 * (r + 1) / len(targets))
            need = np.tile(pairs[:, t], len(NAMES))
            self._round(t, need, free, step)
            free -= need
        progress.info("Baselines built in %d passes over the map." % self.passes)

    def _prepare(self, progress):
        """One pass: transitions S -> M on the assessed cells, and the state
        raster (start class where assessed)."""
        k = self.k
        self._state = _work_raster(os.path.join(self.folder, "baselines.tif"), self.grid,
                                   self._dtype, bands=len(NAMES), compress=False)
        tally = Tally(k * k)
        for y0, _rows, (i0, iobs, isim) in class_strips(self.infos, self.codes, progress):
            assessed = (i0 < k) & (iobs < k) & (isim < k)
            tally.add(i0[assessed].astype(np.int64) * k + isim[assessed])
            state = np.where(assessed, i0, 2 * k).astype(self._dtype)
            for b in range(len(NAMES)):
                raster.write_strip(self._state, y0, state, b + 1)
        self.transitions = tally.cells.reshape(k, k)
        self.passes += 1

    def _round(self, target, need, free, progress):
        """Convert need[b * K + c] free cells of class c to ``target`` in
        baseline b, for every c at once."""
        k = self.k
        path = self._squared_distances(target, progress.span(0.0, 0.5))
        dist = raster.open_dataset(path) if path else None
        try:
            bits = (self.far - 1).bit_length() if dist is not None else 0
            select = SmallestKeys(need, free, [0] * k + [bits] * k, self.seed,
                                  [STEPS[name] for name in NAMES for _c in range(k)])
            scans = progress.span(0.5, 0.9)
            while select.pending():
                span = scans.span(1 - 0.5 ** select.passes, 1 - 0.5 ** (select.passes + 1))
                for s, (y0, rows) in enumerate(self.parts):
                    for _b, _state, group, _pos, primary, index in self._candidates(
                            y0, rows, need, dist, select.active):
                        select.scan(group, primary, index)
                    span.set((s + 1) / len(self.parts))
                select.finish_pass()
            writes = progress.span(0.9, 1.0)
            for s, (y0, rows) in enumerate(self.parts):
                changed = {}
                for b, state, group, pos, primary, index in self._candidates(y0, rows, need,
                                                                              dist):
                    chosen = pos[select.selected(group, primary, index)]
                    if chosen.size:
                        state.ravel()[chosen] = k + target
                        changed[b] = state
                for b, state in changed.items():
                    raster.write_strip(self._state, y0, state, b + 1)
                writes.set((s + 1) / len(self.parts))
        finally:
            dist = None
            if path:
                _remove(path)
        self.passes += select.passes + 1
        progress.info("Baselines: %d cells converted to class %s in each baseline (found in "
                      "%d pass%s over the map)." % (need[:k].sum(), self.codes[target],
                                                    select.passes,
                                                    "" if select.passes == 1 else "es"))

    def _candidates(self, y0, rows, need, dist, wanted=None):
        """The free cells of one strip per baseline and group (b * K + c) that
        has cells to give (and is ``wanted``): yields (baseline, state strip,
        group, flat positions, primary key or None, global index)."""
        k, width = self.k, self.grid.xsize
        d2 = None if dist is None else \
            dist.GetRasterBand(1).ReadAsArray(0, y0, width, rows).ravel()
        for b, name in enumerate(NAMES):
            state = self._read_state(b, y0, rows)
            flat = state.ravel()
            for c in range(k):
                group = b * k + c
                if need[group] == 0 or (wanted is not None and not wanted(group)):
                    continue
                pos = np.flatnonzero(flat == c)
                primary = d2[pos] if name == "nearest" and d2 is not None else None
                yield b, state, group, pos, primary, pos.astype(np.uint64) + np.uint64(y0 * width)

    def _squared_distances(self, target, progress):
        """Squared distances to class index ``target`` of the start map
        (:func:`squared_distances`); the passes are counted."""
        path = squared_distances(self.infos[0], self.codes, target, self.folder, self.parts,
                                 progress)
        self.passes += 2 if path else 1
        return path


def squared_distances(info, codes, target, folder, parts, progress):
    """Squared distance in cells^2 from every cell centre to the nearest
    cell of class index ``target`` (into ``codes``) of the land-use map
    ``info`` (exact; module docstring), written to a temporary UInt32
    raster in ``folder`` whose path is returned (the caller removes it);
    None when the map holds no such cell. ``parts``: the row strips. Three
    streaming passes over the map; memory depends on the strip size."""
    above_path = os.path.join(folder, "above_%d.tif" % target)
    dist_path = os.path.join(folder, "distance_%d.tif" % target)
    try:
        columns = _distances_above(info, codes, target, above_path, parts,
                                   progress.span(0.0, 0.3))
        if columns.size:
            _distances(info.grid, columns, above_path, dist_path, parts,
                       progress.span(0.3, 1.0))
    finally:
        _remove(above_path)
    return dist_path if columns.size else None


def _distances_above(info, codes, target, path, parts, progress):
    """Pass down the columns: rows from each cell up to the nearest
    target at or above it in its column (_NONE: none). Returns the
    columns that hold a target."""
    width = info.grid.xsize
    lookup = ClassIndex(codes).lookup(info)
    out = _work_raster(path, info.grid, np.uint32)
    reader = raster.BandReader(info)
    last = np.full(width, -1, np.int64)       # row of the last target met in each column
    try:
        for s, (y0, rows) in enumerate(parts):
            row = np.arange(y0, y0 + rows, dtype=np.int64)[:, None]
            seen = np.where(lookup(reader.read(y0, rows)) == target, row, -1)
            seen[0] = np.maximum(seen[0], last)
            np.maximum.accumulate(seen, axis=0, out=seen)
            last = seen[-1].copy()
            raster.write_strip(out, y0, np.where(seen >= 0, row - seen, _NONE)
                               .astype(np.uint32))
            progress.set((s + 1) / len(parts))
    finally:
        reader.close()
        out = None
    return np.flatnonzero(last >= 0)


def _distances(grid, columns, above_path, path, parts, progress):
    """Pass up the columns (strips bottom to top): the vertical gap to
    the nearest target of each column, then the row envelope."""
    width = grid.xsize
    above = raster.open_dataset(above_path)
    out = _work_raster(path, grid, np.uint32)
    below = np.full(columns.size, _ROW_FAR, np.int64)   # next target row below
    try:
        for s, (y0, rows) in enumerate(reversed(parts)):
            row = np.arange(y0, y0 + rows, dtype=np.int64)[:, None]
            gap_above = above.GetRasterBand(1).ReadAsArray(0, y0, width, rows)[:, columns]
            gap = np.where(gap_above == 0, row, _ROW_FAR)    # row of the next target below
            gap[-1] = np.minimum(gap[-1], below)
            np.minimum.accumulate(gap[::-1], axis=0, out=gap[::-1])
            below = gap[0].copy()
            # these columns hold a target, so every row has one above or below
            gap -= row
            np.minimum(gap, gap_above, out=gap)
            del gap_above
            gap *= gap
            raster.write_strip(out, y0, row_envelope(gap, columns, width, np.uint32))
            progress.set((s + 1) / len(parts))
    finally:
        above = out = None


def build_baselines(infos, codes, seed, folder, progress):
    """Build both baseline maps of the land-use maps ``infos`` (start,
    observed, simulated; RasterInfo on one grid) with the class ``codes``,
    in a temporary folder inside ``folder``. Returns a :class:`BaselineMaps`
    to use in a ``with`` block (docs/accuracy.md, "Baselines")."""
    maps = BaselineMaps(infos, codes, seed, folder)
    try:
        maps.build(progress)
    except BaseException:
        maps.close()
        raise
    return maps
