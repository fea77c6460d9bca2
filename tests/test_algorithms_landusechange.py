"""landcarbon:landusechange through QGIS Processing (pytest-qgis)."""

import os

import numpy as np
import pytest
from conftest import SAMPLE
from helpers import listdir, read_csv, read_raster, write_raster
from qgis.core import QgsProcessingException, QgsRasterLayer

YEARS = "1985,1991,1999"
MAPS = [os.path.join(SAMPLE, "lu_pie_%d.tif" % y) for y in (1985, 1991, 1999)]


def params(out, inputs=MAPS, years=YEARS, classes=None, change=True):
    p = {"INPUTS": inputs, "YEARS": years,
         "OUTPUT_AREAS": str(out / "areas.csv"),
         "OUTPUT_TRANSITIONS": str(out / "transitions.csv")}
    if change:
        p["OUTPUT_CHANGE"] = str(out / "change.tif")
    if classes:
        p["CLASSES"] = classes
    return p


def test_sample_data_matches_independent_count(run_alg, tmp_path):
    out = tmp_path / "out"
    results, feedback = run_alg("landusechange",
                                params(out, classes=os.path.join(SAMPLE, "classes.csv")))
    assert results["OUTPUT_AREAS"] == str(out / "areas.csv")
    arrays = [read_raster(p).astype(np.int64) for p in MAPS]
    valid = np.logical_and.reduce([a != 255 for a in arrays])
    # independent reference: numpy counting over the whole arrays
    cell_m2 = 99.921260 * 99.954853
    areas = read_csv(out / "areas.csv")
    by_code = {r["code"]: r for r in areas}
    assert by_code["2"]["name"] == "Built"
    for y, a in zip((1985, 1991, 1999), arrays):
        for code in (1, 2, 3):
            n = int(((a == code) & valid).sum())
            assert int(by_code[str(code)]["cells_%d" % y]) == n
            assert float(by_code[str(code)]["km2_%d" % y]) == pytest.approx(n * cell_m2 / 1e6,
                                                                            rel=1e-6)
    # PROVENANCE of the data: 8,578 cells changed 1985 -> 1999, Forest -> Built 4,250
    rows = read_csv(out / "transitions.csv")
    overall = [r for r in rows
               if (r["year_from"], r["year_to"], r["unit"]) == ("1985", "1999", "cells")]
    assert overall[-1]["loss"] == "8578"
    assert overall[0]["to_2"] == "4250"
    change = read_raster(out / "change.tif")
    np.testing.assert_array_equal(change[valid], arrays[0][valid] * 10 + arrays[2][valid])
    assert (change[~valid] == 255).all()
    assert any("113563" in line for line in feedback.infos)


def test_change_map_opens_styled_in_qgis(run_alg, tmp_path):
    out = tmp_path / "out"
    run_alg("landusechange", params(out, classes=os.path.join(SAMPLE, "classes.csv")))
    layer = QgsRasterLayer(str(out / "change.tif"), "change")
    assert layer.isValid()
    renderer = layer.renderer()
    assert renderer.type() == "paletted"
    labels = {c.value: c.label for c in renderer.classes()}
    assert labels[12] == "Forest -> Built"
    assert labels[11] == "Forest (unchanged)"


def _assert_nothing_written(folder):
    assert listdir(folder) == []


def test_rasters_on_different_grids(run_alg, tmp_path):
    a = write_raster(tmp_path / "a.tif", np.ones((4, 4), np.uint8))
    b = write_raster(tmp_path / "b.tif", np.ones((4, 4), np.uint8),
                     geotransform=(500000.0, 25.0, 0, 1000000.0, 0, -25.0))
    out = tmp_path / "out"
    with pytest.raises(QgsProcessingException,
                       match="(?s)not on the same grid.*cell size 30 x 30 vs 25 x 25"):
        run_alg("landusechange", params(out, [a, b], "2000,2010"))
    _assert_nothing_written(out)


