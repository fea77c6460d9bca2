"""Rasters as Dask arrays: reading by chunks, writing from the client, the
global position of a chunk's cells.

This is the Dask dispatch of the per-block kernels (the xarray-spatial
pattern): a step keeps one pure kernel on numpy blocks; the one-machine path
calls it on row strips (core/common/raster.py), the Dask path on chunks of
the arrays made here. Kernels that draw random numbers or sample cells use
the global cell index (row * width + column, :func:`cell_index`), so both
paths give the same numbers (core/common/random.py).

- :func:`read_array` opens one band as a dask array; each chunk is read by
  the worker that needs it with GDAL (the file must be reachable from the
  workers: a shared file system on a cluster).
- :func:`write_raster` computes the chunks of a dask array on the workers
  and writes each into a tiled GeoTIFF as it arrives, with a bounded number
  of chunks in flight (the client's memory does not grow with the raster).
  The file is created by the caller (inside an :class:`Outputs`), so it is
  written completely or not at all.
"""

import threading
from dataclasses import dataclass

import numpy as np

from . import raster
from .errors import LandCarbonError

_LOCAL = threading.local()


def _band(path, band):
    """An open GDAL band, cached per worker thread (opening costs more than
    reading a small chunk)."""
    cache = getattr(_LOCAL, "datasets", None)
    if cache is None:
        cache = _LOCAL.datasets = {}
    ds = cache.get(path)
    if ds is None:
        ds = cache[path] = raster.open_dataset(path)
    return ds.GetRasterBand(band)


class BandWindows:
    """One raster band seen as an array of shape (rows, cols): slicing reads
    that window with GDAL (for :func:`dask.array.from_array`)."""

    def __init__(self, info):
        self.path, self.band, self.label = info.path, info.band, info.label
        self.dtype = np.dtype(info.dtype)
        self.shape = (info.grid.ysize, info.grid.xsize)
        self.ndim = 2

    def __getitem__(self, key):
        rows, cols = key
        y0, y1, _ = rows.indices(self.shape[0])
        x0, x1, _ = cols.indices(self.shape[1])
        if y1 <= y0 or x1 <= x0:
            return np.zeros((max(y1 - y0, 0), max(x1 - x0, 0)), dtype=self.dtype)
        arr = _band(self.path, self.band).ReadAsArray(x0, y0, x1 - x0, y1 - y0)
        if arr is None:
            raise LandCarbonError("Could not read rows %d-%d, columns %d-%d of %s; the file may "
                                  "be truncated or damaged." % (y0, y1 - 1, x0, x1 - 1, self.label))
        if self.dtype == np.int8 and arr.dtype == np.uint8:
            arr = arr.view(np.int8)
        return arr


@dataclass(frozen=True)
class Window:
    """A chunk of the grid: first row and column, rows and columns (cells)."""

    y0: int
    x0: int
    rows: int
    cols: int


def windows(height, width, chunk_rows, chunk_cols):
    """The chunks of a grid of ``height`` x ``width`` cells, keyed by their
    (row, column) place among the chunks, in row-major order."""
    return {(i, j): Window(y0, x0, min(chunk_rows, height - y0), min(chunk_cols, width - x0))
            for i, y0 in enumerate(range(0, height, chunk_rows))
            for j, x0 in enumerate(range(0, width, chunk_cols))}


def read_window(info, window):
    """One window of a band (a RasterInfo), read with GDAL (on a worker)."""
    return BandWindows(info)[window.y0:window.y0 + window.rows,
                             window.x0:window.x0 + window.cols]


def read_array(info, chunks):
    """The band of ``info`` (a RasterInfo) as a dask array in its own type,
    chunked ``chunks`` = (rows, cols)."""
    import dask.array as da
    from dask.base import tokenize
    return da.from_array(BandWindows(info), chunks=chunks, lock=False, asarray=True,
                         fancy=False, name="read-" + tokenize(info.path, info.band, chunks))


def block_origin(block_info, index=None):
    """(first row, first column) of the chunk a map_blocks kernel was given,
    from Dask's ``block_info`` (``index``: which input; None = the output)."""
    where = block_info[index if index is not None else None]["array-location"]
    return where[-2][0], where[-1][0]


def cell_index(y0, x0, rows, cols, width):
    """Global cell index (row * width + column) of a block at (y0, x0), uint64."""
    r = np.arange(y0, y0 + rows, dtype=np.uint64)[:, None] * np.uint64(width)
    return r + np.arange(x0, x0 + cols, dtype=np.uint64)[None, :]


def _write(ds, arr, y0, x0, bands):
    ds.landcarbon_data_written = True   # see styles.style_categorical
    if arr.ndim == 2:
        arr = arr[None]
    for b in range(arr.shape[0]):
        data = arr[b]
        if data.dtype == np.int8:
            data = data.view(np.uint8)
        ds.GetRasterBand(bands[b] if bands else b + 1).WriteArray(data, x0, y0)


def write_raster(cluster, array, ds, progress=None, bands=None, in_flight=None):
    """Compute ``array`` (2-D, or 3-D with the bands first) on the cluster
    and write it into the open GDAL dataset ``ds`` (created by the caller
    with :func:`core.common.raster.create_raster`), chunk by chunk as chunks
    arrive. ``bands``: the band numbers of the first axis (default 1..n)."""
    client = cluster.client
    if array.ndim == 3 and len(array.chunks[0]) != 1:
        array = array.rechunk({0: -1})
    blocks = array.to_delayed()
    if array.ndim == 3:
        blocks = blocks[0]
    starts = [np.cumsum((0,) + c[:-1]) for c in array.chunks[-2:]]
    tasks = [((lambda d=blocks[i, j]: client.compute(d)), int(starts[0][i]), int(starts[1][j]))
             for i in range(blocks.shape[0]) for j in range(blocks.shape[1])]
    write_blocks(cluster, tasks, ds, progress, bands, in_flight)


def write_blocks(cluster, tasks, ds, progress=None, bands=None, in_flight=None):
    """Write blocks computed on the cluster into ``ds`` as they arrive.
    ``tasks``: (submit, first row, first column) per block, ``submit()``
    returning a future of the block (2-D, or 3-D with the bands first); at
    most ``in_flight`` blocks (default twice the workers) are pending, so the
    client's memory stays bounded. Honours cancel between blocks (the
    pending tasks are cancelled)."""
    from distributed import as_completed
    client = cluster.client
    limit = in_flight or max(2, 2 * cluster.workers)
    where, pending = {}, as_completed()
    queue = iter(tasks)
    live = []

    def submit():
        item = next(queue, None)
        if item is not None:
            future = item[0]()
            where[future.key] = item[1:]
            live.append(future)
            pending.add(future)

    for _ in range(limit):
        submit()
    try:
        with raster.gdal_cache_limit():     # chunks arrive in any order: keep few dirty tiles
            _write_all(pending, where, live, ds, bands, progress, len(tasks), submit)
    except BaseException:
        client.cancel(live)
        raise


def _write_all(pending, where, live, ds, bands, progress, total, submit):
    done = 0
    for future in pending:
        y0, x0 = where.pop(future.key)
        _write(ds, future.result(), y0, x0, bands)
        live.remove(future)
        future.release()
        done += 1
        if progress is not None:
            progress.set(done / total, "Dask: block %d of %d written" % (done, total))
        submit()
