"""landcarbon:carbonstock, :climatecorrection and :carbonvalue through QGIS
Processing: the published test vectors, the sample data chain, and every bad
input of the issue (message + nothing written)."""

import math
import os
import shutil

import numpy as np
import pytest
from conftest import ROOT, SAMPLE
from helpers import listdir, read_csv, read_raster, write_raster
from qgis.core import (
    QgsFeature,
    QgsGeometry,
    QgsProcessingException,
    QgsRasterLayer,
    QgsVectorLayer,
)
from test_carbon_stock import ALT, BASE, ND, POOLS, vector_files, write_pools

SAMPLE_POOLS = os.path.join(ROOT, "resources", "carbon", "pools_plum_island.csv")
FLOAT32_NODATA = float(np.finfo(np.float32).min)


def stock_params(out, base, pools, alt=None, **extra):
    p = {"LANDUSE": base, "POOLS": pools,
         "OUTPUT_STOCK": str(out / "stock.tif"), "OUTPUT_SUMMARY": str(out / "summary.csv")}
    if alt:
        p.update({"LANDUSE_ALT": alt, "OUTPUT_STOCK_ALT": str(out / "stock_alt.tif"),
                  "OUTPUT_CHANGE": str(out / "change.tif"),
                  "OUTPUT_ATTRIBUTION": str(out / "attribution.csv")})
    p.update(extra)
    return p


def polygon_layer(crs, polygons, name="zones"):
    """A memory layer (not a file: the adapter must write it out for GDAL)."""
    layer = QgsVectorLayer("Polygon?crs=%s&field=name:string" % crs, name, "memory")
    features = []
    for label, wkt in polygons:
        f = QgsFeature(layer.fields())
        f.setGeometry(QgsGeometry.fromWkt(wkt))
        f["name"] = label
        features.append(f)
    layer.dataProvider().addFeatures(features)
    return layer


def test_carbonstock_reproduces_invest(run_alg, tmp_path):
    base, alt, pools = vector_files(tmp_path)
    out = tmp_path / "out"
    results, feedback = run_alg("carbonstock", stock_params(out, base, pools, alt))
    # InVEST 3.20.2 (docs/carbon-stock.md)
    assert results["TOTAL_BASE_MG"] == pytest.approx(244.161, abs=1e-9)
    assert results["TOTAL_ALT_MG"] == pytest.approx(217.053, abs=1e-9)
    assert results["CHANGE_MG"] == pytest.approx(-29.142, abs=1e-9)
    assert any("-27.108" in line and "nodata footprints differ" in line
               for line in feedback.infos)
    assert sorted(listdir(out)) == ["attribution.csv", "change.qml", "change.tif",
                                    "stock.qml", "stock.tif", "stock_alt.qml", "stock_alt.tif",
                                    "summary.csv"]
    change = QgsRasterLayer(str(out / "change.tif"), "change")
    assert change.isValid() and change.renderer().type() == "singlebandpseudocolor"
    shader = change.renderer().shader().rasterShaderFunction()
    assert shader.minimumValue() == -shader.maximumValue() < 0     # centred on 0
    assert change.dataProvider().sourceNoDataValue(1) == FLOAT32_NODATA


def sample_pairs(maps):
    """Independent reference for the sample data: numpy counts of classes and
    of from -> to pairs (cells valid in both)."""
    a, b = (read_raster(p).astype(np.int64) for p in maps)
    both = (a != 255) & (b != 255)
    pairs = {(i, j): int(((a == i) & (b == j) & both).sum()) for i in (1, 2, 3)
             for j in (1, 2, 3)}
    counts = [{c: int((m == c).sum()) for c in (1, 2, 3)} for m in (a, b)]
    return counts, pairs


