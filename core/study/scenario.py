"""One scenario of the study (docs/study.md, step 5): its demand (Markov,
a table, the linear trend or the carbon optimum), CARS
year after year from the last known map (with probabilities predicted on
each year's starting map when the study has dynamic distance drivers), once
per seed of the ensemble, then carbon, value and LISA of every year and
pathway of the (median) run and the spread of the carbon figures over the
runs.
"""

import dataclasses
import os
import shutil

import numpy as np

from ..cars import CarsResult, YearResult
from ..common.classes import ClassTable
from ..common.demand_tables import write_demand
from ..common.errors import LandCarbonError
from ..common.outputs import Outputs
from ..common.tables import write_table
from ..demand import run_markov_demand, table_demand, trend_demand
from .carbon import carbon_folder, carbon_row
from .demand_sources import map_counts, optimization_rows, optimize, stats_counts, trend_rows
from .results import Allocation, ScenarioOutcome
from .simulation import cars, merge_years, observed_transitions, simulate
from .summary import ensemble_statistics, row_figures
from .zoned import ZoneSet


def run_scenario(s, outcome, future, probability, weights, pathways, lisa_cell, layout,
                 progress, stats=None):
    """Fill ``outcome`` (a ScenarioOutcome): demand, maps, allocation and a
    CarbonRow per pathway and target year. ``stats``: the change statistics
    of the maps (for TRANSITIONS observed and the linear trend)."""
    name = outcome.spec.name
    if s.demand_by_zone:
        run_one = _zone_plan(s, outcome, stats, future, probability, weights, layout,
                             progress.span(0.0, 0.05))
    else:
        demand_csv, matrix_csv = _demand(s, outcome, stats, layout, progress.span(0.0, 0.05))
        matrix_csv = _observed(s, stats, name, matrix_csv, layout)

        def run_one(seed, folder, span):
            return _simulate(s, name, folder, seed, demand_csv, future, probability,
                             matrix_csv, weights, span)

    median, outcome.ensemble, runs = simulate(
        s, layout, os.path.join("scenarios", name), s.target_years, s.maps[-1], run_one,
        ("scenario_map", "scenario_frequency", "scenario_mode"), {"name": name},
        ClassTable.from_csv(s.classes_path, "CLASSES table") if s.classes_path else None,
        progress.span(0.05, 0.4))
    if outcome.ensemble is not None:
        progress.info("Scenario %s: %d runs; the median (most typical) run is RANDOM_SEED %d."
                      % (name, len(runs), outcome.ensemble.median_seed))
        outcome.maps = {y: layout.path("scenario_map", name=name, year=y)
                        for y in s.target_years}
    else:
        outcome.maps = {yr.year: yr.path for yr in median.years}
    outcome.allocation = {yr.year: Allocation.from_year(median.codes, yr)
                          for yr in median.years}
    jobs = [(p, y) for p in pathways for y in s.target_years]
    carbon_part = progress.span(0.45, 1.0)
    for j, ((pathway, pools_alt), year) in enumerate(jobs):
        step = carbon_part.span(j / len(jobs), (j + 1) / len(jobs))
        step.info("Scenario %s, pathway %s, %d: carbon stock, value, LISA."
                  % (name, pathway, year))
        row = carbon_row(s, name, pathway, year, outcome.maps[year], pools_alt, layout,
                         carbon_folder(name, pathway), lisa_cell,
                         step.span(0.0, 0.7 if len(runs) > 1 else 1.0))
        if len(runs) > 1:
            row.ensemble = _spread(s, outcome, pathway, year, pools_alt, runs, layout,
                                   step.span(0.7, 1.0))
        outcome.rows.append(row)


def _observed(s, stats, name, matrix_csv, layout):
    """With TRANSITIONS observed, the conversions of the last interval only
    (and those ``matrix_csv`` allows); else ``matrix_csv``."""
    if stats is None:
        return matrix_csv
    n = len(s.maps)
    return observed_transitions(
        s, stats, n - 2, n - 1,
        layout.path("observed_transitions", run=os.path.join("scenarios", name)),
        also=matrix_csv)


def _demand(s, outcome, stats, layout, progress, name=None, zone=None):
    """The scenario's demand, one table per target year; returns ({year:
    demand CSV}, transition matrix CSV). The Markov chain always runs (its
    rules give CARS's transition matrix, its NE demand the optimisation's
    share_of_ne); a scenario with its own source then replaces the demand.
    ``name``: where its files go (default the scenario's name); ``zone``:
    the zone whose rows of a demand table apply (DEMAND_BY_ZONE)."""
    spec, name = outcome.spec, name or outcome.spec.name
    matrix_csv = layout.path("transition_matrix", name=name)
    own = spec.demand != "markov"
    mres = run_markov_demand(
        s.maps[-2], s.maps[-1], s.years[-2], s.years[-1], s.target_years,
        scenario=spec.preset or "Custom", scenario_table=spec.table_path,
        classes=s.classes_path,
        output_demand=layout.path("markov_demand" if own else "demand", name=name),
        output_probabilities=layout.path("markov_probabilities", name=name),
        output_transition_matrix=matrix_csv, progress=progress)
    outcome.demand = mres.demand
    if own:
        outcome.demand = _own_demand(s, outcome, mres, stats, layout, progress, name, zone)
        with Outputs() as out:
            write_demand(out.path(layout.path("demand", name=name)), outcome.demand,
                         mres.cell_km2)
    demand_csv = {}
    for year in s.target_years:
        demand_csv[year] = layout.path("demand_year", name=name, year=year)
        with Outputs() as out:
            write_demand(out.path(demand_csv[year]), {year: outcome.demand[year]},
                         mres.cell_km2)
    return demand_csv, matrix_csv


