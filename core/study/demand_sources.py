"""The study's demand sources besides the Markov chain (docs/demand.md,
docs/study.md step 5): checks before any work, the linear trend's class
counts and fit table, and the carbon-optimal scenario's linear programme
with its table of constraints. The science is in core/demand; this module
feeds it the study's maps, pools and tables.
"""

import os

from ..carbon import read_pools
from ..common import raster
from ..common.classes import ClassTable
from ..common.errors import LandCarbonError
from ..demand import (
    check_trend_years,
    optimize_demand,
    read_constraints,
    read_demand_table,
    read_values,
)


def check_sources(s, codes, end_info):
    """Refuse, before any work, a demand source that cannot run: the trend
    with fewer than three maps, an unreadable demand table or one that does
    not reach the target years, a constraints or values table that does not
    parse, the optimisation on a geographic grid."""
    classes = ClassTable.from_csv(s.classes_path, "CLASSES table") if s.classes_path else None
    areas = raster.CellAreas(end_info.grid, None, end_info.label)
    cell_km2 = areas.constant_m2 / 1e6 if areas.is_constant else None
    for sc in s.scenarios:
        if sc.demand == "trend":
            check_trend_years(s.years, s.target_years)
        elif sc.demand == "table":
            label = "DEMAND_TABLES file %s" % sc.demand_path
            table, _unit = read_demand_table(sc.demand_path, label, cell_km2)
            years = list(table)
            outside = [y for y in s.target_years if not years[0] <= y <= years[-1]]
            if outside:
                raise LandCarbonError(
                    "%s gives the years %s; the target year(s) %s are outside them (a demand "
                    "table is interpolated between its years, never extrapolated)."
                    % (label, ", ".join(map(str, years)), ", ".join(map(str, outside))))
        elif sc.demand == "optimization":
            if cell_km2 is None:
                raise LandCarbonError(
                    "The carbon-optimal scenario needs a projected CRS (cells of one area, "
                    "for Mg C per cell); %s has a geographic one. Reproject the maps."
                    % end_info.label)
            read_constraints(sc.demand_path, codes, classes,
                             "OPTIMIZATION_CONSTRAINTS table %s" % sc.demand_path)
            if sc.values_path:
                read_values(sc.values_path)


def stats_counts(stats, d):
    """{code: cells} of map ``d`` (cells valid in every map)."""
    return {c: int(n) for c, n in zip(stats.codes, stats.counts(d))}


def trend_rows(trend, counts, years):
    """The trend_fit CSV: per class its cells in every map, the slope and R2."""
    header = ["code"] + ["cells_%d" % y for y in years] + ["slope_cells_per_year", "r2"]
    rows = [[c] + [counts[d].get(c, 0) for d in range(len(years))]
            + [trend.slope_cells_per_year[c], trend.r2[c]] for c in trend.codes]
    return header, rows


def optimize(s, spec, codes, today, mres, progress):
    """{year: OptimizationResult} of a carbon-optimal scenario: today's
    densities (the POOLS table), the Markov NE demand of ``mres`` for
    share_of_ne."""
    label = "OPTIMIZATION_CONSTRAINTS table %s" % os.path.basename(spec.demand_path)
    classes = ClassTable.from_csv(s.classes_path, "CLASSES table") if s.classes_path else None
    pools = read_pools(s.pools_path, "POOLS table")
    density = {c: float(pools.density[c].sum()) for c in codes}
    constraints = read_constraints(spec.demand_path, codes, classes, label)
    values = read_values(spec.values_path) if spec.values_path else None
    out = {}
    for year in s.target_years:
        r = optimize_demand(year, codes, today, mres.demand[year], density, mres.cell_km2,
                            constraints, values, s.optimization_value_weight, label)
        out[year] = r
        progress.info("Scenario %s, %d: the carbon optimum stores %.6g Tg C at today's "
                      "densities; binding: %s." % (
                          spec.name, year, r.carbon_Mg / 1e6, "; ".join(
                              "%s %s (%.4g %s per km2)" % (b.constraint.describe(), b.side,
                                                           b.shadow_per_km2, r.objective_unit)
                              for b in r.binding) or "none"))
    return out


def optimization_rows(results, cell_km2):
    """The optimization CSV: per year and constraint row, each side, whether
    it binds and its shadow price (objective gained per km2 relaxed)."""
    header = ["year", "row", "class", "side", "bound_km2", "binds",
              "shadow_price_per_km2", "objective_unit", "optimum_carbon_Mg"]
    rows = [[year, b.constraint.row, b.constraint.what, b.side, b.bound_cells * cell_km2,
             1 if b.binds else 0, b.shadow_per_km2, r.objective_unit, r.carbon_Mg]
            for year, r in sorted(results.items()) for b in r.sides]
    return header, rows
