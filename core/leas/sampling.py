"""Expansion cells and the one shared LEAS sample (docs/leas.md, steps 1-3).

A cell that holds class k at t1 and another class at t0 "expanded into k"
(single-map mode: every valid cell of the one map, with its class). ONE random
sample is shared by all classes: by default (TRAINING = expansion, as PLUS)
a share of the expansion cells; "balanced": about the same number of cells for
every class that expanded; TRAINING = all: a share of every cell valid in both
maps (the forests then also see cells that kept their class).

Each cell of the population is sampled on its own (a Bernoulli draw): iff
u < rate of its group, with u the counter-based uniform of (SEED, stream
SAMPLE, step :data:`SAMPLE_STEP`, global cell index) of core/common/random.py.
A cell's draw depends on nothing but its position, so the sample is the same
whether the maps are read in one piece, in row strips of any height or in
Dask chunks of any shape, and in whatever order the blocks come back; the
sample is kept sorted by global cell index. Its size is random around
rate x population (not exact). One pass over the maps and drivers keeps only
the sampled cells, with each driver's range, nodata and NaN counts; the pass
is block by block (:func:`sample_block`, the kernel of both paths).
"""

from dataclasses import dataclass

import numpy as np

from ..common import blocks, random, raster
from ..common.errors import LandCarbonError
from ..common.landmap import class_counts, cross_tabulate
from .driver_bands import check_finite

# LEAS's step of the SAMPLE stream: its sample is independent of any other
# Bernoulli sample of cells drawn with the same seed (another step).
SAMPLE_STEP = 1


def _groups(idx0, idx1, k, all_valid):
    """The group of each cell, whose rate applies to it: the class index it
    expanded into; with ``all_valid`` (TRAINING = all) a cell that kept its
    class is in group K + 1; K = not in the population. Inputs are class
    indices at t0 and t1 (K = nodata); ``idx0`` None = single-map mode
    (every valid cell, with its class)."""
    if idx0 is None:
        return idx1
    groups = idx1.copy()
    if all_valid:
        groups[(idx0 == idx1) & (idx1 != k)] = k + 1
        groups[idx0 == k] = k
    else:
        groups[(idx0 == idx1) | (idx0 == k)] = k
    return groups


@dataclass
class CellCounts:
    """What the sample is drawn from, counted in one pass over the maps.

    ``expansion[k]``: cells that expanded into class k (single-map mode: the
    cells of k); ``population``: cells valid in both maps (single-map mode:
    in the map); ``candidates[k]``: cells that could have become k, i.e.
    valid in both maps and not k at the start (single-map mode: every valid
    cell)."""

    expansion: np.ndarray
    population: int
    candidates: np.ndarray


def count_cells(start, end, index, progress):
    """The :class:`CellCounts` of the maps (``start`` None: single-map mode)."""
    if start is None:
        counts, _nodata = class_counts(end, progress)
        expansion = np.array([counts.get(int(c), 0) for c in index.codes], dtype=np.int64)
        total = int(expansion.sum())
        return CellCounts(expansion, total, np.full(index.k, total, dtype=np.int64))
    table = cross_tabulate(start, end, list(index.codes), progress)
    matrix = table.matrix
    total = int(matrix.sum())
    return CellCounts(table.gained.astype(np.int64), total, total - matrix.sum(axis=1))


def expansion_counts(start, end, index, progress):
    """Cells that expanded into each class (array of length K; every valid
    cell of ``end`` when ``start`` is None), in one pass over the maps."""
    return count_cells(start, end, index, progress).expansion


