"""core.carbon.value: InVEST's valuation constant against the test values of
docs/carbon-value.md, the price path against hand calculations and the
sum form of InVEST's user guide."""

import numpy as np
import pytest
from helpers import listdir, read_csv, read_raster, write_raster
from test_carbon_stock import vector_files

from landcarbon.core import carbon
from landcarbon.core.carbon import value as valuation
from landcarbon.core.common import blocks, raster
from landcarbon.core.common.errors import LandCarbonError
from landcarbon.core.common.progress import Progress


@pytest.mark.parametrize("price,base,alt,r,c,expected", [
    (200, 2000, 2020, 8, 3, 87.21155228283922),
    (50, 2010, 2012, 50, 5, 40.87301587301587),
    (43, 2016, 2030, -7.1, 2.8, 59.001360702500605),
    (77.5, 2000, 2013, 0, 0, 77.5),
])
def test_valuation_constant_test_values(price, base, alt, r, c, expected):
    assert abs(valuation.valuation_constant(price, base, alt, r, c) - expected) < 1e-12


def sum_form(price, n, r, c):
    """InVEST user guide: V / N * sum_{t=0}^{N-1} 1 / ((1 + r)^t (1 + c)^t)."""
    return price / n * sum(1 / ((1 + r / 100) ** t * (1 + c / 100) ** t) for t in range(n))


@pytest.mark.parametrize("r,c,n", [(7, 0, 30), (3.5, -2, 1), (-1, 1, 12), (0, 0, 5)])
def test_closed_form_equals_the_sum_of_the_user_guide(r, c, n):
    k = valuation.valuation_constant(120.0, 2000, 2000 + n, r, c)
    assert k == pytest.approx(sum_form(120.0, n, r, c), rel=1e-12)


def write_path(tmp_path, text):
    path = tmp_path / "path.csv"
    path.write_text(text)
    return str(path)


def test_price_path_hand_calculation(tmp_path):
    # prices 100 (2000), 120 (2002, so 110 in 2001 by interpolation), r = 10 %
    path = valuation.read_price_path(write_path(tmp_path, "year,price\n2002,120\n2000,100\n"))
    k = valuation.path_valuation_constant(path, 0, 2000, 2003, 10.0)
    assert k == pytest.approx((100 + 110 / 1.1 + 120 / 1.21) / 3, rel=1e-14)


def test_constant_path_reproduces_invest(tmp_path):
    path = valuation.read_price_path(write_path(tmp_path, "year,price\n1990,43\n2050,43\n"))
    k = valuation.path_valuation_constant(path, 0, 2016, 2030, -7.1)
    assert k == pytest.approx(valuation.valuation_constant(43, 2016, 2030, -7.1, 0), rel=1e-12)
    # a path falling by InVEST's rate c reproduces InVEST with that c
    years = range(2000, 2020)
    text = "year,price\n" + "".join("%d,%r\n" % (y, 200 / 1.03 ** (y - 2000)) for y in years)
    path = valuation.read_price_path(write_path(tmp_path, text))
    k = valuation.path_valuation_constant(path, 0, 2000, 2020, 8)
    assert k == pytest.approx(87.21155228283922, rel=1e-12)


def test_price_path_problems(tmp_path):
    path = valuation.read_price_path(write_path(tmp_path, "year,price\n2005,10\n2010,20\n"))
    with pytest.raises(LandCarbonError, match="covers 2005-2010, but the valuation needs prices "
                                              "for every year from YEAR_BASE \\(2000\\)"):
        valuation.path_valuation_constant(path, 0, 2000, 2010, 5)
    for text, message in (("year,price\n2000,1\n2000,2\n", "year 2000 appears twice"),
                          ("year,price\n2000,-1\n", "price -1 is negative"),
                          ("year\n2000\n", "has no price column"),
                          ("year,price\n2000,abc\n", "'abc', which is not a number")):
        with pytest.raises(LandCarbonError, match=message):
            valuation.read_price_path(write_path(tmp_path, text))


def test_prices_per_co2_and_checks():
    prices = valuation.price_scenarios([12.0], "t CO2", 2000, 2010, 5, 0)
    assert prices[0].per_t_c == pytest.approx(12.0 * 44 / 12, rel=1e-15)
    assert prices[0].constant == valuation.valuation_constant(44.0, 2000, 2010, 5, 0)
    with pytest.raises(LandCarbonError, match="YEAR_ALT \\(2000\\) must be after YEAR_BASE "
                                              "\\(2000\\)"):
        valuation.price_scenarios([1.0], "t C", 2000, 2000, 5, 0)
    with pytest.raises(LandCarbonError, match="DISCOUNT_RATE is -100; it must be > -100"):
        valuation.price_scenarios([1.0], "t C", 2000, 2010, -100, 0)
    with pytest.raises(LandCarbonError, match="PRICES is -5; it must be >= 0"):
        valuation.price_scenarios([-5.0], "t C", 2000, 2010, 5, 0)
    with pytest.raises(LandCarbonError, match="PRICE_UNIT 'kg' is not known"):
        valuation.price_scenarios([1.0], "kg", 2000, 2010, 5, 0)


