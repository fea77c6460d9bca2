"""core.demand.markov and core.demand.scenario_rules: every number by hand or by a second
computation written here."""

import numpy as np
import pytest
from helpers import write_raster

from landcarbon.core.common.errors import LandCarbonError
from landcarbon.core.common.progress import Progress
from landcarbon.core.demand import (
    adjust_probabilities,
    largest_remainder,
    markov_demand,
    periods,
    project,
    transition_probabilities,
)
from landcarbon.core.demand.scenario_rules import ScenarioRule, ScenarioTable


def _pair(folder, counts, codes, nodata_start=0, nodata_end=0):
    """Start / end maps (one row) holding counts[i][j] cells going codes[i] ->
    codes[j], plus cells that are nodata (255) in one of the two maps."""
    start, end = [], []
    for i, a in enumerate(codes):
        for j, b in enumerate(codes):
            start += [a] * counts[i][j]
            end += [b] * counts[i][j]
    start += [255] * nodata_start + [codes[0]] * nodata_end
    end += [codes[-1]] * nodata_start + [255] * nodata_end
    s = write_raster(folder / "start.tif", np.array([start], np.uint8), nodata=255)
    e = write_raster(folder / "end.tif", np.array([end], np.uint8), nodata=255)
    return s, e


# ---------------------------------------------------------------------------
# Markov chain
# ---------------------------------------------------------------------------

def test_probabilities_and_two_step_projection_by_hand(tmp_path):
    # n = [[90, 10], [20, 80]] -> P = [[.9, .1], [.2, .8]]; end cells 110, 90
    start, end = _pair(tmp_path, [[90, 10], [20, 80]], [1, 2])
    r = markov_demand(start, end, 2000, 2010, [2020, 2030])
    np.testing.assert_allclose(r.observed_P, [[0.9, 0.1], [0.2, 0.8]])
    np.testing.assert_allclose(r.adjusted_P, r.observed_P)   # no scenario
    # one period: [110*.9 + 90*.2, 110*.1 + 90*.8] = [117, 83]
    assert r.demand[2020] == {1: 117, 2: 83}
    # two periods: P^2 = [[.83, .17], [.34, .66]] -> [121.9, 78.1] -> [122, 78]
    np.testing.assert_allclose(r.expected[2030], [121.9, 78.1])
    assert r.demand[2030] == {1: 122, 2: 78}
    assert r.valid_cells == 200 and r.cell_km2 == pytest.approx(0.0009)
    assert r.allowed.all()


def test_non_integer_periods_against_eigendecomposition(tmp_path):
    counts = [[70, 20, 10], [5, 90, 5], [10, 10, 80]]
    start, end = _pair(tmp_path, counts, [1, 2, 3])
    progress = Progress()
    r = markov_demand(start, end, 2000, 2010, [2025], progress=progress)   # m = 1.5
    p = np.array(counts, float) / 100.0
    values, vectors = np.linalg.eig(p)
    assert np.all(np.abs(values.imag) < 1e-12) and np.all(values.real > 0)
    half = (vectors @ np.diag(values ** 0.5) @ np.linalg.inv(vectors)).real
    np.testing.assert_allclose(half @ half, p, atol=1e-12)
    state = np.array(counts).sum(axis=0).astype(float)    # end cells 85, 120, 95
    np.testing.assert_allclose(r.expected[2025], state @ p @ half, rtol=1e-9)
    assert sum(r.demand[2025].values()) == 300
    assert "real matrix power" in r.methods[2025]
    assert not progress.warnings


def test_periods():
    assert periods(2030, 2000, 2010) == (2, 0.0)
    whole, frac = periods(2025, 2000, 2010)
    assert (whole, frac) == (1, 0.5)
    assert periods(2013, 2000, 2010) == (0, 0.3)


def test_complex_root_falls_back_to_interpolation():
    # a pure swap has eigenvalue -1: its square root is complex
    p = np.array([[0.0, 1.0], [1.0, 0.0]])
    x, method, warning = project([100, 0], p, 2015, 2000, 2010)
    np.testing.assert_allclose(x, [50, 50])      # halfway between [100, 0] and [0, 100]
    assert "interpolation" in method and "complex" in warning