def test_sample_data_chain(run_alg, tmp_path):
    """climatecorrection -> carbonstock (POOLS_ALT) -> carbonvalue with zones,
    on the Plum Island maps 1985 and 1999."""
    maps = [os.path.join(SAMPLE, "lu_pie_%d.tif" % y) for y in (1985, 1999)]
    out = tmp_path / "out"
    res, _fb = run_alg("climatecorrection", {
        "POOLS": SAMPLE_POOLS, "P_REF": 1100, "T_REF": 10, "P": 1150, "T": 11,
        "OUTPUT_POOLS": str(out / "pools_future.csv"),
        "OUTPUT_FACTORS": str(out / "factors.csv")})
    k_b = math.exp(0.0054 * 50) * (28 * 11 + 398) / (28 * 10 + 398)
    k_s = (3.3968 * 1150 + 3996.1) / (3.3968 * 1100 + 3996.1)
    dens_base = {1: 90 + 60 + 110 + 30, 2: 15 + 10 + 60 + 1, 3: 10 + 5 + 20 + 0}
    dens_alt = {1: (90 + 60) * k_b + 110 * k_s + 30, 2: (15 + 10) * k_b + 60 * k_s + 1,
                3: (10 + 5) * k_b + 20 * k_s}

    width = 434 * 99.921260   # a vertical line splitting the map in two halves
    ds_x0, ds_y0 = _origin(maps[0])
    west = "POLYGON((%f %f, %f %f, %f %f, %f %f, %f %f))" % (
        ds_x0 - 10, ds_y0 + 10, ds_x0 + width / 2, ds_y0 + 10, ds_x0 + width / 2, ds_y0 - 60000,
        ds_x0 - 10, ds_y0 - 60000, ds_x0 - 10, ds_y0 + 10)
    zones = polygon_layer(QgsRasterLayer(maps[0]).crs().authid() or "EPSG:26986",
                          [("west", west)])
    zones.setCrs(QgsRasterLayer(maps[0]).crs())
    res, _fb = run_alg("carbonstock", stock_params(
        out, maps[0], SAMPLE_POOLS, maps[1], POOLS_ALT=res["OUTPUT_POOLS"], ZONES=zones,
        ZONE_FIELD="name", OUTPUT_ZONES=str(out / "zones.csv")))
    counts, pairs = sample_pairs(maps)
    cell_ha = 99.921260 * 99.954853 / 1e4
    expected_base = sum(counts[0][c] * dens_base[c] for c in (1, 2, 3)) * cell_ha
    expected_alt = sum(counts[1][c] * dens_alt[c] for c in (1, 2, 3)) * cell_ha
    expected_change = sum(n * (dens_alt[j] - dens_base[i]) for (i, j), n in pairs.items()) * cell_ha
    assert res["TOTAL_BASE_MG"] == pytest.approx(expected_base, rel=1e-6)
    assert res["TOTAL_ALT_MG"] == pytest.approx(expected_alt, rel=1e-6)
    assert res["CHANGE_MG"] == pytest.approx(expected_change, rel=1e-6)
    rows = {(r["from_code"], r["to_code"]): r for r in read_csv(out / "attribution.csv")}
    assert int(rows[("1", "2")]["cells"]) == pairs[(1, 2)] == 4250   # PROVENANCE of the data
    assert rows[("1", "2")]["from_name"] == "Forest" and rows[("1", "2")]["to_name"] == "Built"
    zone_rows = {r["zone_name"]: r for r in read_csv(out / "zones.csv")}
    assert float(zone_rows["west"]["change_Mg"]) + float(
        zone_rows["outside every zone"]["change_Mg"]) == pytest.approx(expected_change, rel=1e-6)
    assert 0 < int(zone_rows["west"]["cells_base"]) < sum(counts[0].values())

    value, _fb = run_alg("carbonvalue", {
        "CHANGE": str(out / "change.tif"), "YEAR_BASE": 1985, "YEAR_ALT": 1999,
        "PRICES": "100,449.4", "PRICE_UNIT": 1, "DISCOUNT_RATE": 5, "PRICE_CHANGE": 0,
        "ZONES": zones, "ZONE_FIELD": "name",
        "OUTPUT_VALUE": str(out / "value.tif"), "OUTPUT_SUMMARY": str(out / "value.csv")})
    q = 1 / 1.05
    k = 100 * 44 / 12 / 14 * (1 - q ** 14) / (1 - q)
    assert value["TOTAL_VALUE"] == pytest.approx(expected_change * k, rel=1e-5)
    summary = read_csv(out / "value.csv")
    assert {r["zone_name"] for r in summary} == {"all cells", "west", "outside every zone"}
    assert QgsRasterLayer(str(out / "value.tif")).renderer().type() == "singlebandpseudocolor"


