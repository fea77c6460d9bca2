"""CARS on Dask (core/cars/on_dask.py) gives the same maps, logs and
allocation as the one-machine path (core/cars/strips.py), which is itself
checked cell by cell against the slow reference of tests/cars_reference.py:
odd raster sizes, two odd chunkings (each at least the halo deep), a 5 x 5
neighbourhood, restrictions with a development zone, two target years, a
demand that cannot be fully met (diagnosis), nodata."""

import dataclasses
import os

import numpy as np
import pytest
from helpers import read_csv, read_raster, write_raster

from landcarbon.core.cars import CarsSettings, run_cars
from landcarbon.core.common.errors import Cancelled
from landcarbon.core.common.progress import Progress

NODATA = 255


def _case(folder, rows=61, cols=47, seed=5):
    """Three classes in blobs, smooth probabilities, nodata in a corner."""
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:rows, 0:cols]
    lu = np.where((yy - 20) ** 2 + (xx - 15) ** 2 < 60, 2,
                  np.where(xx + rng.integers(0, 6, (rows, cols)) > 30, 3, 1)).astype(np.uint8)
    lu[:4, :5] = NODATA
    prob = np.stack([np.clip(0.2 + 0.6 * rng.random((rows, cols)), 0, 1),
                     np.clip(1.0 - np.hypot(yy - 20, xx - 15) / 40 + 0.1 * rng.random((rows, cols)),
                             0, 1),
                     np.clip(0.3 + 0.4 * np.sin(xx / 5.0) ** 2, 0, 1)]).astype(np.float32)
    rest = np.ones((rows, cols), dtype=np.uint8)
    rest[40:50, 5:20] = 0
    rest[10:30, 25:40] = 2
    paths = {"lu": write_raster(folder / "lu.tif", lu, nodata=NODATA),
             "prob": write_raster(folder / "prob.tif", prob),
             "rest": write_raster(folder / "rest.tif", rest)}
    counts = {c: int((lu == c).sum()) for c in (1, 2, 3)}
    return paths, counts


def _demand(folder, rows):
    path = folder / "demand.csv"
    path.write_text("year,code,cells\n" + "".join(
        "%d,%d,%d\n" % (r[0], code, cells) for r in rows for code, cells in zip((1, 2, 3), r[1:])))
    return str(path)


def _run(folder, paths, demand, cluster, name, **settings):
    out = folder / name
    out.mkdir()
    result = run_cars(paths["lu"], paths["prob"], demand, str(out / "sim_2030.tif"),
                      settings=CarsSettings(**settings), restriction=paths.get("rest_use"),
                      output_log=str(out / "log.csv"), output_allocation=str(out / "alloc.csv"),
                      cluster=cluster, progress=Progress())
    return out, result


def _same(local, other):
    for name in ("sim_2020.tif", "sim_2030.tif"):
        if (local / name).exists():
            np.testing.assert_array_equal(read_raster(other / name), read_raster(local / name))
    assert read_csv(other / "log.csv") == read_csv(local / "log.csv")
    assert read_csv(other / "alloc.csv") == read_csv(local / "alloc.csv")


@pytest.mark.parametrize("n", [3, 5])
def test_two_years_with_a_development_zone_equal_the_local_maps(tmp_path, dask_cluster, n):
    paths, counts = _case(tmp_path)
    paths["rest_use"] = paths["rest"]
    demand = _demand(tmp_path, [(2020, counts[1] - 150, counts[2] + 100, counts[3] + 50),
                                (2030, counts[1] - 260, counts[2] + 190, counts[3] + 70)])
    opts = dict(neighborhood=n, random_seed=11, development_class=3, development_weight=0.6)
    local, lres = _run(tmp_path, paths, demand, None, "local", **opts)
    assert int(read_raster(local / "sim_2030.tif")[read_raster(paths["lu"]) != NODATA]
               .size) > 0
    for i, (r, c) in enumerate([(17, 13), (29, 50)]):
        cluster = dataclasses.replace(dask_cluster, chunk_rows=r, chunk_cols=c)
        other, dres = _run(tmp_path, paths, demand, cluster, "dask%d" % i, **opts)
        _same(local, other)
        assert [y.iterations for y in dres.years] == [y.iterations for y in lres.years]
    # the demand was met: the comparison above is not between two empty runs
    alloc = read_csv(local / "alloc.csv")
    assert all(row["met"] == "yes" for row in alloc)
    changed = read_raster(local / "sim_2030.tif") != read_raster(paths["lu"])
    assert changed.sum() >= 190


