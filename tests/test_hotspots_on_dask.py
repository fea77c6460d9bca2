"""LISA on a Dask cluster (core/hotspots, docs/hotspots.md "On a Dask
cluster"): the raster is aggregated by chunks on a LocalCluster of 2 worker
processes, and every output equals the one-machine run bit for bit (the
one-machine path is the reference; it is tested against an independent
computation and esda in test_hotspots_lisa.py / test_hotspots_aggregate.py).

The rasters have odd sizes, analysis cells of a non-integer number of pixels,
and Float64 values spread over several orders of magnitude, so that summing a
cell's pixels in another order gives other bits (checked below): equal
results come from the fixed order of the additions, not from luck. (Float32
pixels would not show it: up to about 2^29 of range their float64 sums are
exact in any order.)
"""

import dataclasses

import numpy as np
import pytest
from helpers import listdir, read_csv, read_raster, write_raster
from lisa_reference import read_layer, write_polygons

from landcarbon.core.common import raster
from landcarbon.core.common.errors import Cancelled, LandCarbonError
from landcarbon.core.common.progress import Progress
from landcarbon.core.hotspots import aggregate, lisa

ND = -9999.0
PIXEL = 30.0
# (rows, cols) of the Dask chunks: odd, and not multiples of the analysis cells
CHUNKINGS = [(37, 29), (53, 41)]


def skewed_raster(tmp_path, rows=131, cols=97, dtype=np.float64, seed=5, name="carbon.tif",
                  spread=2.5):
    """A trend (so that there are clusters) times log-normal noise (sigma
    ``spread``: 2.5 spans about six orders of magnitude), 15 % nodata pixels
    and a nodata block."""
    rng = np.random.default_rng(seed)
    r, c = np.mgrid[0:rows, 0:cols]
    trend = 50 + 40 * np.sin(r / 15.0) * np.cos(c / 11.0)
    values = trend * rng.lognormal(0.0, spread, size=(rows, cols))
    if np.issubdtype(dtype, np.integer):
        values = np.clip(values, 0, 30000)
    pixels = values.astype(dtype)
    pixels[rng.random(pixels.shape) < 0.15] = ND
    pixels[40:52, 60:75] = ND
    path = write_raster(tmp_path / name, pixels, nodata=ND,
                        geotransform=(500000.0, PIXEL, 0, 1000000.0, 0, -PIXEL))
    return path, pixels


def chunked_cluster(dask_cluster, chunks):
    return dataclasses.replace(dask_cluster, chunk_rows=chunks[0], chunk_cols=chunks[1])


def assert_same_bits(a, b):
    a, b = np.asarray(a), np.asarray(b)
    assert a.dtype == b.dtype and a.shape == b.shape
    assert a.tobytes() == b.tobytes()


# (pixel type, log-normal sigma) of the rasters whose aggregation is compared;
# Float32 needs a wide spread for its float64 sums to depend on the order
RASTERS = [(np.float64, 2.5), (np.float32, 7.0)]


@pytest.mark.parametrize("dtype,spread", RASTERS)
def test_the_data_make_the_order_of_additions_matter(tmp_path, dtype, spread):
    _path, pixels = skewed_raster(tmp_path, dtype=dtype, spread=spread)
    cells = pixels[:120, :90].astype(np.float64).reshape(12, 10, 9, 10)
    cells = np.where(cells != ND, cells, 0.0)
    rows_first = cells.sum(axis=3).sum(axis=1)
    cols_first = cells.sum(axis=1).sum(axis=2)
    assert (rows_first != cols_first).any()


def test_chunks_are_cut_on_analysis_cell_edges():
    # 10 pixels, cells of 10/3 pixels: a pixel belongs to the cell holding its
    # centre, so cell 0 = pixels 0-2 (centres 0.5-2.5 < 3.33), cell 1 = 3-6
    # (3.5-6.5 < 6.67), cell 2 = 7-9; 7-pixel chunks hold 2 whole cells
    assert aggregate.aligned_chunks(10, 10 / 3, 7) == (7, 3)
    # chunks smaller than a cell still hold one whole cell
    assert aggregate.aligned_chunks(10, 10 / 3, 2) == (3, 4, 3)
    assert aggregate.aligned_chunks(5, 1.0, 2) == (2, 2, 1)


@pytest.mark.parametrize("dtype,spread", RASTERS)
@pytest.mark.parametrize("cell,statistic", [(100.0, "mean"), (90.0, "sum"), (30.0, "mean")])
def test_aggregation_is_identical_on_dask_and_in_strips(tmp_path, monkeypatch, dask_cluster,
                                                        cell, statistic, dtype, spread):
    path, _ = skewed_raster(tmp_path, dtype=dtype, spread=spread)
    info = raster.open_band(path, "carbon.tif")
    whole = aggregate.aggregate(info, cell, statistic, 0.5)
    results = [aggregate.aggregate(info, cell, statistic, 0.5, Progress(),
                                   chunked_cluster(dask_cluster, chunks))
               for chunks in CHUNKINGS]
    monkeypatch.setattr(aggregate, "STRIP_CELLS", 97 * 5)   # 5-row strips cut analysis rows
    results.append(aggregate.aggregate(info, cell, statistic, 0.5))
    for got in results:
        assert_same_bits(got.values, whole.values)
        assert_same_bits(got.share, whole.share)
        assert_same_bits(got.valid, whole.valid)
        assert got.grid.geotransform == whole.grid.geotransform


