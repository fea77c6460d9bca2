"""Land-use maps as every step reads them: opening and checking them, their
class codes, class codes -> indices strip by strip, and the one
cross-tabulation skeleton (strips of class indices of several maps, tallied
by pairs of classes) that change statistics, Markov counts, accuracy and
carbon all use.

A land-use map holds integer class codes in band 1 (float rasters are
refused); nodata follows :func:`core.common.raster.effective_nodata`. Class
codes are taken from the data, never assumed to be 1..K: :class:`ClassIndex`
maps the sorted codes to indices 0..K-1 and nodata (or a code outside the
list) to K, so a (K + 1) x (K + 1) bincount of ``from * (K + 1) + to``
tallies every pair, nodata included, in one vectorised call per strip.
"""

import numpy as np

from . import blocks, raster
from .errors import LandCarbonError

# More distinct values than this is not a class map (e.g. an elevation model
# stored as integers): refuse instead of building a huge transition matrix.
MAX_CLASSES = 1000


# ---------------------------------------------------------------------------
# Opening land-use rasters
# ---------------------------------------------------------------------------

def open_landuse(path, label=None, progress=None):
    """Inspect a land-use raster: integer codes in band 1, nodata by the rules
    of :func:`core.common.raster.effective_nodata`. Float rasters are refused."""
    info = raster.open_band(path, label, 1, progress)
    if not info.is_integer:
        raise LandCarbonError(
            "%s is a %s raster, but a land-use map must hold integer class codes. If its "
            "values are whole numbers, convert it, e.g. gdal_translate -ot Byte (or "
            "-ot UInt16) in.tif out.tif, or Raster > Conversion > Translate with output "
            "data type Byte." % (info.label, info.dtype.name.capitalize()))
    if info.band_count > 1 and progress is not None:
        progress.warning("%s has %d bands; only band 1 is used as the land-use map."
                         % (info.label, info.band_count))
    return info


def open_landuse_set(paths, labels, progress):
    """Open several land-use rasters and check that they share one grid."""
    infos = [open_landuse(p, label, progress) for p, label in zip(paths, labels)]
    raster.check_same_grid([(i.label, i.grid) for i in infos])
    return infos


def _small_view(block):
    """View 8/16-bit blocks as unsigned so that a bincount/LUT can use them."""
    if block.dtype.itemsize == 1:
        return block.view(np.uint8)
    if block.dtype.itemsize == 2:
        return block.view(np.uint16)
    return None


def _lut_size(dtype):
    return 256 if dtype.itemsize == 1 else 65536


def _raw_values(dtype):
    """Actual values of the LUT entries 0..n-1 for a small integer type."""
    n = _lut_size(dtype)
    return np.arange(n, dtype=np.uint16 if n > 256 else np.uint8).view(
        np.dtype(dtype).newbyteorder("=")).astype(np.int64)


def class_counts(info, progress=None, cluster=None):
    """Cells per class code of a land-use raster (valid cells only).

    Returns (counts: dict code -> cells, nodata_cells). 8- and 16-bit bands use
    a bincount over all possible values; wider types np.unique per strip.
    With a Dask ``cluster`` the workers count their chunks and the client
    adds the counts (the same counts: sums of integers), so the client does
    not read the map. A map without any valid cell is an error (every
    algorithm needs data).
    """
    small = info.dtype.itemsize <= 2
    counter = _Counter(_lut_size(info.dtype) if small else 0)
    totals = counter.new()
    grid = info.grid
    parts = blocks.strips(grid, raster.strip_rows(grid, info.block_rows)) if cluster is None \
        else blocks.chunks(grid, cluster.chunks)

    def consume(_window, counted):
        nonlocal totals
        totals = counter.add(totals, counted)
        if not counter.size and len(totals) > MAX_CLASSES + 1:   # not a class map: stop
            _too_many_classes(info)
    blocks.run_blocks(_count_window, counter, [info], parts, consume, cluster=cluster,
                      progress=progress, message="counting classes")
    if small:
        values = _raw_values(info.dtype)
        present = np.nonzero(totals)[0]
        counts = {int(values[i]): int(totals[i]) for i in present}
    else:
        counts = dict(totals)
    nodata_cells = counts.pop(int(info.nodata), 0) if info.nodata is not None else 0
    if not counts:
        raise LandCarbonError(
            "%s holds no valid cell: every cell is nodata (%r). Check the file and its nodata "
            "value." % (info.label, info.nodata))
    if len(counts) > MAX_CLASSES:
        _too_many_classes(info)
    return counts, nodata_cells


def _too_many_classes(info):
    raise LandCarbonError(
        "%s holds more than %d distinct values; a land-use map holds a few class codes. "
        "Is it a continuous raster (e.g. elevation) stored as integers?"
        % (info.label, MAX_CLASSES))


class _Counter:
    """How :func:`class_counts` counts a window: a bincount over the
    ``size`` raw values of an 8/16-bit type, else np.unique (size 0)."""

    def __init__(self, size):
        self.size = size

    def new(self):
        return np.zeros(self.size, dtype=np.int64) if self.size else {}

    def count(self, block):
        if self.size:
            return np.bincount(_small_view(block).ravel(), minlength=self.size)
        values, counts = np.unique(block, return_counts=True)
        return dict(zip(values.tolist(), counts.tolist()))

    def add(self, totals, counted):
        if self.size:
            totals += counted
            return totals
        for v, c in counted.items():
            totals[v] = totals.get(v, 0) + c
        return totals


def _count_window(counter, _window, bands):
    """The counts of one window (a strip here, a chunk on a Dask worker)."""
    return counter.count(next(iter(bands)))


