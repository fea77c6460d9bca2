"""The block executor (core/common/blocks.py): windows cover a grid once,
windows read on this machine or on a worker equal the band (in its own type,
and anew after the file was rewritten), and a kernel run on strips or on Dask
chunks hands every result over once, with progress, bounded memory and
cancel."""

import dataclasses
import operator
import threading
import time

import numpy as np
import pytest
from helpers import write_raster
from osgeo import gdal

from landcarbon.core.common import blocks, raster
from landcarbon.core.common.errors import Cancelled, LandCarbonError
from landcarbon.core.common.progress import Progress


def _grid(rows, cols):
    return raster.Grid(cols, rows, (100.0, 30.0, 0.0, 500.0, 0.0, -30.0), "")


def _covered(windows, rows, cols):
    seen = np.zeros((rows, cols), np.int32)
    for w in windows:
        seen[w.y0:w.y0 + w.rows, w.x0:w.x0 + w.cols] += 1
    return seen


@pytest.mark.parametrize("sizes", [(5, 7), (17, 23), (40, 40), ((3, 9, 5), (20, 3))])
def test_windows_cover_the_grid_once_row_by_row(sizes):
    keyed = blocks.windows(17, 23, *sizes)
    assert (_covered(keyed.values(), 17, 23) == 1).all()
    assert list(keyed) == sorted(keyed)                  # row-major
    for (i, j), w in keyed.items():
        assert (w.y0 == 0) == (i == 0) and (w.x0 == 0) == (j == 0)
    strips = blocks.strips(_grid(17, 23), 4)
    assert [(w.y0, w.rows) for w in strips] == [(0, 4), (4, 4), (8, 4), (12, 4), (16, 1)]
    assert all(w.x0 == 0 and w.cols == 23 for w in strips)
    assert blocks.chunks(_grid(17, 23), (5, 7)) == list(blocks.windows(17, 23, 5, 7).values())


def test_signed_bytes_are_read_as_int8_everywhere(tmp_path):
    a = np.arange(-60, 60, dtype=np.int8).reshape(10, 12)
    info = raster.open_band(write_raster(tmp_path / "s.tif", a))
    w = blocks.Window(2, 3, 5, 6)
    reader = raster.BandReader(info)
    try:
        for block, want in ((blocks.read_window(info, w), a[2:7, 3:9]),
                            (reader.read_window(w), a[2:7, 3:9]), (reader.read(0, 10), a)):
            assert block.dtype == np.int8
            np.testing.assert_array_equal(block, want)
    finally:
        reader.close()
        blocks.forget_datasets()


def test_a_window_of_a_file_rewritten_at_the_same_path_is_read_anew(tmp_path):
    """The open dataset kept for the next read is not reused once the file
    changed (same path, same size)."""
    path = tmp_path / "a.tif"
    w = blocks.Window(0, 0, 9, 11)
    try:
        for value in (1, 2, 3):
            info = raster.open_band(write_raster(path, np.full((9, 11), value, np.int16)))
            np.testing.assert_array_equal(blocks.read_window(info, w), value)
    finally:
        blocks.forget_datasets()


def test_run_blocks_here_runs_every_strip_in_order_with_progress(tmp_path):
    a = np.arange(13 * 7, dtype=np.int32).reshape(13, 7)
    info = raster.open_band(write_raster(tmp_path / "a.tif", a))
    seen, messages = [], []
    progress = Progress(report=lambda _fraction, message: messages.append(message))

    def task(kernel, window, bands):
        return next(bands) * kernel

    blocks.run_blocks(task, 3, [info], blocks.strips(info.grid, 5),
                      lambda window, block: seen.append((window.y0, block)), progress=progress)
    assert [y0 for y0, _block in seen] == [0, 5, 10]
    np.testing.assert_array_equal(np.concatenate([block for _y0, block in seen]), a * 3)
    assert messages == ["strip 1 of 3", "strip 2 of 3", "strip 3 of 3"]


# ---------------------------------------------------------------------------
# On a Dask cluster
# ---------------------------------------------------------------------------

def _assemble(task, kernel, infos, parts, cluster, shape, dtype):
    out = np.zeros(shape, dtype)

    def place(window, block):
        out[window.y0:window.y0 + window.rows, window.x0:window.x0 + window.cols] = block

    blocks.run_blocks(task, kernel, infos, parts, place, cluster=cluster)
    return out


def _first_band(_kernel, _window, bands):
    return next(bands)


