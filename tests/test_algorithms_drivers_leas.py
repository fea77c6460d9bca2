"""landcarbon:preparedrivers, landcarbon:leas and landcarbon:leaspredict through
QGIS Processing (pytest-qgis), and the plugin without scikit-learn."""

import json
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest
from conftest import ROOT
from helpers import listdir, read_csv, read_raster, write_raster
from osgeo import gdal, ogr, osr
from qgis.core import (
    QgsFeature,
    QgsGeometry,
    QgsPointXY,
    QgsProcessingException,
    QgsRasterLayer,
    QgsVectorLayer,
)
from test_leas import Planted, drawn_cells, write_stack

ND = float(np.finfo(np.float32).min)


def leas_params(p, out, **extra):
    params = {"LANDUSE_START": p.start, "LANDUSE_END": p.end, "DRIVERS": [p.stack],
              "SAMPLING_RATE": 0.2, "SEED": 5,
              "OUTPUT_PROBABILITY": str(out / "prob.tif"),
              "OUTPUT_CONTRIBUTION": str(out / "contrib.csv"),
              "OUTPUT_CONTRIBUTION_CHART": str(out / "contrib.png"),
              "OUTPUT_ACCURACY": str(out / "accuracy.csv"),
              "OUTPUT_MODEL": str(out / "model.leas")}
    params.update(extra)
    return params


# ---------------------------------------------------------------------------
# preparedrivers
# ---------------------------------------------------------------------------

def test_preparedrivers_end_to_end(run_alg, tmp_path):
    lu = np.ones((20, 25), np.uint8)
    lu[5:8, 10:14] = 5
    lu[0, 0] = 255
    ref = write_raster(tmp_path / "landuse.tif", lu, nodata=255)
    # elevation in UTM 47N, 60 m cells; soil types on the land-use grid
    utm48, utm47 = osr.SpatialReference(), osr.SpatialReference()
    utm48.ImportFromEPSG(32648)
    utm47.ImportFromEPSG(32647)
    for srs in (utm48, utm47):
        srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    x47, y47, _z = osr.CoordinateTransformation(utm48, utm47).TransformPoint(500000.0, 1000000.0)
    elev = write_raster(tmp_path / "elevation.tif", np.linspace(0, 50, 40 * 40, dtype=np.float32)
                        .reshape(40, 40), geotransform=(x47 - 600, 60.0, 0, y47 + 600, 0, -60.0),
                        epsg=32647)
    soil = write_raster(tmp_path / "soil.tif", (np.arange(500) % 3 + 1).astype(np.uint8)
                        .reshape(20, 25))
    dem = write_raster(tmp_path / "dem.tif", np.tile(np.arange(25, dtype=np.float32) * 3,
                                                     (20, 1)))
    gpkg = tmp_path / "rivers.gpkg"
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(gpkg))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32648)
    layer = ds.CreateLayer("rivers", srs, ogr.wkbLineString)
    f = ogr.Feature(layer.GetLayerDefn())
    f.SetGeometry(ogr.CreateGeometryFromWkt("LINESTRING (500000 999700, 500750 999700)"))
    layer.CreateFeature(f)
    ds = None
    towns = QgsVectorLayer("Point?crs=EPSG:32648", "towns", "memory")
    feature = QgsFeature()
    feature.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(500045.0, 999955.0)))   # cell (1, 1)
    towns.dataProvider().addFeatures([feature])
    classes = tmp_path / "classes.csv"
    classes.write_text("code,name\n1,Cropland\n5,Built-up\n")
    out = tmp_path / "out"
    results, feedback = run_alg("preparedrivers", {
        "REFERENCE": ref, "RASTERS": [elev], "CATEGORICAL_RASTERS": [soil],
        "VECTORS": [str(gpkg), towns], "DEM": dem, "DISTANCE_TO_CLASSES": "5",
        "CLASSES": str(classes), "OUTPUT": str(out / "drivers.tif"),
        "OUTPUT_REPORT": str(out / "report.csv")})
    assert results["OUTPUT"] == str(out / "drivers.tif")
    ds = gdal.Open(str(out / "drivers.tif"))
    names = [ds.GetRasterBand(b).GetDescription() for b in range(1, ds.RasterCount + 1)]
    assert names == ["elevation", "soil", "distance to rivers (m)", "distance to towns (m)",
                     "slope (degrees)", "distance to class 5 Built-up (m)"]
    assert ds.RasterXSize == 25 and ds.RasterYSize == 20
    assert ds.GetGeoTransform() == gdal.Open(ref).GetGeoTransform()
    soil_band = ds.GetRasterBand(2).ReadAsArray()
    np.testing.assert_array_equal(soil_band, (np.arange(500) % 3 + 1).reshape(20, 25))
    towns_band = ds.GetRasterBand(4).ReadAsArray()
    assert towns_band[1, 1] == 0 and towns_band[1, 4] == pytest.approx(90.0)
    rivers = ds.GetRasterBand(3).ReadAsArray()
    assert rivers[10, 3] == 0 and rivers[13, 3] == pytest.approx(90.0)   # y 999700 = row 10 top
    assert np.allclose(ds.GetRasterBand(5).ReadAsArray(), np.degrees(np.arctan(0.1)), rtol=1e-5)
    ds = None
    report = read_csv(out / "report.csv")
    assert [r["name"] for r in report] == names
    assert report[0]["method"] == "warp, bilinear (continuous)"
    assert report[1]["method"] == "copied (already on the grid, categorical)"
    assert any("Band 6/6" in line for line in feedback.infos)
    layer = QgsRasterLayer(str(out / "drivers.tif"), "drivers")
    assert layer.isValid() and layer.bandCount() == 6


