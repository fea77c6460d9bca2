"""The rasters CARS reads strip by strip besides the land-use map: the
probability bands of the map's classes (nodata -> 0, values checked to lie in
[0, 1]) and the restriction raster (0 no change, 1 free, 2 development zone;
no raster or nodata = free). docs/cars.md.
"""


import numpy as np

from ..common import raster
from ..common.errors import LandCarbonError
from .inputs import FREE, check_probability_block, check_restriction_block


class ProbabilityReader:
    """Reads the class bands of the probability raster as (K, rows, width)
    float32; nodata (and NaN) become 0, counted in ``nodata``. GDAL decodes
    the compressed blocks in ``threads`` threads."""

    def __init__(self, path, label, bands, progress, threads=1):
        self.label = label
        with raster.decoding_threads(threads):      # half the reading time on 2 cores
            self._ds = raster.open_dataset(path, label)
        self._bands = [self._ds.GetRasterBand(b) for b in bands]
        self.band_numbers = list(bands)
        self.nodata, self.dtypes = [], []
        for b in self.band_numbers:
            info = raster.open_band(path, label, b, progress)
            if not np.issubdtype(info.dtype, np.number):
                raise LandCarbonError("%s, band %d is not numeric." % (label, b))
            self.nodata.append(info.nodata)
            self.dtypes.append(info.dtype)

    def read(self, y0, rows, width, codes=None, check=None, x0=0):
        """(P, missing): P float32 (K, rows, width), missing bool (rows, width)
        where any band is nodata, for the window of ``width`` columns from
        column ``x0``. With ``check`` (a valid mask) the values on valid
        cells are checked to lie in [0, 1]."""
        return self.clean(self.read_raw(y0, rows, width, x0), codes, check)

    def read_raw(self, y0, rows, width, x0=0):
        """The window of every band as stored (GDAL: one thread at a time)."""
        return [raster.read_block(band, y0, x0, rows, width, self.dtypes[i], self.label)
                for i, band in enumerate(self._bands)]

    def clean(self, raw, codes=None, check=None):
        """:meth:`read` of blocks from :meth:`read_raw` (numpy only: any thread)."""
        rows, width = raw[0].shape
        out = np.empty((len(raw), rows, width), dtype=np.float32)
        missing = np.zeros((rows, width), dtype=bool)
        for i, block in enumerate(raw):
            ok = raster.valid_mask(block, self.nodata[i])
            if check is not None:
                check_probability_block(block[ok & check], self.band_numbers[i],
                                        codes[i], self.label)
            out[i] = block
            out[i][~ok] = 0.0
            missing |= ~ok
        return out, missing

    def close(self):
        self._bands = []
        self._ds = None


class RestrictionReader:
    """Restriction values per strip (uint8 0/1/2); no raster = all free,
    nodata = free."""

    def __init__(self, info):
        self.info = info
        self._ds = raster.open_dataset(info.path, info.label) if info is not None else None

    def read(self, y0, rows, width, valid=None, x0=0):
        """Restriction values (uint8) of the window of ``width`` columns from
        column ``x0``; with ``valid`` the values on valid cells are checked."""
        if self._ds is None:
            return np.full((rows, width), FREE, dtype=np.uint8)
        info = self.info
        block = raster.read_block(self._ds.GetRasterBand(info.band), y0, x0, rows, width,
                                  info.dtype, info.label)
        ok = raster.valid_mask(block, self.info.nodata)
        if valid is not None:
            check_restriction_block(block, ok & valid, self.info.label)
        out = np.full(block.shape, FREE, dtype=np.uint8)
        out[ok] = np.clip(block[ok], 0, 2).astype(np.uint8)
        return out

    def close(self):
        self._ds = None