def test_pace_rules_and_the_floor_equal_the_local_maps(tmp_path, dask_cluster):
    """A large transition with a small weight for the growing class: the
    pace rules (D_k, seeds per iteration) and the no-drain floor act, and
    Dask still gives the local maps, log and allocation."""
    paths, counts = _case(tmp_path, seed=9)
    weights = tmp_path / "w.csv"
    weights.write_text("code,weight\n1,0.5\n2,0.02\n3,0.3\n")
    demand = _demand(tmp_path, [(2030, counts[1] - 900, counts[2] + 700, counts[3] + 200)])
    outs = []
    for name, cluster in (("local", None),
                          ("dask", dataclasses.replace(dask_cluster, chunk_rows=13,
                                                       chunk_cols=19))):
        out = tmp_path / name
        out.mkdir()
        run_cars(paths["lu"], paths["prob"], demand, str(out / "sim_2030.tif"),
                 settings=CarsSettings(random_seed=4), weights=str(weights),
                 output_log=str(out / "log.csv"), output_allocation=str(out / "alloc.csv"),
                 cluster=cluster, progress=Progress())
        outs.append(out)
    _same(*outs)
    rows = read_csv(outs[0] / "log.csv")
    # the pace rule opened seeds after the year's budget (row 0) was used up
    assert any(int(r["seed_room_cells_2"]) > 0 and int(r["seeds_used_cells_2"]) >=
               int(rows[0]["seed_room_cells_2"]) for r in rows[1:])
    assert all(row["met"] == "yes" for row in read_csv(outs[0] / "alloc.csv"))


def test_a_demand_that_cannot_be_met_gives_the_same_shortfall_and_diagnosis(tmp_path,
                                                                           dask_cluster):
    paths, counts = _case(tmp_path, seed=8)
    # class 2 must take almost all cells, also the 150 restricted ones: cannot be met
    demand = _demand(tmp_path, [(2030, 5, counts[1] + counts[2] + counts[3] - 10, 5)])
    warnings = []
    for name, cluster in (("local", None),
                          ("dask", dataclasses.replace(dask_cluster, chunk_rows=11,
                                                       chunk_cols=9))):
        out = tmp_path / name
        out.mkdir()
        progress = Progress()
        run_cars(paths["lu"], paths["prob"], demand, str(out / "sim_2030.tif"),
                 settings=CarsSettings(random_seed=3, max_iterations=40),
                 restriction=paths["rest"], output_log=str(out / "log.csv"),
                 output_allocation=str(out / "alloc.csv"),
                 cluster=cluster, progress=progress)
        warnings.append(progress.warnings)
    _same(tmp_path / "local", tmp_path / "dask")
    assert warnings[0] == warnings[1]
    assert any("missed its demand" in w for w in warnings[0]), warnings[0]


def test_cancel_on_dask_writes_nothing(tmp_path, dask_cluster):
    paths, counts = _case(tmp_path, rows=30, cols=30)
    demand = _demand(tmp_path, [(2030, counts[1] - 40, counts[2] + 30, counts[3] + 10)])
    calls = []

    def cancelled():
        calls.append(1)
        return len(calls) > 5

    out = tmp_path / "out"
    with pytest.raises(Cancelled):
        run_cars(paths["lu"], paths["prob"], demand, str(out / "sim.tif"),
                 cluster=dataclasses.replace(dask_cluster, chunk_rows=10, chunk_cols=10),
                 progress=Progress(cancelled=cancelled))
    assert not out.exists() or list(out.iterdir()) == []


def test_chunks_smaller_than_the_neighbourhood_are_refused(tmp_path, dask_cluster):
    from landcarbon.core.common.errors import LandCarbonError
    paths, counts = _case(tmp_path, rows=30, cols=30)
    demand = _demand(tmp_path, [(2030, counts[1] - 5, counts[2] + 5, counts[3])])
    with pytest.raises(LandCarbonError, match="at least 2 cells"):
        run_cars(paths["lu"], paths["prob"], demand, str(tmp_path / "sim.tif"),
                 settings=CarsSettings(neighborhood=5),
                 cluster=dataclasses.replace(dask_cluster, chunk_rows=1, chunk_cols=10))


