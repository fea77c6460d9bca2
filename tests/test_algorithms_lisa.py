"""landcarbon:lisa through QGIS Processing: outputs, styles, numeric outputs,
bad inputs (message and nothing written), cancel, help."""

import os

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
    write_polygons,
)
from osgeo import ogr, osr
from qgis.core import QgsProcessingException, QgsRasterLayer, QgsVectorLayer

UTM_GT = (500000.0, PIXEL, 0, 1000000.0, 0, -PIXEL)


def params(out, raster=None, **kw):
    p = {"CELL_SIZE": CELL, "PERMUTATIONS": 199, "SEED": 5,
         "OUTPUT_CLUSTERS": str(out / "clusters.tif"), "OUTPUT_GRID": str(out / "lisa.gpkg"),
         "OUTPUT_GLOBAL": str(out / "global.csv"), "OUTPUT_PLOT": str(out / "scatter.png")}
    if raster:
        p["INPUT"] = raster
    p.update(kw)
    return p


def test_raster_run_outputs_and_numbers(run_alg, tmp_path):
    path, pixels = carbon_raster(tmp_path)
    out = tmp_path / "out"
    results, feedback = run_alg("lisa", params(out, path))
    means, mask = block_means(pixels)
    ref = dense_moran(means[mask], dense_weights(mask, "queen"))
    assert results["MORAN_I"] == pytest.approx(ref["I"], abs=1e-10)
    table = {r["statistic"]: r["value"] for r in read_csv(out / "global.csv")}
    assert results["MORAN_P"] == pytest.approx(float(table["p_permutation"]))
    assert float(table["p_permutation"]) == 1 / 200     # strong trend: most extreme value
    for key in ("OUTPUT_CLUSTERS", "OUTPUT_GRID", "OUTPUT_GLOBAL", "OUTPUT_PLOT"):
        assert os.path.exists(results[key]), key
    assert any("Global Moran's I = %.6f" % ref["I"] in line for line in feedback.infos)
    assert any("LISA clusters at p < 0.05" in line for line in feedback.infos)


def test_temporary_outputs(run_alg, tmp_path):
    path, _ = carbon_raster(tmp_path)
    p = {"INPUT": path, "CELL_SIZE": CELL, "PERMUTATIONS": 99}
    for name in ("OUTPUT_CLUSTERS", "OUTPUT_GRID", "OUTPUT_GLOBAL", "OUTPUT_PLOT"):
        p[name] = "TEMPORARY_OUTPUT"
    results, _ = run_alg("lisa", p)
    assert results["OUTPUT_GRID"].endswith(".gpkg")
    assert QgsVectorLayer(results["OUTPUT_GRID"], "lisa", "ogr").featureCount() == 98
    assert results["OUTPUT_CLUSTERS"].endswith(".tif") and os.path.exists(results["OUTPUT_PLOT"])


def test_outputs_open_styled_in_qgis(run_alg, tmp_path):
    path, _ = carbon_raster(tmp_path)
    out = tmp_path / "out"
    run_alg("lisa", params(out, path))
    layer = QgsRasterLayer(str(out / "clusters.tif"), "clusters")
    assert layer.isValid() and layer.renderer().type() == "paletted"
    classes = {c.value: (c.label, c.color.name()) for c in layer.renderer().classes()}
    assert classes[1] == ("High-High", "#ff0000")
    assert classes[3] == ("Low-Low", "#0000ff")
    assert classes[2][0] == "Low-High" and classes[4][0] == "High-Low"
    assert classes[0][0] == "Not significant"
    vector = QgsVectorLayer(str(out / "lisa.gpkg"), "lisa", "ogr")
    assert vector.isValid()
    renderer = vector.renderer()
    assert renderer.type() == "categorizedSymbol" and renderer.classAttribute() == "cluster"
    colours = {str(c.value()): c.symbol().color().name() for c in renderer.categories()}
    assert colours["1"] == "#ff0000" and colours["3"] == "#0000ff"
    assert {f.name() for f in vector.fields()} >= {
        "value", "z_score", "lag_z", "local_i", "pseudo_p", "cluster", "label"}


def test_polygon_grid_and_field(run_alg, tmp_path):
    rng = np.random.default_rng(2)
    mask = rng.random((6, 7)) > 0.15
    values = rng.gamma(3.0, 20.0, size=int(mask.sum()))
    gpkg = write_polygons(tmp_path / "cells.gpkg", mask, values)
    out = tmp_path / "out"
    p = params(out, GRID=gpkg, FIELD="carbon", CONTIGUITY=1)
    p.pop("OUTPUT_CLUSTERS")
    results, _ = run_alg("lisa", p)
    ref = dense_moran(values, dense_weights(mask, "rook"))
    assert results["MORAN_I"] == pytest.approx(ref["I"], abs=1e-10)
    assert "OUTPUT_CLUSTERS" not in results
    ds = ogr.Open(str(out / "lisa.gpkg"))
    assert ds.GetLayer(0).GetFeatureCount() == mask.sum()