def _own_demand(s, outcome, mres, stats, layout, progress, name, zone=None):
    """{year: {code: cells}} of a table, trend or optimisation scenario,
    its figures kept on ``outcome`` for the report (``stats`` None: the
    class counts are taken from the maps, e.g. a zone's)."""
    spec = outcome.spec
    codes = sorted(mres.demand[s.target_years[0]])
    today = {c: int(mres.end_cells[mres.codes.index(c)]) for c in codes}
    if spec.demand == "table":
        outcome.demand_table = table_demand(spec.demand_path, s.target_years, codes,
                                            mres.valid_cells, mres.cell_km2,
                                            "DEMAND_TABLES file %s" % spec.demand_path,
                                            zone=zone)
        for year, (y0, y1) in outcome.demand_table.interpolated.items():
            progress.info("Scenario %s: the demand of %d is interpolated between %d and %d."
                          % (name, year, y0, y1))
        return outcome.demand_table.demand
    if spec.demand == "trend":
        counts = [stats_counts(stats, i) if stats is not None else map_counts(p)
                  for i, p in enumerate(s.maps)]
        outcome.trend = trend_demand(counts, s.years, s.target_years, mres.valid_cells, codes)
        with Outputs() as out:
            write_table(out.path(layout.path("trend_fit", name=name)), *trend_rows(
                outcome.trend, counts, s.years))
        for year, clipped in outcome.trend.clipped.items():
            if clipped:
                progress.warning("Scenario %s, %d: the trend of class(es) %s falls below 0; "
                                 "they get 0 cells." % (name, year, ", ".join(map(str, clipped))))
        progress.info("Scenario %s: linear trend, R2 per class %s." % (name, ", ".join(
            "%d: %.3f" % (c, r) for c, r in sorted(outcome.trend.r2.items()))))
        return outcome.trend.demand
    outcome.optimization = optimize(s, spec, codes, today, mres, progress)
    with Outputs() as out:
        write_table(out.path(layout.path("optimization", name=name)),
                    *optimization_rows(outcome.optimization, mres.cell_km2))
    return {y: r.demand for y, r in outcome.optimization.items()}


def _simulate(s, name, folder, seed, demand_csv, future, probability, matrix_csv, weights,
              progress):
    """One simulation (one seed) year after year from the last known map, into
    ``folder``; with dynamic distance drivers the probabilities of each later
    year are predicted on the map it starts from. Returns a CarsResult."""
    results = []
    current = s.maps[-1]
    for n, year in enumerate(s.target_years):
        step = progress.span(n / len(s.target_years), (n + 1) / len(s.target_years))
        if s.map_drivers and n > 0:
            tag = "%s_%d" % (name, s.target_years[n - 1]) if s.runs == 1 else \
                "%s_seed%d_%d" % (name, seed, s.target_years[n - 1])
            probability = future.predict(current, tag, step.span(0.0, 0.3))
            step = step.span(0.3, 1.0)
        results.append(cars(s, current, probability, demand_csv[year],
                            os.path.join(folder, "landuse_%d.tif" % year),
                            os.path.join(folder, "cars_log_%d.csv" % year),
                            os.path.join(folder, "allocation_%d.csv" % year), step,
                            matrix=matrix_csv, weights=weights, seed=seed))
        current = results[-1].years[0].path
    return merge_years(results)


