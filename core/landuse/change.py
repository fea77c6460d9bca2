"""Land-use maps: opening and checking them, finding their class codes, mapping
codes to class indices block by block, and the change accounting of
docs/landuse-change.md (areas, dynamic degrees, transition matrices, change map).
"""

import os
from dataclasses import dataclass, field

import numpy as np

from ..common import raster
from ..common.classes import ClassTable
from ..common.errors import LandCarbonError
from ..common.landmap import Tally, class_strips, open_landuse_set, pair_index, scan_codes
from ..common.outputs import Outputs
from ..common.progress import Progress
from ..common.styles import style_categorical
from ..common.tables import write_table
from ..common.units import M2_PER_KM2

# ---------------------------------------------------------------------------
# Change accounting
# ---------------------------------------------------------------------------

@dataclass
class ChangeStats:
    """Everything the change tables need (docs/landuse-change.md).

    ``matrices[(a, b)]`` is the K x K count matrix between dates a and b
    (rows = from = date a), over cells valid in ALL dates; ``area_km2`` the
    same in km2. ``dropped`` counts, per date, the cells that were valid
    there but nodata in another date.
    """

    years: list
    codes: list
    labels: list
    valid_cells: int
    own_nodata: list
    dropped: list
    matrices: dict = field(default_factory=dict)
    area_km2: dict = field(default_factory=dict)
    cell_area: object = None
    change_codes: dict = field(default_factory=dict)

    def counts(self, d):
        """Cells per class at date index d (valid in all dates)."""
        if d < len(self.years) - 1:
            return self.matrices[(d, d + 1)].sum(axis=1)
        return self.matrices[(d - 1, d)].sum(axis=0)

    def km2(self, d):
        if d < len(self.years) - 1:
            return self.area_km2[(d, d + 1)].sum(axis=1)
        return self.area_km2[(d - 1, d)].sum(axis=0)


def intervals(n_dates):
    """Consecutive intervals, plus first -> last when there are 3+ dates."""
    pairs = [(i, i + 1) for i in range(n_dates - 1)]
    if n_dates > 2:
        pairs.append((0, n_dates - 1))
    return pairs


def change_code_scheme(codes):
    """Code of each from -> to pair in the change map.

    Codes 0..9: from * 10 + to (1 -> 5 is 15); codes 0..99: from * 100 + to
    (41 -> 22 is 4122); otherwise the pair's position i * K + j + 1.
    Returns (dict (from, to) -> code, description).
    """
    lo, hi = min(codes), max(codes)
    if lo >= 0 and hi <= 9:
        return {(a, b): a * 10 + b for a in codes for b in codes}, "from * 10 + to"
    if lo >= 0 and hi <= 99:
        return {(a, b): a * 100 + b for a in codes for b in codes}, "from * 100 + to"
    k = len(codes)
    return ({(a, b): i * k + j + 1 for i, a in enumerate(codes) for j, b in enumerate(codes)},
            "position of the pair: i * K + j + 1 (i, j = rank of the from / to code)")


def _lighter(rgba, share=0.65):
    return tuple(int(round(c + (255 - c) * share)) for c in rgba[:3]) + (255,)


def change_map_entries(pair_codes, classes):
    """Legend of the change map: unchanged cells in a pale version of their
    class colour, conversions in the colour of the class they became."""
    entries = []
    for (a, b), code in sorted(pair_codes.items(), key=lambda kv: kv[1]):
        if a == b:
            entries.append((code, _lighter(classes.color(a)), "%s (unchanged)" % classes.name(a)))
        else:
            entries.append((code, classes.color(b),
                            "%s -> %s" % (classes.name(a), classes.name(b))))
    return entries


