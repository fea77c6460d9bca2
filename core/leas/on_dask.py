"""The Dask plumbing of LEAS: the chunks of the grid, and task results
gathered with progress and cancel (docs/leas.md "On a Dask cluster",
docs/cluster.md).

The kernels are those of the one-machine path (sampling.sample_block,
train's per-class fit and contributions, predict.probability_block); this
module only cuts the grid (core/common/chunked.py) and collects what the
tasks return. Dask and distributed are imported only by the caller's
cluster (core/common/cluster.py).
"""

from ..common import chunked


def windows(grid, chunks):
    """The chunks (chunked.Window) of ``grid`` for a chunk shape (rows, cols),
    row by row."""
    return list(chunked.windows(grid.ysize, grid.xsize, *chunks).values())


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
