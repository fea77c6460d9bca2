"""LEAS prediction: the probability raster of every class from a model and a
driver stack on the land-use grid (docs/leas.md, step 5).

One Float32 band per class in ascending code order, description '<code>
<name>', values in [0, 1], nodata FLOAT32_NODATA outside the valid cells of
the land-use map. Prediction runs window by window (256-row bands, aligned
with the output tiles); only valid cells enter the float32 feature matrix,
normalised with the model's training ranges. Two kernels serve both paths:
:func:`block_features` (features, nodata drivers, infinite values) and
:func:`probability_block`; on one machine they run window by window with
threads, on a Dask cluster chunk by chunk with the model sent to every worker
once (docs/leas.md, "On a Dask cluster").
"""

import os
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np

from ..common import blocks, raster, tiles
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
    """The windows (core.common.blocks.Window) of the one-machine path:
    256-row bands (output tiles are 256 x 256), full width unless that
    exceeds 4 x PREDICT_CELLS cells."""
    rows = raster.TILE_ROWS * max(1, PREDICT_CELLS // (raster.TILE_ROWS * max(grid.xsize, 1)))
    rows = min(rows, grid.ysize)
    cols = grid.xsize if grid.xsize * rows <= 4 * PREDICT_CELLS else \
        raster.TILE_ROWS * max(1, PREDICT_CELLS // (raster.TILE_ROWS * rows))
    return blocks.chunks(grid, (rows, cols))


def block_features(model, land, landuse, driver_blocks, drivers, first_row):
    """First kernel of the prediction, on one block: (valid mask of the
    land-use block, float32 features of its valid cells normalised with the
    model's training ranges, counts = [valid cells, then per driver the valid
    cells where it is nodata]). ``driver_blocks``: the raw blocks in the
    model's driver order (any iterable, read one at a time). Infinite driver
    values in valid cells are an error (``first_row``: the block's first
    row, for the message)."""
    valid = raster.valid_mask(land, landuse.nodata)
    counts = np.zeros(1 + len(drivers), dtype=np.int64)
    counts[0] = int(valid.sum())
    features = np.empty((counts[0], len(drivers)), dtype=np.float32)
    for j, (driver, block) in enumerate(zip(drivers, driver_blocks)):
        values = block[valid]
        check_finite(values, driver, (first_row, first_row + land.shape[0] - 1))
        ok = raster.valid_mask(values, driver.info.nodata)
        counts[1 + j] = counts[0] - int(ok.sum())
        features[:, j] = normalise(values, ok, model.driver_min[j], model.driver_max[j])
    return valid, features, counts


def probability_block(model, valid, features, pool=None, threads=1):
    """Second kernel: P (K, rows, cols) float32 of the block's valid cells
    from their features, FLOAT32_NODATA elsewhere. Each forest predicts with
    n_jobs=1 (row chunks in ``pool`` when ``threads`` > 1), so every cell's
    sum of trees is taken in the same order: the same P in any window,
    strip or chunk."""
    out = np.full((len(model.codes),) + valid.shape, raster.FLOAT32_NODATA, dtype=np.float32)
    for c, p in enumerate(predict_threaded(model.forests, features, pool, threads)):
        out[c][valid] = 0.0 if p is None else p.astype(np.float32)
    return out


class _SummingStack:
    """The output band stack, adding up the probabilities written into it
    (valid cells) for the mean P of the log; blocks pass on to GDAL. Both
    paths write through it."""

    def __init__(self, ds, k):
        self.ds, self.sums = ds, np.zeros(k)

    def GetRasterBand(self, band):
        return _SummingBand(self, band)


class _SummingBand:
    def __init__(self, stack, band):
        self.stack, self.band = stack, band

    def WriteArray(self, data, x0, y0):
        self.stack.sums[self.band - 1] += _valid_sum(data)
        return self.stack.ds.GetRasterBand(self.band).WriteArray(data, x0, y0)


@dataclass
class Predictor:
    """What a window of the prediction needs: the model, the land-use map
    and the drivers in the model's order. On one machine also a thread
    pool and its size (each forest predicts row chunks in it); on a Dask
    cluster none: one thread per task, the kernel sent once to every worker."""

    model: object
    landuse: object
    drivers: list
    pool: object = None
    threads: int = 1
    tiles_of: str = None        # a .vrt output: its tiles are written by the task


def _predict_window(kernel, window, bands):
    """The probabilities (K, rows, cols) of one window and the counts of
    :func:`block_features`; ``bands``: the land-use map, then the drivers.
    For a .vrt output the task writes the window's tile itself (on a
    cluster, the worker) and returns the sum of each band's valid
    probabilities instead of the block."""
    model = kernel.model
    valid, features, counts = block_features(model, next(bands), kernel.landuse, bands,
                                             kernel.drivers, window.y0)
    p = probability_block(model, valid, features, kernel.pool, kernel.threads)
    if kernel.tiles_of is None:
        return p, counts
    tiles.write_tile(tiles.tile_folder(kernel.tiles_of), window, kernel.landuse.grid, list(p),
                     np.float32, raster.FLOAT32_NODATA, band_descriptions(model))
    return None, counts, np.array([_valid_sum(b) for b in p])


def _valid_sum(block):
    """Sum of a probability block's valid cells (float64), for the mean P."""
    return float(block[block != raster.FLOAT32_NODATA].sum(dtype=np.float64))


def write_probabilities(model, drivers, landuse, out_path, progress, threads, cluster=None):
    """Write the probability raster (one Float32 band per class, nodata
    outside the valid cells of ``landuse``); drivers in the model's order.
    Window by window with ``threads`` threads, or on the chunks of
    ``cluster`` (written as they arrive): the same probabilities."""
    t0 = time.perf_counter()
    tiled = tiles.is_tiled(out_path)
    out = _SummingStack(None if tiled else raster.create_band_stack(
        out_path, landuse.grid, band_descriptions(model)), len(model.codes))
    counts = np.zeros(1 + len(drivers), dtype=np.int64)

    def consume(window, result):
        p, block_counts = result[:2]
        counts[:] += block_counts
        if p is None:                       # a tile, written by the task
            out.sums += result[2]
            return
        for c in range(p.shape[0]):
            out.GetRasterBand(c + 1).WriteArray(p[c], window.x0, window.y0)

    infos = [landuse] + [d.info for d in drivers]
    where = str(out_path) if tiled else None
    try:
        if cluster is None:
            windows = prediction_windows(landuse.grid)
            with ThreadPoolExecutor(max_workers=threads) as pool:
                here = Predictor(model, landuse, drivers, pool, threads, where)
                blocks.run_blocks(_predict_window, here, infos, windows, consume,
                                  progress=progress, message="probabilities: window")
        else:
            progress.info("LEAS prediction on %s." % cluster.describe())
            windows = blocks.chunks(landuse.grid, cluster.chunks)
            blocks.run_blocks(_predict_window, Predictor(model, landuse, drivers, tiles_of=where),
                              infos, windows, consume, cluster=cluster, progress=progress,
                              message="probabilities written: chunk")
        if tiled:
            tiles.finish_vrt(out_path, landuse.grid, np.float32, windows,
                             raster.FLOAT32_NODATA, band_descriptions(model))
        else:
            out.ds.FlushCache()
    finally:
        out.ds = None
    valid = int(counts[0])
    return PredictionSummary(valid, list(out.sums / max(valid, 1)),
                             [int(n) for n in counts[1:]], time.perf_counter() - t0)


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
                          labels=None, progress=None, cluster=None):
    """Apply a model to a driver stack: write ``out_path`` directly.

    One Float32 band per class in ascending code order, description
    '<code> <name>', values in [0, 1], nodata FLOAT32_NODATA outside the valid
    cells of ``landuse_path``. Drivers are matched to the model by name (the
    stack must have the model's drivers, no more, no fewer). Driver values
    are normalised with the model's training ranges. ``labels``: DRIVERS (one
    per file), LANDUSE. ``cluster``: predict on its workers, chunk by chunk
    (the same probabilities; ``threads`` then does not apply). Returns a
    PredictionSummary. Use :func:`core.leas.run.run_leas_predict` for
    all-or-nothing outputs.
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
                                      resolve_threads(threads), cluster)
    log_prediction(model, drivers, summary, progress)
    return summary
