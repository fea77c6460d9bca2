"""The study's demand sources besides the Markov chain (docs/demand.md,
docs/study.md step 5): checks before any work, the linear trend's class
counts and fit table, and the carbon-optimal demand's linear programme with
its table of constraints, for the study's OPT scenario and as the
optimizedemand step (:func:`run_optimize_demand`). The science is in
core/demand; this module feeds it maps, pools (core/carbon) and tables.
"""

import os

from ..carbon import read_pools
from ..common import raster
from ..common.classes import ClassTable
from ..common.demand_tables import write_demand
from ..common.errors import LandCarbonError
from ..common.landmap import class_counts, open_landuse
from ..common.outputs import Outputs
from ..common.progress import Progress
from ..common.spec import checked
from ..common.tables import write_table
from ..demand import (
    OptimizeSettings,
    check_trend_years,
    has_zones,
    markov_demand,
    optimize_demand,
    read_constraints,
    read_demand_table,
    read_values,
    skipped,
    table_years,
)


def check_sources(s, codes, end_info):
    """Refuse, before any work, a demand source that cannot run: the trend
    with fewer than three maps, an unreadable demand table or one that does
    not reach the target years, a constraints or values table that does not
    parse, the optimisation on a geographic grid."""
    classes = ClassTable.from_csv(s.classes_path, "CLASSES table") if s.classes_path else None
    areas = raster.CellAreas(end_info.grid, None, end_info.label)
    cell_km2 = areas.constant_m2 / 1e6 if areas.is_constant else None
    if s.demand_by_zone and s.zones is None:
        raise LandCarbonError("DEMAND_BY_ZONE needs zones: give ZONES (a polygon layer) or "
                              "ZONES_RASTER, or switch DEMAND_BY_ZONE off.")
    tables = [sc.name for sc in s.scenarios if sc.demand == "table" and not has_zones(
        sc.demand_path, "DEMAND_TABLES file %s" % sc.demand_path)]
    if s.demand_by_zone and tables:
        raise LandCarbonError(
            "DEMAND_BY_ZONE splits the demand by zone, but the demand table(s) of %s give one "
            "demand for the whole map (no zone column); add a column zone (each zone's name, or "
            "its code for a zone raster) or run them without DEMAND_BY_ZONE."
            % ", ".join(tables))
    for sc in s.scenarios:
        if sc.demand == "trend":
            check_trend_years(s.years, s.target_years)
        elif sc.demand == "table":
            label = "DEMAND_TABLES file %s" % sc.demand_path
            if has_zones(sc.demand_path, label):
                years = table_years(sc.demand_path, label)
            else:
                years = list(read_demand_table(sc.demand_path, label, cell_km2)[0])
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


def map_counts(path):
    """{code: cells} of a land-use map (its valid cells)."""
    return class_counts(open_landuse(path, os.path.basename(path)))[0]


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
    """{year: OptimizationResult} of the study's carbon-optimal scenario:
    today's densities (the POOLS table), the Markov NE demand of ``mres``
    for share_of_ne."""
    classes = ClassTable.from_csv(s.classes_path, "CLASSES table") if s.classes_path else None
    return _optimum(mres, codes, today, s.pools_path, spec.demand_path, classes,
                    spec.values_path, s.optimization_value_weight, s.target_years, spec.name,
                    progress)


def _optimum(mres, codes, today, pools_path, constraints_path, classes, values_path, weight,
             years, name, progress):
    label = "constraints table %s" % os.path.basename(constraints_path)
    if mres.cell_km2 is None:
        raise LandCarbonError("The carbon-optimal demand needs a projected CRS (cells of one "
                              "area, for Mg C per cell); reproject the maps.")
    pools = read_pools(pools_path, "POOLS table")
    missing = [c for c in codes if c not in pools.density]
    if missing:
        raise LandCarbonError("The POOLS table %s has no row for class code(s) %s; add one "
                              "(lucode,c_above,c_below,c_soil,c_dead in Mg C/ha) for each."
                              % (pools_path, ", ".join(map(str, missing))))
    density = {c: float(pools.density[c].sum()) for c in codes}
    constraints = read_constraints(constraints_path, codes, classes, label)
    for con in skipped(constraints):
        progress.warning("%s, row %d: no class of the map has the role '%s'; the row is "
                         "skipped." % (label, con.row, con.what))
    values = read_values(values_path) if values_path else None
    out = {}
    for year in years:
        r = optimize_demand(year, codes, today, mres.demand[year], density, mres.cell_km2,
                            constraints, values, weight, label)
        out[year] = r
        progress.info("%s, %d: the carbon optimum stores %.6g Tg C at today's densities; "
                      "binding: %s." % (
                          name, year, r.carbon_Mg / 1e6, "; ".join(
                              "%s %s (%.4g %s per km2)" % (b.constraint.describe(), b.side,
                                                           b.shadow_per_km2, r.objective_unit)
                              for b in r.binding) or "none"))
    return out


def run_optimize_demand(start, end, year_start, year_end, target_years, pools, constraints, *,
                        settings=None, values=None, classes=None, output_demand=None,
                        output_constraints=None, labels=None, progress=None):
    """The optimizedemand step: the Markov NE chain of ``start`` -> ``end``
    (for share_of_ne and the classes), then the carbon-optimal demand of
    every target year; writes the demand CSV (what CARS reads) and the
    constraints at the optimum, all or none. Returns {year:
    OptimizationResult}."""
    s = checked(OptimizeSettings, settings)
    progress = progress or Progress()
    names = ClassTable.from_csv(classes, "CLASSES table") if classes else None
    mres = markov_demand(start, end, year_start, year_end, target_years, classes=names,
                         labels=labels, progress=progress.span(0.0, 0.8))
    codes = sorted(mres.demand[sorted(mres.demand)[0]])
    today = {c: int(mres.end_cells[mres.codes.index(c)]) for c in codes}
    results = _optimum(mres, codes, today, pools, constraints, names, values, s.value_weight,
                       sorted(mres.demand), "Carbon optimum", progress)
    with Outputs() as out:
        if output_demand:
            write_demand(out.path(output_demand), {y: r.demand for y, r in results.items()},
                         mres.cell_km2)
        if output_constraints:
            write_table(out.path(output_constraints), *optimization_rows(results, mres.cell_km2))
    progress.set(1.0)
    return results


def optimization_rows(results, cell_km2):
    """The optimization CSV: per year and constraint row, each side, whether
    it binds and its shadow price (objective gained per km2 relaxed)."""
    header = ["year", "row", "class", "side", "bound_km2", "binds",
              "shadow_price_per_km2", "objective_unit", "optimum_carbon_Mg"]
    rows = [[year, b.constraint.row, b.constraint.what, b.side, b.bound_cells * cell_km2,
             1 if b.binds else 0, b.shadow_per_km2, r.objective_unit, r.carbon_Mg]
            for year, r in sorted(results.items()) for b in r.sides]
    return header, rows
