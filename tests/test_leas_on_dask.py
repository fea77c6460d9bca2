"""LEAS on a Dask cluster (docs/leas.md, "On a Dask cluster"): the sample,
the forests, the contributions and the probability rasters equal those of the
one-machine path, for two odd chunkings of an odd-sized grid.

Expected values are the one-machine path's (the task is "identical to one
machine"); the one-machine sample itself is checked against a whole-array
re-implementation of the sampling rule in test_leas.py (drawn_cells),
and again here.
"""

import dataclasses
import os

import numpy as np
import pytest
from helpers import listdir, read_csv, write_raster
from osgeo import gdal
from test_leas import drawn_cells, read_bands, write_stack

from landcarbon.core import leas
from landcarbon.core.common.errors import Cancelled, LandCarbonError
from landcarbon.core.common.landmap import ClassIndex, open_landuse_set
from landcarbon.core.common.progress import Progress

ROWS, COLS = 131, 97
CHUNKINGS = [(37, 29), (61, 44)]


def chunked_like(cluster, chunks):
    return dataclasses.replace(cluster, chunk_rows=chunks[0], chunk_cols=chunks[1])


class Maps:
    """Start / end maps of 131 x 97 cells: changed cells become 2 in the east
    and 4 in the west (a fifth of them at random), 8 cells become the rare
    class 5 (too few for a forest); nodata in a corner. Drivers: a Float32
    stack (gradient, noise, a band with nodata holes) and an Int16 file."""

    def __init__(self, folder):
        rng = np.random.default_rng(4)
        A = np.tile(np.linspace(0.0, 100.0, COLS), (ROWS, 1)).astype(np.float32)
        B = (rng.random((ROWS, COLS)) * 10).astype(np.float32)
        C = (np.arange(ROWS)[:, None] * 0.5 + rng.random((ROWS, COLS))).astype(np.float32)
        C[rng.random((ROWS, COLS)) < 0.05] = -9999.0
        D = rng.integers(-300, 300, size=(ROWS, COLS)).astype(np.int16)
        start = np.ones((ROWS, COLS), np.uint8)
        start[:, :6] = 3
        change = rng.random((ROWS, COLS)) < 0.35
        end = start.copy()
        end[change & (A > 50)] = 2
        end[change & (A <= 50)] = 4
        flip = change & (rng.random((ROWS, COLS)) < 0.2)
        end[flip] = rng.choice([2, 4], size=int(flip.sum()))
        end[70:72, 20:24] = 5
        start[:5, :7] = 255
        end[:5, :7] = 255
        end[120, 90] = 255
        self.start_array, self.end_array = start, end
        os.makedirs(folder, exist_ok=True)
        self.start = write_raster(os.path.join(folder, "start.tif"), start, nodata=255)
        self.end = write_raster(os.path.join(folder, "end.tif"), end, nodata=255)
        self.stack = write_stack(os.path.join(folder, "drivers.tif"), [A, B, C], ["A", "B", "C"])
        self.extra = write_raster(os.path.join(folder, "d.tif"), D, nodata=-32768)
        self.drivers = [self.stack, self.extra]


@pytest.fixture(scope="module")
def maps(tmp_path_factory):
    return Maps(str(tmp_path_factory.mktemp("dask_leas")))


def sample(m, plan_args, cluster=None, single=False):
    start, end = open_landuse_set([m.start, m.end], ["start", "end"], Progress())
    drivers = leas.open_drivers(m.drivers)
    index = ClassIndex([1, 2, 3, 4, 5])
    counts = leas.count_cells(None if single else start, end, index, Progress())
    plan = leas.plan_sample(counts.expansion, *plan_args)
    return leas.collect_sample(None if single else start, end, drivers, index, plan, Progress(),
                               cluster)


@pytest.mark.parametrize("chunks", CHUNKINGS)
@pytest.mark.parametrize("mode", ["expansion", "balanced", "all", "single"])
def test_the_sample_on_dask_equals_the_local_sample(maps, dask_cluster, chunks, mode):
    args = {"expansion": (0.2, False, 7), "balanced": (0.2, True, 7),
            "all": (0.1, False, 7, True, 0, 50), "single": (0.1, False, 7)}[mode]
    local = sample(maps, args, single=mode == "single")
    on_dask = sample(maps, args, chunked_like(dask_cluster, chunks), single=mode == "single")
    assert local.cells.size > 100
    for name in ("cells", "labels", "origins", "values", "rows", "cols"):
        np.testing.assert_array_equal(getattr(on_dask, name), getattr(local, name), err_msg=name)
    assert on_dask.stats == local.stats and on_dask.study_cells == local.study_cells
    assert (np.diff(on_dask.cells) > 0).all()
    if mode == "expansion":
        # and both follow the rule, computed on the whole arrays at once
        s, e = maps.start_array, maps.end_array
        mask = (s != e) & (s != 255) & (e != 255)
        np.testing.assert_array_equal(on_dask.cells, drawn_cells(mask, 0.2, 7))
        flat = lambda a: a.ravel()[on_dask.cells].astype(np.float64)   # noqa: E731
        np.testing.assert_array_equal(on_dask.values[:, 0], flat(gdal.Open(maps.stack)
                                                                 .ReadAsArray()[0]))