def landuse_change(infos, years, progress, change_path=None, classes=None):
    """Areas and transition matrices of a series of land-use maps, in one pass
    over the rasters after a scan for class codes.

    Only cells valid at every date count. With ``change_path`` the first ->
    last change map is written there (caller commits it).
    """
    n = len(infos)
    codes, own_nodata = scan_codes(infos, progress.span(0.0, 0.3))
    classes = (classes or ClassTable()).complete(codes)
    k = len(codes)
    pairs = intervals(n)
    grid = infos[0].grid
    areas = raster.CellAreas(grid, progress, infos[0].label)
    tallies = {p: Tally((k + 1) * (k + 1), weighted=not areas.is_constant) for p in pairs}
    stats = ChangeStats(years, codes, [i.label for i in infos], 0, own_nodata, [],
                        cell_area=areas)
    out_ds, pair_lut = None, None
    if change_path is not None:
        out_ds, pair_lut = _create_change_map(change_path, grid, codes, years, classes, stats)
    try:
        for y0, nrows, idx in class_strips(infos, codes, progress.span(0.3, 1.0)):
            invalid = np.zeros(idx[0].shape, dtype=bool)
            for i in idx:
                invalid |= i == k
            for i in idx:
                np.putmask(i, invalid, k)       # only cells valid at every date count
            weights = None if areas.is_constant else np.repeat(areas.rows(y0, nrows), grid.xsize)
            for a, b in pairs:
                code = pair_index(idx[a], idx[b], k, np.int32).ravel()
                tallies[(a, b)].add(code, weights)
                if out_ds is not None and (a, b) == (0, n - 1):
                    raster.write_strip(out_ds, y0, pair_lut[code].reshape(nrows, grid.xsize))
    finally:
        out_ds = None
    for p in pairs:
        stats.matrices[p] = tallies[p].cells.reshape(k + 1, k + 1)[:k, :k].copy()
        if areas.is_constant:
            stats.area_km2[p] = stats.matrices[p] * (areas.constant_m2 / M2_PER_KM2)
        else:
            stats.area_km2[p] = tallies[p].weights.reshape(k + 1, k + 1)[:k, :k] / M2_PER_KM2
    stats.valid_cells = int(stats.matrices[pairs[0]].sum())
    stats.dropped = [grid.cells - own_nodata[d] - stats.valid_cells for d in range(n)]
    if stats.valid_cells == 0:
        raise LandCarbonError(
            "No cell is valid in all input maps at once (each has data, but never in the "
            "same places). Check that the maps cover the same area.")
    return stats


def _create_change_map(path, grid, codes, years, classes, stats):
    """The styled first -> last change raster and the lookup table from pair
    index to change code (codes in ``stats.change_codes``)."""
    k = len(codes)
    stats.change_codes, scheme = change_code_scheme(codes)
    top = max(stats.change_codes.values())
    dtype = raster.smallest_class_dtype(stats.change_codes.values(), top + 1)
    nodata = np.iinfo(dtype).max
    pair_lut = np.full((k + 1) * (k + 1), nodata, dtype=dtype)
    for (a, b), code in stats.change_codes.items():
        pair_lut[codes.index(a) * (k + 1) + codes.index(b)] = code
    ds = raster.create_raster(path, grid, dtype, nodata=nodata,
                              descriptions=["change %s -> %s (%s)" % (years[0], years[-1], scheme)])
    style_categorical(ds, path, change_map_entries(stats.change_codes, classes))
    return ds, pair_lut


def dynamic_degree(u_a, u_b, years):
    """Single dynamic degree K = (U_b - U_a) / U_a / T * 100 (% per year);
    None where U_a = 0 (undefined, not infinite)."""
    if u_a == 0:
        return None
    return (u_b - u_a) / u_a / years * 100.0


def comprehensive_dynamic_degree(matrix, years):
    """LC = sum_k (loss_k + gain_k) / (2 * sum_k U_a,k) / T * 100 (% per year),
    Liu Jiyuan's form: every conversion counted once, swaps not hidden."""
    m = np.asarray(matrix, dtype=np.float64)
    persistence = np.diag(m)
    loss = m.sum(axis=1) - persistence
    gain = m.sum(axis=0) - persistence
    return float((loss + gain).sum() / (2 * m.sum()) / years * 100.0)


def area_table(stats, classes):
    """Rows of the area table: one per class plus a total row.

    Columns: per date cells, km2 and % of valid area; per interval the single
    dynamic degree (%/yr; the total row holds the comprehensive degree)."""
    years = stats.years
    header = ["code", "name"]
    for y in years:
        header += ["cells_%s" % y, "km2_%s" % y, "pct_valid_%s" % y]
    pairs = intervals(len(years))
    header += ["dynamic_degree_pct_per_yr_%s_%s" % (years[a], years[b]) for a, b in pairs]
    cells = [stats.counts(d) for d in range(len(years))]
    km2 = [stats.km2(d) for d in range(len(years))]
    rows = []
    for i, code in enumerate(stats.codes):
        row = [code, classes.name(code)]
        for d in range(len(years)):
            row += [int(cells[d][i]), float(km2[d][i]),
                    100.0 * cells[d][i] / stats.valid_cells]
        for a, b in pairs:
            row.append(dynamic_degree(float(km2[a][i]), float(km2[b][i]),
                                      years[b] - years[a]))
        rows.append(row)
    total = ["all", "All classes (comprehensive dynamic degree)"]
    for d in range(len(years)):
        total += [int(cells[d].sum()), float(km2[d].sum()), 100.0]
    for a, b in pairs:
        total.append(comprehensive_dynamic_degree(stats.area_km2[(a, b)], years[b] - years[a]))
    rows.append(total)
    return header, rows