def test_preparedrivers_unknown_crs(run_alg, tmp_path):
    ref = write_raster(tmp_path / "landuse.tif", np.ones((5, 5), np.uint8), nodata=255)
    nocrs = write_raster(tmp_path / "rain.tif", np.ones((5, 5), np.float32), epsg=None)
    out = tmp_path / "out"
    with pytest.raises(QgsProcessingException, match="rain.tif has no coordinate reference "
                                                     "system.*Assign"):
        run_alg("preparedrivers", {"REFERENCE": ref, "RASTERS": [nocrs],
                                   "OUTPUT": str(out / "d.tif"),
                                   "OUTPUT_REPORT": str(out / "r.csv")})
    assert listdir(out) == []


def test_preparedrivers_partial_coverage_warns(run_alg, tmp_path):
    ref = write_raster(tmp_path / "landuse.tif", np.ones((10, 10), np.uint8), nodata=255)
    half = write_raster(tmp_path / "gdp.tif", np.ones((10, 4), np.float32) * 3)
    out = tmp_path / "out"
    _r, feedback = run_alg("preparedrivers", {"REFERENCE": ref, "RASTERS": [half],
                                              "OUTPUT": str(out / "d.tif"),
                                              "OUTPUT_REPORT": str(out / "r.csv")})
    assert any("covers only 40.00 % of the study area: 60 cells" in w for w in feedback.warnings)
    assert read_csv(out / "r.csv")[0]["nodata_cells_in_study_area"] == "60"


# ---------------------------------------------------------------------------
# leas and leaspredict
# ---------------------------------------------------------------------------

def test_leas_end_to_end(run_alg, tmp_path):
    p = Planted(tmp_path / "in")
    out = tmp_path / "out"
    classes = tmp_path / "classes.csv"
    classes.write_text("code,name\n1,Cropland\n2,Built-up\n3,Forest\n4,Water\n")
    results, feedback = run_alg("leas", leas_params(p, out, CLASSES=str(classes)))
    assert set(results) == {"OUTPUT_PROBABILITY", "OUTPUT_CONTRIBUTION",
                            "OUTPUT_CONTRIBUTION_CHART", "OUTPUT_ACCURACY", "OUTPUT_MODEL"}
    layer = QgsRasterLayer(str(out / "prob.tif"), "prob")
    assert layer.isValid() and layer.bandCount() == 4
    assert layer.renderer().type() == "singlebandpseudocolor"
    ds = gdal.Open(str(out / "prob.tif"))
    assert [ds.GetRasterBand(b).GetDescription() for b in range(1, 5)] == \
        ["1 Cropland", "2 Built-up", "3 Forest", "4 Water"]
    built = ds.GetRasterBand(2).ReadAsArray()
    assert ds.GetRasterBand(2).GetNoDataValue() == ND
    valid = p.end_array != 255
    assert (built[~valid] == ND).all()
    assert built[valid & (p.A > 60)].mean() > 0.9 > 0.1 > built[valid & (p.A < 40)].mean()
    ds = None
    contrib = read_csv(out / "contrib.csv")
    for row in contrib:
        if row["A"]:
            assert float(row["A"]) + float(row["B"]) == pytest.approx(1.0)
            assert float(row["A"]) > 0.5
        else:
            assert "no expansion" in row["note"]
    assert open(out / "contrib.png", "rb").read(8) == b"\x89PNG\r\n\x1a\n"
    accuracy = read_csv(out / "accuracy.csv")
    assert [r["name"] for r in accuracy] == ["Cropland", "Built-up", "Forest", "Water"]
    assert sum("did not expand" in w for w in feedback.warnings) == 2
    assert any(line.startswith("Seconds: sampling") for line in feedback.infos)