def _origin(path):
    from osgeo import gdal
    ds = gdal.Open(path)
    gt = ds.GetGeoTransform()
    return gt[0], gt[3]


def test_geographic_crs_is_computed_with_true_areas(run_alg, tmp_path):
    lu = write_raster(tmp_path / "geo.tif", np.array([[1, 2]], np.uint8), epsg=4326,
                      geotransform=(100.0, 0.001, 0.0, 30.0, 0.0, -0.001))
    pools = write_pools(tmp_path / "p.csv", {1: (1.0, 0, 0, 0), 2: (2.0, 0, 0, 0)})
    results, feedback = run_alg("carbonstock", stock_params(tmp_path / "out", lu, pools))
    # about 96 m x 111 m at 30 N: around 1.07 ha per cell, x (1 + 2) Mg C/ha
    assert 3.0 < results["TOTAL_BASE_MG"] < 3.4
    assert any("true cell areas per row" in line for line in feedback.infos)


# ---------------------------------------------------------------------------
# Bad input: a clear message, nothing written
# ---------------------------------------------------------------------------

def test_code_missing_from_pools(run_alg, tmp_path):
    base, alt, _pools = vector_files(tmp_path)
    partial = write_pools(tmp_path / "partial.csv", {c: POOLS[c] for c in (1, 2, 3, 4)})
    out = tmp_path / "out"
    with pytest.raises(QgsProcessingException,
                       match=r"base.tif holds land-use code\(s\) that POOLS table has no row "
                             r"for: 5 \(4 cells\), 6 \(2 cells\)"):
        run_alg("carbonstock", stock_params(out, base, partial, alt))
    assert listdir(out) == []


@pytest.mark.parametrize("text,message", [
    ("lucode,c_above,c_below,c_soil,c_dead\n1,1,2,3,4\n2,1,,3,4\n",
     "data row 2: column 'c_below' is empty"),
    ("lucode,c_above,c_below,c_soil,c_dead\n1,1,2,3,4\n2,1,2,n/a,4\n",
     "column 'c_soil' holds 'n/a', which is not a number"),
    ("lucode,c_above,c_below,c_soil,c_dead\n1,1,2,3,4\n1,1,2,3,4\n", "lucode 1 appears twice"),
    ("lucode,c_above,c_below,c_dead\n1,1,2,4\n", "lacks the column\\(s\\) c_soil"),
])
def test_bad_pools_table(run_alg, tmp_path, text, message):
    base = write_raster(tmp_path / "b.tif", np.array([[1, 2]], np.uint8))
    pools = tmp_path / "pools.csv"
    pools.write_text(text)
    out = tmp_path / "out"
    with pytest.raises(QgsProcessingException, match=message):
        run_alg("carbonstock", stock_params(out, base, str(pools)))
    assert listdir(out) == []


def test_maps_on_different_grids(run_alg, tmp_path):
    base = write_raster(tmp_path / "b.tif", BASE, nodata=ND)
    alt = write_raster(tmp_path / "a.tif", ALT, nodata=ND,
                       geotransform=(500000.0, 25.0, 0.0, 1000000.0, 0.0, -25.0))
    pools = write_pools(tmp_path / "p.csv", POOLS)
    out = tmp_path / "out"
    with pytest.raises(QgsProcessingException,
                       match="(?s)not on the same grid.*cell size 30 x 30 vs 25 x 25"):
        run_alg("carbonstock", stock_params(out, base, pools, alt))
    assert listdir(out) == []


