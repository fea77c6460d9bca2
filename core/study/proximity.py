"""Proximity-weighted development probabilities (docs/cars.md, "Proximity
decay"; study parameter PROXIMITY_DECAY, 0 = off, PLUS).

CARS places change by the overall probability OP_k = P_k x Omega_k x D_k:
the neighbourhood term Omega_k only sees the n x n window, so among the
cells LEAS ranks alike CARS cannot prefer those nearer to the existing
patches of a class, which the nearest-patch baseline does (docs/accuracy.md).
With a decay length L > 0 (cells) the study gives CARS

    P'_k(x) = P_k(x) * exp(-d_k(x) / L)

where d_k(x) is the Euclidean distance, in cells, from the cell centre to
the nearest cell of class k in the map CARS starts from (0 in the class's
own cells). A class that the map does not hold keeps its P (no patch to be
near); nodata stays nodata. Measured on bencat_glad 2010 -> 2020 with the
calibrated LEAS (FoM / nearest-patch baseline, mean of CARS seeds 1-3): L
= 0 (off) 0.980x, 0.5 1.014x, 1 1.015x, 2 1.008x, 5 0.999x, 10 0.995x.
The calibration chooses L on the calibration interval like every other
setting (docs/calibration.md).

Distances come from the exact streaming transform of the baselines
(core.landuse.baselines.squared_distances): memory depends on the strip
size, not on the map.
"""

import os
import shutil
import tempfile

import numpy as np

from ..cars import probability_bands
from ..common import raster
from ..common.errors import LandCarbonError
from ..common.landmap import class_counts, open_landuse
from ..landuse import squared_distances


def write_proximity_probabilities(probability, landuse, decay_cells, out_path, progress):
    """Write P' = P x exp(-d / ``decay_cells``) of every band of the
    ``probability`` raster whose class the ``landuse`` map holds (module
    docstring) to ``out_path`` (same bands, descriptions and nodata)."""
    if decay_cells <= 0:
        raise LandCarbonError("PROXIMITY_DECAY must be above 0 to weight the probabilities.")
    info = open_landuse(landuse, os.path.basename(str(landuse)), progress)
    grid = info.grid
    if (grid.xsize - 1) ** 2 + (grid.ysize - 1) ** 2 + 1 >= 0xFFFFFFFF:
        raise LandCarbonError(
            "The maps are %d x %d cells: PROXIMITY_DECAY stores squared distances as 32-bit "
            "integers and handles grids up to 65,535 cells across the diagonal. Set "
            "PROXIMITY_DECAY to 0." % (grid.xsize, grid.ysize))
    codes = sorted(class_counts(info)[0])
    label = os.path.basename(str(probability))
    # the band of each class of the map, matched as CARS matches them
    class_of_band = dict(zip(probability_bands(probability, label, codes, progress)[0],
                             range(len(codes))))
    src = raster.open_dataset(probability, label)
    count = src.RasterCount
    parts = raster.strips(grid, raster.strip_rows(grid, raster.TILE_ROWS))
    descriptions = [src.GetRasterBand(b).GetDescription() for b in range(1, count + 1)]
    nodata = src.GetRasterBand(1).GetNoDataValue()
    out = raster.create_band_stack(out_path, grid, descriptions,
                                   raster.FLOAT32_NODATA if nodata is None else nodata)
    folder = tempfile.mkdtemp(prefix=".landcarbon-proximity-", dir=os.path.dirname(out_path))
    try:
        for b in range(1, count + 1):
            step = progress.span((b - 1) / count, b / count)
            d2 = None
            if b in class_of_band:
                d2 = squared_distances(info, codes, class_of_band[b], folder, parts,
                                       step.span(0.0, 0.7))
            _weigh_band(src.GetRasterBand(b), out.GetRasterBand(b), d2, decay_cells, parts,
                        step.span(0.7, 1.0), label)
            if d2:
                os.remove(d2)
        out.FlushCache()
    finally:
        out = src = None
        shutil.rmtree(folder, ignore_errors=True)
    progress.info("Probabilities weighted by exp(-distance / %g cells) to the nearest cell of "
                  "each class in %s (PROXIMITY_DECAY)." % (decay_cells,
                                                          os.path.basename(str(landuse))))


def _weigh_band(band, out_band, d2_path, decay_cells, parts, progress, label):
    """One band, strip by strip: P x exp(-sqrt(d2) / L), nodata kept; a
    copy without ``d2_path`` (a class the map does not hold)."""
    nodata = band.GetNoDataValue()
    dist = raster.open_dataset(d2_path) if d2_path else None
    width = band.XSize
    try:
        for s, (y0, rows) in enumerate(parts):
            p = raster.read_block(band, y0, 0, rows, width, label=label).astype(np.float32)
            if dist is not None:
                d = np.sqrt(dist.GetRasterBand(1).ReadAsArray(0, y0, width, rows)
                            .astype(np.float64))
                keep = raster.valid_mask(p, nodata)
                p = np.where(keep, p * np.exp(-d / decay_cells), p).astype(np.float32)
            out_band.WriteArray(p, 0, y0)
            progress.set((s + 1) / len(parts))
    finally:
        dist = None