def test_npv_of_the_carbon_test_vector(tmp_path):
    """docs/carbon-value.md: -29.142 Mg x 87.2115... = -2541.519."""
    base, alt, pools = vector_files(tmp_path)
    carbon.run_carbon_stock(base, pools, landuse_alt=alt, output_change=tmp_path / "change.tif",
                            progress=Progress())
    out = tmp_path / "out"
    result = valuation.run_carbon_value(str(tmp_path / "change.tif"), 2000, 2020,
                                        valuation=valuation.Valuation(
                                            prices=[200.0, 100.0], price_unit="t C",
                                            discount_rate=8, price_change=3),
                                        output_value=out / "v.tif", output_summary=out / "v.csv",
                                        progress=Progress())
    # the change raster is Float32, as InVEST's: -29.142 to float32 precision
    assert result.change_mg == pytest.approx(-29.142, rel=1e-6)
    assert result.total_values[0] == pytest.approx(-2541.519, abs=1e-3)
    assert result.total_values[1] == pytest.approx(-2541.519 / 2, abs=1e-3)
    change = read_raster(tmp_path / "change.tif")
    value = read_raster(out / "v.tif")
    valid = change != raster.FLOAT32_NODATA
    np.testing.assert_allclose(value[valid], change[valid] * 87.21155228283922, rtol=1e-6)
    assert (value[~valid] == raster.FLOAT32_NODATA).all()
    rows = read_csv(out / "v.csv")
    assert [r["price"] for r in rows] == ["200 per t C", "100 per t C"]
    assert float(rows[0]["valuation_constant_per_Mg_C"]) == pytest.approx(87.21155228283922,
                                                                          rel=1e-11)


def test_value_per_zone_and_geographic_areas(tmp_path):
    change = np.array([[1.0, -2.0, 3.0], [4.0, np.nan, -1.0]], np.float32)
    zones_ = np.array([[1, 1, 2], [2, 0, 0]], np.uint8)
    path = write_raster(tmp_path / "c.tif", change, epsg=4326,
                        geotransform=(0.0, 0.001, 0.0, 10.0, 0.0, -0.001))
    zpath = write_raster(tmp_path / "z.tif", zones_, nodata=0, epsg=4326,
                         geotransform=(0.0, 0.001, 0.0, 10.0, 0.0, -0.001))
    result = valuation.run_carbon_value(path, 2000, 2001, zones=carbon.ZoneSource(raster=zpath),
                                        valuation=valuation.Valuation(
                                            prices=[10.0], price_unit="t C", discount_rate=0,
                                            price_change=0),
                                        output_summary=tmp_path / "s.csv", progress=Progress())
    areas = raster.CellAreas(raster.open_band(path).grid)
    ha = areas.rows(0, 2) / 1e4
    expected = (1 - 2 + 3) * ha[0] + (4 - 1) * ha[1]
    assert result.change_mg == pytest.approx(expected, rel=1e-12)
    assert result.total_values[0] == pytest.approx(10 * expected, rel=1e-12)
    rows = {r["zone_code"]: r for r in read_csv(tmp_path / "s.csv")}
    assert float(rows["1"]["change_Mg"]) == pytest.approx(-1 * ha[0], rel=1e-9)
    assert float(rows["2"]["change_Mg"]) == pytest.approx(3 * ha[0] + 4 * ha[1], rel=1e-9)
    assert float(rows["none"]["value_currency"]) == pytest.approx(-10 * ha[1], rel=1e-9)



def test_value_raster_in_many_strips_written_behind(tmp_path, monkeypatch):
    """Strips of 2 rows written behind the loop: the value raster is the
    change x the valuation constant cell by cell (hand calculation), nodata
    where the change has none."""
    rng = np.random.default_rng(5)
    change = rng.uniform(-50, 50, size=(23, 7)).astype(np.float32)
    change[3, 4] = change[17, 0] = np.nan
    path = write_raster(tmp_path / "c.tif", change)
    monkeypatch.setattr(blocks, "WRITE_BEHIND_STRIP_CELLS", 2 * 7)
    rows = []
    valuation.run_carbon_value(path, 2000, 2001, valuation=valuation.Valuation(
        prices=[10.0], price_unit="t C", discount_rate=0, price_change=0),
        output_value=tmp_path / "v.tif", progress=Progress(lambda f, m: rows.append(m)))
    assert sum(1 for m in rows if m and m.startswith("rows ")) == 12        # 23 rows by 2
    got = read_raster(tmp_path / "v.tif")
    nodata = np.isnan(change)
    assert (got[nodata] == raster.FLOAT32_NODATA).all()
    # 10 per t C over one year, undiscounted: value = 10 x change (per ha)
    np.testing.assert_array_equal(got[~nodata], (change * np.float32(10.0))[~nodata])

def test_nothing_written_on_bad_input(tmp_path):
    base, alt, pools = vector_files(tmp_path)
    carbon.run_carbon_stock(base, pools, landuse_alt=alt, output_change=tmp_path / "change.tif",
                            progress=Progress())
    out = tmp_path / "out"
    with pytest.raises(LandCarbonError, match="must be after"):
        valuation.run_carbon_value(str(tmp_path / "change.tif"), 2020, 2010,
                                   valuation=valuation.Valuation(
                                       prices=[1.0], price_unit="t C", discount_rate=5,
                                       price_change=0),
                                   output_value=out / "v.tif", output_summary=out / "v.csv",
                                   progress=Progress())
    assert listdir(out) == []