def run(folder, cluster=None, source=None, **settings):
    """run_lisa with every output under ``folder``; returns (result, folder, progress)."""
    paths = dict(output_clusters=str(folder / "clusters.tif"),
                 output_grid=str(folder / "lisa.gpkg"),
                 output_global=str(folder / "global.csv"),
                 output_plot=str(folder / "scatter.png"))
    merged = dict(cell_size=100.0, permutations=99, seed=11)
    merged.update(settings)
    source = source or {}
    progress = Progress()
    result = lisa.run_lisa(settings=lisa.LisaSettings(**merged), progress=progress,
                           labels={"INPUT": "carbon.tif"}, cluster=cluster, **source, **paths)
    return result, folder, progress


def assert_same_outputs(a, b, raster_input=True):
    (ra, fa, _), (rb, fb, _) = a, b
    ga, gb = ra.global_moran, rb.global_moran
    assert dataclasses.asdict(ga) == dataclasses.asdict(gb)
    for name in ("z", "lag", "Is", "q", "p_sim"):
        assert_same_bits(getattr(ra.local, name), getattr(rb.local, name))
    assert_same_bits(ra.clusters, rb.clusters)
    assert (ra.n, ra.islands, ra.moran_p, ra.cluster_counts) == \
        (rb.n, rb.islands, rb.moran_p, rb.cluster_counts)
    assert read_csv(fa / "global.csv") == read_csv(fb / "global.csv")
    assert read_layer(fa / "lisa.gpkg") == read_layer(fb / "lisa.gpkg")
    assert (fa / "scatter.png").read_bytes() == (fb / "scatter.png").read_bytes()
    if raster_input:
        assert_same_bits(read_raster(fa / "clusters.tif"), read_raster(fb / "clusters.tif"))
    assert listdir(fa) == listdir(fb)


@pytest.mark.parametrize("cell,statistic,contiguity", [
    (100.0, "mean", "queen"),       # 3.33 pixels per analysis cell
    (90.0, "sum", "rook"),          # 3 pixels
    (30.0, "mean", "queen"),        # the analysis grid is the raster itself
])
def test_dask_outputs_equal_the_one_machine_outputs(tmp_path, dask_cluster, cell, statistic,
                                                    contiguity):
    path, _ = skewed_raster(tmp_path)
    settings = dict(cell_size=cell, statistic=statistic, contiguity=contiguity)
    local = run(tmp_path / "local", source=dict(raster=path), **settings)
    assert (local[0].clusters > 0).any()      # the trend makes clusters to compare
    for number, chunks in enumerate(CHUNKINGS):
        on_dask = run(tmp_path / ("dask%d" % number), chunked_cluster(dask_cluster, chunks),
                      source=dict(raster=path), **settings)
        assert_same_outputs(on_dask, local)
        log = "\n".join(on_dask[2].infos)
        assert "Dask: 2 worker(s)" in log and "chunks of up to" in log


def test_integer_raster_with_islands(tmp_path, dask_cluster):
    path, pixels = skewed_raster(tmp_path, rows=77, cols=59, dtype=np.int16)
    pixels = pixels.copy()
    pixels[0:10, 0:10] = ND        # analysis cell (0, 0) at 100 m keeps only rook islands
    pixels[0:3, 0:3] = 7
    path = write_raster(tmp_path / "int.tif", pixels, nodata=ND,
                        geotransform=(500000.0, PIXEL, 0, 1000000.0, 0, -PIXEL))
    local = run(tmp_path / "local", source=dict(raster=path), contiguity="rook")
    assert local[0].islands >= 1
    on_dask = run(tmp_path / "dask", chunked_cluster(dask_cluster, CHUNKINGS[0]),
                  source=dict(raster=path), contiguity="rook")
    assert_same_outputs(on_dask, local)


def test_polygons_with_a_cluster_give_the_same_outputs(tmp_path, dask_cluster):
    rng = np.random.default_rng(4)
    mask = rng.random((9, 11)) > 0.15
    gpkg = write_polygons(tmp_path / "cells.gpkg", mask, rng.gamma(2.0, 30.0, int(mask.sum())))
    source = dict(polygons=lisa.PolygonSource(gpkg, "cells", "carbon"))
    local = run(tmp_path / "local", source=source)
    on_dask = run(tmp_path / "dask", dask_cluster, source=source)
    assert_same_outputs(on_dask, local, raster_input=False)


def test_bad_input_with_a_cluster_is_a_message_and_writes_nothing(tmp_path, dask_cluster):
    path, _ = skewed_raster(tmp_path)
    with pytest.raises(LandCarbonError, match="CELL_SIZE 20 is smaller than the cells of "
                                              "carbon.tif"):
        run(tmp_path / "out", dask_cluster, source=dict(raster=path), cell_size=20.0)
    assert listdir(tmp_path / "out") == []


def test_cancel_during_the_dask_aggregation_writes_nothing(tmp_path, dask_cluster):
    path, _ = skewed_raster(tmp_path)
    calls = []

    def cancelled():
        calls.append(1)
        return len(calls) > 3      # after a few chunks have arrived

    folder = tmp_path / "out"
    with pytest.raises(Cancelled):
        lisa.run_lisa(raster=path, settings=lisa.LisaSettings(cell_size=100.0),
                      output_clusters=str(folder / "clusters.tif"),
                      progress=Progress(cancelled=cancelled),
                      cluster=chunked_cluster(dask_cluster, CHUNKINGS[0]))
    assert listdir(folder) == []
    # the cluster is still usable afterwards
    info = raster.open_band(path, "carbon.tif")
    assert aggregate.aggregate(info, 100.0, cluster=dask_cluster).valid.any()
