"""The Dask side of the carbon steps (docs/carbon-stock.md and
docs/carbon-value.md, "On a Dask cluster"; docs/cluster.md).

A step builds one kernel object (densities, LUTs, cell areas, zones:
everything a block needs) and runs it on row strips on one machine, or on
the chunks of the input rasters here, in one pass:

- the kernel is sent to every worker once (:func:`run_chunks` scatters it);
- a task per chunk returns the chunk's output bands and its tally (integer
  counts, exact sums: :mod:`.exact`); the bands are written as they arrive
  by :func:`core.common.chunked.write_blocks`, the tallies merged on the
  client, in whatever order they come, with the same result;
- :class:`BandSet` lets that one pass write the bands of several files.
"""

import operator

import numpy as np

from ..common import chunked


def _origins(array):
    """(chunk row, chunk column, first row, first column) of every chunk of a
    2-D dask array."""
    rows = np.cumsum((0,) + array.chunks[0][:-1])
    cols = np.cumsum((0,) + array.chunks[1][:-1])
    return [(i, j, int(y0), int(x0)) for i, y0 in enumerate(rows) for j, x0 in enumerate(cols)]


def run_chunks(cluster, task, kernel, arrays, total, progress, ds=None):
    """Run ``task(kernel, y0, x0, *blocks)`` on the workers for every chunk of
    the 2-D dask ``arrays`` (same chunks); it returns (bands, tally): the
    chunk's output bands (3-D, bands first; None when ``ds`` is None) and its
    tally. Bands are written into ``ds`` (a GDAL dataset or a
    :class:`BandSet`) as they arrive; tallies are merged into ``total``
    (``total.merge(part)``) on the client. Returns ``total``. Honours cancel
    between chunks (the remaining tasks are cancelled)."""
    import dask
    from distributed import as_completed
    client = cluster.client
    remote = client.scatter(kernel, broadcast=True, hash=False)   # once per worker
    blocks = [a.to_delayed() for a in arrays]
    run = dask.delayed(task, pure=False)
    chunks = _origins(arrays[0])

    def compute(i, j, y0, x0):
        return client.compute(run(remote, y0, x0, *[b[i, j] for b in blocks]))

    tallies = []     # futures of tallies not merged yet

    def merge(wait=False):
        for future in list(tallies):
            if wait or future.done():
                total.merge(future.result())
                future.release()
                tallies.remove(future)

    def submitter(i, j, y0, x0):
        def submit():
            both = compute(i, j, y0, x0)
            tallies.append(client.submit(operator.getitem, both, 1, pure=False))
            merge()          # (keeps the tallies held on the workers few)
            return client.submit(operator.getitem, both, 0, pure=False)
        return submit

    try:
        if ds is not None:
            chunked.write_blocks(cluster, [(submitter(*c), c[2], c[3]) for c in chunks], ds,
                                 progress)
            merge(wait=True)
        else:
            tallies.extend(compute(*c) for c in chunks)
            for done, future in enumerate(as_completed(list(tallies)), start=1):
                total.merge(future.result()[1])
                future.release()
                tallies.remove(future)
                progress.set(done / len(chunks), "Dask: chunk %d of %d tallied"
                             % (done, len(chunks)))
    except BaseException:
        client.cancel(tallies)
        raise
    finally:
        remote.release()
    return total


class BandSet:
    """Bands of several open GeoTIFFs seen as the consecutive bands of one
    dataset, so that one :func:`core.common.chunked.write_blocks` pass
    writes a chunk's bands of every output file. ``targets``: a list of
    (GDAL dataset, band number), band 1 of the set first."""

    def __init__(self, targets):
        self.targets = targets

    def GetRasterBand(self, number):    # noqa: N802 (GDAL's name)
        ds, band = self.targets[number - 1]
        return ds.GetRasterBand(band)