def test_negative_root_falls_back_to_interpolation():
    # cyclic flows: the real principal root of P has negative entries
    p = np.array([[0.9, 0.1, 0.0], [0.0, 0.9, 0.1], [0.1, 0.0, 0.9]])
    x, _method, warning = project([1000, 0, 0], p, 2015, 2000, 2010)
    np.testing.assert_allclose(x, [950, 50, 0])  # halfway between [1000,0,0] and [900,100,0]
    assert "negative demand" in warning


def test_empty_row_keeps_its_class():
    p, empty = transition_probabilities([[3, 1, 0], [0, 0, 0], [1, 1, 2]])
    np.testing.assert_allclose(p, [[0.75, 0.25, 0], [0, 1, 0], [0.25, 0.25, 0.5]])
    assert empty == [1]


def test_largest_remainder_by_hand():
    assert largest_remainder([1.5, 1.5, 2.0], 5).tolist() == [2, 1, 2]   # tie: lower index
    assert largest_remainder([1 / 3] * 3, 1).tolist() == [1, 0, 0]
    assert largest_remainder([121.9, 78.1], 200).tolist() == [122, 78]
    assert largest_remainder([0.2, 0.3, 9.5], 10).tolist() == [0, 0, 10]


def test_largest_remainder_sums_exactly():
    rng = np.random.default_rng(3)
    for _ in range(500):
        total = int(rng.integers(1, 10 ** 7))
        shares = rng.random(int(rng.integers(1, 12)))
        values = shares / shares.sum() * total
        cells = largest_remainder(values, total)
        assert cells.sum() == total and cells.min() >= 0
        assert np.all(np.abs(cells - values) < 1)       # Hamilton's quota property


def test_class_that_disappears_is_left_out_of_the_demand(tmp_path):
    # class 3 exists only at the start: 3 -> 1 (4 cells), 3 -> 2 (6 cells)
    start, end = _pair(tmp_path, [[40, 10, 0], [0, 50, 0], [4, 6, 0]], [1, 2, 3])
    progress = Progress()
    r = markov_demand(start, end, 2000, 2010, [2020, 2015], progress=progress)
    np.testing.assert_allclose(r.observed_P[2], [0.4, 0.6, 0.0])
    # end cells [44, 66]; P restricted to 1, 2 = [[.8, .2], [0, 1]]: [35.2, 74.8]
    assert r.demand[2020] == {1: 35, 2: 75}
    assert set(r.demand[2015]) == {1, 2} and sum(r.demand[2015].values()) == 110
    assert any("Class 3 (class 3) has no cell in LANDUSE_END" in i for i in progress.infos)


def test_identical_maps_warn_and_keep_the_current_state(tmp_path):
    m = write_raster(tmp_path / "m.tif", np.array([[1, 1, 2, 5], [5, 5, 3, 255]], np.uint8),
                     nodata=255)
    progress = Progress()
    r = markov_demand(m, m, 2000, 2010, [2030, 2035], scenario=ScenarioTable.from_preset("UD"),
                      progress=progress)
    assert r.no_change
    assert r.demand == {2030: {1: 2, 2: 1, 3: 1, 5: 3}, 2035: {1: 2, 2: 1, 3: 1, 5: 3}}
    assert any("No cell changed class" in w for w in progress.warnings)


def test_demand_covers_all_valid_cells_of_the_end_map(tmp_path):
    # 4 cells valid only in the start map, 3 only in the end map (class 2)
    start, end = _pair(tmp_path, [[6, 2], [0, 4]], [1, 2], nodata_start=3, nodata_end=4)
    progress = Progress()
    r = markov_demand(start, end, 2000, 2010, [2020], progress=progress)
    np.testing.assert_allclose(r.observed_P, [[0.75, 0.25], [0, 1]])   # from the 12 cells
    # state = end map's 6 + 9 cells; one period: [6*.75, 6*.25 + 9] = [4.5, 10.5]
    assert r.valid_cells == 15
    assert r.demand[2020] == {1: 5, 2: 10}      # remainders tie: the lower code first
    assert any("4 cells valid only in LANDUSE_START and 3 only in LANDUSE_END" in i
               for i in progress.infos)


# ---------------------------------------------------------------------------
# Scenario adjustment
# ---------------------------------------------------------------------------