def test_leas_needs_a_start_map_or_single_map_mode(run_alg, tmp_path):
    p = Planted(tmp_path / "in")
    out = tmp_path / "out"
    params = leas_params(p, out)
    del params["LANDUSE_START"]
    with pytest.raises(QgsProcessingException, match="Give LANDUSE_START.*single-map mode"):
        run_alg("leas", params)
    assert listdir(out) == []
    _r, feedback = run_alg("leas", leas_params(p, out, SINGLE_MAP=True, SAMPLING_RATE=0.2))
    assert any("LANDUSE_START (start.tif) is not used" in w for w in feedback.warnings)
    assert any("single-map mode" in line for line in feedback.infos)


def test_leas_too_few_samples(run_alg, tmp_path):
    p = Planted(tmp_path / "in")
    out = tmp_path / "out"
    with pytest.raises(QgsProcessingException, match="(?s)Too few samples.*raise SAMPLING_RATE"):
        run_alg("leas", leas_params(p, out, SAMPLING_RATE=0.002))
    assert listdir(out) == []


def test_leas_rare_class_warns_and_writes_everything(run_alg, tmp_path):
    def rare(start, end):
        end[30, 10:15] = 5           # 5 cells become class 5
    p = Planted(tmp_path / "in", extra=rare)
    out = tmp_path / "out"
    results, feedback = run_alg("leas", leas_params(p, out))
    assert any(w.startswith("Class 5 (class 5) has too few samples") and
               "only 5 cell(s) expanded into it" in w for w in feedback.warnings)
    assert (read_raster(results["OUTPUT_PROBABILITY"], 5)[p.end_array != 255] == 0).all()
    assert len(listdir(out)) == 6


def test_leas_options_reach_the_model(run_alg, landcarbon_provider, tmp_path):
    from qgis.core import QgsProcessingParameterDefinition

    from landcarbon.core import leas
    alg = landcarbon_provider.algorithm("leas")
    for name in ("TRAINING", "MIN_SAMPLES_LEAF"):
        assert alg.parameterDefinition(name).flags() & \
            QgsProcessingParameterDefinition.FlagAdvanced
    p = Planted(tmp_path / "in")
    run_alg("leas", leas_params(p, tmp_path / "default"))
    model = leas.load_model(str(tmp_path / "default" / "model.leas"))
    assert (model.settings["training"], model.settings["min_samples_leaf"]) == ("expansion", 1)
    run_alg("leas", leas_params(p, tmp_path / "opt", TRAINING=1, MIN_SAMPLES_LEAF=4))
    model = leas.load_model(str(tmp_path / "opt" / "model.leas"))
    assert (model.settings["training"], model.settings["min_samples_leaf"]) == ("all", 4)
    assert {f.min_samples_leaf for f in model.forests if f is not None} == {4}
    accuracy = {r["code"]: r for r in read_csv(tmp_path / "opt" / "accuracy.csv")}
    # class 2 learnt from every sampled cell that was not 2 at the start: the
    # whole sample (no cell is 2 at the start)
    assert accuracy["2"]["sample_cells"] == accuracy["4"]["sample_cells"]
    both = (p.start_array != 255) & (p.end_array != 255)
    assert int(accuracy["2"]["sample_cells"]) == drawn_cells(both, 0.2, 5).size


def test_leas_with_the_probability_only(run_alg, tmp_path):
    p = Planted(tmp_path / "in")
    out = tmp_path / "out"
    results, _f = run_alg("leas", {"LANDUSE_START": p.start, "LANDUSE_END": p.end,
                                   "DRIVERS": [p.stack], "SAMPLING_RATE": 0.2,
                                   "OUTPUT_PROBABILITY": str(out / "prob.tif")})
    assert set(results) == {"OUTPUT_PROBABILITY"}
    assert sorted(listdir(out)) == ["prob.qml", "prob.tif"]


