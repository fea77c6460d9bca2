"""Raster -> grid of analysis cells, block-wise (docs/hotspots.md).

The analysis grid starts at the raster's top-left corner and has square
cells of ``cell_size`` map units, as many as hold a pixel centre; its last
row and column may reach beyond the raster. Every pixel belongs to the
analysis cell that contains its centre. Per analysis cell the valid pixels
give the mean or the sum of their values, and the valid share = valid pixels / pixels of the full
analysis cell (pixels beyond the raster's edge count as missing, so partial
cells at the edge are treated like cells with nodata). Cells below the
minimum valid share are left out of the analysis.

One kernel, :func:`accumulate`, adds a block of pixels to float64 sums and
int64 counts of the analysis cells. Its float additions come in one fixed
order per analysis cell (each pixel row's part of the cell summed on its
own, then the row sums added top to bottom), so the sums are the same bits
however the raster is cut, as long as a block holds whole analysis columns:
full-width row strips of any height on one machine (memory depends on the
strip and the analysis grid, not on the raster's size), or, on a Dask
cluster, chunks whose edges fall on analysis-cell edges (docs/hotspots.md,
"On a Dask cluster").
"""

import math
from dataclasses import dataclass

import numpy as np

from ..common import blocks, raster
from ..common.errors import LandCarbonError

STATISTICS = ("mean", "sum")
# The local permutation test costs about n x PERMUTATIONS operations and
# the statistics peak at about 400 bytes per cell (1.5 GB at this size):
# beyond this the run takes hours. On a Dask cluster too, since the
# statistics run on the client (docs/hotspots.md, "On a Dask cluster").
MAX_ANALYSIS_CELLS = 4_000_000
# A cell size above this many degrees on a geographic CRS was almost surely
# meant in metres (1 km is about 0.009 degrees).
MAX_GEOGRAPHIC_CELL = 1.0
# Pixels read per strip (tests lower it to cross analysis rows between strips).
STRIP_CELLS = raster.STRIP_CELLS


@dataclass
class AnalysisGrid:
    """The aggregated raster: values and valid shares of every analysis
    cell (rows x cols) plus the grid they live on."""

    grid: raster.Grid          # geotransform of the analysis cells, CRS of the input
    values: np.ndarray         # float64, NaN where the cell has no valid pixel
    share: np.ndarray          # float64 valid share 0..1
    valid: np.ndarray          # bool: share >= minimum and at least one valid pixel
    pixels_per_cell: float     # nominal pixels of a full analysis cell


def pixel_to_cell(count, ratio, start=0):
    """Analysis index of pixels start..start+count-1 when an analysis cell is
    ``ratio`` pixels wide: floor((x + 0.5) / ratio), the cell holding the
    centre."""
    x = np.arange(start, start + count, dtype=np.float64)
    return np.floor((x + 0.5) / ratio).astype(np.int64)


def _full_cell_pixels(cells, ratio):
    """Pixels whose centre falls in each of ``cells`` analysis cells, counting
    pixels beyond the raster edge too (the nominal content of a full cell)."""
    extent = int(math.ceil(cells * ratio)) + 2
    index = pixel_to_cell(extent, ratio)
    return np.bincount(index[index < cells], minlength=cells).astype(np.int64)


