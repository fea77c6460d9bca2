"""The Dask plumbing of LEAS: windows of the grid read by the workers, and
task results gathered with progress and cancel (docs/leas.md "On a Dask
cluster", docs/cluster.md).

The kernels are those of the one-machine path (sampling.sample_block,
train's per-class fit and contributions, predict.probability_block); this
module only cuts the grid and collects what the tasks return. Dask and
distributed are imported only by the caller's cluster (core/common/cluster.py).
"""

from dataclasses import dataclass

from ..common import chunked


@dataclass(frozen=True)
class Window:
    """A chunk of the grid: first row and column, rows and columns (cells)."""

    y0: int
    x0: int
    rows: int
    cols: int


def windows(grid, chunks):
    """The chunks of ``grid`` for a chunk shape (rows, cols), row by row."""
    rows, cols = chunks
    return [Window(y0, x0, min(rows, grid.ysize - y0), min(cols, grid.xsize - x0))
            for y0 in range(0, grid.ysize, rows) for x0 in range(0, grid.xsize, cols)]


def read_window(info, window):
    """One window of a band (a RasterInfo), read with GDAL on the worker."""
    return chunked.BandWindows(info)[window.y0:window.y0 + window.rows,
                                     window.x0:window.x0 + window.cols]


def gather(cluster, futures, progress, message):
    """The results of ``futures``, in their order, fetched one by one with
    ``progress`` after each (``message`` % (done, total)). A task's error
    (e.g. a LandCarbonError about an input) is raised here; on an error or
    cancel the unfinished tasks are cancelled."""
    results = []
    try:
        for n, future in enumerate(futures):
            results.append(future.result())
            progress.set((n + 1) / len(futures), message % (n + 1, len(futures)))
    except BaseException:
        cluster.client.cancel(futures)
        raise
    return results
