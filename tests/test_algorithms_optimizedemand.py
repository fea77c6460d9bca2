"""landcarbon:optimizedemand through QGIS Processing: the carbon optimum of
bands around the Markov demand against a greedy fill computed here (box
bounds of one class each and a total: lower bounds first, then the densest
class up to its upper bound), its constraints table, and a conflict named."""

import numpy as np
import pytest
from helpers import read_csv
from qgis.core import QgsProcessingException
from test_algorithms_markov_accuracy import _six_class_pair

from landcarbon.core.common.demand_tables import read_demand

DENSITY = {1: 60.0, 2: 200.0, 3: 90.0, 4: 0.0, 5: 25.0, 6: 10.0}     # Mg C/ha
CELL_KM2 = 0.0009                                                   # 30 m cells


def _files(folder, rows):
    pools = folder / "pools.csv"
    pools.write_text("lucode,c_above,c_below,c_soil,c_dead\n" + "".join(
        "%d,%g,0,0,0\n" % (c, d) for c, d in DENSITY.items()))
    constraints = folder / "constraints.csv"
    constraints.write_text("class,lower,upper,unit\n" + "".join(rows))
    return str(pools), str(constraints)


def _params(tmp_path, start, end, pools, constraints):
    return {"LANDUSE_START": start, "LANDUSE_END": end, "YEAR_START": 2010, "YEAR_END": 2020,
            "YEARS_TARGET": "2030", "POOLS": pools, "CONSTRAINTS": constraints,
            "OUTPUT_DEMAND": str(tmp_path / "out" / "demand.csv"),
            "OUTPUT_CONSTRAINTS": str(tmp_path / "out" / "constraints.csv")}


def _markov(start, end):
    """The NE demand of 2030 (one period), computed here."""
    valid = end != 255
    both = valid & (start != 255)
    n = np.zeros((6, 6))
    np.add.at(n, (start[both] - 1, end[both] - 1), 1)
    state = np.bincount(end[valid], minlength=7)[1:].astype(float)
    return dict(zip(range(1, 7), state @ (n / n.sum(axis=1, keepdims=True)))), int(valid.sum())


def test_optimum_of_bands_around_the_trend_equals_a_greedy_fill(run_alg, tmp_path):
    start_path, end_path, start, end = _six_class_pair(tmp_path)
    pools, constraints = _files(tmp_path, ["%d,0.9,1.1,share_of_ne\n" % c for c in range(1, 7)])
    results, _feedback = run_alg("optimizedemand",
                                 _params(tmp_path, start_path, end_path, pools, constraints))
    demand = read_demand(results["OUTPUT_DEMAND"])[2030]
    ne, total = _markov(start, end)
    # the demand rounds the LP's shares of the Markov demand; the greedy uses the
    # Markov demand before rounding, so both agree within a cell
    x = {c: 0.9 * ne[c] for c in ne}
    left = total - sum(x.values())
    for c in sorted(ne, key=lambda c: -DENSITY[c]):
        room = min(left, 0.2 * ne[c])
        x[c] += room
        left -= room
    assert sum(demand.values()) == total
    for c in ne:
        assert abs(demand[c] - x[c]) <= 1.0, (c, demand[c], x[c])
    rows = read_csv(results["OUTPUT_CONSTRAINTS"])
    binds = {(r["class"], r["side"]) for r in rows if r["binds"] == "1"}
    assert ("2", "upper") in binds and ("4", "lower") in binds and ("6", "lower") in binds
    forest_cap = [r for r in rows if r["class"] == "2" and r["side"] == "upper"][0]
    # one more km2 of forest (200 Mg C/ha) instead of the class that took the
    # last cells: the marginal class is the one left between its bounds
    marginal = [c for c in ne if 0.9 * ne[c] + 1e-6 < x[c] < 1.1 * ne[c] - 1e-6]
    assert len(marginal) == 1
    assert float(forest_cap["shadow_price_per_km2"]) == pytest.approx(
        (DENSITY[2] - DENSITY[marginal[0]]) * 100, rel=1e-6)
    # the bound is 1.1 x the Markov demand in whole cells (within a cell of ours)
    assert abs(float(forest_cap["bound_km2"]) - 1.1 * ne[2] * CELL_KM2) <= 1.1 * CELL_KM2


def test_conflicting_constraints_are_named_and_nothing_is_written(run_alg, tmp_path):
    start_path, end_path, _start, _end = _six_class_pair(tmp_path)
    pools, constraints = _files(tmp_path, ["1,0.6,,km2\n", "3,,0.2,km2\n",
                                           "2,0.6,,km2\n"])
    with pytest.raises(QgsProcessingException) as err:
        run_alg("optimizedemand", _params(tmp_path, start_path, end_path, pools, constraints))
    assert "row 1 (1 at least 0.6 km2)" in str(err.value)
    assert "row 3 (2 at least 0.6 km2)" in str(err.value)
    assert "row 2" not in str(err.value)
    assert not (tmp_path / "out" / "demand.csv").exists()