# An observed P of the six-class scheme (rows sum to 1), made up for the test.
P6 = np.array([
    [0.80, 0.04, 0.03, 0.02, 0.10, 0.01],
    [0.02, 0.90, 0.03, 0.01, 0.03, 0.01],
    [0.05, 0.10, 0.70, 0.02, 0.10, 0.03],
    [0.03, 0.02, 0.02, 0.85, 0.07, 0.01],
    [0.01, 0.02, 0.01, 0.01, 0.94, 0.01],
    [0.05, 0.05, 0.10, 0.05, 0.05, 0.70]])
CODES6 = [1, 2, 3, 4, 5, 6]


def _by_text(factors, forbidden=()):
    """Expected adjustment written from the rule text of docs/demand.md:
    factors {(from, to): f}, forbidden pairs -> 0, diagonal = residual."""
    p = P6.copy()
    for (a, b), f in factors.items():
        p[a - 1, b - 1] *= f
    for a, b in forbidden:
        p[a - 1, b - 1] = 0.0
    for i in range(6):
        p[i, i] = 0.0
        p[i, i] = 1.0 - p[i].sum()
    return p


def _apply(name):
    return adjust_probabilities(P6, CODES6, ScenarioTable.from_preset(name).rules_for(CODES6))


def test_preset_ne():
    adj = _apply("NE")
    np.testing.assert_allclose(adj.probabilities, P6)
    assert adj.allowed.all()


def test_preset_ud():
    # cropland, forest, grassland, water -> built-up x1.2; built-up -> any class
    # except cropland x0.7
    text = {(1, 5): 1.2, (2, 5): 1.2, (3, 5): 1.2, (4, 5): 1.2,
            (5, 2): 0.7, (5, 3): 0.7, (5, 4): 0.7, (5, 6): 0.7}
    adj = _apply("UD")
    np.testing.assert_allclose(adj.probabilities, _by_text(text), atol=1e-15)
    assert adj.probabilities[0, 4] == pytest.approx(0.12)
    assert adj.probabilities[0, 0] == pytest.approx(1 - 0.04 - 0.03 - 0.02 - 0.12 - 0.01)
    assert adj.probabilities[4, 0] == pytest.approx(0.01)   # built-up -> cropland unchanged
    assert adj.allowed.all()


def test_preset_cp():
    # cropland may not convert to anything: p_1j = 0 (j != 1) and 0 in the matrix
    adj = _apply("CP")
    expected = _by_text({}, forbidden=[(1, j) for j in range(2, 7)])
    np.testing.assert_allclose(adj.probabilities, expected, atol=1e-15)
    assert adj.probabilities[0].tolist() == [1, 0, 0, 0, 0, 0]
    assert adj.allowed[0].tolist() == [True, False, False, False, False, False]
    assert adj.allowed[1:].all()


def test_preset_ep():
    text = {(1, 5): 0.7, (2, 5): 0.5, (3, 5): 0.8, (4, 5): 0.8, (2, 3): 0.5,
            (4, 2): 1.2, (3, 2): 1.2, (5, 2): 1.1}
    adj = _apply("EP")
    # forest -> built-up forbidden: the ban wins over x0.5
    expected = _by_text(text, forbidden=[(2, 5)])
    np.testing.assert_allclose(adj.probabilities, expected, atol=1e-15)
    assert adj.probabilities[1, 4] == 0.0 and not adj.allowed[1, 4]
    assert adj.probabilities[1, 1] == pytest.approx(1 - 0.02 - 0.015 - 0.01 - 0 - 0.01)
    assert adj.allowed.sum() == 35


def test_negative_diagonal_rescales_the_row_by_hand():
    p = np.array([[0.3, 0.5, 0.2], [0.1, 0.8, 0.1], [0.0, 0.0, 1.0]])
    rules = [ScenarioRule(1, 2, 1.5, True, 1), ScenarioRule(1, 3, 1.5, True, 2),
             ScenarioRule(2, 1, 2.0, True, 3)]
    adj = adjust_probabilities(p, [1, 2, 3], rules)
    # row 1: 0.75 + 0.30 = 1.05 > 1 -> [0, 0.75/1.05, 0.30/1.05]
    np.testing.assert_allclose(adj.probabilities[0], [0, 0.75 / 1.05, 0.30 / 1.05])
    np.testing.assert_allclose(adj.probabilities[1], [0.2, 0.7, 0.1])   # residual 0.7
    assert adj.rescaled_rows == [0]
    np.testing.assert_allclose(adj.probabilities.sum(axis=1), 1.0)


