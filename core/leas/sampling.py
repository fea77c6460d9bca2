"""Expansion cells and the one shared LEAS sample (docs/leas.md, steps 1-3).

A cell that holds class k at t1 and another class at t0 "expanded into k"
(single-map mode: every valid cell of the one map, with its class). ONE random
sample is shared by all classes: by default (TRAINING = expansion, as PLUS)
a share of the expansion cells; "balanced": the same number of cells for every
class that expanded; TRAINING = all: a share of every cell valid in both maps
(the forests then also see cells that kept their class).

Sample positions are drawn up front from the number of cells of the population
with a seeded generator (ordinals among the population's cells in raster
order), so the sample does not depend on how the rasters are split into
strips; one pass over the maps and drivers then keeps only the sampled cells,
with each driver's range, nodata and NaN counts.
"""

from dataclasses import dataclass

import numpy as np

from ..common import raster
from ..common.errors import LandCarbonError
from ..common.landmap import class_counts, cross_tabulate
from .driver_bands import check_finite


ALL_VALID = "all valid cells"   # SamplePlan group: every cell valid in both maps (TRAINING = all)


def _gain(idx0, idx1, k):
    """Class index each cell expanded into (K = none) from class indices at
    t0 and t1 (K = nodata). Single-map mode (idx0 None): every valid cell."""
    if idx0 is None:
        return idx1
    gain = idx1.copy()
    gain[(idx0 == idx1) | (idx0 == k)] = k
    return gain


class _MapReader:
    """The two land-use maps (or the single map) as class-index strips."""

    def __init__(self, start, end, index):
        self.index = index
        self.end = raster.BandReader(end)
        self.look_end = index.lookup(end)
        self.start = raster.BandReader(start) if start is not None else None
        self.look_start = index.lookup(start) if start is not None else None

    def read(self, y0, rows):
        """(idx_start or None, idx_end) class-index arrays of a strip (K = nodata)."""
        idx1 = self.look_end(self.end.read(y0, rows))
        idx0 = self.look_start(self.start.read(y0, rows)) if self.start is not None else None
        return idx0, idx1

    def close(self):
        self.end.close()
        if self.start is not None:
            self.start.close()


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
    """Which cells are sampled: per group, sorted ordinals among the group's
    cells in raster order. One group (all expansion cells, None) for the
    shared random sample; one group per expanding class (its index) when
    balanced; one group ALL_VALID (every cell valid in both maps) for
    TRAINING = all."""

    groups: list                 # None, a class index, or ALL_VALID
    ordinals: list               # sorted int64 arrays


def _draw(rng, cells, n):
    return np.sort(rng.choice(cells, size=n, replace=False)).astype(np.int64) if n \
        else np.zeros(0, np.int64)


def plan_sample(expansion, rate, balanced, seed_sequence, population=None):
    """Draw the sample positions up front (seeded).

    Shared sample: n = round(rate * E) of the E expansion cells, uniformly
    without replacement. Balanced: m = round(rate * E / K_e) per expanding
    class (K_e classes), or all cells of a class with fewer than m.
    ``population`` (TRAINING = all): n = round(rate * N) of the N cells
    valid in both maps instead (``balanced`` must be False)."""
    rng = np.random.default_rng(seed_sequence)
    if population is not None:
        n = min(int(population), int(round(rate * population)))
        return SamplePlan([ALL_VALID], [_draw(rng, int(population), n)])
    total = int(expansion.sum())
    if not balanced:
        return SamplePlan([None], [_draw(rng, total, min(total, int(round(rate * total))))])
    expanding = [k for k in range(len(expansion)) if expansion[k] > 0]
    per_class = int(round(rate * total / max(len(expanding), 1)))
    return SamplePlan(expanding, [_draw(rng, int(expansion[k]), min(int(expansion[k]), per_class))
                                  for k in expanding])


@dataclass
class DriverStats:
    """Range and data problems of one driver band, from the sample pass."""

    minimum: float = np.inf
    maximum: float = -np.inf
    nodata_cells: int = 0        # nodata (incl. NaN) cells in the study area
    nan_cells: int = 0           # NaN cells in the study area (not the declared nodata)
    valid_cells: int = 0         # valid cells of the whole band