def test_the_client_receives_counts_not_proposals(tmp_path, dask_cluster, monkeypatch):
    """Issue 24: the demand gates on Dask exchange counts per (room, key bin)
    and short fetches, so what the client receives per round does not grow
    with the map; the map 10x as large proposes far more cells than that,
    and still gives the local maps."""
    from landcarbon.core.cars import gates, on_dask
    monkeypatch.setattr(gates, "BINS", 8)
    monkeypatch.setattr(gates, "FETCH_LIMIT", 32)
    real_plan = on_dask.plan_gates
    received, proposals = [], []

    def recording(histogram, fetch, g, **kw):
        def counted(lo, hi, width, bins, open_):
            out = histogram(lo, hi, width, bins, open_)
            received.append(out.nbytes)
            if lo == 0 and hi == gates.KEY_END:
                proposals.append(int(out[:g.k].sum()))      # open proposals of the iteration
            return out

        def fetched(lo, hi, open_):
            out = fetch(lo, hi, open_)
            received.append(sum(x.nbytes for x in out))
            return out
        return real_plan(counted, fetched, g, **kw)

    monkeypatch.setattr(on_dask, "plan_gates", recording)
    k = 3
    bound = max((3 * k + 1) * 8 * 8, 32 * (8 + 8 + 1 + 1 + 1))     # counts; key, pos, classes, seed
    for scale, (rows, cols) in ((1, (61, 47)), (10, (193, 149))):
        folder = tmp_path / str(scale)
        folder.mkdir()
        paths, counts = _case(folder, rows=rows, cols=cols)
        demand = _demand(folder, [(2030, counts[1] - 150 * scale, counts[2] + 100 * scale,
                                   counts[3] + 50 * scale)])
        received.clear()
        proposals.clear()
        local, _ = _run(folder, paths, demand, None, "local", random_seed=2, chunk_cells=301)
        other, _ = _run(folder, paths, demand,
                        dataclasses.replace(dask_cluster, chunk_rows=37, chunk_cols=29),
                        "dask", random_seed=2, chunk_cells=301)   # proposals in blocks
        _same(local, other)
        assert received and max(received) <= bound
    # an iteration of the 10x map proposes over 20x what the client
    # ever received in one round (the path before gathered every proposal,
    # 15 bytes each)
    assert max(proposals) * 15 > 20 * bound, (max(proposals), sum(proposals), bound)


def test_tiles_and_a_vrt_hold_the_maps_of_the_geotiffs(tmp_path, dask_cluster):
    """A .vrt OUTPUT: the workers write one tile per chunk (on one machine one
    per strip) and the client the VRT; GDAL reads the same maps as the
    GeoTIFFs, styled, and a seed ensemble refuses a .vrt before any work."""
    from osgeo import gdal

    from landcarbon.core.common.errors import LandCarbonError
    paths, counts = _case(tmp_path)
    demand = _demand(tmp_path, [(2020, counts[1] - 150, counts[2] + 100, counts[3] + 50),
                                (2030, counts[1] - 260, counts[2] + 190, counts[3] + 70)])
    local, _ = _run(tmp_path, paths, demand, None, "local", random_seed=6)
    for name, cluster in (("local_vrt", None),
                          ("dask_vrt", dataclasses.replace(dask_cluster, chunk_rows=17,
                                                           chunk_cols=23)),
                          ("dask_vrt2", dataclasses.replace(dask_cluster, chunk_rows=29,
                                                            chunk_cols=50))):
        out = tmp_path / name
        out.mkdir()
        run_cars(paths["lu"], paths["prob"], demand, str(out / "sim_2030.vrt"),
                 settings=CarsSettings(random_seed=6), cluster=cluster, progress=Progress())
        assert sorted(p.name for p in out.iterdir()) == [
            "sim_2020.qml", "sim_2020.vrt", "sim_2020_tiles", "sim_2030.qml", "sim_2030.vrt",
            "sim_2030_tiles"]
        for year in (2020, 2030):
            ds = gdal.Open(str(out / ("sim_%d.vrt" % year)))
            np.testing.assert_array_equal(ds.ReadAsArray(),
                                          read_raster(local / ("sim_%d.tif" % year)))
            assert ds.GetRasterBand(1).GetRasterColorTable() is not None
        tiles_2030 = len(list((out / "sim_2030_tiles").iterdir()))
        # 61 x 47 cells: 4 x 3 chunks of 17 x 23, 3 x 1 of 29 x 50, one strip
        assert tiles_2030 == {"local_vrt": 1, "dask_vrt": 12, "dask_vrt2": 3}[name]
    with pytest.raises(LandCarbonError, match="RUNS > 1"):
        run_cars(paths["lu"], paths["prob"], demand, str(tmp_path / "ens.vrt"),
                 settings=CarsSettings(runs=3), progress=Progress())


