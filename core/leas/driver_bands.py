"""Driver bands as LEAS reads them: every band of every driver raster, with
a unique name (the band description, else the file name), its range-based
normalisation, and the refusal of infinite values.

LEAS models match drivers by name, so a band keeps its name from training to
prediction (docs/leas.md, "Drivers").
"""

import os
from dataclasses import dataclass

import numpy as np

from ..common import raster
from ..common.errors import LandCarbonError


@dataclass
class DriverBand:
    """One driver: a band of a raster on the land-use grid, and its name
    (the band description, else the file name)."""

    info: raster.RasterInfo
    name: str


def open_drivers(paths, labels=None, progress=None):
    """Every band of every driver raster, in order, with unique names.

    A band's name is its description (preparedrivers writes the driver's
    name there), else the file name (plus 'band N' for multi-band files).
    Repeated names get ' (2)', ' (3)' ... (models match drivers by name)."""
    if not paths:
        raise LandCarbonError("No driver given: give the driver stack of "
                              "landcarbon:preparedrivers or rasters on the land-use grid.")
    labels = labels or [os.path.basename(str(p)) for p in paths]
    bands = []
    for path, label in zip(paths, labels):
        ds = raster.open_dataset(path, label)
        count = ds.RasterCount
        ds = None
        stem = os.path.splitext(os.path.basename(str(path)))[0]
        for b in range(1, count + 1):
            info = raster.open_band(path, label if count == 1 else "%s band %d" % (label, b),
                                    b, progress)
            if info.description:
                name = info.description
            else:
                name = stem if count == 1 else "%s band %d" % (stem, b)
            bands.append(DriverBand(info, name))
    for band, name in zip(bands, unique_names([b.name for b in bands])):
        band.name = name
    return bands


def normalise(values, valid, lo, hi):
    """Min-max normalised float32 features: (x - lo) / (hi - lo), 0 where
    ``valid`` is False (nodata) and everywhere when hi == lo (constant).
    The same function serves the sample and the prediction, so a cell gets
    exactly the same feature value in both."""
    if hi > lo:
        out = (np.asarray(values, dtype=np.float64) - lo) / (hi - lo)
    else:
        out = np.zeros(np.shape(values))
    out = out.astype(np.float32)
    out[~valid] = 0.0
    return out


def unique_names(names):
    """Band names must be unique (LEAS models match drivers by name):
    repeated names get ' (2)', ' (3)' ..."""
    seen, out = {}, []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else "%s (%d)" % (name, seen[name]))
    return out


def check_finite(values, driver, rows):
    """Infinite driver values are an error (``rows`` = (first, last) row of
    the strip or window they come from)."""
    if np.issubdtype(values.dtype, np.floating):
        count = int(np.isinf(values).sum())
        if count:
            raise LandCarbonError(
                "Driver %s (%s) has %d infinite cell(s) in rows %d-%d. Infinite values are not "
                "data: set them to the nodata value, e.g. with the Raster Calculator or "
                "gdal_calc.py --calc \"where(isinf(A), -9999, A)\" --NoDataValue=-9999, or "
                "rebuild the stack with landcarbon:preparedrivers."
                % (driver.name, driver.info.label, count, rows[0], rows[1]))