def _zone_plan(s, outcome, stats, future, probability, weights, layout, progress):
    """DEMAND_BY_ZONE (core/study/zoned.py): each zone's maps, its demand
    (the scenario's source on the zone's maps) and transition matrix; the
    scenario's demand is the zones' plus the cells outside every zone (which
    keep their class). Returns the run_one of one simulation."""
    name = outcome.spec.name
    zones = ZoneSet(s, progress)
    last = map_counts(s.maps[-1])
    codes = sorted(last)
    folders = [zones.folder_name(z) for z in range(len(zones.names))]

    def inputs(path, year, kept, span):
        return zones.split(path, {z: layout.path("zone_input", name=name, zone=folders[z],
                                                 year=year) for z in kept}, codes, span)
    counts = inputs(s.maps[-1], s.years[-1], range(len(folders)), progress.span(0.0, 0.2))
    for z, cells in counts.items():
        if not cells:
            shutil.rmtree(layout.folder_of("zone_input", name=name, zone=folders[z],
                                           year=s.years[-1]))
            progress.warning("Scenario %s: zone %s holds no valid cell of the last map; it is "
                             "left out." % (name, zones.names[z]))
    kept = [z for z in counts if counts[z]]
    earlier = list(zip(s.maps[:-1], s.years[:-1]))
    for i, (path, year) in enumerate(earlier):
        inputs(path, year, kept, progress.span(0.2 + 0.2 * i / len(earlier),
                                               0.2 + 0.2 * (i + 1) / len(earlier)))
    plans, outside = [], dict(last)
    for i, z in enumerate(kept):
        step = progress.span(0.4 + 0.6 * i / len(kept), 0.4 + 0.6 * (i + 1) / len(kept))
        zone, cells = folders[z], counts[z]
        maps = [layout.path("zone_input", name=name, zone=zone, year=y) for y in s.years]
        s_zone = dataclasses.replace(s, maps=maps)
        part = ScenarioOutcome(outcome.spec)
        try:
            demand_csv, matrix_csv = _demand(s_zone, part, None, layout, step,
                                             name="%s/zones/%s" % (name, zone),
                                             zone=zones.names[z])
        except LandCarbonError as exc:
            raise LandCarbonError("Zone %s: %s" % (zones.names[z], exc)) from None
        matrix_csv = _observed(s, stats, "%s/zones/%s" % (name, zone), matrix_csv, layout)
        for code, n in cells.items():
            outside[code] -= n
        plans.append((z, zone, maps[-1], demand_csv, matrix_csv, part.demand))
        outcome.zone_parts = (outcome.zone_parts or []) + [(zones.names[z], part)]
        step.info("Scenario %s, zone %s: demand %s." % (name, zones.names[z], "; ".join(
            "%d: %s" % (y, ", ".join("%d %d" % kv for kv in sorted(d.items())))
            for y, d in sorted(part.demand.items()))))
    outcome.demand = {y: {c: outside.get(c, 0) + sum(p[5][y].get(c, 0) for p in plans)
                          for c in sorted(last)} for y in s.target_years}

    def run_one(seed, folder, span):
        return _simulate_zones(s, name, folder, seed, zones, plans, outside, future,
                               probability, weights, layout, span)
    return run_one


def _simulate_zones(s, name, folder, seed, zones, plans, outside, future, probability,
                    weights, layout, progress):
    """One simulation of a zoned scenario: per year, CARS in every zone on
    its own part of the map, then the zones' maps put together (cells
    outside every zone keep their class). Returns a CarsResult."""
    codes = sorted(outside)
    run = os.path.relpath(folder, layout.folder)
    current, years = s.maps[-1], []
    for n, year in enumerate(s.target_years):
        step = progress.span(n / len(s.target_years), (n + 1) / len(s.target_years))
        if s.map_drivers and n > 0:
            probability = future.predict(current, "%s_seed%d_%d" % (name, seed, year),
                                         step.span(0.0, 0.2))
        maps, demand, allocated, iterations, reasons = {}, dict(outside), dict(outside), 0, []
        starts = {} if n == 0 else {z: layout.path("zone_start", run=run, zone=zone, year=year)
                                    for z, zone, *_rest in plans}
        if starts:             # every zone's part of the map this year starts from, one pass
            zones.split(current, starts, codes, step.span(0.2, 0.3))
        for i, (z, zone, first, demand_csv, matrix_csv, _d) in enumerate(plans):
            part = step.span(0.3 + 0.7 * i / len(plans), 0.3 + 0.7 * (i + 1) / len(plans))
            start = first if n == 0 else starts[z]
            res = cars(s, start, probability, demand_csv[year],
                       layout.path("zone_map", run=run, zone=zone, year=year),
                       layout.path("zone_log", run=run, zone=zone, year=year),
                       layout.path("zone_allocation", run=run, zone=zone, year=year), part,
                       matrix=matrix_csv, weights=weights, seed=seed)
            r = res.years[0]
            for c, d, a in zip(res.codes, r.demand, r.allocated):
                demand[c] = demand.get(c, 0) + int(d)
                allocated[c] = allocated.get(c, 0) + int(a)
            maps[z] = r.path
            iterations = max(iterations, r.iterations)
            reasons.append("%s: %s" % (zones.names[z], r.stop_reason))
        path = zones.merge(current, maps, os.path.join(folder, "landuse_%d.tif" % year), codes,
                           step)
        years.append(YearResult(year, path, np.array([demand[c] for c in codes]),
                                np.array([allocated[c] for c in codes]), iterations,
                                "; ".join(reasons)))
        current = path
    return CarsResult(codes, years=years, seed=seed)


def _spread(s, outcome, pathway, year, pools_alt, runs, layout, progress):
    """Mean, sd and 5-95 % of the carbon figures of one pathway and year over
    the runs of the ensemble (figures only, no files)."""
    others = [carbon_row(s, outcome.spec.name, pathway, year, r.years[s.target_years.index(
        year)].path, pools_alt, layout, None, None, progress.span(i / len(runs),
                                                                  (i + 1) / len(runs)))
              for i, r in enumerate(runs)]
    return ensemble_statistics([row_figures(o, outcome.spec, s) for o in others])
