"""The block executor: a grid cut into windows, and one kernel run on them,
in row strips on this machine or in chunks on a Dask cluster, behind one
call (docs/cluster.md).

This is the xarray-spatial pattern: a step keeps one pure kernel on numpy
blocks and does not care where it runs. The pieces:

- :class:`Window`, the one block shape (first row, first column, rows,
  columns; a row strip is a full-width window), and the cuts of a grid into
  windows: :func:`strips` (one machine), :func:`chunks` (Dask),
  :func:`windows` (any row and column sizes, keyed by place);
- :func:`read_window`, one band's window read on a Dask worker, from open
  datasets cached per worker thread and reopened when the file changed;
- :func:`gather`, the one loop that waits for Dask tasks: results handed
  over as they arrive, progress after each, cancel and errors cancel the
  tasks left;
- :func:`run_blocks`, a kernel on every window of some bands: in order here,
  or as one task per window on a cluster;
- :class:`ThreadMap`, a kernel mapped over blocks in threads on this
  machine (numpy and GDAL release the GIL), results in order;
- :class:`WriteBehind`, the writes of a strip loop done in one background
  thread, in order, while the loop computes the next strip;
- :func:`balanced_runs`, a row of chunks cut into runs of about equal
  work, one per worker (where chunks keep state on a worker);
- :func:`cell_index`, the global position of a block's cells: kernels that
  draw random numbers or sample cells use it, so strips and chunks of any
  shape give the same numbers (core/common/random.py).

Dask and distributed are imported inside the functions that need them: the
rest of the plugin works without them (core/common/cluster.py).
"""

import collections
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
from osgeo import gdal

from . import raster

# Open datasets kept per worker thread (a few per input; a step reads tens
# of inputs at most).
_CACHED_DATASETS = 64
_LOCAL = threading.local()

# Strips of a loop that writes behind (WriteBehind): a quarter of
# raster.STRIP_CELLS: the first strip's computing and the last one's writing
# are not overlapped, and one more strip of output is held (carbon stock of
# 25 M cells on 2 cores: 1.2-1.3 s either way, 260 MB of memory instead of 330).
WRITE_BEHIND_STRIP_CELLS = raster.STRIP_CELLS // 4


# ---------------------------------------------------------------------------
# Windows
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Window:
    """A block of the grid: first row and column, rows and columns (cells)."""

    y0: int
    x0: int
    rows: int
    cols: int

    @property
    def shape(self):
        return (self.rows, self.cols)


def _sizes(total, size):
    """Block sizes along an axis of ``total`` cells: ``size`` (an int, the
    last block cut at the edge) or the sizes themselves (a tuple)."""
    if isinstance(size, (tuple, list)):
        return tuple(int(s) for s in size)
    size = max(1, int(size))
    return tuple(min(size, total - start) for start in range(0, total, size))


def windows(height, width, rows, cols):
    """The windows of a grid of ``height`` x ``width`` cells, keyed by their
    (row, column) place among the blocks, in row-major order. ``rows`` /
    ``cols``: the block height / width, or tuples of the sizes."""
    starts_y = np.cumsum((0,) + _sizes(height, rows)).tolist()
    starts_x = np.cumsum((0,) + _sizes(width, cols)).tolist()
    return {(i, j): Window(y0, x0, y1 - y0, x1 - x0)
            for i, (y0, y1) in enumerate(zip(starts_y, starts_y[1:]))
            for j, (x0, x1) in enumerate(zip(starts_x, starts_x[1:]))}


def strips(grid, rows):
    """The row strips of :func:`core.common.raster.strips` (``rows`` from
    raster.strip_rows) as full-width windows, top to bottom: how the
    one-machine paths read."""
    return [Window(y0, 0, n, grid.xsize) for y0, n in raster.strips(grid, rows)]


def chunks(grid, shape):
    """Windows of ``shape`` = (rows, cols) cells (a cluster's chunks), row by row."""
    return list(windows(grid.ysize, grid.xsize, *shape).values())


