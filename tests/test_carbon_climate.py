"""core.carbon.climate: the worked example of docs/climate.md, the corrected
tables against hand calculations, warnings and refusals."""

import math

import pytest
from helpers import listdir, read_csv

from landcarbon.core import carbon
from landcarbon.core.carbon import climate
from landcarbon.core.common.errors import LandCarbonError
from landcarbon.core.common.progress import Progress

POOLS_TEXT = ("lucode,LULC_Name,C_above,C_below,C_soil,C_dead,source\n"
              "1,Forest,90,60,110,30,plots\n"
              "2,Built,15,10,60,1,lit\n")


def test_worked_example():
    """Study P = 650, T = 10; reference P = 600, T = 9 (docs/climate.md)."""
    f = climate.factors(650, 10, 600, 9)
    assert f.k_s == pytest.approx(1.028146, abs=5e-7)
    assert f.k_bp == pytest.approx(1.309964, abs=5e-7)
    assert f.k_bt == pytest.approx(1.043077, abs=5e-7)
    assert f.k_b == pytest.approx(1.366394, abs=5e-7)
    # and exactly the three relations written out by hand
    assert f.k_s == pytest.approx((3.3968 * 650 + 3996.1) / (3.3968 * 600 + 3996.1), rel=1e-15)
    assert f.k_bp == pytest.approx(math.exp(0.0054 * 50), rel=1e-14)
    assert f.k_bt == pytest.approx(678 / 650, rel=1e-15)


def test_k_bp_sensitivity_stated_in_the_spec():
    assert climate.factors(1000, 9, 600, 9).k_bp == pytest.approx(8.67, abs=0.005)


def test_coefficients_are_parameters():
    coef = climate.Coefficients(soil_p_slope=1.0, soil_p_intercept=100.0, biomass_p_coef=2.0,
                                biomass_p_exp=0.001, biomass_t_slope=10.0,
                                biomass_t_intercept=50.0)
    f = climate.factors(300, 5, 200, 0, coef)
    assert f.k_s == pytest.approx(400 / 300, rel=1e-15)
    assert f.k_bp == pytest.approx(math.exp(0.1), rel=1e-14)
    assert f.k_bt == pytest.approx(100 / 50, rel=1e-15)


def test_corrected_tables_per_pathway(tmp_path):
    pools = tmp_path / "pools.csv"
    pools.write_text(POOLS_TEXT)
    pathways = tmp_path / "ssp.csv"
    pathways.write_text("name,P,T\nSSP1-2.6,650,10\nSSP5 8.5,600,9\n")
    folder = tmp_path / "tables"
    progress = Progress()
    climate.run_climate_correction(str(pools), 600, 9, pathways=str(pathways),
                                   output_folder=str(folder),
                                   output_pools=str(tmp_path / "first.csv"),
                                   output_factors=str(tmp_path / "factors.csv"), progress=progress)
    assert listdir(folder) == ["pools_SSP1-2.6.csv", "pools_SSP5_8.5.csv"]
    k_b = math.exp(0.0054 * 50) * 678 / 650
    k_s = (3.3968 * 650 + 3996.1) / (3.3968 * 600 + 3996.1)
    rows = read_csv(folder / "pools_SSP1-2.6.csv")
    assert list(rows[0]) == ["lucode", "LULC_Name", "C_above", "C_below", "C_soil", "C_dead",
                             "source"]
    assert rows[0]["LULC_Name"] == "Forest" and rows[0]["source"] == "plots"
    assert float(rows[0]["C_above"]) == pytest.approx(90 * k_b, rel=1e-11)
    assert float(rows[0]["C_below"]) == pytest.approx(60 * k_b, rel=1e-11)
    assert float(rows[0]["C_soil"]) == pytest.approx(110 * k_s, rel=1e-11)
    assert float(rows[0]["C_dead"]) == 30.0
    # the reference climate itself changes nothing
    same = read_csv(folder / "pools_SSP5_8.5.csv")
    assert [float(same[1][c]) for c in ("C_above", "C_below", "C_soil", "C_dead")] == \
        [15.0, 10.0, 60.0, 1.0]
    # the first table is also at OUTPUT_POOLS, and it reads back as a pools table
    table = carbon.read_pools(str(tmp_path / "first.csv"))
    assert table.density[2][2] == pytest.approx(60 * k_s, rel=1e-11)
    factors = read_csv(tmp_path / "factors.csv")
    assert factors[0]["pathway"] == "SSP1-2.6"
    assert float(factors[0]["K_B"]) == pytest.approx(k_b, rel=1e-11)
    assert factors[1]["pools_file"] == "pools_SSP5_8.5.csv"
    assert not progress.warnings


def test_dead_pool_option(tmp_path):
    pools = tmp_path / "pools.csv"
    pools.write_text(POOLS_TEXT)
    out = tmp_path / "out.csv"
    climate.run_climate_correction(str(pools), 600, 9, p=650, t=10, dead_with_biomass=True,
                                   output_pools=str(out), progress=Progress())
    k_b = math.exp(0.0054 * 50) * 678 / 650
    assert float(read_csv(out)[0]["C_dead"]) == pytest.approx(30 * k_b, rel=1e-11)


def test_warning_outside_half_to_double(tmp_path):
    pools = tmp_path / "pools.csv"
    pools.write_text(POOLS_TEXT)
    progress = Progress()
    climate.run_climate_correction(str(pools), 600, 9, p=1000, t=9,
                                   output_pools=str(tmp_path / "o.csv"), progress=progress)
    assert any("K_BP = 8.67" in w and "K_B = 8.67" in w for w in progress.warnings)


@pytest.mark.parametrize("kwargs,message", [
    ({"p": 650, "t": -14.3}, "T = -14.3 deg C gives C_BT = -2.4.*T must be above -14.21 deg C"),
    ({"p": -1, "t": 10}, "P is -1; it must be >= 0"),
    ({"p": 650, "t": 10, "p_ref": -600}, "P_REF is -600; it must be >= 0"),
    ({"p": 650}, "both P \\(mm\\) and T \\(deg C\\)"),
])
def test_refusals(tmp_path, kwargs, message):
    pools = tmp_path / "pools.csv"
    pools.write_text(POOLS_TEXT)
    out = tmp_path / "out"
    with pytest.raises(LandCarbonError, match=message):
        climate.run_climate_correction(str(pools), kwargs.pop("p_ref", 600), 9,
                                       output_folder=str(out),
                                       output_factors=str(out / "f.csv"), **kwargs,
                                       progress=Progress())
    assert listdir(out) == []


def test_bad_pathways_tables(tmp_path):
    pools = tmp_path / "pools.csv"
    pools.write_text(POOLS_TEXT)
    for text, message in (("name,P,T\nA,650,10\na,600,9\n", "pathway 'a' appears twice"),
                          ("name,P\nA,650\n", "lacks the column\\(s\\) t"),
                          ("name,P,T\nA,650,warm\n", "'warm', which is not a number"),
                          ("name,P,T\nA,650,-20\n", "pathway 'A': T = -20 deg C"),
                          ("name,P,T\nA,-1,10\n", "pathway 'A': precipitation P = -1 mm "
                                                   "is negative")):
        path = tmp_path / "ssp.csv"
        path.write_text(text)
        with pytest.raises(LandCarbonError, match=message):
            climate.run_climate_correction(str(pools), 600, 9, pathways=str(path),
                                           output_folder=str(tmp_path / "out"),
                                           progress=Progress())
    assert listdir(tmp_path / "out") == []