@dataclass
class Sample:
    """The shared sample: cell positions, the class index of each cell at
    the end (for expansion cells: the class it expanded into) and at the
    start (None in single-map mode), and the drivers' raw values (NaN =
    nodata)."""

    rows: np.ndarray
    cols: np.ndarray
    labels: np.ndarray           # class index 0..K-1 at the end
    values: np.ndarray           # float64, n x D
    stats: list                  # DriverStats per driver
    study_cells: int = 0         # valid cells of the end map
    origins: np.ndarray = None   # class index 0..K-1 at the start (None: single map)


def _members(group, idx0, idx1, gain, k):
    """Flat mask of a strip's cells that belong to a plan group."""
    if group is ALL_VALID:
        return (idx1 != k) if idx0 is None else (idx0 != k) & (idx1 != k)
    return gain != k if group is None else gain == group


def collect_sample(start, end, drivers, index, plan, progress):
    """One pass over the maps and every driver in row strips: keep the
    sampled cells' driver values, and each driver's range (whole band),
    nodata and NaN counts (study area = valid cells of ``end``). Infinite
    driver values are an error."""
    grid = end.grid
    infos = [i for i in (start, end) if i is not None] + [d.info for d in drivers]
    rows = raster.strip_rows(grid, max(i.block_rows for i in infos))
    maps = _MapReader(start, end, index)
    readers = [raster.BandReader(d.info) for d in drivers]
    stats = [DriverStats() for _d in drivers]
    base = [0] * len(plan.groups)
    pointer = [0] * len(plan.groups)
    out_rows, out_cols, out_labels, out_origins, out_values = [], [], [], [], []
    study_cells = 0
    parts = raster.strips(grid, rows)
    try:
        for n, (y0, nrows) in enumerate(parts):
            idx0, idx1 = maps.read(y0, nrows)
            flat0 = idx0.ravel() if idx0 is not None else None
            flat1 = idx1.ravel()
            gain = _gain(flat0, flat1, index.k)
            picks = []
            for g, group in enumerate(plan.groups):
                positions = np.flatnonzero(_members(group, flat0, flat1, gain, index.k))
                ords = plan.ordinals[g]
                hi = int(np.searchsorted(ords, base[g] + positions.size))
                picks.append(positions[ords[pointer[g]:hi] - base[g]])
                pointer[g] = hi
                base[g] += positions.size
            picks = np.sort(np.concatenate(picks)) if picks else np.zeros(0, np.int64)
            study = flat1 != index.k
            study_cells += int(study.sum())
            values = np.empty((picks.size, len(drivers)))
            for j, (driver, reader) in enumerate(zip(drivers, readers)):
                block = reader.read(y0, nrows)
                check_finite(block, driver, (y0, y0 + nrows - 1))
                flat = block.ravel()
                valid = raster.valid_mask(flat, driver.info.nodata)
                s = stats[j]
                if valid.any():
                    v = flat[valid]
                    s.minimum = min(s.minimum, float(v.min()))
                    s.maximum = max(s.maximum, float(v.max()))
                    s.valid_cells += int(v.size)
                s.nodata_cells += int((study & ~valid).sum())
                if np.issubdtype(flat.dtype, np.floating):
                    s.nan_cells += int((study & np.isnan(flat)).sum())
                column = flat[picks].astype(np.float64)
                column[~valid[picks]] = np.nan
                values[:, j] = column
            out_rows.append(y0 + picks // grid.xsize)
            out_cols.append(picks % grid.xsize)
            # an expansion cell's end class is the class it expanded into
            out_labels.append(flat1[picks].astype(np.int64))
            if flat0 is not None:
                out_origins.append(flat0[picks].astype(np.int64))
            out_values.append(values)
            progress.set((n + 1) / len(parts), "sample: rows %d-%d of %d"
                         % (y0, y0 + nrows, grid.ysize))
    finally:
        maps.close()
        for reader in readers:
            reader.close()
    return Sample(np.concatenate(out_rows), np.concatenate(out_cols),
                  np.concatenate(out_labels), np.concatenate(out_values), stats, study_cells,
                  np.concatenate(out_origins) if start is not None else None)


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
