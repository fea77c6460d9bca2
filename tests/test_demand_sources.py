"""core.demand's sources besides the Markov chain (issue 22): the linear
trend against numpy.polyfit, a demand table interpolated by hand, and the
carbon-optimal linear programme against a brute force over every whole-cell
allocation, binding constraints and an infeasible case."""

import itertools

import numpy as np
import pytest

from landcarbon.core.common.classes import ClassInfo, ClassTable
from landcarbon.core.common.errors import LandCarbonError
from landcarbon.core.demand import (
    optimize_demand,
    read_constraints,
    skipped,
    table_demand,
    trend_demand,
)

# ---------------------------------------------------------------------------
# Linear trend
# ---------------------------------------------------------------------------


def test_trend_equals_polyfit_per_class():
    years = [2000, 2005, 2010, 2020]
    counts = [{1: 500, 2: 300, 3: 200}, {1: 470, 2: 320, 3: 210},
              {1: 455, 2: 330, 3: 215}, {1: 400, 2: 370, 3: 230}]
    result = trend_demand(counts, years, [2030, 2040])
    for code in (1, 2, 3):
        series = [c[code] for c in counts]
        slope, intercept = np.polyfit(years, series, 1)
        assert result.slope_cells_per_year[code] == pytest.approx(slope, rel=1e-12)
        for year in (2030, 2040):
            assert result.expected[year][code] == pytest.approx(intercept + slope * year,
                                                                rel=1e-9)
        fitted = np.polyval([slope, intercept], years)
        r2 = 1 - ((series - fitted) ** 2).sum() / ((series - np.mean(series)) ** 2).sum()
        assert result.r2[code] == pytest.approx(r2, rel=1e-9)
    for year in (2030, 2040):
        assert sum(result.demand[year].values()) == 1000


def test_trend_below_zero_is_zero_and_the_rest_rescaled():
    """Class 2 falls 100 cells per decade from 150: at 2030 the line gives
    -50 -> 0; the other two lines give 620 + 430 = 1050 for 1000 cells."""
    counts = [{1: 500, 2: 150, 3: 350}, {1: 560, 2: 50, 3: 390}, {1: 590, 2: 50, 3: 360}]
    result = trend_demand(counts, [2000, 2010, 2020], [2030])
    lines = {c: np.polyval(np.polyfit([2000, 2010, 2020], [x[c] for x in counts], 1), 2030)
             for c in (1, 2, 3)}
    assert lines[2] < 0 and result.clipped[2030] == [2]
    assert result.demand[2030][2] == 0
    scale = 1000 / (lines[1] + lines[3])
    assert abs(result.demand[2030][1] - lines[1] * scale) < 1
    assert sum(result.demand[2030].values()) == 1000


def test_trend_needs_three_maps():
    with pytest.raises(LandCarbonError, match="at least 3 dates"):
        trend_demand([{1: 5}, {1: 5}], [2000, 2010], [2020])


# ---------------------------------------------------------------------------
# A demand table
# ---------------------------------------------------------------------------

def _csv(path, text):
    path.write_text(text)
    return str(path)


def test_table_interpolates_missing_years_by_hand(tmp_path):
    path = _csv(tmp_path / "d.csv", "year,code,cells\n2030,1,60\n2030,2,40\n"
                                     "2050,1,20\n2050,2,80\n")
    result = table_demand(path, [2030, 2035, 2040, 2050], [1, 2], 100)
    assert result.demand[2030] == {1: 60, 2: 40}
    assert result.demand[2035] == {1: 50, 2: 50}       # a quarter of the way: 60 - 10
    assert result.demand[2040] == {1: 40, 2: 60}
    assert result.interpolated == {2035: (2030, 2050), 2040: (2030, 2050)}


def test_table_in_km2_is_rounded_to_the_valid_cells(tmp_path):
    # cells of 0.09 km2 (300 m); 100 cells = 9 km2; 3.0 + 6.01 km2 is 0.1 % off
    path = _csv(tmp_path / "d.csv", "year,code,km2\n2030,1,3.0\n2030,2,6.01\n")
    result = table_demand(path, [2030], [1, 2], 100, cell_km2=0.09)
    assert sum(result.demand[2030].values()) == 100
    assert result.demand[2030] == {1: 33, 2: 67}


@pytest.mark.parametrize("text, message", [
    ("year,code,cells\n2030,1,60\n2030,2,41\n", "sums to 101 cells"),
    ("year,code,cells\n2030,1,100\n", "lacks 2"),
    ("year,code,cells\n2030,1,60\n2030,2,30\n2030,3,10\n", "has no cell of 3"),
    ("year,code,cells\n2020,1,60\n2020,2,40\n", "outside them"),
    ("year,code,hectares\n2030,1,60\n", "needs a column cells or km2"),
])
def test_table_refusals_name_the_problem(tmp_path, text, message):
    path = _csv(tmp_path / "d.csv", text)
    with pytest.raises(LandCarbonError, match=message):
        table_demand(path, [2030], [1, 2], 100)