@pytest.mark.parametrize("chunks", [(64, 48), (37, 101), (200, 200)])
def test_chunks_read_on_the_workers_equal_the_band_for_any_chunking(tmp_path, dask_cluster,
                                                                     chunks):
    rng = np.random.default_rng(3)
    a = rng.integers(-500, 500, size=(131, 97)).astype(np.int16)
    info = raster.open_band(write_raster(tmp_path / "a.tif", a))
    parts = blocks.chunks(info.grid, chunks)
    assert parts[0].rows == min(chunks[0], 131)
    got = _assemble(_first_band, None, [info], parts, dask_cluster, a.shape, np.int16)
    np.testing.assert_array_equal(got, a)


def test_cell_index_of_a_block_is_row_times_width_plus_column(dask_cluster):
    parts = blocks.chunks(_grid(17, 23), (5, 7))
    futures = [dask_cluster.client.submit(blocks.cell_index, w, 23) for w in parts]
    got = np.zeros((17, 23), np.uint64)
    for w, index in zip(parts, blocks.gather(dask_cluster, futures)):
        assert index.dtype == np.uint64
        got[w.y0:w.y0 + w.rows, w.x0:w.x0 + w.cols] = index
    expected = np.array([[r * 23 + c for c in range(23)] for r in range(17)], dtype=np.uint64)
    np.testing.assert_array_equal(got, expected)


def test_chunks_are_written_at_their_place_as_they_arrive(tmp_path, dask_cluster):
    a = np.arange(131 * 97, dtype=np.int32).reshape(131, 97)
    info = raster.open_band(write_raster(tmp_path / "a.tif", a))
    ds = raster.create_raster(tmp_path / "b.tif", info.grid, np.int32)

    def double(_kernel, _window, bands):
        return next(bands) * 2

    blocks.run_blocks(double, None, [info], blocks.chunks(info.grid, (40, 33)),
                      lambda w, block: raster.write_strip(ds, w.y0, block, x0=w.x0),
                      cluster=dask_cluster)
    ds = None
    np.testing.assert_array_equal(gdal.Open(str(tmp_path / "b.tif")).ReadAsArray(), a * 2)


def test_an_input_rewritten_between_two_runs_is_read_anew_on_the_workers(tmp_path,
                                                                        dask_cluster):
    path = tmp_path / "a.tif"
    for value in (5, 6):
        info = raster.open_band(write_raster(path, np.full((50, 40), value, np.int16)))
        got = _assemble(_first_band, None, [info], blocks.chunks(info.grid, (20, 15)),
                        dask_cluster, (50, 40), np.int16)
        np.testing.assert_array_equal(got, value)


def test_gather_keeps_at_most_in_flight_results_waiting(dask_cluster):
    client = dask_cluster.client
    waiting, peak = [0], [0]

    def submitter(i):
        def submit():
            waiting[0] += 1
            peak[0] = max(peak[0], waiting[0])
            return client.submit(operator.mul, i, 2, pure=False)
        return submit

    def consume(n, result):
        waiting[0] -= 1
        got[n] = result

    got = {}
    blocks.gather(dask_cluster, [submitter(i) for i in range(20)], consume=consume, in_flight=3)
    assert got == {i: 2 * i for i in range(20)} and peak[0] == 3


def test_gather_in_order_hands_results_over_in_the_order_of_the_tasks(dask_cluster):
    def late(i):
        time.sleep(0.05 * (4 - i))          # the last task finishes first
        return i

    futures = [dask_cluster.client.submit(late, i, pure=False) for i in range(5)]
    order = []
    blocks.gather(dask_cluster, futures, consume=lambda n, result: order.append((n, result)),
                  ordered=True)
    assert order == [(i, i) for i in range(5)]


def _fails_on_three(i):
    if i == 3:
        raise LandCarbonError("chunk 3 is damaged")
    time.sleep(0.01)
    return i


def test_a_task_error_or_a_cancel_cancels_the_tasks_left(dask_cluster):
    client = dask_cluster.client
    futures = [client.submit(_fails_on_three, i, pure=False) for i in range(8)]
    with pytest.raises(LandCarbonError, match="chunk 3 is damaged"):
        blocks.gather(dask_cluster, futures)
    messages = []
    progress = Progress(report=lambda _fraction, message: messages.append(message),
                        cancelled=lambda: len(messages) >= 2)
    submitted = []

    def submitter(i):
        return lambda: submitted.append(i) or client.submit(operator.neg, i, pure=False)

    with pytest.raises(Cancelled):
        blocks.gather(dataclasses.replace(dask_cluster), [submitter(i) for i in range(30)],
                      progress, "Dask: chunk", in_flight=2)
    assert messages == ["Dask: chunk 1 of 30", "Dask: chunk 2 of 30"] and len(submitted) < 30
    assert client.submit(sum, [1, 2]).result() == 3          # the cluster is still usable


