"""core.hotspots.lisa end to end: raster -> analysis cells -> Moran -> outputs,
checked against an independent computation (block means with numpy, the
dense Moran implementation of lisa_reference), islands, polygons,
reproducibility."""

import numpy as np
import pytest
from helpers import listdir, read_csv, read_raster, write_raster
from lisa_reference import (
    CELL,
    ND,
    PIXEL,
    block_means,
    carbon_raster,
    dense_moran,
    dense_weights,
    read_layer,
    write_polygons,
)
from osgeo import ogr

from landcarbon.core.common.errors import LandCarbonError
from landcarbon.core.common.progress import Progress
from landcarbon.core.hotspots import lisa


def run(tmp_path, raster_path, out="out", **kw):
    folder = tmp_path / out
    paths = dict(output_clusters=str(folder / "clusters.tif"),
                 output_grid=str(folder / "lisa.gpkg"), output_global=str(folder / "global.csv"),
                 output_plot=str(folder / "scatter.png"))
    settings = dict(cell_size=CELL, permutations=199, seed=3)
    settings.update({k: v for k, v in kw.items() if k in lisa.LisaSettings.__dataclass_fields__})
    paths.update({k: v for k, v in kw.items() if k not in settings})
    progress = Progress()
    result = lisa.run_lisa(raster=raster_path, settings=lisa.LisaSettings(**settings),
                           labels={"INPUT": "carbon.tif"}, progress=progress, **paths)
    return result, folder, progress


@pytest.mark.parametrize("kind", ["queen", "rook"])
def test_raster_run_matches_independent_computation(tmp_path, kind):
    path, pixels = carbon_raster(tmp_path)
    result, folder, _ = run(tmp_path, path, contiguity=kind)
    means, mask = block_means(pixels)
    assert not mask[2, 3]
    ref = dense_moran(means[mask], dense_weights(mask, kind))
    assert result.global_moran.I == pytest.approx(ref["I"], abs=1e-10)
    table = {r["statistic"]: r["value"] for r in read_csv(folder / "global.csv")}
    assert float(table["moran_i"]) == pytest.approx(ref["I"], abs=1e-10)
    assert float(table["variance_randomisation"]) == pytest.approx(ref["VI_rand"], abs=1e-10)
    assert int(table["n_units"]) == mask.sum() and table["islands"] == "0"
    assert table["contiguity"] == kind
    features = read_layer(folder / "lisa.gpkg")
    assert len(features) == mask.sum()
    rows, cols = np.nonzero(mask)
    assert [(f["row"], f["col"]) for f in features] == list(zip(rows.tolist(), cols.tolist()))
    np.testing.assert_allclose([f["value"] for f in features], means[mask], rtol=1e-12)
    np.testing.assert_allclose([f["local_i"] for f in features], ref["local"], atol=1e-10)
    assert [f["quadrant"] for f in features] == ref["q"].tolist()
    # cluster = quadrant where pseudo p < 0.05, else 0; same codes in the raster
    p = np.array([f["pseudo_p"] for f in features])
    expected = np.where(p < 0.05, ref["q"], 0)
    assert [f["cluster"] for f in features] == expected.tolist()
    assert [f["label"] for f in features] == [lisa.CLUSTER_LABELS[c] for c in expected]
    codes = read_raster(folder / "clusters.tif")
    assert codes.shape == mask.shape
    np.testing.assert_array_equal(codes[mask], expected)
    assert codes[2, 3] == 255
    assert (expected > 0).any()    # the trend makes clusters
    for name in ("clusters.tif", "clusters.qml", "lisa.gpkg", "lisa.qml", "global.csv",
                 "scatter.png"):
        assert (folder / name).exists(), name
    assert open(folder / "scatter.png", "rb").read(8) == b"\x89PNG\r\n\x1a\n"


def test_sum_statistic(tmp_path):
    path, pixels = carbon_raster(tmp_path)
    _result, folder, _ = run(tmp_path, path, statistic="sum")
    rows, cols = pixels.shape[0] // 4, pixels.shape[1] // 4
    blocks = pixels.reshape(rows, 4, cols, 4).astype(np.float64)
    sums = np.where(blocks != ND, blocks, 0).sum(axis=(1, 3))
    _means, mask = block_means(pixels)
    np.testing.assert_allclose([f["value"] for f in read_layer(folder / "lisa.gpkg")],
                               sums[mask], rtol=1e-12)
    table = {r["statistic"]: r["value"] for r in read_csv(folder / "global.csv")}
    assert table["aggregation"] == "sum"


def test_geometry_of_the_grid_layer(tmp_path):
    path, _ = carbon_raster(tmp_path)
    _result, folder, _ = run(tmp_path, path)
    ds = ogr.Open(str(folder / "lisa.gpkg"))
    layer = ds.GetLayer(0)
    feature = layer.GetNextFeature()
    assert (feature.GetField("row"), feature.GetField("col")) == (0, 0)
    assert feature.GetGeometryRef().GetEnvelope() == (500000.0, 500120.0, 999880.0, 1000000.0)
    assert layer.GetSpatialRef().GetAuthorityCode(None) == "32648"