# ---------------------------------------------------------------------------
# The carbon-optimal linear programme
# ---------------------------------------------------------------------------

CODES = [1, 2, 3, 4]
DENSITY = {1: 20.0, 2: 150.0, 3: 60.0, 4: 5.0}      # Mg C/ha: cropland, forest, grass, built-up
CELL_KM2 = 0.01                                    # 1 ha cells: Mg C per cell = density
TODAY = {1: 10, 2: 4, 3: 4, 4: 2}
NE = {1: 8, 2: 3, 3: 5, 4: 4}
ROLES = ClassTable([ClassInfo(1, "crop", None, "cropland"), ClassInfo(2, "wood", None, "forest"),
                    ClassInfo(3, "grass", None, "grassland"),
                    ClassInfo(4, "town", None, "built-up")])


def brute_force(rows):
    """The best whole-cell allocation of the 20 cells: every composition
    checked against the rows written out as (codes, lo, hi) in cells."""
    best, best_x = -1.0, None
    for x in itertools.product(range(21), repeat=3):
        if sum(x) > 20:
            continue
        alloc = dict(zip(CODES, x + (20 - sum(x),)))
        if all((lo is None or sum(alloc[c] for c in codes) >= lo - 1e-9)
               and (hi is None or sum(alloc[c] for c in codes) <= hi + 1e-9)
               for codes, lo, hi in rows):
            carbon = sum(DENSITY[c] * alloc[c] for c in CODES)
            if carbon > best:
                best, best_x = carbon, alloc
    return best, best_x


def test_lp_equals_a_brute_force_over_whole_cells(tmp_path):
    """Food security: cropland at least 90 % of today (9 cells); built-up
    at least its NE demand (4); forest at most 0.06 km2 (6 cells);
    grassland within 0.4-1.2 of NE (2-6). By hand: 9 + 4 + 6 + 2 = 21 > 20,
    so forest, the densest, gives up one cell: {1: 9, 2: 5, 3: 2, 4: 4},
    180 + 750 + 120 + 20 = 1070 Mg C."""
    path = _csv(tmp_path / "c.csv",
                "class,lower,upper,unit\ncropland,0.9,,share_of_today\n"
                "built-up,1.0,,share_of_ne\nforest,,0.06,km2\n"
                "grassland,0.4,1.2,share_of_ne\n")
    constraints = read_constraints(path, CODES, ROLES)
    written_out = [((1,), 9, None), ((4,), 4, None), ((2,), None, 6), ((3,), 2, 6)]
    result = optimize_demand(2030, CODES, TODAY, NE, DENSITY, CELL_KM2, constraints)
    best, alloc = brute_force(written_out)
    assert result.carbon_Mg == pytest.approx(best)
    assert best == pytest.approx(1070.0)
    assert result.demand == alloc == {1: 9, 2: 5, 3: 2, 4: 4}


def test_binding_constraints_and_their_shadow_prices(tmp_path):
    """Forest capped at 6 cells, cropland at least 9, built-up at least 4:
    the optimum is forest 6, cropland 9, built-up 4, grassland 1. Binding:
    the forest cap (1 more forest cell replaces a grassland cell: +150 - 60
    = 90 Mg C per cell = 9,000 Mg C per km2), cropland's floor (one cell
    less cropland -> grassland: +40 Mg C per cell), built-up's floor (+55).
    Grassland's loose upper bound does not bind."""
    path = _csv(tmp_path / "c.csv",
                "class,lower,upper,unit\n1,9,,cells\n4,4,,cells\n2,,6,cells\n3,,15,cells\n")
    constraints = read_constraints(path, CODES)
    result = optimize_demand(2030, CODES, TODAY, NE, DENSITY, CELL_KM2, constraints)
    assert result.demand == {1: 9, 2: 6, 3: 1, 4: 4}
    shadow = {(b.constraint.what, b.side): b.shadow_per_km2 for b in result.binding}
    assert shadow == pytest.approx({("1", "lower"): 40 / CELL_KM2, ("4", "lower"): 55 / CELL_KM2,
                                    ("2", "upper"): 90 / CELL_KM2})


def test_infeasible_constraints_name_the_conflicting_rows(tmp_path):
    """Cropland at least 12 and forest at least 9 in 20 cells cannot hold;
    the grassland row is not part of the conflict."""
    path = _csv(tmp_path / "c.csv",
                "class,lower,upper,unit\n3,,10,cells\n1,12,,cells\n2,9,,cells\n")
    constraints = read_constraints(path, CODES)
    with pytest.raises(LandCarbonError) as err:
        optimize_demand(2030, CODES, TODAY, NE, DENSITY, CELL_KM2, constraints)
    text = str(err.value)
    assert "row 2 (1 at least 12" in text and "row 3 (2 at least 9" in text
    assert "row 1 " not in text


