"""The scenarios side by side (issue 23): the diversity map, the carbon and
land-use difference maps against NE and the ranking, each checked against
numbers computed here from the scenarios' own maps; the report's section in
English and Chinese."""

import os

import numpy as np
import pytest
from helpers import read_csv, read_raster, report_in_chinese
from test_study_robust import _maps, _settings

from landcarbon.core import study
from landcarbon.core.common.progress import Progress

pytestmark = pytest.mark.study


@pytest.fixture(scope="module")
def compared(tmp_path_factory):
    folder = str(tmp_path_factory.mktemp("compare"))
    maps, drivers = _maps(folder, water_expands_first=True)
    s = _settings(folder, maps, drivers)
    s.target_years = [2030, 2040]
    s.scenarios = [study.ScenarioSpec.from_preset(k) for k in ("NE", "UD", "EP")]
    return study.run_study(s, progress=Progress())


def _outcome(result, name):
    return next(o for o in result.scenarios if o.spec.name == name)


def test_diversity_counts_the_classes_a_cell_takes(compared):
    result = compared
    for year in (2030, 2040):
        stack = np.stack([read_raster(o.maps[year]) for o in result.scenarios])
        expected = np.array([[len(set(stack[:, y, x])) for x in range(stack.shape[2])]
                             for y in range(stack.shape[1])])
        valid = np.all(stack != 255, axis=0)
        got = read_raster(result.comparison.diversity[year])
        assert np.array_equal(got[valid], expected[valid])
        assert (got[~valid] == 0).all()
        assert got.max() >= 2                       # the scenarios do differ somewhere


def test_difference_maps_against_ne(compared):
    result = compared
    ne, ud = _outcome(result, "NE"), _outcome(result, "UD")
    a, b = read_raster(ne.maps[2040]), read_raster(ud.maps[2040])
    landuse = read_raster(result.comparison.landuse[("UD", 2040)])
    differ = (a != b) & (a != 255) & (b != 255)
    assert np.array_equal(landuse[differ], b[differ])
    assert (landuse[~differ] == 255).all()
    stock = {o.spec.name: next(r.files["stock"] for r in o.rows if r.year == 2040)
             for o in (ne, ud)}
    expected = read_raster(stock["UD"]).astype(np.float64) - read_raster(stock["NE"])
    carbon = read_raster(result.comparison.carbon[("UD", "reference", 2040)])
    both = (a != 255) & (b != 255)
    np.testing.assert_allclose(carbon[both], expected[both].astype(np.float32), rtol=1e-6)
    assert result.comparison.reference == "NE"
    assert ("NE", 2040) not in result.comparison.landuse


def test_ranking_orders_the_scenarios_by_carbon_change(compared):
    result = compared
    rows = read_csv(os.path.join(result.folder, "comparison", "ranking.csv"))
    summary = {r["scenario"]: float(r["change_total_Tg"])
               for r in read_csv(os.path.join(result.folder, "summary.csv"))
               if r["year"] == "2040" and r["pathway"] == "reference"}
    assert [r["scenario"] for r in rows] == sorted(summary, key=lambda n: -summary[n])
    assert [int(r["rank"]) for r in rows] == [1, 2, 3]
    for r in rows:
        assert float(r["carbon_change_Tg"]) == pytest.approx(summary[r["scenario"]], rel=1e-12)


def test_report_compares_the_scenarios_in_english_and_chinese(compared, landcarbon_provider,
                                                             tmp_path):
    text = open(compared.report_path, encoding="utf-8").read()
    assert "Scenarios compared" in text and "Scenarios ranked by carbon change in 2040" in text
    assert text.count('alt="scenario maps"') == 1 and 'alt="stock by scenario"' in text
    zh = report_in_chinese(compared, tmp_path)
    assert "情景对比" in zh and "2040 年各情景按碳储量变化排序" in zh
    assert "碳储量空间分异的成因（地理探测器）" in zh and "情景 UD 的碳储量变化" in zh


def test_the_geographical_detector_explains_the_carbon(compared):
    """Observed stock: the land-use map's q computed here on every cell
    (the map is small: the sample is every cell); the scenarios' change
    maps analysed too; tables and report section."""
    from test_geodetector import q_by_loop
    result = compared
    assert [(e.what, e.y) for e in result.explanations] == [
        ("observed", "stock"), ("NE", "change"), ("UD", "change"), ("EP", "change")]
    stock = read_raster(result.base_row.files["stock"])
    land = read_raster(result.settings.maps[-1])
    valid = (land != 255) & np.isfinite(stock) & (stock > -1e30)
    observed = result.explanations[0].result
    i = observed.names.index("lu_2020")
    assert observed.cells == int(valid.sum())
    assert observed.factors[i].q == pytest.approx(q_by_loop(stock[valid], land[valid])[0],
                                                  rel=1e-9)
    assert observed.factors[i].q > 0.99           # the stock is a function of the class
    rows = read_csv(os.path.join(result.folder, "geodetector", "observed_stock_2020_factors.csv"))
    assert {r["factor"] for r in rows} == set(observed.names)
    text = open(result.report_path, encoding="utf-8").read()
    assert "Why carbon is where it is (geographical detector)" in text
    assert "Carbon change of scenario UD, 2020 -&gt; 2040" in text
    assert text.count('alt="interactions"') == 4