def test_same_seed_same_outputs(run_alg, tmp_path):
    path, _ = carbon_raster(tmp_path)
    run_alg("lisa", params(tmp_path / "a", path, SEED=11))
    run_alg("lisa", params(tmp_path / "b", path, SEED=11))
    for name in ("clusters.tif", "global.csv", "scatter.png"):
        assert open(tmp_path / "a" / name, "rb").read() == open(tmp_path / "b" / name, "rb").read()


# ---------------------------------------------------------------------------
# Bad inputs: a clear message and nothing written
# ---------------------------------------------------------------------------

def _fails(run_alg, p, message, out):
    with pytest.raises(QgsProcessingException, match=message):
        run_alg("lisa", p)
    assert listdir(out) == []


def test_cell_size_smaller_than_the_pixels(run_alg, tmp_path):
    path, _ = carbon_raster(tmp_path)
    out = tmp_path / "out"
    _fails(run_alg, params(out, path, CELL_SIZE=10), "CELL_SIZE 10 is smaller than the cells "
           "of carbon.tif \\(30 x 30 map units\\).*at least 30", out)


def test_cell_size_larger_than_the_area(run_alg, tmp_path):
    path, _ = carbon_raster(tmp_path)    # 1320 x 1080 m -> 2 x 1 cells of 1100 m
    out = tmp_path / "out"
    _fails(run_alg, params(out, path, CELL_SIZE=1100), "CELL_SIZE 1100 gives only 2 analysis "
           "cell\\(s\\).*at least 3.*smaller CELL_SIZE", out)


def test_constant_raster(run_alg, tmp_path):
    path = write_raster(tmp_path / "flat.tif", np.full((24, 24), 7.5, np.float32), nodata=ND,
                        geotransform=UTM_GT)
    out = tmp_path / "out"
    _fails(run_alg, params(out, path), "All 36 analysis cells have the same value \\(7.5\\): the "
           "variance is 0", out)


def test_all_nodata_raster(run_alg, tmp_path):
    path = write_raster(tmp_path / "empty.tif", np.full((24, 24), ND, np.float32), nodata=ND,
                        geotransform=UTM_GT)
    out = tmp_path / "out"
    _fails(run_alg, params(out, path), "empty.tif holds no valid cell", out)


def test_field_that_is_not_numeric(run_alg, tmp_path):
    gpkg = write_polygons(tmp_path / "cells.gpkg", np.ones((3, 4), bool), np.arange(12.0),
                          ogr.OFTString)
    out = tmp_path / "out"
    p = params(out, GRID=gpkg, FIELD="carbon")
    _fails(run_alg, p, "Field 'carbon' of .* is of type String, not numeric.*to_real", out)


def test_negative_permutations(run_alg, tmp_path):
    path, _ = carbon_raster(tmp_path)
    out = tmp_path / "out"
    _fails(run_alg, params(out, path, PERMUTATIONS=-5), "PERMUTATIONS is -5; it must be a "
           "whole number from 0 to 99999. 0 = no permutation test", out)


def test_geographic_crs_with_cell_size_in_metres(run_alg, tmp_path):
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    path = write_raster(tmp_path / "deg.tif", np.random.default_rng(0).random((50, 50))
                        .astype(np.float32), nodata=ND, geotransform=(110.0, 0.01, 0, 30.0, 0,
                                                                      -0.01),
                        wkt=srs.ExportToWkt())
    out = tmp_path / "out"
    _fails(run_alg, params(out, path, CELL_SIZE=1000), "(?s)geographic CRS.*CELL_SIZE is 1000"
           ".*looks like a size in metres.*degrees.*reproject", out)


def test_neither_raster_nor_polygons(run_alg, tmp_path):
    out = tmp_path / "out"
    _fails(run_alg, params(out), "Give either INPUT .* or GRID .*not neither", out)


def test_cancel_leaves_nothing(run_alg, recording_feedback, tmp_path):
    path, _ = carbon_raster(tmp_path)
    out = tmp_path / "out"
    with pytest.raises(QgsProcessingException, match="Cancelled"):
        run_alg("lisa", params(out, path), feedback=recording_feedback(cancel_after=3))
    assert listdir(out) == []


def test_inputs_are_not_modified(run_alg, tmp_path):
    path, _ = carbon_raster(tmp_path)
    before = open(path, "rb").read()
    run_alg("lisa", params(tmp_path / "out", path))
    assert open(path, "rb").read() == before
    assert read_raster(path).shape == (36, 44)


def test_help_and_parameter_help(landcarbon_provider):
    alg = landcarbon_provider.algorithm("lisa")
    text = alg.shortHelpString()
    assert "p &lt; ALPHA" in text and "islands" in text and "When it fails" in text
    for definition in alg.parameterDefinitions():
        assert definition.help(), definition.name()