@pytest.mark.parametrize("threads", [1, 2, 3])
def test_thread_map_gives_results_in_order_and_takes_few_items_ahead(threads):
    taken = []

    def items():
        for i in range(40):
            taken.append(i)
            yield i

    def slow_square(i):
        time.sleep(0.002 * ((7 * i) % 5))       # finish out of order
        return i * i

    seen = []
    with blocks.ThreadMap(threads) as run:
        for result in run(slow_square, items()):
            # when result n is handed over, at most threads + 1 items were taken
            assert len(taken) <= len(seen) + 1 + (threads if threads > 1 else 0)
            seen.append(result)
    assert seen == [i * i for i in range(40)]


def test_thread_map_raises_the_kernels_error_and_stops_taking_items():
    taken = []

    def items():
        for i in range(100):
            taken.append(i)
            yield i

    def fails_at_five(i):
        if i == 5:
            raise ValueError("block 5")
        return i

    with blocks.ThreadMap(2) as run:
        with pytest.raises(ValueError, match="block 5"):
            list(run(fails_at_five, items()))
    assert len(taken) <= 5 + 3


@pytest.mark.parametrize("threads,depth", [(1, 1), (2, 1), (2, 3)])
def test_write_behind_writes_in_order_at_most_depth_behind(threads, depth):
    written = []
    behind = []

    def write(i):
        time.sleep(0.002 * ((7 * i) % 5))       # slower and faster writes
        written.append(i)

    with blocks.WriteBehind(depth, threads) as writer:
        for i in range(30):
            writer.submit(write, i)
            behind.append(i + 1 - len(written))     # submitted, not yet written
    assert written == list(range(30))               # every write, in order, before the exit
    assert max(behind) <= (depth if threads > 1 else 0)
    if threads > 1:
        assert max(behind) >= 1                     # the writes did run behind the loop


def test_write_behind_raises_a_writes_error_and_stops_the_loop():
    written, submitted = [], []

    def write(i):
        if i == 3:
            raise OSError("disk full at write 3")
        written.append(i)

    with pytest.raises(OSError, match="write 3"):
        with blocks.WriteBehind(2, 2) as writer:
            for i in range(20):
                writer.submit(write, i)
                submitted.append(i)
    # the error comes out of the submit that waits for write 3 (depth 2: the
    # one of write 5), so the loop stops there
    assert written[:3] == [0, 1, 2] and 3 not in written and submitted == [0, 1, 2, 3, 4]


def test_write_behind_on_an_error_in_the_loop_waits_for_the_running_write_only():
    running, release = threading.Event(), threading.Event()
    started, written = [], []

    def write(i):
        started.append(i)
        running.set()
        release.wait(5)
        written.append(i)

    def loop():
        with blocks.WriteBehind(3, 2) as writer:
            for i in range(3):
                writer.submit(write, i)
            running.wait(5)                         # write 0 is running
            threading.Timer(0.05, release.set).start()
            raise Cancelled()

    with pytest.raises(Cancelled):
        loop()
    # write 0 finished before the with block was left; 1 and 2 never started
    assert written == [0] and started == [0]


def test_balanced_runs_by_hand():
    assert list(blocks.balanced_runs([1] * 6, 2)) == [0, 0, 0, 1, 1, 1]
    # total 8, a share of 4 each: the middles 2, 4.5, 5.5, 6.5, 7.5 fall in
    # the first half for the heavy item only
    assert list(blocks.balanced_runs([4, 1, 1, 1, 1], 2)) == [0, 1, 1, 1, 1]
    # middles 0.5, 2, 4, 5.5 of a total 6 cut in three: [0, 2), [2, 4), [4, 6)
    assert list(blocks.balanced_runs([1, 2, 2, 1], 3)) == [0, 1, 2, 2]
    assert list(blocks.balanced_runs([0, 0, 0, 0], 2)) == [0, 0, 1, 1]   # no weight: by count
    assert list(blocks.balanced_runs([5, 3], 1)) == [0, 0]
    assert blocks.balanced_runs([], 3).size == 0


def test_balanced_runs_are_contiguous_and_off_their_share_by_less_than_an_item():
    rng = np.random.default_rng(2)
    for _ in range(200):
        w = rng.integers(0, 100, size=rng.integers(1, 40)).astype(float)
        groups = int(rng.integers(1, 6))
        runs = blocks.balanced_runs(w, groups)
        assert (np.diff(runs) >= 0).all() and runs.min() >= 0 and runs.max() < groups
        share = w.sum() / groups if w.sum() else 0
        sums = np.bincount(runs, weights=w, minlength=groups)
        assert (np.abs(sums - share) <= w.max() + 1e-9).all()