def analysis_grid(grid, cell_size, label="the input raster"):
    """Geometry of the analysis grid for ``cell_size`` (map units), with the
    checks on the cell size. Returns (Grid, ratio_x, ratio_y)."""
    gt = grid.geotransform
    if gt[2] != 0 or gt[4] != 0:
        raise LandCarbonError("%s has a rotated geotransform; warp it to a north-up grid "
                              "first (gdalwarp)." % label)
    if not (cell_size > 0 and math.isfinite(cell_size)):
        raise LandCarbonError("CELL_SIZE is %s; give the size of the analysis cells in "
                              "map units, e.g. 1000 for 1 km cells in a metric CRS."
                              % cell_size)
    if grid.is_geographic and cell_size > MAX_GEOGRAPHIC_CELL:
        raise LandCarbonError(
            "%s is in a geographic CRS (%s), whose map unit is the degree, but CELL_SIZE "
            "is %g, i.e. %g degrees; that looks like a size in metres. Either give the "
            "cell size in degrees (1 km is about 0.009 degrees), or better reproject the "
            "raster to a projected CRS in metres (e.g. the UTM zone of the area, with "
            "Raster > Projections > Warp or gdalwarp -t_srs EPSG:326xx), where analysis "
            "cells have equal areas." % (label, grid.crs_name, cell_size, cell_size))
    dx, dy = grid.cell_width, grid.cell_height
    if cell_size < max(dx, dy) * (1 - 1e-9):
        raise LandCarbonError(
            "CELL_SIZE %g is smaller than the cells of %s (%g x %g map units): analysis "
            "cells must hold at least one pixel. Give a CELL_SIZE of at least %g, "
            "typically several times the pixel size (e.g. 1000 m for 30 m pixels)."
            % (cell_size, label, dx, dy, max(dx, dy)))
    ratio_x, ratio_y = cell_size / dx, cell_size / dy
    # as many cells as hold a pixel centre (the last pixel's centre decides)
    cols = int(pixel_to_cell(grid.xsize, ratio_x)[-1]) + 1
    rows = int(pixel_to_cell(grid.ysize, ratio_y)[-1]) + 1
    if rows * cols < 3:
        raise LandCarbonError(
            "CELL_SIZE %g gives only %d analysis cell(s) (%d x %d) over %s (%g x %g map "
            "units); Moran's I needs at least 3, in practice dozens. Give a smaller "
            "CELL_SIZE, e.g. %g." % (cell_size, rows * cols, cols, rows, label,
                                     grid.xsize * dx, grid.ysize * dy,
                                     _suggest(grid, dx, dy)))
    if rows * cols > MAX_ANALYSIS_CELLS:
        raise LandCarbonError(
            "CELL_SIZE %g gives %d x %d = %d analysis cells, more than the %d LandCarbon "
            "handles (the permutation test grows with cells x permutations). Give a "
            "larger CELL_SIZE, e.g. %g." % (cell_size, cols, rows, rows * cols,
                                            MAX_ANALYSIS_CELLS,
                                            cell_size * math.ceil(math.sqrt(
                                                rows * cols / MAX_ANALYSIS_CELLS))))
    geotransform = (gt[0], cell_size * math.copysign(1, gt[1]), 0.0,
                    gt[3], 0.0, cell_size * math.copysign(1, gt[5]))
    return raster.Grid(cols, rows, geotransform, grid.crs_wkt), ratio_x, ratio_y


def _suggest(grid, dx, dy):
    """A cell size that gives about 30 x 30 analysis cells."""
    side = max(grid.xsize * dx, grid.ysize * dy) / 30.0
    magnitude = 10 ** math.floor(math.log10(side))
    return max(round(side / magnitude) * magnitude, max(dx, dy))


def check_statistic(statistic):
    statistic = str(statistic).lower()
    if statistic not in STATISTICS:
        raise LandCarbonError("STATISTIC must be 'mean' or 'sum', not '%s'." % statistic)
    return statistic


def check_share(min_share):
    if not (0.0 < min_share <= 1.0):
        raise LandCarbonError("MIN_VALID_SHARE is %s; give the share of valid pixels an "
                              "analysis cell needs, between 0 (exclusive) and 1, e.g. 0.5."
                              % min_share)
    return float(min_share)


def aggregate(info, cell_size, statistic="mean", min_share=0.5, progress=None,
              cluster=None):
    """Aggregate band ``info`` (a :class:`core.common.raster.RasterInfo`) to analysis
    cells of ``cell_size`` map units; see the module docstring. With a
    ``cluster`` (core.common.cluster.Cluster) the pixels are read and summed
    by Dask chunks on its workers; the result is identical."""
    statistic = check_statistic(statistic)
    min_share = check_share(min_share)
    agrid, ratio_x, ratio_y = analysis_grid(info.grid, cell_size, info.label)
    what = "Aggregating %s to %g-unit cells" % (info.label, cell_size)
    if cluster is None:
        sums, counts = _sum_strips(info, agrid, ratio_x, ratio_y, what, progress)
    else:
        sums, counts = _sum_chunks(info, agrid, ratio_x, ratio_y, cluster, what, progress)
    if counts.sum() == 0:
        raise LandCarbonError("%s holds no valid cell (every cell is nodata or NaN); check "
                              "the band and its nodata value." % info.label)
    full = np.outer(_full_cell_pixels(agrid.ysize, ratio_y),
                    _full_cell_pixels(agrid.xsize, ratio_x))
    share = counts / full
    with np.errstate(invalid="ignore", divide="ignore"):
        values = sums / counts if statistic == "mean" else np.where(counts > 0, sums, np.nan)
    values[counts == 0] = np.nan
    valid = (counts > 0) & (share >= min_share - 1e-12)
    return AnalysisGrid(agrid, values, share, valid, ratio_x * ratio_y)


def accumulate(block, nodata, row_of, col_of, sums, counts):
    """Add the valid pixels of ``block`` to ``sums`` (float64, in the band's
    unit) and ``counts`` (int64, pixels) of analysis cells, in place.

    ``row_of`` / ``col_of`` give the analysis row of each block row and the
    analysis column of each block column, as indices into ``sums``; the
    block must hold whole analysis columns. The order of the float additions
    of a cell depends only on its own pixels (see the module docstring).
    """
    ok = raster.valid_mask(block, nodata)
    starts = np.flatnonzero(np.diff(col_of, prepend=col_of[0] - 1))
    c0, c1 = int(col_of[0]), int(col_of[-1]) + 1
    # the float64 sum of a pixel row's segment is its first pixel plus numpy's
    # pairwise sum of the others: a function of the segment alone (reduceat
    # casts a whole copy, not buffers whose edges would depend on the block;
    # tests/test_hotspots_on_dask.py checks the bits)
    row_sums = np.add.reduceat(np.where(ok, block, 0), starts, axis=1, dtype=np.float64)
    row_counts = np.add.reduceat(ok, starts, axis=1, dtype=np.int64)
    # one pixel row at a time: a cell cut between two strips is summed in
    # the same order as a whole one
    for r, target in enumerate(row_of.tolist()):
        sums[target, c0:c1] += row_sums[r]
        counts[target, c0:c1] += row_counts[r]


