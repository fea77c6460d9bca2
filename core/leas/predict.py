"""LEAS prediction: the probability raster of every class from a model and a
driver stack on the land-use grid (docs/leas.md, step 5).

One Float32 band per class in ascending code order, description '<code>
<name>', values in [0, 1], nodata FLOAT32_NODATA outside the valid cells of
the land-use map. Prediction runs window by window (256-row bands, aligned
with the output tiles); only valid cells enter the float32 feature matrix,
normalised with the model's training ranges.
"""

import os
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np

from ..common import raster
from ..common.landmap import open_landuse
from ..common.progress import Progress
from .driver_bands import check_finite, normalise, open_drivers
from .forests import predict_threaded, require_sklearn, resolve_threads
from .model import band_descriptions, match_drivers

PREDICT_CELLS = 1 << 20     # cells per prediction window (features: cells x drivers x 4 B)


@dataclass
class PredictionSummary:
    valid_cells: int = 0
    mean_probability: list = field(default_factory=list)
    nodata_driver_cells: list = field(default_factory=list)
    seconds: float = 0.0


def prediction_windows(grid):
    """(x0, y0, cols, rows) windows: 256-row bands (output tiles are 256 x
    256), full width unless that exceeds 4 x PREDICT_CELLS cells."""
    rows = raster.TILE_ROWS * max(1, PREDICT_CELLS // (raster.TILE_ROWS * max(grid.xsize, 1)))
    rows = min(rows, grid.ysize)
    cols = grid.xsize if grid.xsize * rows <= 4 * PREDICT_CELLS else \
        raster.TILE_ROWS * max(1, PREDICT_CELLS // (raster.TILE_ROWS * rows))
    return [(x0, y0, min(cols, grid.xsize - x0), min(rows, grid.ysize - y0))
            for y0 in range(0, grid.ysize, rows) for x0 in range(0, grid.xsize, cols)]


def write_probabilities(model, drivers, landuse, out_path, progress, threads):
    """Write the probability raster (one Float32 band per class, nodata
    outside the valid cells of ``landuse``); drivers in the model's order."""
    t0 = time.perf_counter()
    grid = landuse.grid
    k = len(model.codes)
    summary = PredictionSummary(0, [0.0] * k, [0] * len(drivers))
    sums = np.zeros(k)
    out = raster.create_band_stack(out_path, grid, band_descriptions(model))
    land_ds = raster.open_dataset(landuse.path, landuse.label)
    land_band = land_ds.GetRasterBand(landuse.band)
    driver_ds = [raster.open_dataset(d.info.path, d.info.label) for d in drivers]
    driver_bands = [ds.GetRasterBand(d.info.band) for ds, d in zip(driver_ds, drivers)]
    windows = prediction_windows(grid)
    try:
        with ThreadPoolExecutor(max_workers=threads) as pool:
            for w, (x0, y0, cols, rows) in enumerate(windows):
                land = land_band.ReadAsArray(x0, y0, cols, rows)
                if landuse.dtype == np.int8 and land.dtype == np.uint8:
                    land = land.view(np.int8)
                valid = raster.valid_mask(land, landuse.nodata)
                nv = int(valid.sum())
                features = np.empty((nv, len(drivers)), dtype=np.float32)
                for j, (driver, band) in enumerate(zip(drivers, driver_bands)):
                    block = band.ReadAsArray(x0, y0, cols, rows)
                    if driver.info.dtype == np.int8 and block.dtype == np.uint8:
                        block = block.view(np.int8)
                    values = block[valid]
                    check_finite(values, driver, (y0, y0 + rows - 1))
                    ok = raster.valid_mask(values, driver.info.nodata)
                    summary.nodata_driver_cells[j] += int(nv - ok.sum())
                    features[:, j] = normalise(values, ok, model.driver_min[j],
                                               model.driver_max[j])
                probabilities = predict_threaded(model.forests, features, pool, threads)
                plane = np.full((rows, cols), raster.FLOAT32_NODATA, dtype=np.float32)
                for c, p in enumerate(probabilities):
                    plane[valid] = 0.0 if p is None else p.astype(np.float32)
                    if p is not None:
                        sums[c] += float(p.sum())
                    out.GetRasterBand(c + 1).WriteArray(plane, x0, y0)
                summary.valid_cells += nv
                progress.set((w + 1) / len(windows), "probabilities: rows %d-%d of %d"
                             % (y0, y0 + rows, grid.ysize))
        out.FlushCache()
    finally:
        out = None
        land_ds = None
        driver_bands = None
        driver_ds = None
    summary.mean_probability = list(sums / max(summary.valid_cells, 1))
    summary.seconds = time.perf_counter() - t0
    return summary


def log_prediction(model, drivers, summary, progress):
    progress.info("Probabilities of %d valid cells, %d classes, in %.1f s: mean P %s." % (
        summary.valid_cells, len(model.codes), summary.seconds,
        ", ".join("%d: %.4f" % (c, m) for c, m in zip(model.codes, summary.mean_probability))))
    for d, n in zip(drivers, summary.nodata_driver_cells):
        if n:
            progress.info("Driver %s is nodata in %d valid cells of the map (%.2f %%); they "
                          "were 0 after normalisation." % (
                              d.name, n, 100.0 * n / max(summary.valid_cells, 1)))


def predict_probabilities(model, driver_paths, landuse_path, out_path, *, threads=0,
                          labels=None, progress=None):
    """Apply a model to a driver stack: write ``out_path`` directly.

    One Float32 band per class in ascending code order, description
    '<code> <name>', values in [0, 1], nodata FLOAT32_NODATA outside the valid
    cells of ``landuse_path``. Drivers are matched to the model by name (the
    stack must have the model's drivers, no more, no fewer). Driver values
    are normalised with the model's training ranges. ``labels``: DRIVERS (one
    per file), LANDUSE. Returns a PredictionSummary. Use
    :func:`core.leas.run.run_leas_predict` for all-or-nothing outputs.
    """
    progress = progress or Progress()
    require_sklearn()
    lab = labels or {}
    landuse = open_landuse(landuse_path, lab.get("LANDUSE") or os.path.basename(str(landuse_path)),
                           progress)
    bands = open_drivers(driver_paths, lab.get("DRIVERS"), progress)
    drivers = match_drivers(model, bands)
    if [d.name for d in drivers] != [d.name for d in bands]:
        progress.info("The driver bands come in another order than in the model; they were "
                      "matched by name.")
    raster.check_same_grid([(landuse.label, landuse.grid)]
                           + [(d.info.label, d.info.grid) for d in drivers])
    with raster.gdal_cache_limit():
        summary = write_probabilities(model, drivers, landuse, out_path, progress,
                                      resolve_threads(threads))
    log_prediction(model, drivers, summary, progress)
    return summary