def test_empty_zone_layer(run_alg, tmp_path):
    base, alt, pools = vector_files(tmp_path)
    empty = polygon_layer("EPSG:32648", [], name="counties")
    out = tmp_path / "out"
    with pytest.raises(QgsProcessingException,
                       match="ZONES layer 'counties' is empty: it holds no feature"):
        run_alg("carbonstock", stock_params(out, base, pools, alt, ZONES=empty,
                                            OUTPUT_ZONES=str(out / "z.csv")))
    assert listdir(out) == []
    run_alg("carbonstock", stock_params(tmp_path / "ok", base, pools, alt,
                                        OUTPUT_CHANGE=str(tmp_path / "change.tif")))
    with pytest.raises(QgsProcessingException, match="ZONES layer 'counties' is empty"):
        run_alg("carbonvalue", {"CHANGE": str(tmp_path / "change.tif"), "ZONES": empty,
                                "OUTPUT_SUMMARY": str(out / "v.csv")})
    assert listdir(out) == []


def test_zone_layer_and_raster_together(run_alg, tmp_path):
    base, alt, pools = vector_files(tmp_path)
    zones = polygon_layer("EPSG:32648", [("a", "POLYGON((500000 1000000, 500030 1000000, "
                                               "500030 999970, 500000 999970, 500000 1000000))")])
    out = tmp_path / "out"
    with pytest.raises(QgsProcessingException, match="not both"):
        run_alg("carbonstock", stock_params(out, base, pools, alt, ZONES=zones,
                                            ZONES_RASTER=base))
    assert listdir(out) == []


def _change_raster(run_alg, tmp_path):
    base, alt, pools = vector_files(tmp_path)
    run_alg("carbonstock", stock_params(tmp_path / "stock", base, pools, alt))
    return str(tmp_path / "stock" / "change.tif")


@pytest.mark.parametrize("extra,message", [
    ({"YEAR_BASE": 2020, "YEAR_ALT": 2020}, "YEAR_ALT \\(2020\\) must be after YEAR_BASE"),
    ({"YEAR_BASE": 2020, "YEAR_ALT": 2010}, "YEAR_ALT \\(2010\\) must be after YEAR_BASE"),
    ({"PRICES": "100,4o0"}, "PRICES: '4o0' is not a number"),
    ({"PRICES": "-3"}, "PRICES is -3; it must be >= 0"),
    ({"DISCOUNT_RATE": -100}, "DISCOUNT_RATE is -100; it must be > -100"),
])
def test_carbonvalue_bad_input(run_alg, tmp_path, extra, message):
    change = _change_raster(run_alg, tmp_path)
    out = tmp_path / "out"
    params = {"CHANGE": change, "YEAR_BASE": 2000, "YEAR_ALT": 2020, "PRICES": "200",
              "OUTPUT_VALUE": str(out / "v.tif"), "OUTPUT_SUMMARY": str(out / "v.csv")}
    params.update(extra)
    with pytest.raises(QgsProcessingException, match=message):
        run_alg("carbonvalue", params)
    assert listdir(out) == []


def test_carbonvalue_test_values(run_alg, tmp_path):
    """docs/carbon-value.md: NPV of the carbon test vector = -2541.519."""
    change = _change_raster(run_alg, tmp_path)
    out = tmp_path / "out"
    results, _fb = run_alg("carbonvalue", {
        "CHANGE": change, "YEAR_BASE": 2000, "YEAR_ALT": 2020, "PRICES": "200,50",
        "DISCOUNT_RATE": 8, "PRICE_CHANGE": 3, "OUTPUT_SUMMARY": str(out / "v.csv")})
    assert results["TOTAL_VALUE"] == pytest.approx(-2541.519, abs=1e-3)
    rows = read_csv(out / "v.csv")
    assert abs(float(rows[0]["valuation_constant_per_Mg_C"]) - 87.21155228283922) < 1e-9
    assert float(rows[1]["value_currency"]) == pytest.approx(-2541.519 / 4, abs=1e-3)


def test_carbonvalue_price_path(run_alg, tmp_path):
    change = _change_raster(run_alg, tmp_path)
    path = tmp_path / "path.csv"
    path.write_text("year,low,high\n2000,100,100\n2002,100,300\n")
    results, feedback = run_alg("carbonvalue", {
        "CHANGE": change, "YEAR_BASE": 2000, "YEAR_ALT": 2003, "PRICE_PATH": str(path),
        "DISCOUNT_RATE": 0, "OUTPUT_SUMMARY": str(tmp_path / "v.csv")})
    # low: 100 every year -> K = 100; high: 100, 200, 300 -> K = 200
    rows = read_csv(tmp_path / "v.csv")
    assert [r["price"] for r in rows] == ["low", "high"]
    assert float(rows[1]["valuation_constant_per_Mg_C"]) == pytest.approx(200.0, rel=1e-14)
    assert results["TOTAL_VALUE"] == pytest.approx(-29.142 * 100, rel=1e-6)
    assert any("PRICES and PRICE_CHANGE are not used" in line for line in feedback.infos)