def trees(forest):
    return [(t.tree_.children_left, t.tree_.children_right, t.tree_.feature,
             t.tree_.threshold, t.tree_.value) for t in forest.estimators_]


@pytest.mark.parametrize("mode", ["expansion", "balanced", "all", "single"])
def test_forests_and_contributions_on_dask_equal_the_local_ones(maps, dask_cluster, mode):
    settings = leas.LeasSettings(sampling_rate=0.3, seed=11, trees=7, threads=2,
                                 balanced=mode == "balanced",
                                 training="all" if mode == "all" else "expansion",
                                 min_samples_leaf=2 if mode == "all" else 1)
    start = None if mode == "single" else maps.start
    local = leas.train_leas(start, maps.end, maps.drivers, settings=settings)
    progress = Progress()
    remote = leas.train_leas(start, maps.end, maps.drivers, settings=settings,
                             cluster=chunked_like(dask_cluster, CHUNKINGS[0]), progress=progress)
    assert any(line.startswith("LEAS training on Dask: 2 worker(s)") for line in progress.infos)
    trained = [f is not None for f in local.forests]
    # classes 2 and 4 (in single-map mode also 1 and 3); the rare class 5
    # (8 cells) never has enough samples
    assert trained == ([True] * 4 if mode == "single" else [False, True, False, True]) + [False]
    grid = np.random.default_rng(0).random((500, 4)).astype(np.float32)
    for a, b in zip(local.forests, remote.forests):
        if a is None:
            assert b is None
            continue
        for ta, tb in zip(trees(a), trees(b)):
            for x, y in zip(ta, tb):
                np.testing.assert_array_equal(x, y)
        np.testing.assert_array_equal(a.predict_proba(grid), b.predict_proba(grid))
        np.testing.assert_array_equal(a.oob_decision_function_, b.oob_decision_function_)
    assert remote.results == local.results          # samples, OOB, RMSE, contributions, notes
    assert (remote.driver_min, remote.driver_max) == (local.driver_min, local.driver_max)
    assert any(r.contribution is not None and sum(r.contribution.shares) > 0.99
               for r in remote.results)


@pytest.mark.parametrize("chunks", CHUNKINGS)
def test_probabilities_on_dask_equal_the_local_ones(maps, dask_cluster, tmp_path, chunks):
    model = leas.train_leas(maps.start, maps.end, maps.drivers,
                            settings=leas.LeasSettings(sampling_rate=0.3, seed=2, trees=9,
                                                       min_samples_leaf=3))
    leas.save_model(model, str(tmp_path / "m.leas"))
    local = leas.predict_probabilities(model, maps.drivers, maps.end, str(tmp_path / "a.tif"),
                                       threads=2)
    progress = Progress()
    _m, remote = leas.run_leas_predict(str(tmp_path / "m.leas"), maps.drivers, maps.end,
                                       str(tmp_path / "b.tif"), progress=progress,
                                       cluster=chunked_like(dask_cluster, chunks))
    names_a, a = read_bands(tmp_path / "a.tif")
    names_b, b = read_bands(tmp_path / "b.tif")
    assert names_a == names_b and a.dtype == b.dtype == np.float32
    np.testing.assert_array_equal(a.view(np.uint32), b.view(np.uint32))   # bit for bit
    valid = maps.end_array != 255
    assert (a[4][valid] == 0).all() and 0.2 < a[1][valid].mean() < 0.8
    assert remote.valid_cells == local.valid_cells == int(valid.sum())
    # driver C has nodata holes (5 % of the cells), D and the others none
    assert remote.nodata_driver_cells == local.nodata_driver_cells
    assert local.nodata_driver_cells[2] > 0 and local.nodata_driver_cells[3] == 0
    np.testing.assert_allclose(remote.mean_probability, local.mean_probability, rtol=1e-12)
    np.testing.assert_allclose(local.mean_probability, a[:, valid].mean(axis=1, dtype=np.float64),
                               rtol=1e-12)
    assert any("Driver C is nodata in" in line for line in progress.infos)


