"""A regular sample of raster cells for the geographical detector
(docs/geodetector.md, "Sampling"): every s-th row and every s-th column
(s = round(1 / sqrt(share)), starting at s // 2), read in row strips, so
memory grows with the sample, not the map. A cell enters the sample when
Y and every factor hold data there.
"""

import math
import os

import numpy as np

from ..common import raster
from ..common.errors import LandCarbonError

AUTO_CELLS = 1_000_000      # SAMPLE_SHARE 0: about this many sampled cells (or all)


def bands(paths, label):
    """A RasterInfo per band of every file in ``paths`` (each band a factor)."""
    out = []
    for path in paths:
        first = raster.open_band(path, "%s %s" % (label, os.path.basename(path)))
        for b in range(1, first.band_count + 1):
            name = os.path.splitext(os.path.basename(path))[0]
            out.append(raster.open_band(path, name if first.band_count == 1 else
                                        "%s band %d" % (name, b), b))
    return out


def stride_of(share, cells):
    """The sampling stride of SAMPLE_SHARE ``share`` (0: automatic) for a
    grid of ``cells`` cells."""
    if share <= 0:
        share = min(1.0, AUTO_CELLS / float(max(cells, 1)))
    return max(1, int(round(1.0 / math.sqrt(share))))


def regular_sample(infos, stride, progress):
    """The values of every band of ``infos`` (same grid) at the sampled
    cells where all of them hold data: a list of 1-D arrays."""
    grid = infos[0].grid
    raster.check_same_grid([(i.label, i.grid) for i in infos])
    readers = [raster.BandReader(i) for i in infos]
    offset = stride // 2
    columns = np.arange(offset, grid.xsize, stride)
    picked = [[] for _ in infos]
    try:
        parts = raster.strips(grid, raster.strip_rows(grid))
        for n, (y0, rows) in enumerate(parts):
            keep = [r for r in range(rows) if (y0 + r) % stride == offset]
            if keep:
                blocks = [rd.read(y0, rows)[keep][:, columns] for rd in readers]
                valid = np.all([raster.valid_mask(b, i.nodata)
                                for b, i in zip(blocks, infos)], axis=0)
                for store, block in zip(picked, blocks):
                    store.append(block[valid])
            progress.set((n + 1) / len(parts))
            progress.check()
    finally:
        for rd in readers:
            rd.close()
    values = [np.concatenate(p) if p else np.zeros(0) for p in picked]
    if values[0].size < 10:
        raise LandCarbonError(
            "Only %d sampled cells hold data in Y and every factor; the geographical detector "
            "needs more. Raise SAMPLE_SHARE, or check that the rasters overlap and share "
            "their nodata." % values[0].size)
    return values
