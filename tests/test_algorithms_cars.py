"""landcarbon:cars through QGIS Processing: outputs, styling, determinism,
cancel, and every bad input (message + nothing written)."""

import os

import numpy as np
import pytest
from helpers import listdir, read_csv, read_raster, write_raster
from osgeo import gdal
from qgis.core import QgsProcessingException, QgsRasterLayer

NODATA = 255
P_NODATA = float(np.finfo(np.float32).min)


def make_case(folder, codes=(1, 2, 3), size=30, descriptions=True, prob_values=None):
    """Class 1 background, a square of class 2, a band of class 3, nodata corner."""
    lu = np.full((size, size), codes[0], np.uint8)
    lu[10:16, 10:16] = codes[1]
    lu[24:, :] = codes[2]
    lu[0, 0] = NODATA
    prob = np.empty((len(codes), size, size), np.float32)
    prob[:] = 0.4 if prob_values is None else prob_values
    prob[:, lu == NODATA] = P_NODATA
    lu_path = write_raster(os.path.join(folder, "lu.tif"), lu, nodata=NODATA)
    p_path = write_raster(os.path.join(folder, "prob.tif"), prob, nodata=P_NODATA)
    if descriptions:
        ds = gdal.Open(p_path, gdal.GA_Update)
        for i, code in enumerate(codes):
            ds.GetRasterBand(i + 1).SetDescription("%d class %d" % (code, code))
        ds = None
    counts = {c: int((lu == c).sum()) for c in codes}
    return lu, lu_path, p_path, counts


def demand_csv(folder, rows, name="demand.csv"):
    path = os.path.join(folder, name)
    with open(path, "w") as fh:
        fh.write("year,code,cells\n")
        for year, code, cells in rows:
            fh.write("%d,%d,%d\n" % (year, code, cells))
    return path


def params(out, lu_path, p_path, demand, **extra):
    p = {"LANDUSE": lu_path, "PROBABILITY": p_path, "DEMAND": demand, "RANDOM_SEED": 7,
         "OUTPUT": str(out / "sim.tif"), "OUTPUT_LOG": str(out / "log.csv")}
    p.update(extra)
    return p


@pytest.fixture
def case(tmp_path):
    lu, lu_path, p_path, counts = make_case(str(tmp_path))
    demand = demand_csv(str(tmp_path), [(2030, 1, counts[1] - 40), (2030, 2, counts[2] + 40),
                                        (2030, 3, counts[3])])
    return lu, lu_path, p_path, counts, demand


def test_simulation_meets_demand_and_opens_styled(run_alg, tmp_path, case):
    lu, lu_path, p_path, counts, demand = case
    classes = tmp_path / "classes.csv"
    classes.write_text("code,name,color\n1,Cropland,#ffff00\n2,Built-up,#ff0000\n3,Water,#0000ff\n")
    out = tmp_path / "out"
    results, feedback = run_alg("cars", params(out, lu_path, p_path, demand,
                                               CLASSES=str(classes)))
    assert results["OUTPUT"] == str(out / "sim.tif")
    assert results["OUTPUT_MAPS"] == [str(out / "sim.tif")]
    sim = read_raster(out / "sim.tif")
    assert [int((sim == c).sum()) for c in (1, 2, 3)] == [counts[1] - 40, counts[2] + 40,
                                                          counts[3]]
    assert sim[0, 0] == NODATA
    layer = QgsRasterLayer(str(out / "sim.tif"), "sim")
    assert layer.isValid()
    assert layer.renderer().type() == "paletted"
    labels = {c.value: c.label for c in layer.renderer().classes()}
    assert labels[2] == "2 Built-up"
    ds = gdal.Open(str(out / "sim.tif"))
    band = ds.GetRasterBand(1)
    assert band.GetColorTable().GetColorEntry(2)[:3] == (255, 0, 0)
    assert ds.GetGeoTransform() == gdal.Open(lu_path).GetGeoTransform()
    ds = None
    rows = read_csv(out / "log.csv")
    assert list(rows[0])[:6] == ["year", "iteration", "decay_step", "threshold_scale",
                                 "converted_cells", "seed_cells"]
    assert {"allocated_cells_2", "gap_cells_2", "demand_coefficient_2"} <= set(rows[0])
    assert rows[-1]["gap_cells_2"] == "0"
    assert any("iteration 1:" in line and "cells converted" in line for line in feedback.infos)
    assert any("demand %d, allocated %d, shortfall +0 cells" % (counts[2] + 40, counts[2] + 40)
               in line for line in feedback.infos)
    assert not feedback.warnings