def test_probabilities_on_the_workers_disks_give_the_same_maps(tmp_path, dask_cluster):
    """MEMORY_BUDGET 0: every chunk keeps its candidates' probabilities in a
    file on its worker's disk (pruned with them, removed at the end of the
    year and of the run); the maps, log and allocation equal the local ones."""
    paths, counts = _case(tmp_path, seed=9)
    demand = _demand(tmp_path, [(2020, counts[1] - 300, counts[2] + 200, counts[3] + 100),
                                (2030, counts[1] - 500, counts[2] + 330, counts[3] + 170)])
    local, _ = _run(tmp_path, paths, demand, None, "local", random_seed=8)
    progress = Progress()
    cluster = dataclasses.replace(dask_cluster, chunk_rows=19, chunk_cols=13)
    out = tmp_path / "dask"
    out.mkdir()
    run_cars(paths["lu"], paths["prob"], demand, str(out / "sim_2030.tif"),
             settings=CarsSettings(random_seed=8, memory_budget=0, chunk_cells=50),
             output_log=str(out / "log.csv"), output_allocation=str(out / "alloc.csv"),
             cluster=cluster, progress=progress)
    _same(local, out)
    assert any("on the workers' disks" in line for line in progress.infos)

    def leftovers(dask_worker=None):
        import glob
        return glob.glob(os.path.join(dask_worker.local_directory, "landcarbon-cars-*"))
    assert not any(dask_cluster.client.run(leftovers).values())


def test_chunks_stay_on_their_worker_in_runs_of_equal_work(tmp_path, dask_cluster, monkeypatch):
    """16 chunks on 2 workers: after the scan each worker holds one
    contiguous run of chunks in row-major order (Dask alone spreads them one
    by one), they stay there through the iterations, and the maps equal the
    local ones."""
    import distributed

    from landcarbon.core.cars import on_dask

    paths, counts = _case(tmp_path, seed=4)
    demand = _demand(tmp_path, [(2030, counts[1] - 250, counts[2] + 150, counts[3] + 100)])
    local, _ = _run(tmp_path, paths, demand, None, "local", random_seed=3)
    homes, later = {}, []
    scan, convert = on_dask.DaskMap.scan, on_dask.DaskMap.convert

    def where(dask_map):
        distributed.wait(list(dask_map.states.values()))  # the chunks that moved: loaded
        found = dask_map.client.who_has(list(dask_map.states.values()))
        return {key: tuple(found[f.key]) for key, f in dask_map.states.items()}

    def scan_and_look(self, reach, progress):
        tally = scan(self, reach, progress)
        homes.update(where(self))
        return tally

    def convert_and_look(self, *args):
        conversions = convert(self, *args)
        later.append(where(self))
        return conversions
    monkeypatch.setattr(on_dask.DaskMap, "scan", scan_and_look)
    monkeypatch.setattr(on_dask.DaskMap, "convert", convert_and_look)
    progress = Progress()
    cluster = dataclasses.replace(dask_cluster, chunk_rows=16, chunk_cols=12)   # 4 x 4 chunks
    out = tmp_path / "dask"
    out.mkdir()
    run_cars(paths["lu"], paths["prob"], demand, str(out / "sim_2030.tif"),
             settings=CarsSettings(random_seed=3), output_log=str(out / "log.csv"),
             output_allocation=str(out / "alloc.csv"), cluster=cluster, progress=progress)
    _same(local, out)
    order = [homes[key] for key in sorted(homes)]
    assert len(homes) == 16 and all(len(h) == 1 for h in order)
    changes = sum(a != b for a, b in zip(order, order[1:]))
    assert len(set(order)) == 2 and changes == 1              # two runs, one worker each
    assert 4 <= order.count(order[0]) <= 12
    assert later and all(after == homes for after in later)  # and there they stay
    assert any(line.startswith("Dask: chunks per worker") for line in progress.infos)