class ClassIndex:
    """Maps class codes to indices 0..K-1 (sorted codes); nodata and codes
    outside the list map to K. One vectorised lookup per strip."""

    def __init__(self, codes):
        self.codes = np.array(sorted(int(c) for c in codes), dtype=np.int64)
        self.k = len(self.codes)
        self.index_dtype = np.uint8 if self.k < 255 else np.uint16

    def lookup(self, info):
        """A function block -> index array for rasters like ``info``."""
        k = self.k
        if info.dtype.itemsize <= 2:
            values = _raw_values(info.dtype)
            lut = np.full(values.size, k, dtype=self.index_dtype)
            pos = np.searchsorted(self.codes, values)
            pos = np.minimum(pos, max(k - 1, 0))
            hit = (self.codes[pos] == values) if k else np.zeros(values.size, bool)
            lut[hit] = pos[hit]
            if info.nodata is not None:
                lut[np.nonzero(values == int(info.nodata))[0]] = k
            return lambda block: lut[_small_view(block)]

        codes, nodata, dtype = self.codes, info.nodata, self.index_dtype

        def wide(block):
            b = block.astype(np.int64)
            pos = np.minimum(np.searchsorted(codes, b), max(k - 1, 0))
            idx = pos.astype(dtype)
            bad = codes[pos] != b
            if nodata is not None:
                bad |= block == nodata
            idx[bad] = k
            return idx
        return wide




def scan_codes(infos, progress=None):
    """Sorted class codes present in any of the maps, and each map's nodata
    cell count (one scan per map)."""
    codes, nodata = set(), []
    for m, info in enumerate(infos):
        span = progress.span(m / len(infos), (m + 1) / len(infos)) if progress else None
        counts, nodata_cells = class_counts(info, span)
        codes.update(counts)
        nodata.append(nodata_cells)
    return sorted(codes), nodata


# ---------------------------------------------------------------------------
# The cross-tabulation skeleton
# ---------------------------------------------------------------------------

def class_strips(infos, codes, progress=None, strip_cells=None):
    """Row strips of several maps on one grid as class-index arrays.

    Yields ``(y0, rows, [index array per map])`` from top to bottom (index K =
    nodata or a code outside ``codes``), reporting progress after each strip;
    the files are closed when the loop ends, also on an exception or a cancel.
    Strips hold about ``strip_cells`` cells (default raster.STRIP_CELLS), a
    multiple of the files' block height.
    """
    index = ClassIndex(codes)
    lookups = [index.lookup(info) for info in infos]
    grid = infos[0].grid
    block_rows = max(i.block_rows for i in infos)
    rows = raster.strip_rows(grid, block_rows) if strip_cells is None else \
        raster.strip_rows(grid, block_rows, strip_cells)
    parts = raster.strips(grid, rows)
    readers = [raster.BandReader(info) for info in infos]
    try:
        for s, (y0, nrows) in enumerate(parts):
            yield y0, nrows, [look(r.read(y0, nrows)) for look, r in zip(lookups, readers)]
            if progress is not None:
                progress.set((s + 1) / len(parts), "rows %d-%d of %d"
                             % (y0, y0 + nrows, grid.ysize))
    finally:
        for reader in readers:
            reader.close()


def pair_index(idx_from, idx_to, k, dtype=np.int64):
    """from * (K + 1) + to of two class-index arrays: one bin per pair of
    classes, index K (nodata) included."""
    pair = idx_from.astype(dtype)
    pair *= k + 1
    pair += idx_to
    return pair


class Tally:
    """Cells (int64) and, when ``weighted``, a float64 weight (e.g. the true
    area of cells on a geographic CRS) per integer bin, summed over strips."""

    def __init__(self, size, weighted=False):
        self.cells = np.zeros(size, dtype=np.int64)
        self.weights = np.zeros(size, dtype=np.float64) if weighted else None

    def add(self, bins, weights=None):
        bins = bins.ravel()
        self.cells += np.bincount(bins, minlength=self.cells.size)
        if self.weights is not None:
            self.weights += np.bincount(bins, weights=weights, minlength=self.cells.size)

    def weighted(self, per_cell):
        """The summed weights, or cells x ``per_cell`` when not weighted."""
        return self.weights.copy() if self.weights is not None else self.cells * per_cell


class CrossTab:
    """Cells of every (from, to) pair of class indices of two maps, nodata
    included: ``full`` is (K + 1) x (K + 1), row / column K = nodata there."""

    def __init__(self, codes, full):
        self.codes = list(codes)
        self.full = full

    @property
    def matrix(self):
        """K x K cells valid in both maps (rows = from)."""
        k = len(self.codes)
        return self.full[:k, :k].copy()

    @property
    def start_cells(self):
        """Cells per class in the first map (all its valid cells)."""
        return self.full[:-1, :].sum(axis=1)

    @property
    def end_cells(self):
        """Cells per class in the second map (all its valid cells)."""
        return self.full[:, :-1].sum(axis=0)

    @property
    def start_only(self):
        """Cells valid in the first map only."""
        return int(self.full[:-1, -1].sum())

    @property
    def end_only(self):
        """Cells valid in the second map only."""
        return int(self.full[-1, :-1].sum())

    @property
    def gained(self):
        """Cells that became each class (valid in both maps, class changed)."""
        m = self.matrix
        return m.sum(axis=0) - np.diag(m)


def cross_tabulate(info_from, info_to, codes, progress=None):
    """The :class:`CrossTab` of two maps on one grid, in one pass."""
    k = len(codes)
    tally = Tally((k + 1) * (k + 1))
    for _y0, _rows, (a, b) in class_strips([info_from, info_to], codes, progress):
        tally.add(pair_index(a, b, k))
    return CrossTab(codes, tally.cells.reshape(k + 1, k + 1))