def test_weighted_objective_against_a_brute_force(tmp_path):
    """Value per km2: built-up 1000, cropland 300, others 0. With w = 0.5
    the objective is 0.5 C/C* + 0.5 V/V*; C* and V* and the weighted best
    by brute force over whole cells."""
    path = _csv(tmp_path / "c.csv", "class,lower,upper,unit\n1,5,,cells\n4,2,8,cells\n"
                                    "2,,6,cells\n")
    constraints = read_constraints(path, CODES)
    values = {1: 300.0, 4: 1000.0}
    result = optimize_demand(2030, CODES, TODAY, NE, DENSITY, CELL_KM2, constraints,
                             values=values, weight=0.5)
    rows = [((1,), 5, None), ((4,), 2, 8), ((2,), None, 6)]
    feasible = []
    for x in itertools.product(range(21), repeat=3):
        if sum(x) <= 20:
            a = dict(zip(CODES, x + (20 - sum(x),)))
            if all((lo is None or a[c[0]] >= lo) and (hi is None or a[c[0]] <= hi)
                   for c, lo, hi in rows):
                feasible.append(a)
    carbon = [sum(DENSITY[c] * a[c] for c in CODES) for a in feasible]
    value = [sum(values.get(c, 0) * CELL_KM2 * a[c] for c in CODES) for a in feasible]
    score = [0.5 * c / max(carbon) + 0.5 * v / max(value) for c, v in zip(carbon, value)]
    best = feasible[int(np.argmax(score))]
    assert result.objective_unit == "share of the optimum"
    assert result.demand == best


@pytest.mark.parametrize("text, message", [
    ("class,lower,upper,unit\n1,5,3,cells\n", "0 <= lower <= upper"),
    ("class,lower,upper,unit\n1,,,cells\n", "lower or an upper"),
    ("class,lower,upper,unit\n1,1,,hectares\n", "use one of km2"),
    ("class,lower,upper,unit\n9,1,,cells\n", "no class of the map"),
    ("class,lower,upper,unit\nwetland,1,,cells\n", "role"),
])
def test_constraint_refusals(tmp_path, text, message):
    path = _csv(tmp_path / "c.csv", text)
    with pytest.raises(LandCarbonError, match=message):
        read_constraints(path, CODES, ROLES)


def test_a_role_without_known_roles_is_refused(tmp_path):
    """Codes 100 and 200 are no CNLUCC codes and no CLASSES table gives roles."""
    path = _csv(tmp_path / "c.csv", "class,lower,upper,unit\ncropland,1,,cells\n")
    with pytest.raises(LandCarbonError, match="roles are unknown"):
        read_constraints(path, [100, 200])


def test_a_role_the_map_lacks_is_skipped(tmp_path):
    """'water' (no class of these four) is skipped, the rest is solved as
    without it: cropland at least 9, forest at most 6 -> forest 6, the rest
    grassland (60 Mg C/ha, denser than cropland and built-up)."""
    path = _csv(tmp_path / "c.csv", "class,lower,upper,unit\nwater,1,,cells\n"
                                    "cropland,9,,cells\nforest,,6,cells\n")
    constraints = read_constraints(path, CODES, ROLES)
    assert [c.what for c in skipped(constraints)] == ["water"]
    result = optimize_demand(2030, CODES, TODAY, NE, DENSITY, CELL_KM2, constraints)
    assert result.demand == {1: 9, 2: 6, 3: 5, 4: 0}


def test_classes_of_one_role_keep_near_their_trend_among_the_optima(tmp_path):
    """Two forest classes of equal density bounded together (at most 18 of
    20 cells): every split of the 18 is carbon-optimal; the one closest to
    the trend (NE 8 and 8) keeps each between 8 and 10 (total departure 2),
    never 18 and 0."""
    codes = [1, 2, 3]
    density = {1: 100.0, 2: 100.0, 3: 10.0}
    classes = ClassTable([ClassInfo(1, "oak", None, "forest"),
                          ClassInfo(2, "pine", None, "forest"),
                          ClassInfo(3, "crop", None, "cropland")])
    path = _csv(tmp_path / "c.csv", "class,lower,upper,unit\nforest,,18,cells\n")
    result = optimize_demand(2030, codes, {1: 9, 2: 7, 3: 4}, {1: 8, 2: 8, 3: 4}, density,
                             CELL_KM2, read_constraints(path, codes, classes))
    assert result.demand[3] == 2 and result.demand[1] + result.demand[2] == 18
    assert 8 <= result.demand[1] <= 10 and 8 <= result.demand[2] <= 10