class ThreadMap:
    """``map(fn, items)`` in ``threads`` threads (0: every core), results in
    the order of ``items``, as a generator. Items are taken from ``items``
    in the calling thread (GDAL reads stay in one thread), at most
    ``threads`` + 1 ahead of the result being handed over, so memory holds
    a few blocks whatever the number of items. A kernel whose result
    depends on its item alone gives the same results with any number of
    threads. Use in a ``with`` block (or :meth:`close`)."""

    def __init__(self, threads=0):
        self.threads = max(1, int(threads or os.cpu_count() or 1))
        self._pool = ThreadPoolExecutor(self.threads) if self.threads > 1 else None

    def __call__(self, fn, items):
        if self._pool is None:
            yield from map(fn, items)
            return
        pending = collections.deque()
        try:
            for item in items:
                pending.append(self._pool.submit(fn, item))
                if len(pending) > self.threads:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            for future in pending:          # stopped early (cancel, error): drop the rest
                future.cancel()

    def close(self):
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class WriteBehind:
    """The writes of a strip loop (``submit(fn, *args)``) run in one
    background thread, in the order submitted, at most ``depth`` strips
    behind the loop.

    Why: GDAL compresses a GeoTIFF's blocks in its own threads, but the
    thread that writes waits whenever they are all busy, so a loop that
    computes a strip and then writes it keeps one core idle while it
    computes and waits while it writes. Here the loop computes strip
    ``i + 1`` while strip ``i`` is written (GDAL releases the GIL).

    Every write goes through the one thread, in order, so a dataset is never
    used by two threads at once and the files are the same bytes as when
    written in the loop. Memory: ``depth`` more strips of output than the
    loop alone. Leaving the ``with`` block waits for every write and raises
    the first write's error; on an error or cancel in the loop, the writes
    not started are dropped and the one running is waited for (the datasets
    are closed after it). ``threads`` 1 writes in the loop itself.
    """

    def __init__(self, depth=1, threads=0):
        self.depth = max(1, int(depth))
        parallel = int(threads or os.cpu_count() or 1) > 1
        # GDAL errors raise in the writer too, as in the thread that imported
        # the package (newer GDAL keeps the exception mode per thread)
        self._pool = (ThreadPoolExecutor(1, "landcarbon-writer", initializer=gdal.UseExceptions)
                      if parallel else None)
        self._pending = collections.deque()

    def submit(self, fn, *args):
        """Run ``fn(*args)`` after the writes before it; wait first while
        ``depth`` writes are pending."""
        if self._pool is None:
            fn(*args)
            return
        while len(self._pending) >= self.depth:
            self._pending.popleft().result()
        self._pending.append(self._pool.submit(fn, *args))

    def wait(self):
        """Wait for every pending write; raise the first one's error."""
        while self._pending:
            self._pending.popleft().result()

    def _abandon(self):
        for future in self._pending:
            future.cancel()
        for future in self._pending:
            if not future.cancelled():
                future.exception()          # wait; the loop's own error is the one raised
        self._pending.clear()

    def __enter__(self):
        return self

    def __exit__(self, exc_type, *exc):
        try:
            if exc_type is None:
                self.wait()
        finally:
            self._abandon()                 # after an error, in the loop or a write
            if self._pool is not None:
                self._pool.shutdown()
                self._pool = None


def balanced_runs(weights, groups):
    """The group (0 .. ``groups`` - 1) of each item of ``weights``, in
    contiguous runs of about equal total weight: item i goes to the group in
    which the middle of its weight falls when the total is cut in
    ``groups`` equal parts. Contiguous runs of chunks in row-major order
    keep most neighbours on one worker; no run is off its share by more
    than one item's weight."""
    w = np.asarray(weights, dtype=np.float64)
    if w.size == 0 or groups <= 1:
        return np.zeros(w.size, dtype=np.int64)
    total = w.sum()
    if total <= 0:
        w, total = np.ones(w.size), float(w.size)
    middle = np.cumsum(w) - w / 2
    return np.minimum((middle * groups / total).astype(np.int64), groups - 1)