def _sum_strips(info, agrid, ratio_x, ratio_y, what, progress):
    """Sums and counts of every analysis cell from full-width row strips."""
    grid = info.grid
    col_of = pixel_to_cell(grid.xsize, ratio_x)
    row_of = pixel_to_cell(grid.ysize, ratio_y)
    sums = np.zeros((agrid.ysize, agrid.xsize), dtype=np.float64)
    counts = np.zeros((agrid.ysize, agrid.xsize), dtype=np.int64)
    reader = raster.BandReader(info)
    parts = raster.strips(grid, raster.strip_rows(grid, info.block_rows, STRIP_CELLS))
    try:
        with raster.gdal_cache_limit():
            for number, (y0, rows) in enumerate(parts):
                accumulate(reader.read(y0, rows), info.nodata, row_of[y0:y0 + rows], col_of,
                           sums, counts)
                if progress is not None:
                    progress.set((number + 1) / len(parts), what)
    finally:
        reader.close()
    return sums, counts


def chunk_sums(block, nodata, y0, x0, ratio_x, ratio_y):
    """(sums, counts) of the analysis cells of a chunk at pixel (y0, x0) that
    holds whole analysis cells: the Dask task around :func:`accumulate`."""
    row_of = pixel_to_cell(block.shape[0], ratio_y, y0)
    col_of = pixel_to_cell(block.shape[1], ratio_x, x0)
    row_of -= row_of[0]
    col_of -= col_of[0]
    sums = np.zeros((row_of[-1] + 1, col_of[-1] + 1), dtype=np.float64)
    counts = np.zeros(sums.shape, dtype=np.int64)
    accumulate(block, nodata, row_of, col_of, sums, counts)
    return sums, counts


def _chunk(kernel, window, bands):
    """Dask task: :func:`chunk_sums` of one window; ``kernel`` = (nodata,
    ratio_x, ratio_y)."""
    nodata, ratio_x, ratio_y = kernel
    return chunk_sums(next(bands), nodata, window.y0, window.x0, ratio_x, ratio_y)


def aligned_chunks(pixels, ratio, chunk):
    """Chunk sizes (pixels) along one axis of ``pixels`` whose edges fall on
    analysis-cell edges: as many whole cells as fit in ``chunk`` pixels, at
    least one."""
    cell_of = pixel_to_cell(pixels, ratio)
    firsts = np.flatnonzero(np.diff(cell_of, prepend=-1))   # first pixel of each cell
    per_chunk = max(1, int(chunk // ratio))
    edges = np.append(firsts[::per_chunk], pixels)
    return tuple(int(size) for size in np.diff(edges))


def _sum_chunks(info, agrid, ratio_x, ratio_y, cluster, what, progress):
    """Sums and counts of every analysis cell from Dask chunks aligned on
    analysis cells, each summed on a worker by :func:`chunk_sums`; the
    client places the small per-chunk results as they arrive."""
    rows = aligned_chunks(info.grid.ysize, ratio_y, cluster.chunk_rows)
    cols = aligned_chunks(info.grid.xsize, ratio_x, cluster.chunk_cols)
    chunks = list(blocks.windows(info.grid.ysize, info.grid.xsize, rows, cols).values())
    # analysis row / column of each pixel: where a chunk's result goes
    cell_row = pixel_to_cell(info.grid.ysize, ratio_y)
    cell_col = pixel_to_cell(info.grid.xsize, ratio_x)
    sums = np.zeros((agrid.ysize, agrid.xsize), dtype=np.float64)
    counts = np.zeros((agrid.ysize, agrid.xsize), dtype=np.int64)

    def place(window, result):
        part_sums, part_counts = result
        r0, c0 = cell_row[window.y0], cell_col[window.x0]
        h, w = part_sums.shape
        sums[r0:r0 + h, c0:c0 + w] = part_sums
        counts[r0:r0 + h, c0:c0 + w] = part_counts

    if progress is not None:
        progress.info("%s on Dask: %d chunks of up to %d x %d pixels (edges on analysis "
                      "cells)." % (what, len(chunks), max(rows), max(cols)))
    blocks.run_blocks(_chunk, (info.nodata, ratio_x, ratio_y), [info], chunks, place,
                      cluster=cluster, progress=progress, message=what + ": chunk")
    return sums, counts