@pytest.mark.parametrize("chunks", CHUNKINGS)
def test_run_leas_on_dask_writes_what_one_machine_writes(maps, dask_cluster, tmp_path, chunks):
    settings = leas.LeasSettings(sampling_rate=0.25, seed=5, trees=8)
    files = {}
    for name, cluster in (("local", None), ("dask", chunked_like(dask_cluster, chunks))):
        out = tmp_path / name
        progress = Progress()
        leas.run_leas(maps.start, maps.end, maps.drivers, str(out / "prob.tif"),
                      settings=settings, output_contributions=str(out / "contrib.csv"),
                      output_accuracy=str(out / "accuracy.csv"),
                      output_model=str(out / "model.leas"), progress=progress, cluster=cluster)
        files[name] = (read_bands(out / "prob.tif"), read_csv(out / "contrib.csv"),
                       read_csv(out / "accuracy.csv"), leas.load_model(str(out / "model.leas")))
        assert any(w.startswith("Class 5 (class 5) has too few samples") for w in
                   progress.warnings)
    (names_a, a), contrib_a, accuracy_a, model_a = files["local"]
    (names_b, b), contrib_b, accuracy_b, model_b = files["dask"]
    assert names_a == names_b
    np.testing.assert_array_equal(a.view(np.uint32), b.view(np.uint32))
    assert contrib_a == contrib_b and accuracy_a == accuracy_b
    assert model_a.results == model_b.results and model_a.settings == model_b.settings


def test_an_infinite_driver_value_is_named_and_nothing_is_written(maps, dask_cluster, tmp_path):
    model = leas.train_leas(maps.start, maps.end, maps.drivers,
                            settings=leas.LeasSettings(sampling_rate=0.3, seed=2, trees=3))
    leas.save_model(model, str(tmp_path / "m.leas"))
    bands = gdal.Open(maps.stack).ReadAsArray()
    bands[1, 100, 50] = np.inf
    stack = write_stack(tmp_path / "inf.tif", list(bands), ["A", "B", "C"])
    out = tmp_path / "out"
    with pytest.raises(LandCarbonError, match=r"Driver B \(inf.tif band 2\) has 1 infinite "
                                              r"cell\(s\) in rows 74-110"):
        leas.run_leas_predict(str(tmp_path / "m.leas"), [stack, maps.extra], maps.end,
                              str(out / "p.tif"), cluster=chunked_like(dask_cluster, (37, 29)))
    assert listdir(out) == []
    with pytest.raises(LandCarbonError, match=r"Driver B .* infinite"):
        leas.run_leas(maps.start, maps.end, [stack, maps.extra], str(out / "p.tif"),
                      cluster=dask_cluster)
    assert listdir(out) == []


@pytest.mark.parametrize("stage", ["sample: chunk 3 of", "forest of class", "written"])
def test_cancel_on_dask_leaves_nothing(maps, dask_cluster, tmp_path, stage):
    seen = []
    progress = Progress(report=lambda _f, message=None: seen.append(message or ""),
                        cancelled=lambda: any(stage in m for m in seen))
    out = tmp_path / "out"
    with pytest.raises(Cancelled):
        leas.run_leas(maps.start, maps.end, maps.drivers, str(out / "p.tif"),
                      settings=leas.LeasSettings(sampling_rate=0.3), progress=progress,
                      cluster=chunked_like(dask_cluster, (37, 29)))
    assert listdir(out) == []
    assert stage in seen[-1]
    # the cluster is still usable afterwards
    assert dask_cluster.client.submit(sum, [1, 2]).result() == 3


def test_probabilities_as_tiles_and_a_vrt_equal_the_geotiff(maps, dask_cluster, tmp_path):
    """A .vrt probability output: each window's (on Dask each chunk's) tile
    is written by its task, the VRT by the client; GDAL reads the GeoTIFF's
    bands bit for bit, with their descriptions, and the mean P is the same."""
    model = leas.train_leas(maps.start, maps.end, maps.drivers,
                            settings=leas.LeasSettings(sampling_rate=0.3, seed=2, trees=5))
    leas.save_model(model, str(tmp_path / "m.leas"))
    want = leas.predict_probabilities(model, maps.drivers, maps.end, str(tmp_path / "a.tif"),
                                      threads=2)
    names_a, a = read_bands(tmp_path / "a.tif")
    for name, cluster in (("local", None), ("dask", chunked_like(dask_cluster, (37, 29)))):
        _m, got = leas.run_leas_predict(str(tmp_path / "m.leas"), maps.drivers, maps.end,
                                        str(tmp_path / name / "p.vrt"), progress=Progress(),
                                        cluster=cluster)
        names_b, b = read_bands(tmp_path / name / "p.vrt")
        assert names_b == names_a
        np.testing.assert_array_equal(b.view(np.uint32), a.view(np.uint32))
        np.testing.assert_allclose(got.mean_probability, want.mean_probability, rtol=1e-12)
        assert sorted(listdir(tmp_path / name)) == ["p.qml", "p.vrt", "p_tiles"]
        assert len(listdir(tmp_path / name / "p_tiles")) == (16 if cluster else 1)