def cell_index(window, width):
    """Global cell index (row * width + column) of every cell of ``window``
    in a grid ``width`` columns wide, uint64."""
    r = np.arange(window.y0, window.y0 + window.rows, dtype=np.uint64)[:, None] * np.uint64(width)
    return r + np.arange(window.x0, window.x0 + window.cols, dtype=np.uint64)[None, :]


# ---------------------------------------------------------------------------
# Reading on a worker
# ---------------------------------------------------------------------------

def _stamp(path):
    """What changes when a file is rewritten: (inode, size, modification
    time in ns); None when the path cannot be inspected."""
    try:
        st = os.stat(path)
        return (st.st_ino, st.st_size, st.st_mtime_ns)
    except (OSError, ValueError):
        st = gdal.VSIStatL(str(path))       # /vsi... paths
        return None if st is None else (st.size, st.mtime)


def _band(info):
    """Band ``info.band`` of an open dataset, kept per thread (opening costs
    more than reading a small chunk) as long as the file is unchanged.

    A worker outlives a step on a long-lived scheduler: an input rewritten
    at the same path between two runs must be read anew, not from the old
    handle and GDAL's cache of its blocks, so a dataset is reused only while
    the file's inode, size and modification time stay the same. Paths that
    cannot be inspected are opened for every read."""
    cache = _LOCAL.__dict__.setdefault("datasets", {})
    stamp = _stamp(info.path)
    held = cache.pop(info.path, None)
    if held is None or stamp is None or held[0] != stamp:
        held = (stamp, raster.open_dataset(info.path, info.label))
    if stamp is not None:
        cache[info.path] = held                 # most recently used last
        while len(cache) > _CACHED_DATASETS:
            cache.pop(next(iter(cache)))
    return held[1].GetRasterBand(info.band)


def read_window(info, window):
    """One window of the band of ``info`` (a RasterInfo) in its own type,
    read with GDAL where this runs (a Dask worker: the file must be
    reachable there). The one-machine paths read with an open
    :class:`core.common.raster.BandReader` instead."""
    return raster.read_block(_band(info), window.y0, window.x0, window.rows, window.cols,
                             info.dtype, info.label)


def forget_datasets():
    """Close the datasets this thread keeps open (tests, or before deleting
    inputs on Windows, where open files cannot be removed)."""
    _LOCAL.__dict__.pop("datasets", None)


# ---------------------------------------------------------------------------
# Waiting for Dask tasks
# ---------------------------------------------------------------------------

class _Gathering:
    """The state of one :func:`gather`: tasks started and not yet fetched,
    and, when results must be handed over in order, those that came early."""

    def __init__(self, items, lazy, consume, ordered):
        self.items, self.lazy, self.consume, self.ordered = items, lazy, consume, ordered
        self.started = 0
        self.place = {}          # future key -> its place in items
        self.live = {}           # future key -> future not fetched yet
        self.early = {}          # place -> result waiting for its turn
        self.turn = 0

    def start(self, pending):
        future = self.items[self.started]
        if self.lazy:
            future = future()
        self.place[future.key] = self.started
        self.live[future.key] = future
        pending.add(future)
        self.started += 1

    def take(self, future):
        """Fetch a finished task's result (its error is raised here) and
        hand it over; frees it on the workers."""
        result = future.result()
        n = self.place.pop(future.key)
        del self.live[future.key]
        future.release()
        if not self.ordered:
            self.consume(n, result)
            return
        self.early[n] = result
        while self.turn in self.early:
            self.consume(self.turn, self.early.pop(self.turn))
            self.turn += 1