def test_several_years_and_same_seed_same_bytes(run_alg, tmp_path):
    _lu, lu_path, p_path, counts = make_case(str(tmp_path))
    demand = demand_csv(str(tmp_path), [(2030, 1, counts[1] - 30), (2030, 2, counts[2] + 30),
                                        (2030, 3, counts[3]), (2040, 1, counts[1] - 60),
                                        (2040, 2, counts[2] + 45), (2040, 3, counts[3] + 15)])
    outs = []
    for name in ("a", "b"):
        out = tmp_path / name
        results, _ = run_alg("cars", params(out, lu_path, p_path, demand))
        assert results["OUTPUT_MAPS"] == [str(out / "sim_2030.tif"), str(out / "sim.tif")]
        outs.append({f: open(out / f, "rb").read() for f in ("sim.tif", "sim_2030.tif",
                                                              "log.csv")})
    assert outs[0] == outs[1]
    last = read_raster(tmp_path / "a" / "sim.tif")
    assert [int((last == c).sum()) for c in (1, 2, 3)] == [counts[1] - 60, counts[2] + 45,
                                                            counts[3] + 15]


def test_cancel_leaves_nothing(run_alg, recording_feedback, tmp_path, case):
    _lu, lu_path, p_path, _counts, demand = case
    out = tmp_path / "out"
    with pytest.raises(QgsProcessingException, match="Cancelled"):
        run_alg("cars", params(out, lu_path, p_path, demand),
                feedback=recording_feedback(cancel_after=8))
    assert listdir(out) == []


def test_inputs_are_not_modified(run_alg, tmp_path, case):
    _lu, lu_path, p_path, _counts, demand = case
    before = {p: open(p, "rb").read() for p in (lu_path, p_path, demand)}
    run_alg("cars", params(tmp_path / "out", lu_path, p_path, demand))
    for p, data in before.items():
        assert open(p, "rb").read() == data


def test_help_and_parameter_help(landcarbon_provider):
    alg = landcarbon_provider.algorithm("cars")
    text = alg.shortHelpString()
    assert "delta^d" in text and "byte for byte" in text and "When it fails" in text
    for definition in alg.parameterDefinitions():
        assert definition.help(), definition.name()


# ---------------------------------------------------------------------------
# Bad inputs: a clear message, nothing written
# ---------------------------------------------------------------------------

def _refused(run_alg, out, p, message):
    with pytest.raises(QgsProcessingException, match=message):
        run_alg("cars", p)
    assert listdir(out) == []


def test_demand_total_differs_from_valid_cells(run_alg, tmp_path, case):
    _lu, lu_path, p_path, counts, _ = case
    demand = demand_csv(str(tmp_path), [(2030, 1, counts[1]), (2030, 2, counts[2] + 5),
                                        (2030, 3, counts[3])], "bad.csv")
    out = tmp_path / "out"
    _refused(run_alg, out, params(out, lu_path, p_path, demand),
             r"year 2030: the demand sums to 904 cells, but the land-use map has 899 valid "
             r"cells \(difference \+5\)")


def test_demand_class_not_in_map(run_alg, tmp_path, case):
    _lu, lu_path, p_path, counts, _ = case
    demand = demand_csv(str(tmp_path), [(2030, 1, counts[1] - 5), (2030, 2, counts[2]),
                                        (2030, 3, counts[3]), (2030, 7, 5)], "bad.csv")
    out = tmp_path / "out"
    _refused(run_alg, out, params(out, lu_path, p_path, demand),
             r"year 2030: class code\(s\) 7 are not in the land-use map \(its classes: 1, 2, 3\)")


def test_map_class_without_probability_band(run_alg, tmp_path, case):
    lu, lu_path, _p, counts, demand = case
    prob = np.full((2, 30, 30), 0.5, np.float32)
    p_path = write_raster(tmp_path / "p2.tif", prob)
    ds = gdal.Open(p_path, gdal.GA_Update)
    ds.GetRasterBand(1).SetDescription("1 class 1")
    ds.GetRasterBand(2).SetDescription("2 class 2")
    ds = None
    out = tmp_path / "out"
    _refused(run_alg, out, params(out, lu_path, p_path, demand),
             r"p2.tif\) has no probability band for land-use class\(es\) 3 of the map")
    # without band descriptions the band count must match the classes
    plain = write_raster(tmp_path / "p3.tif", prob)
    _refused(run_alg, out, params(out, lu_path, plain, demand),
             r"has 2 band\(s\) without class codes.*the land-use map has 3 classes \(1, 2, 3\)")


@pytest.mark.parametrize("text,message", [
    ("from/to,1,2,3\n1,1,1,1\n2,1,1,1\n", "is not square: 3 class columns"),
    ("from/to,1,2,3\n1,1,1,1\n2,1,0.5,1\n3,1,1,1\n", "only 0 \\(forbidden\\) and 1"),
    ("from/to,1,2\n1,1,1\n2,1,1\n", "no row/column for land-use class\\(es\\) 3"),
])
def test_bad_transition_matrix(run_alg, tmp_path, case, text, message):
    _lu, lu_path, p_path, _counts, demand = case
    tm = tmp_path / "tm.csv"
    tm.write_text(text)
    out = tmp_path / "out"
    _refused(run_alg, out, params(out, lu_path, p_path, demand, TRANSITION_MATRIX=str(tm)),
             message)


