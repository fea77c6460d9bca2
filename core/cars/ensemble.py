"""Seed ensembles of CARS: how certain a simulated map is (docs/cars.md,
"Ensembles").

CARS is stochastic; the same inputs run with RUNS seeds (RANDOM_SEED,
RANDOM_SEED + 1, ...) give RUNS maps of each target year. Per year this
module reads them strip by strip and writes

- the change frequency: in how many runs each cell holds another class than
  in the initial map of the simulation (0 .. RUNS; the share is this / RUNS);
- the most frequent class of each cell (ties: the start class when it is
  among the most frequent, else the lowest code);

and finds the median run: the run whose map agrees with the most-frequent-
class map on the most cells (the most typical run; ties: the lowest seed).
Its map is the ensemble's representative map.

Memory: one strip of every run map and K counters per cell of a strip.
"""

import os
import shutil
from dataclasses import dataclass

import numpy as np

from ..common import raster
from ..common.classes import ClassTable
from ..common.landmap import class_counts, class_strips, open_landuse
from ..common.styles import class_entries, style_categorical, style_continuous
from ..common.tables import write_table

FREQUENCY_NODATA = 65535


@dataclass
class EnsembleYear:
    """The summary of one target year: the median run (index into the
    runs), each run's agreement with the most frequent classes (cells)."""

    year: int
    median_run: int
    agreement: list


def summarise_runs(start_path, run_paths, year, output_frequency, output_mode, classes=None,
                   progress=None):
    """Change frequency and most frequent class of ``run_paths`` (the maps
    of one target year, one per run) against ``start_path``; writes both
    rasters (caller's temporary paths) and returns an EnsembleYear."""
    start = open_landuse(start_path, "start map")
    runs = [open_landuse(p, "run %d" % (i + 1)) for i, p in enumerate(run_paths)]
    raster.check_same_grid([(i.label, i.grid) for i in [start] + runs])
    codes = sorted(set().union(*[set(_codes(i)) for i in [start] + runs]))
    k = len(codes)
    classes = (classes or ClassTable()).complete(codes)
    grid = start.grid
    count_type = np.uint8 if len(runs) < 255 else np.uint16
    nodata = int(start.nodata) if start.nodata is not None else (255 if max(codes) < 255
                                                                 else 65535)
    mode_dtype = raster.smallest_class_dtype(codes, nodata)
    freq = raster.create_raster(output_frequency, grid, np.uint16, nodata=FREQUENCY_NODATA,
                                descriptions=["runs (of %d) in which the cell changed class by "
                                              "%d" % (len(runs), year)])
    mode = raster.create_raster(output_mode, grid, mode_dtype, nodata=nodata,
                                descriptions=["most frequent class %d over %d runs"
                                              % (year, len(runs))])
    agreement = np.zeros(len(runs), dtype=np.int64)
    lut = np.array(list(codes) + [nodata], dtype=mode_dtype)
    try:
        style_categorical(mode, output_mode, class_entries(codes, classes))
        for y0, _rows, idx in class_strips([start] + runs, codes, progress):
            first, maps = idx[0], idx[1:]
            valid = first < k
            votes = np.zeros((k,) + first.shape, dtype=count_type)
            changed = np.zeros(first.shape, dtype=np.uint16)
            for m in maps:
                for c in range(k):
                    votes[c] += m == c
                changed += (m != first) & (m < k)
            best = votes.max(axis=0)
            top = np.argmax(votes, axis=0)              # the lowest code among the tied
            own = np.take_along_axis(votes, np.minimum(first, k - 1)[None], axis=0)[0]
            top = np.where(valid & (own == best), first, top)
            top = np.where(valid, top, k)
            for r, m in enumerate(maps):
                agreement[r] += int(np.count_nonzero((m == top) & valid))
            raster.write_strip(freq, y0, np.where(valid, changed, FREQUENCY_NODATA)
                               .astype(np.uint16))
            raster.write_strip(mode, y0, lut[top])
    finally:
        freq = mode = None
    style_continuous(output_frequency, 0, len(runs), unit="runs")
    best = int(np.argmax(agreement))                    # the lowest seed among the tied
    return EnsembleYear(year, best, [int(a) for a in agreement])


def _codes(info):
    counts, _nodata = class_counts(info)
    return counts


def run_ensemble(run_one, seeds, years, start_path, final_paths, output_frequency=None,
                 output_mode=None, output_ensemble=None, classes=None, work=None,
                 progress=None):
    """Run CARS once per seed and summarise the runs.

    ``run_one(seed, folder, progress)`` runs one complete simulation into
    ``folder`` and returns its CarsResult (maps of every year in
    ``years``). The median run is chosen on the last target year; its maps
    (and log, allocation table) are the results, copied to ``final_paths``
    (year -> temporary output path). ``output_frequency`` / ``output_mode``:
    year -> temporary path of the summaries. Returns (CarsResult of the
    median run, [EnsembleYear], [CarsResult per run])."""
    results = []
    for n, seed in enumerate(seeds):
        folder = os.path.join(work, "seed_%d" % seed)
        os.makedirs(folder, exist_ok=True)
        span = progress.span(0.9 * n / len(seeds), 0.9 * (n + 1) / len(seeds))
        progress.info("Ensemble: run %d of %d (RANDOM_SEED %d)." % (n + 1, len(seeds), seed))
        results.append(run_one(seed, folder, span))
    summaries = []
    summary_part = progress.span(0.9, 1.0)
    for i, year in enumerate(years):
        paths = [r.years[i].path for r in results]
        summaries.append(summarise_runs(
            start_path, paths, year,
            (output_frequency or {}).get(year) or os.path.join(work, "frequency_%d.tif" % year),
            (output_mode or {}).get(year) or os.path.join(work, "mode_%d.tif" % year), classes,
            summary_part.span(i / len(years), (i + 1) / len(years))))
    median = summaries[-1].median_run
    for i, year in enumerate(years):
        summaries[i].median_run = median
        _copy_raster(results[median].years[i].path, final_paths[year])
    if output_ensemble:
        write_table(output_ensemble, *ensemble_table(seeds, years, results, summaries))
    progress.info("Ensemble of %d runs: the median (most typical) run is RANDOM_SEED %d; it "
                  "agrees with the most frequent classes of %d on %d cells."
                  % (len(seeds), seeds[median], years[-1], summaries[-1].agreement[median]))
    return results[median], summaries, results


def _copy_raster(src, dst):
    """A raster with its style (.qml) and GDAL sidecar (.aux.xml: category
    names)."""
    shutil.copyfile(src, dst)
    for a, b in ((os.path.splitext(src)[0] + ".qml", os.path.splitext(dst)[0] + ".qml"),
                 (src + ".aux.xml", dst + ".aux.xml")):
        if os.path.exists(a):
            shutil.copyfile(a, b)


def ensemble_table(seeds, years, results, summaries):
    """Per run and year: agreement with the most frequent classes, whether
    it is the median run, iterations and allocated cells per class."""
    codes = results[0].codes
    header = (["seed", "year", "median_run", "agreement_with_mode_cells", "iterations"]
              + ["allocated_cells_%d" % c for c in codes])
    rows = []
    for r, (seed, result) in enumerate(zip(seeds, results)):
        for i, year in enumerate(years):
            yr = result.years[i]
            rows.append([seed, year, r == summaries[i].median_run, summaries[i].agreement[r],
                         yr.iterations] + [int(v) for v in yr.allocated])
    return header, rows