def gather(cluster, futures, progress=None, message="Dask: task", *, consume=None,
           ordered=False, in_flight=None):
    """Wait for tasks on ``cluster`` and take their results one by one.

    ``futures``: Dask futures, or functions that each submit one task and
    return its future; functions are called as results come in, so that at
    most ``in_flight`` (default two per worker) results wait on the workers
    at any time (memory stays bounded however many blocks there are).
    ``consume(n, result)``, called here for every result with its place
    ``n`` in ``futures``: as they arrive, or in the order of ``futures``
    when ``ordered``. Without ``consume`` the results are returned as a list
    in the order of ``futures``.

    After each result: ``progress.set(done / total, "<message> <done> of
    <total>")``, which also checks cancel. On a task's error, an error in
    ``consume`` or a cancel, the tasks not fetched yet are cancelled (the
    cluster stays usable) and the error is raised here.
    """
    import distributed
    items = list(futures)
    results = [None] * len(items) if consume is None else None
    lazy = bool(items) and not isinstance(items[0], distributed.Future)
    state = _Gathering(items, lazy, consume or results.__setitem__, ordered)
    limit = max(1, in_flight or 2 * cluster.workers) if lazy else len(items)
    pending = distributed.as_completed()
    try:
        while state.started < min(limit, len(items)):
            state.start(pending)
        for done, future in enumerate(pending, start=1):
            state.take(future)
            if progress is not None:
                progress.set(done / len(items), "%s %d of %d" % (message, done, len(items)))
            if state.started < len(items):
                state.start(pending)
    except BaseException:
        cluster.client.cancel(list(state.live.values()))
        raise
    return results


# ---------------------------------------------------------------------------
# A kernel on every window
# ---------------------------------------------------------------------------

def run_blocks(task, kernel, infos, parts, consume, *, cluster=None, progress=None,
               message=None):
    """Run ``task(kernel, window, bands)`` on every window of ``parts``
    and hand each result to ``consume(window, result)`` here.

    ``bands`` iterates over the window of every band of ``infos``
    (RasterInfo), in that order and each in its own type, read when taken
    (a kernel reading its drivers one at a time keeps one in memory).

    Without ``cluster`` the windows (usually :func:`strips`) run in order on
    this machine, read from bands kept open meanwhile. With a
    :class:`core.common.cluster.Cluster` (windows usually :func:`chunks`)
    each window is one task: ``kernel`` is sent once to every worker, the
    task reads its own windows there (:func:`read_window`) and results are
    consumed as they arrive, in any order (``consume`` must not depend on
    it), at most two per worker waiting. ``progress`` is set after each
    window ("<message> <n> of <total>"; default "strip" or "Dask: chunk");
    a cancel stops between windows and cancels the tasks left.
    """
    with raster.gdal_cache_limit():      # results arrive in any order: keep few dirty tiles
        if cluster is None:
            _run_here(task, kernel, infos, parts, consume, progress, message or "strip")
        else:
            _run_on_dask(task, kernel, infos, parts, consume, cluster, progress,
                         message or "Dask: chunk")


def _run_here(task, kernel, infos, parts, consume, progress, message):
    readers = [raster.BandReader(info) for info in infos]
    try:
        for n, window in enumerate(parts, start=1):
            consume(window, task(kernel, window, (r.read_window(window) for r in readers)))
            if progress is not None:
                progress.set(n / len(parts), "%s %d of %d" % (message, n, len(parts)))
    finally:
        for reader in readers:
            reader.close()


def _read_and_run(task, kernel, infos, window):
    """The Dask task of one window: reads its bands on the worker."""
    return task(kernel, window, (read_window(info, window) for info in infos))


def _run_on_dask(task, kernel, infos, parts, consume, cluster, progress, message):
    client = cluster.client
    # once per worker; in a list, or a tuple kernel would be sent item by item
    shared, = client.scatter([kernel], broadcast=True, hash=False)

    def submitter(window):
        return lambda: client.submit(_read_and_run, task, shared, infos, window, pure=False)

    try:
        gather(cluster, [submitter(w) for w in parts], progress, message,
               consume=lambda n, result: consume(parts[n], result))
    finally:
        shared.release()