def test_file_that_is_not_a_raster(run_alg, tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("not a raster")
    out = tmp_path / "out"
    with pytest.raises(QgsProcessingException, match="notes.txt could not be opened as a raster"):
        run_alg("landusechange", params(out, [MAPS[0], str(text)], "1985,1991"))
    _assert_nothing_written(out)


def test_float_landuse_raster(run_alg, tmp_path):
    f = write_raster(tmp_path / "f.tif", np.ones((4, 4), np.float32))
    out = tmp_path / "out"
    with pytest.raises(QgsProcessingException, match="must hold integer class codes"):
        run_alg("landusechange", params(out, [f, f], "2000,2010"))
    _assert_nothing_written(out)


def test_all_nodata_raster(run_alg, tmp_path):
    a = write_raster(tmp_path / "a.tif", np.ones((4, 4), np.uint8), nodata=255)
    b = write_raster(tmp_path / "b.tif", np.full((4, 4), 255, np.uint8), nodata=255)
    out = tmp_path / "out"
    with pytest.raises(QgsProcessingException, match="b.tif holds no valid cell"):
        run_alg("landusechange", params(out, [a, b], "2000,2010"))
    _assert_nothing_written(out)


def test_single_date(run_alg, tmp_path):
    out = tmp_path / "out"
    with pytest.raises(QgsProcessingException, match="at least two land-use maps"):
        run_alg("landusechange", params(out, MAPS[:1], "1985"))
    _assert_nothing_written(out)


@pytest.mark.parametrize("years,message", [("1985,1991", "3 land-use maps but 2 years"),
                                           ("1985,1999,1991", "must increase"),
                                           ("1985,1991,19x9", "'19x9' is not a number")])
def test_bad_years(run_alg, tmp_path, years, message):
    out = tmp_path / "out"
    with pytest.raises(QgsProcessingException, match=message):
        run_alg("landusechange", params(out, years=years))
    _assert_nothing_written(out)


def test_classes_table_problems(run_alg, tmp_path):
    out = tmp_path / "out"
    dup = tmp_path / "dup.csv"
    dup.write_text("code,name,color\n1,Forest,#00ff00\n1,Wood,#00aa00\n")
    with pytest.raises(QgsProcessingException, match="class code 1 appears twice"):
        run_alg("landusechange", params(out, classes=str(dup)))
    bad = tmp_path / "bad.csv"
    bad.write_text("code,name,color\n1,Forest,#00fg00\n")
    with pytest.raises(QgsProcessingException, match="colour '#00fg00' is not a hex colour"):
        run_alg("landusechange", params(out, classes=str(bad)))
    _assert_nothing_written(out)
    extra = tmp_path / "extra.csv"
    extra.write_text("code,name,color\n1,Forest,#00ff00\n7,Wetland,#0000ff\n")
    _results, feedback = run_alg("landusechange", params(out, classes=str(extra)))
    assert any("class code(s) 7" in w for w in feedback.warnings)


def test_cancel_leaves_nothing(run_alg, recording_feedback, tmp_path):
    out = tmp_path / "out"
    feedback = recording_feedback(cancel_after=3)
    with pytest.raises(QgsProcessingException, match="Cancelled"):
        run_alg("landusechange", params(out), feedback=feedback)
    _assert_nothing_written(out)


def test_inputs_are_not_modified(run_alg, tmp_path):
    import shutil
    maps = []
    for p in MAPS:   # copies: a qgis_process run may have left QGIS's .aux.xml beside the originals
        shutil.copy(p, tmp_path / os.path.basename(p))
        maps.append(str(tmp_path / os.path.basename(p)))
    before = {p: (os.path.getmtime(p), open(p, "rb").read()) for p in maps}
    run_alg("landusechange", params(tmp_path / "out", inputs=maps))
    for p in maps:
        assert (os.path.getmtime(p), open(p, "rb").read()) == before[p]
        assert not os.path.exists(p + ".aux.xml")


def test_help_and_parameter_help(landcarbon_provider):
    alg = landcarbon_provider.algorithm("landusechange")
    text = alg.shortHelpString()
    assert "km2" in text and "dynamic degree" in text and "When it fails" in text
    for definition in alg.parameterDefinitions():
        assert definition.help(), definition.name()