def test_leas_cancel_leaves_nothing(run_alg, recording_feedback, tmp_path):
    p = Planted(tmp_path / "in")
    out = tmp_path / "out"
    with pytest.raises(QgsProcessingException, match="Cancelled"):
        run_alg("leas", leas_params(p, out), feedback=recording_feedback(cancel_after=6))
    assert listdir(out) == []


def test_leaspredict_planned_road_and_mismatch(run_alg, tmp_path):
    p = Planted(tmp_path / "in")
    out = tmp_path / "out"
    run_alg("leas", leas_params(p, out))
    planned = p.A.copy()
    planned[:, :20] = 100.0
    plan = write_stack(tmp_path / "plan.tif", [planned, p.B], ["A", "B"])
    results, feedback = run_alg("leaspredict", {
        "MODEL": str(out / "model.leas"), "DRIVERS": [plan], "LANDUSE": p.end,
        "OUTPUT_PROBABILITY": str(tmp_path / "plan_prob.tif")})
    before = read_raster(out / "prob.tif", 2)
    after = read_raster(results["OUTPUT_PROBABILITY"], 2)
    valid = p.end_array != 255
    assert after[:, :20][valid[:, :20]].mean() > 0.9 > before[:, :20][valid[:, :20]].mean()
    assert any("Model: 4 classes" in line for line in feedback.infos)
    wrong = write_stack(tmp_path / "wrong.tif", [planned, p.B], ["A", "roads"])
    bad_out = tmp_path / "bad"
    with pytest.raises(QgsProcessingException, match=r"do not match the model.*Missing: B\. "
                                                     r"Not in the model: roads"):
        run_alg("leaspredict", {"MODEL": str(out / "model.leas"), "DRIVERS": [wrong],
                                "LANDUSE": p.end, "OUTPUT_PROBABILITY": str(bad_out / "p.tif")})
    assert listdir(bad_out) == []


def test_leas_without_scikit_learn(run_alg, tmp_path, monkeypatch):
    p = Planted(tmp_path / "in")
    monkeypatch.setitem(sys.modules, "sklearn", None)
    monkeypatch.setitem(sys.modules, "sklearn.ensemble", None)
    out = tmp_path / "out"
    with pytest.raises(QgsProcessingException, match="needs the Python package scikit-learn.*"
                                                     "python3-sklearn.*OSGeo4W"):
        run_alg("leas", leas_params(p, out))
    assert listdir(out) == []


NO_SKLEARN = textwrap.dedent("""
    import json, sys
    sys.modules["sklearn"] = None          # 'import sklearn' now raises ImportError
    sys.path.insert(0, sys.argv[2])
    from conftest import load_package
    load_package("landcarbon", sys.argv[1])
    from qgis.core import QgsApplication
    app = QgsApplication([], False)
    app.initQgis()
    from landcarbon.algorithms.provider import LandCarbonProvider
    provider = LandCarbonProvider()
    QgsApplication.processingRegistry().addProvider(provider)
    names = sorted(a.name() for a in provider.algorithms())
    from landcarbon.core.leas import train as leas
    try:
        leas.require_sklearn()
        message = ""
    except Exception as exc:
        message = str(exc)
    print("RESULT" + json.dumps({"algorithms": names, "message": message}))
""")


def test_plugin_loads_without_scikit_learn(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    run = subprocess.run([sys.executable, "-c", NO_SKLEARN, ROOT, os.path.join(ROOT, "tests")],
                         capture_output=True, text=True, env=env, cwd=str(tmp_path), timeout=120)
    line = [ln for ln in run.stdout.splitlines() if ln.startswith("RESULT")]
    assert line, run.stdout + run.stderr
    out = json.loads(line[0][len("RESULT"):])
    assert {"landusechange", "preparedrivers", "leas", "leaspredict"} <= set(out["algorithms"])
    assert "needs the Python package scikit-learn" in out["message"]


def test_help_mentions_scikit_learn(landcarbon_provider):
    for name in ("leas", "leaspredict"):
        text = landcarbon_provider.algorithm(name).shortHelpString()
        assert "python3-sklearn" in text and "When it fails" in text
    text = landcarbon_provider.algorithm("preparedrivers").shortHelpString()
    assert "metres" in text and "degrees" in text