@pytest.mark.parametrize("extra,message", [
    ({"P": 650, "T": -15}, "T = -15 deg C gives C_BT = -22"),
    ({"P": -5, "T": 10}, "P is -5; it must be >= 0"),
])
def test_climatecorrection_refusals(run_alg, tmp_path, extra, message):
    out = tmp_path / "out"
    params = {"POOLS": SAMPLE_POOLS, "P_REF": 600, "T_REF": 9,
              "OUTPUT_FOLDER": str(out / "tables"), "OUTPUT_FACTORS": str(out / "f.csv")}
    params.update(extra)
    with pytest.raises(QgsProcessingException, match=message):
        run_alg("climatecorrection", params)
    assert listdir(out) in ([], ["tables"]) and listdir(out / "tables") == []


def test_climatecorrection_pathways_and_warning(run_alg, tmp_path):
    pathways = tmp_path / "ssp.csv"
    pathways.write_text("name,P,T\nSSP1-2.6,620,9.5\nSSP5-8.5,1100,12\n")
    out = tmp_path / "out"
    results, feedback = run_alg("climatecorrection", {
        "POOLS": SAMPLE_POOLS, "P_REF": 600, "T_REF": 9, "PATHWAYS": str(pathways),
        "OUTPUT_FOLDER": str(out / "tables"), "OUTPUT_FACTORS": str(out / "f.csv")})
    assert listdir(out / "tables") == ["pools_SSP1-2.6.csv", "pools_SSP5-8.5.csv"]
    assert results["OUTPUT_FOLDER"] == str(out / "tables")
    assert any("SSP5-8.5" in w and "outside [0.5, 2]" in w for w in feedback.warnings)
    assert not any("SSP1-2.6" in w for w in feedback.warnings)


def test_cancel_leaves_nothing(run_alg, recording_feedback, tmp_path):
    maps = [os.path.join(SAMPLE, "lu_pie_%d.tif" % y) for y in (1985, 1999)]
    out = tmp_path / "out"
    with pytest.raises(QgsProcessingException, match="Cancelled"):
        run_alg("carbonstock", stock_params(out, maps[0], SAMPLE_POOLS, maps[1]),
                feedback=recording_feedback(cancel_after=3))
    assert listdir(out) == []


def test_inputs_are_not_modified(run_alg, tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    maps = []
    for y in (1985, 1999):
        maps.append(str(src / ("lu_%d.tif" % y)))
        shutil.copy(os.path.join(SAMPLE, "lu_pie_%d.tif" % y), maps[-1])
    pools = str(src / "pools.csv")
    shutil.copy(SAMPLE_POOLS, pools)
    before = {p: open(p, "rb").read() for p in maps + [pools]}
    run_alg("carbonstock", stock_params(tmp_path / "out", maps[0], pools, maps[1]))
    assert {p: open(p, "rb").read() for p in maps + [pools]} == before
    assert sorted(os.listdir(src)) == ["lu_1985.tif", "lu_1999.tif", "pools.csv"]


def test_help_of_the_carbon_algorithms(landcarbon_provider):
    for name in ("carbonstock", "climatecorrection", "carbonvalue"):
        alg = landcarbon_provider.algorithm(name)
        assert alg.groupId() == "carbon"
        text = alg.shortHelpString()
        assert "Mg C/ha" in text or "currency" in text, name
        for definition in alg.parameterDefinitions():
            assert definition.help(), (name, definition.name())
    outputs = [o.name() for o in landcarbon_provider.algorithm("carbonstock").outputDefinitions()]
    assert {"TOTAL_BASE_MG", "TOTAL_ALT_MG", "CHANGE_MG"} <= set(outputs)