def test_islands_reported_coded_and_left_out(tmp_path):
    # analysis cell (0, 0) is alone: its rook neighbours (0, 1) and (1, 0) are nodata
    path, pixels = carbon_raster(tmp_path)
    pixels = pixels.copy()
    pixels[0:4, 4:8] = ND
    pixels[4:8, 0:4] = ND
    path = write_raster(tmp_path / "islands.tif", pixels, nodata=ND,
                        geotransform=(500000.0, PIXEL, 0, 1000000.0, 0, -PIXEL))
    result, folder, progress = run(tmp_path, path, contiguity="rook")
    assert result.islands == 1
    assert any("1 of 96 analysis cells have no rook neighbour (islands): analysis cells "
               "(row 0, col 0)." in w for w in progress.warnings)
    means, mask = block_means(pixels)
    ref = dense_moran(means[mask], dense_weights(mask, "rook"))   # drops the island
    assert result.n == ref["n"] == mask.sum() - 1
    assert result.global_moran.I == pytest.approx(ref["I"], abs=1e-10)
    table = {r["statistic"]: r["value"] for r in read_csv(folder / "global.csv")}
    assert table["islands"] == "1"
    assert read_raster(folder / "clusters.tif")[0, 0] == lisa.ISLAND
    first = read_layer(folder / "lisa.gpkg")[0]
    assert (first["row"], first["col"], first["neighbours"]) == (0, 0, 0)
    assert first["cluster"] == 5 and first["local_i"] is None and first["pseudo_p"] is None
    # queen: (0, 0) touches (1, 1) by a corner, no island
    result, _, _ = run(tmp_path, path, out="queen", contiguity="queen")
    assert result.islands == 0


@pytest.mark.parametrize("kind", ["queen", "rook"])
def test_polygons_give_the_numbers_of_the_same_cells(tmp_path, kind):
    rng = np.random.default_rng(12)
    mask = rng.random((7, 8)) > 0.2
    values = rng.gamma(3.0, 20.0, size=int(mask.sum()))
    gpkg = write_polygons(tmp_path / "cells.gpkg", mask, values)
    folder = tmp_path / "out"
    result = lisa.run_lisa(polygons=lisa.PolygonSource(gpkg, "cells", "carbon"),
                           settings=lisa.LisaSettings(contiguity=kind, permutations=99, seed=1),
                           output_grid=str(folder / "lisa.gpkg"),
                           output_global=str(folder / "global.csv"), progress=Progress())
    ref = dense_moran(values, dense_weights(mask, kind))
    assert result.global_moran.I == pytest.approx(ref["I"], abs=1e-10)
    features = read_layer(folder / "lisa.gpkg")
    kept = [f for f in features if f["cluster"] != 5]
    np.testing.assert_allclose([f["local_i"] for f in kept], ref["local"], atol=1e-10)
    assert [f["source_fid"] for f in features] == list(range(1, int(mask.sum()) + 1))


def test_polygon_field_that_is_not_numeric(tmp_path):
    mask = np.ones((3, 3), bool)
    gpkg = write_polygons(tmp_path / "cells.gpkg", mask, np.arange(9.0), ogr.OFTString)
    folder = tmp_path / "out"
    with pytest.raises(LandCarbonError, match="Field 'carbon' of cells is of type String, "
                                              "not numeric"):
        lisa.run_lisa(polygons=lisa.PolygonSource(gpkg, "cells", "carbon"),
                      labels={"GRID": "cells"}, output_global=str(folder / "global.csv"),
                      progress=Progress())
    assert listdir(folder) == []


def test_same_seed_identical_outputs(tmp_path):
    path, _ = carbon_raster(tmp_path)
    run(tmp_path, path, out="a", seed=7)
    run(tmp_path, path, out="b", seed=7)
    run(tmp_path, path, out="c", seed=8)
    for name in ("clusters.tif", "global.csv", "scatter.png"):
        assert open(tmp_path / "a" / name, "rb").read() == open(tmp_path / "b" / name, "rb").read()
    assert read_layer(tmp_path / "a" / "lisa.gpkg") == read_layer(tmp_path / "b" / "lisa.gpkg")
    p_a = [f["pseudo_p"] for f in read_layer(tmp_path / "a" / "lisa.gpkg")]
    p_c = [f["pseudo_p"] for f in read_layer(tmp_path / "c" / "lisa.gpkg")]
    assert p_a != p_c


def test_no_permutations(tmp_path):
    path, _ = carbon_raster(tmp_path)
    result, folder, progress = run(tmp_path, path, permutations=0)
    assert result.moran_p == result.global_moran.p_rand
    assert any("no local significance test" in w for w in progress.warnings)
    codes = read_raster(folder / "clusters.tif")
    assert set(np.unique(codes).tolist()) == {0, 255}
    assert all(f["pseudo_p"] is None and f["quadrant"] in (1, 2, 3, 4)
               for f in read_layer(folder / "lisa.gpkg"))


def test_constant_raster_says_variance_zero_and_writes_nothing(tmp_path):
    path = write_raster(tmp_path / "flat.tif", np.full((20, 20), 42.0, np.float32), nodata=ND)
    with pytest.raises(LandCarbonError, match="same value \\(42\\): the variance is 0"):
        run(tmp_path, path)
    assert listdir(tmp_path / "out") == []


def test_input_and_grid_together_are_refused(tmp_path):
    path, _ = carbon_raster(tmp_path)
    with pytest.raises(LandCarbonError, match="either INPUT .* or GRID .*not both"):
        run(tmp_path, path, polygons=lisa.PolygonSource(path))
    assert listdir(tmp_path / "out") == []