def transition_table(stats, classes):
    """Rows of the transition table: per interval and unit (cells, km2) a
    K x K matrix (rows = from, columns = to) with totals, persistence,
    losses, gains and net change, then a row of column totals."""
    codes = stats.codes
    header = (["year_from", "year_to", "unit", "from_code", "from_name"]
              + ["to_%d" % c for c in codes]
              + ["total_from", "persistence", "loss", "gain", "net_change"])
    rows = []
    for a, b in intervals(len(stats.years)):
        for unit, m in (("cells", stats.matrices[(a, b)]), ("km2", stats.area_km2[(a, b)])):
            cast = int if unit == "cells" else float
            diag = np.diag(m)
            loss = m.sum(axis=1) - diag
            gain = m.sum(axis=0) - diag
            for i, code in enumerate(codes):
                rows.append([stats.years[a], stats.years[b], unit, code, classes.name(code)]
                            + [cast(v) for v in m[i]]
                            + [cast(m[i].sum()), cast(diag[i]), cast(loss[i]), cast(gain[i]),
                               cast(gain[i] - loss[i])])
            rows.append([stats.years[a], stats.years[b], unit, "total", "total (to)"]
                        + [cast(v) for v in m.sum(axis=0)]
                        + [cast(m.sum()), cast(diag.sum()), cast(loss.sum()),
                           cast(gain.sum()), cast(0)])
    return header, rows


def check_map_years(years, n_inputs):
    """YEARS must give one increasing year per input map."""
    if n_inputs < 2:
        raise LandCarbonError("Give at least two land-use maps (in chronological order); "
                              "change needs two dates.")
    if len(years) != n_inputs:
        raise LandCarbonError("%d land-use maps but %d years (%s); give one year per map, in "
                              "the same order." % (n_inputs, len(years),
                                                   ", ".join(str(y) for y in years)))
    for a, b in zip(years, years[1:]):
        if b <= a:
            raise LandCarbonError("YEARS must increase from map to map (chronological "
                                  "order), but %s is followed by %s." % (a, b))


def run_landuse_change(maps, years, *, classes=None, output_areas=None,
                       output_transitions=None, output_change=None, labels=None, progress=None):
    """The landusechange step: check inputs, compute, write all outputs or
    none. ``maps``: land-use rasters in chronological order, one year each;
    ``classes``: CSV of class names and colours; ``labels``: INPUTS (one
    label per map). Returns the ChangeStats."""
    progress = progress or Progress()
    check_map_years(years, len(maps))
    table = ClassTable.from_csv(classes, "CLASSES table") if classes else ClassTable()
    names = (labels or {}).get("INPUTS") or [os.path.basename(str(p)) for p in maps]
    infos = open_landuse_set(maps, names, progress)
    with raster.gdal_cache_limit(), Outputs() as out:
        tmp_change = out.path(output_change) if output_change else None
        stats = landuse_change(infos, years, progress, tmp_change, table)
        if classes:
            table.check_against(stats.codes, progress)
        if output_areas:
            write_table(out.path(output_areas), *area_table(stats, table))
        if output_transitions:
            write_table(out.path(output_transitions), *transition_table(stats, table))
    log_summary(stats, table, progress)
    return stats


def log_summary(stats, classes, progress):
    """What a user wants to read in the log after the run."""
    progress.info("Cells valid in all %d maps: %d (%s)." % (
        len(stats.years), stats.valid_cells, stats.cell_area.describe()))
    for label, own, dropped in zip(stats.labels, stats.own_nodata, stats.dropped):
        if dropped:
            progress.info("%s: %d nodata cells, and %d valid cells dropped because another "
                          "map has nodata there." % (label, own, dropped))
    for (a, b), m in stats.matrices.items():
        changed = int(m.sum() - np.trace(m))
        progress.info("%s -> %s: %d cells changed class (%.2f %% of the valid area)." % (
            stats.years[a], stats.years[b], changed, 100.0 * changed / stats.valid_cells))
        for i, code in enumerate(stats.codes):
            if m[i].sum() == 0:
                progress.info("%s -> %s: class %d (%s) is absent in %s; its single dynamic "
                              "degree is undefined (left empty)." % (
                                  stats.years[a], stats.years[b], code, classes.name(code),
                                  stats.years[a]))