def test_scenario_changes_the_demand(tmp_path):
    # two classes; x1.2 on 1 -> 2: P = [[.88, .12], [.2, .8]]
    start, end = _pair(tmp_path, [[90, 10], [20, 80]], [1, 2])
    table = tmp_path / "s.csv"
    table.write_text("from,to,factor,allowed\n1,2,1.2,1\n2,1,,0\n")
    r = markov_demand(start, end, 2000, 2010, [2020], scenario=str(table))
    np.testing.assert_allclose(r.adjusted_P, [[0.88, 0.12], [0.0, 1.0]])
    assert r.allowed.tolist() == [[True, True], [False, True]]
    # [110 * .88, 110 * .12 + 90] = [96.8, 103.2] -> [97, 103]
    assert r.demand[2020] == {1: 97, 2: 103}


# ---------------------------------------------------------------------------
# Scenario tables
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("body,message", [
    ("1,1,1.2,1\n", "from = to = 1"),
    ("1,2,-1,1\n", "factor -1 for 1 -> 2 is negative"),
    ("1,2,1.2,1\n1,2,0.5,1\n", "1 -> 2 appears twice \\(data rows 1 and 2\\)"),
    ("1,2,1.2,maybe\n", "allowed = 'maybe'"),
    ("1,2,x,1\n", "'x', which is not a number")])
def test_bad_scenario_tables(tmp_path, body, message):
    path = tmp_path / "s.csv"
    path.write_text("from,to,factor,allowed\n" + body)
    with pytest.raises(LandCarbonError, match=message):
        ScenarioTable.from_csv(str(path))


def test_scenario_table_without_a_column(tmp_path):
    path = tmp_path / "s.csv"
    path.write_text("from,to,factor\n1,2,1.2\n")
    with pytest.raises(LandCarbonError, match="lacks the column\\(s\\) allowed"):
        ScenarioTable.from_csv(str(path))


def test_scenario_codes_missing_from_the_maps(tmp_path):
    start, end = _pair(tmp_path, [[90, 10], [20, 80]], [1, 2])
    path = tmp_path / "s.csv"
    path.write_text("from,to,factor,allowed\n1,2,1.2,1\n7,2,1.1,1\n2,9,0,0\n")
    with pytest.raises(LandCarbonError,
                       match="names class code\\(s\\) 7, 9 that neither land-use map holds "
                             "\\(data row\\(s\\) 2, 3\\); the maps hold 1, 2"):
        markov_demand(start, end, 2000, 2010, [2020], scenario=str(path))


def test_preset_on_another_class_scheme(tmp_path):
    start, end = _pair(tmp_path, [[9, 1], [2, 8]], [5, 7])
    with pytest.raises(LandCarbonError, match="written for the six-class scheme.*code\\(s\\) 7"):
        markov_demand(start, end, 2000, 2010, [2020], scenario=ScenarioTable.from_preset("EP"))
    # NE has no rule, so it suits any scheme
    assert markov_demand(start, end, 2000, 2010, [2020], scenario=ScenarioTable.from_preset("NE"))


def test_preset_rules_about_absent_classes_are_skipped(tmp_path):
    # only cropland (1) and built-up (5): UD keeps 1 -> 5 x1.2, skips the rest
    start, end = _pair(tmp_path, [[90, 10], [5, 95]], [1, 5])
    progress = Progress()
    r = markov_demand(start, end, 2000, 2010, [2020], scenario=ScenarioTable.from_preset("UD"),
                      progress=progress)
    np.testing.assert_allclose(r.adjusted_P, [[0.88, 0.12], [0.05, 0.95]])
    assert any("no class of the role(s) forest (2), grassland (3), water (4), unused (6)" in w
               for w in progress.warnings)
    assert any("Class codes recognised as CNLUCC first level" in i for i in progress.infos)


@pytest.mark.parametrize("years,message", [
    ((2010, 2010, [2020]), "YEAR_END \\(2010\\) must be later than YEAR_START"),
    ((2000, 2010, [2010, 2020]), "YEARS_TARGET 2010: target years must be later"),
    ((2000, 2010, [2030, 2030]), "lists 2030 more than once")])
def test_bad_years(tmp_path, years, message):
    start, end = _pair(tmp_path, [[9, 1], [2, 8]], [1, 2])
    with pytest.raises(LandCarbonError, match=message):
        markov_demand(start, end, *years)