def test_even_neighborhood(run_alg, tmp_path, case):
    _lu, lu_path, p_path, _counts, demand = case
    out = tmp_path / "out"
    _refused(run_alg, out, params(out, lu_path, p_path, demand, NEIGHBORHOOD=4),
             "NEIGHBORHOOD is 4; it must be an odd whole number from 3 to 31")


def test_probabilities_outside_unit_interval(run_alg, tmp_path):
    lu, lu_path, p_path, counts = make_case(str(tmp_path))
    ds = gdal.Open(p_path, gdal.GA_Update)
    band = ds.GetRasterBand(2)
    data = band.ReadAsArray()
    data[20, 5] = 1.5
    band.WriteArray(data)
    ds = None
    demand = demand_csv(str(tmp_path), [(2030, 1, counts[1] - 5), (2030, 2, counts[2] + 5),
                                        (2030, 3, counts[3])])
    out = tmp_path / "out"
    _refused(run_alg, out, params(out, lu_path, p_path, demand),
             r"prob.tif\), band 2 \(class 2\) holds values outside \[0, 1\] \(1 cells, from 1.5 "
             r"to 1.5")


def test_maps_on_different_grids(run_alg, tmp_path, case):
    _lu, lu_path, p_path, _counts, demand = case
    shifted = write_raster(tmp_path / "rest.tif", np.ones((30, 30), np.uint8),
                           geotransform=(500030.0, 30.0, 0, 1000000.0, 0, -30.0))
    out = tmp_path / "out"
    _refused(run_alg, out, params(out, lu_path, p_path, demand, RESTRICTION=shifted),
             r"(?s)not on the same grid.*RESTRICTION \(rest.tif\) differs from LANDUSE "
             r"\(lu.tif\): origin")
    small = write_raster(tmp_path / "small.tif", np.ones((20, 30), np.uint8))
    _refused(run_alg, out, params(out, lu_path, p_path, demand, LANDUSE_START=small),
             r"(?s)LANDUSE_START \(small.tif\) differs from LANDUSE \(lu.tif\): size 30 x 30 vs "
             r"30 x 20")


def test_demand_made_impossible_by_transition_matrix(run_alg, tmp_path, case):
    _lu, lu_path, p_path, _counts, demand = case
    tm = tmp_path / "tm.csv"
    tm.write_text("from/to,1,2,3\n1,1,0,1\n2,1,1,1\n3,1,1,1\n")   # 1 -> 2 forbidden
    out = tmp_path / "out"
    _refused(run_alg, out, params(out, lu_path, p_path, demand, TRANSITION_MATRIX=str(tm),
                                  STRICT_DEMAND=True),
             r"demand for 2030 cannot be met: class 2 \(class 2\) must gain 40 cells, but at "
             r"most 0 cells.*transition matrix does not let class\(es\) 1 become 2")


def test_demand_made_impossible_by_restrictions(run_alg, tmp_path, case):
    lu, lu_path, p_path, _counts, demand = case
    rest = np.zeros((30, 30), np.uint8)
    rest[0, :] = 1                       # 29 free cells of class 1 (and a nodata cell)
    rest[lu == 2] = 1
    r_path = write_raster(tmp_path / "rest.tif", rest)
    free = int(((lu == 1) & (rest == 1)).sum())
    out = tmp_path / "out"
    _refused(run_alg, out, params(out, lu_path, p_path, demand, RESTRICTION=r_path,
                                  STRICT_DEMAND=True),
             r"class 2 \(class 2\) must gain 40 cells, but at most %d cells.*\(%d of their cells "
             r"are restricted \(RESTRICTION = 0\)" % (free, int((lu == 1).sum()) - free))


def test_bad_restriction_values_and_development_class(run_alg, tmp_path, case):
    _lu, lu_path, p_path, _counts, demand = case
    rest = np.ones((30, 30), np.uint8)
    rest[3, 3] = 5
    r_path = write_raster(tmp_path / "rest.tif", rest)
    out = tmp_path / "out"
    _refused(run_alg, out, params(out, lu_path, p_path, demand, RESTRICTION=r_path),
             r"rest.tif\) holds value\(s\) 5; a restriction raster holds 0 \(no change\), 1")
    _refused(run_alg, out, params(out, lu_path, p_path, demand, DEVELOPMENT_CLASS=9),
             r"DEVELOPMENT_CLASS 9 is not a class of the land-use map \(1, 2, 3\)")


def test_bad_weights(run_alg, tmp_path, case):
    _lu, lu_path, p_path, _counts, demand = case
    out = tmp_path / "out"
    w = tmp_path / "w.csv"
    w.write_text("code,weight\n1,0.5\n2,1.5\n3,1\n")
    _refused(run_alg, out, params(out, lu_path, p_path, demand, WEIGHTS=str(w)),
             r"weight 1.5 of class 2 is outside \[0, 1\]")
    w.write_text("code,weight\n1,0.5\n2,1\n")
    _refused(run_alg, out, params(out, lu_path, p_path, demand, WEIGHTS=str(w)),
             r"has no weight for class\(es\) 3")