@dataclass
class SamplePlan:
    """Who is sampled: a cell whose group (see :func:`_groups`) is g is
    sampled iff its uniform draw u(seed, SAMPLE, SAMPLE_STEP, cell) < rates[g];
    rates[K] = 0 (cells outside the population); with ``all_valid``
    rates[K + 1] is the rate of the cells that kept their class."""

    seed: int
    rates: np.ndarray            # float64, length K + 1 (K + 2 with all_valid)
    all_valid: bool = False      # TRAINING = all: every cell valid in both maps
    holdout_block: int = 0       # > 0: leave out the cells of every other b x b block

    def weights(self, labels, origins):
        """Design weights of sampled cells (class indices at the end and the
        start): the rate of the cells that kept their class over the rate of
        the cell's group, so a stratum sampled r times denser counts 1 / r
        as much and weighted shares estimate the map's (Horvitz-Thompson).
        None when every cell had the same rate (weights all 1)."""
        if not self.all_valid or origins is None:
            return None
        k = len(self.rates) - 2
        kept = self.rates[k + 1]
        if np.all(self.rates[:k] == kept):
            return None
        groups = np.where(origins == labels, k + 1, labels)
        return kept / self.rates[groups]


def held_out(rows, cols, block):
    """Is a cell (global row and column) in a held-out block: the blocks of
    ``block`` x ``block`` cells form a checkerboard and the cells of the
    blocks whose row + column of blocks is odd are held out (the
    calibration scores on them, core/study/calibration.py)."""
    return ((rows // block + cols // block) % 2) == 1


def balanced_size(expansion, rate):
    """Expected sampled cells per expanding class when BALANCED:
    rate * E / K_e (E expansion cells of K_e expanding classes)."""
    return rate * float(np.sum(expansion)) / max(int(np.count_nonzero(expansion)), 1)


def plan_sample(expansion, rate, balanced, seed, all_valid=False, holdout_block=0,
                positives=0):
    """The sampling rates (docs/leas.md, step 2), from the expansion cells
    per class (array of length K) and SEED.

    Shared sample: every expansion cell with probability ``rate`` (expected
    size rate * E, as PLUS's share of E). Balanced: class k's cells with
    probability min(1, m / E_k), m = rate * E / K_e, so about m cells of
    every expanding class (all cells of a class with fewer). ``all_valid``
    (TRAINING = all): every cell valid in both maps with probability
    ``rate`` (``balanced`` must be False); with ``positives`` > 0 the cells
    that expanded into class k with probability max(rate, min(1,
    positives / E_k)), so a rare class still gets about ``positives``
    positives (stratified; :meth:`SamplePlan.weights` undoes the
    oversampling). ``holdout_block`` > 0: the cells of the held-out blocks
    (:func:`held_out`) are never sampled."""
    k = len(expansion)
    e = np.asarray(expansion, np.float64)
    if all_valid:
        rates = np.zeros(k + 2)
        rates[:k] = rate
        rates[k + 1] = rate
        if positives:
            grown = e > 0
            rates[:k][grown] = np.maximum(rate, np.minimum(1.0, positives / e[grown]))
        return SamplePlan(int(seed), rates, True, int(holdout_block))
    rates = np.zeros(k + 1)
    if balanced:
        m = balanced_size(expansion, rate)
        grown = e > 0
        rates[:k][grown] = np.minimum(1.0, m / e[grown])
    else:
        rates[:k] = rate
    return SamplePlan(int(seed), rates, False, int(holdout_block))


def sampled(plan, groups, cells):
    """Flat positions of the sampled cells of a block: ``groups`` (per cell,
    :func:`_groups`) and ``cells`` (global cell indices, uint64) are flat
    arrays of the block. Only the population's cells are drawn for."""
    rate = plan.rates[groups]
    candidates = np.flatnonzero(rate > 0)
    u = random.uniform(plan.seed, random.SAMPLE, SAMPLE_STEP, cells[candidates], np.float64)
    return candidates[u < rate[candidates]]


@dataclass
class DriverStats:
    """Range and data problems of one driver band, from the sample pass."""

    minimum: float = np.inf
    maximum: float = -np.inf
    nodata_cells: int = 0        # nodata (incl. NaN) cells in the study area
    nan_cells: int = 0           # NaN cells in the study area (not the declared nodata)
    valid_cells: int = 0         # valid cells of the whole band

    def add(self, other):
        """Fold in the figures of another block (exact: min, max, integer counts)."""
        self.minimum = min(self.minimum, other.minimum)
        self.maximum = max(self.maximum, other.maximum)
        self.nodata_cells += other.nodata_cells
        self.nan_cells += other.nan_cells
        self.valid_cells += other.valid_cells


@dataclass
class Sample:
    """The shared sample, sorted by global cell index: each cell's index
    (row * width + column), its class index at the end (for expansion cells:
    the class it expanded into) and at the start (None in single-map mode),
    and the drivers' raw values (NaN = nodata)."""

    cells: np.ndarray            # int64, ascending
    width: int                   # columns of the grid
    labels: np.ndarray           # class index 0..K-1 at the end
    values: np.ndarray           # float64, n x D
    stats: list                  # DriverStats per driver
    study_cells: int = 0         # valid cells of the end map
    origins: np.ndarray = None   # class index 0..K-1 at the start (None: single map)
    weights: np.ndarray = None   # design weights (SamplePlan.weights; None: all 1)

    @property
    def rows(self):
        return self.cells // self.width

    @property
    def cols(self):
        return self.cells % self.width


def sample_block(plan, k, idx0, idx1, driver_blocks, drivers, y0, x0, width):
    """The kernel of the sample pass, on one block of the grid at (y0, x0).

    ``idx0`` / ``idx1``: class indices at the start / end (K = ``k`` =
    nodata; ``idx0`` None in single-map mode); ``driver_blocks``: the raw
    blocks of the drivers, in order (any iterable, read one at a time).
    Returns the block's sampled cells as a :class:`Sample` with the block's
    driver statistics (range over the whole band, nodata and NaN cells in
    the study area = valid cells of the end map). Infinite driver values
    are an error."""
    rows, cols = idx1.shape
    cells = blocks.cell_index(blocks.Window(y0, x0, rows, cols), width).ravel()
    flat0 = idx0.ravel() if idx0 is not None else None
    flat1 = idx1.ravel()
    picks = sampled(plan, _groups(flat0, flat1, k, plan.all_valid), cells)
    if plan.holdout_block:
        picked = cells[picks]
        picks = picks[~held_out(picked // np.uint64(width), picked % np.uint64(width),
                                np.uint64(plan.holdout_block))]
    study = flat1 != k
    values = np.empty((picks.size, len(drivers)))
    stats = []
    for j, (driver, block) in enumerate(zip(drivers, driver_blocks)):
        check_finite(block, driver, (y0, y0 + rows - 1))
        flat = block.ravel()
        valid = raster.valid_mask(flat, driver.info.nodata)
        s = DriverStats()
        if valid.any():
            v = flat[valid]
            s.minimum, s.maximum, s.valid_cells = float(v.min()), float(v.max()), int(v.size)
        s.nodata_cells = int((study & ~valid).sum())
        if np.issubdtype(flat.dtype, np.floating):
            s.nan_cells = int((study & np.isnan(flat)).sum())
        stats.append(s)
        column = flat[picks].astype(np.float64)
        column[~valid[picks]] = np.nan
        values[:, j] = column
    # an expansion cell's end class is the class it expanded into
    return Sample(cells[picks].astype(np.int64), width, flat1[picks].astype(np.int64), values,
                  stats, int(study.sum()),
                  flat0[picks].astype(np.int64) if flat0 is not None else None)


def merge_samples(parts, width, n_drivers):
    """One :class:`Sample` from the samples of blocks that tile the grid,
    sorted by global cell index (the order does not depend on the blocks)."""
    cells = np.concatenate([p.cells for p in parts]) if parts else np.zeros(0, np.int64)
    order = np.argsort(cells, kind="stable")
    stats = [DriverStats() for _j in range(n_drivers)]
    for p in parts:
        for total, s in zip(stats, p.stats):
            total.add(s)
    single = not parts or parts[0].origins is None
    return Sample(cells[order], width, np.concatenate([p.labels for p in parts])[order],
                  np.concatenate([p.values for p in parts]).reshape(-1, n_drivers)[order],
                  stats, sum(p.study_cells for p in parts),
                  None if single else np.concatenate([p.origins for p in parts])[order])


@dataclass
class SampleKernel:
    """What a block of the sample pass needs (picklable, sent once to every
    Dask worker): the plan, K, the class lookups of the maps (end map first,
    then the start map unless in single-map mode), the drivers and the
    grid's width."""

    plan: SamplePlan
    k: int
    lookups: list
    drivers: list
    width: int


def _sample_window(kernel, window, bands):
    """The sample of one window, a strip or a chunk: ``bands`` gives the end
    map, the start map (unless single-map mode), then every driver."""
    idx1 = kernel.lookups[0](next(bands))
    idx0 = kernel.lookups[1](next(bands)) if len(kernel.lookups) == 2 else None
    return sample_block(kernel.plan, kernel.k, idx0, idx1, bands, kernel.drivers,
                        window.y0, window.x0, kernel.width)


def collect_sample(start, end, drivers, index, plan, progress, cluster=None):
    """One pass over the maps and every driver, block by block (row strips,
    or the chunks of ``cluster``): the sampled cells' driver values, and
    each driver's range (whole band), nodata and NaN counts (study area =
    valid cells of ``end``). Infinite driver values are an error."""
    grid = end.grid
    maps = [end] + ([start] if start is not None else [])
    infos = maps + [d.info for d in drivers]
    kernel = SampleKernel(plan, index.k, [index.lookup(m) for m in maps], drivers, grid.xsize)
    if cluster is None:
        parts = blocks.strips(grid, raster.strip_rows(grid, max(i.block_rows for i in infos)))
    else:
        parts = blocks.chunks(grid, cluster.chunks)
    samples = []
    blocks.run_blocks(_sample_window, kernel, infos, parts,
                      lambda _window, part: samples.append(part), cluster=cluster,
                      progress=progress, message="sample: chunk" if cluster else "sample: strip")
    return merge_samples(samples, grid.xsize, len(drivers))


def driver_ranges(drivers, sample, progress):
    """Each driver's min / max over its band, with the warnings and errors
    about drivers without data, constant drivers, NaN and nodata cells."""
    lo, hi = [], []
    for driver, s in zip(drivers, sample.stats):
        if s.valid_cells == 0:
            raise LandCarbonError("Driver %s (%s) holds no valid cell (all nodata). Check the "
                                  "file and its nodata value, or leave it out."
                                  % (driver.name, driver.info.label))
        if s.nodata_cells == sample.study_cells and sample.study_cells:
            raise LandCarbonError("Driver %s (%s) has no data in the study area (the valid cells "
                                  "of the land-use map). Check its extent and nodata value."
                                  % (driver.name, driver.info.label))
        if s.minimum == s.maximum:
            progress.warning("Driver %s (%s) has the same value (%g) in every cell: it carries "
                             "no information (normalised to 0 everywhere); leave it out."
                             % (driver.name, driver.info.label, s.minimum))
        nan_note = ""
        if s.nan_cells and not (driver.info.nodata is not None and np.isnan(driver.info.nodata)):
            nan_note = " (%d of them NaN, not the declared nodata)" % s.nan_cells
            progress.warning("Driver %s (%s) has %d NaN cells in the study area; they are "
                             "treated as nodata." % (driver.name, driver.info.label, s.nan_cells))
        if s.nodata_cells:
            progress.info("Driver %s: %d cells of the study area (%.2f %%) are nodata%s; they "
                          "are 0 after normalisation." % (
                              driver.name, s.nodata_cells,
                              100.0 * s.nodata_cells / max(sample.study_cells, 1), nan_note))
        lo.append(float(s.minimum))
        hi.append(float(s.maximum))
    return lo, hi
