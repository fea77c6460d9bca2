"""The whole study in one run (landcarbon:scenarios).

From land-use maps of two or more past dates, a driver stack, target years,
scenarios, a carbon pools table and (optionally) climate pathways:

1. land-use change statistics of the past maps (:mod:`core.landuse`);
2. LEAS once, on the first two maps (:mod:`core.leas`);
3. validation: CARS simulates the last known map from the one before, with
   the observed class totals as demand, scored with :mod:`core.accuracy`;
4. for every scenario: Markov demand from the last two maps
   (:mod:`core.markov`), CARS for every target year (:mod:`core.cars`), and
   for every pathway and year the carbon stock and its change against the
   last known map (:mod:`core.carbon`; future maps use the pathway's
   climate-corrected densities, :mod:`core.climate`), its value
   (:mod:`core.valuation`) and LISA hot spots of the stock (:mod:`core.lisa`);
5. one summary CSV and one HTML report (:mod:`core.report`).

Every step calls the same core function as the single algorithm. Each step
writes its outputs completely or not at all; a failed scenario is reported
and the others go on; a cancel stops after the current step and the report
says what was finished.
"""

import dataclasses
import datetime
import os

import numpy as np

from ..carbon import (
    read_pathways,
    read_pools,
    run_carbon_stock,
    run_carbon_value,
    run_climate_correction,
    safe_file_name,
)
from ..cars import run_cars
from ..cars.inputs import expansion_weights
from ..common import raster
from ..common.classes import ClassTable
from ..common.demand_tables import write_demand
from ..common.errors import Cancelled, LandCarbonError
from ..common.landmap import cross_tabulate, open_landuse_set, scan_codes
from ..common.outputs import Outputs
from ..common.progress import Progress
from ..common.tables import write_table
from ..common.units import HA_PER_KM2, M2_PER_KM2, MG_PER_TG
from ..demand import PRESETS, check_markov_years, run_markov_demand
from ..hotspots import LisaSettings, run_lisa
from ..landuse import check_map_years, run_accuracy, run_landuse_change
from ..leas import LeasSettings, open_drivers, run_leas
from .report import write_report
from .results import CarbonRow, ScenarioOutcome, StudyResult
from .settings import REFERENCE_PATHWAY, write_parameters
from .summary import write_summary

# ---------------------------------------------------------------------------
# Checks before any work
# ---------------------------------------------------------------------------

def run_folder(folder):
    """The folder to write into: ``folder`` itself when it is new or empty,
    else a new subfolder run_YYYYmmdd_HHMMSS (a previous run is never
    overwritten)."""
    folder = os.path.abspath(str(folder))
    if os.path.exists(folder) and not os.path.isdir(folder):
        raise LandCarbonError("OUTPUT_FOLDER %s is a file; give a folder." % folder)
    if os.path.isdir(folder) and os.listdir(folder):
        stamp = datetime.datetime.now().strftime("run_%Y%m%d_%H%M%S")
        candidate, n = os.path.join(folder, stamp), 1
        while os.path.exists(candidate):
            n += 1
            candidate = os.path.join(folder, "%s_%d" % (stamp, n))
        folder = candidate
    parent = folder
    while not os.path.exists(parent):
        parent = os.path.dirname(parent)
    if not os.access(parent, os.W_OK):
        raise LandCarbonError("The output folder %s is not writable; choose a folder you can "
                              "write to." % parent)
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError as exc:
        raise LandCarbonError("Cannot create the output folder %s (%s)."
                              % (folder, exc.strerror or exc)) from None
    return folder


def check_settings(s, progress):
    """Validate every input before heavy work; returns (class codes, infos)."""
    check_map_years(s.years, len(s.maps))
    check_markov_years(s.years[-2], s.years[-1], s.target_years)
    labels = s.map_labels or [os.path.basename(p) for p in s.maps]
    infos = open_landuse_set(s.maps, labels, progress)
    drivers = open_drivers(s.driver_paths, s.driver_labels, progress)
    raster.check_same_grid([(infos[0].label, infos[0].grid)]
                           + [(d.info.label, d.info.grid) for d in drivers if d.info.band == 1])
    codes, _nodata = scan_codes(infos, progress.span(0.0, 0.8))
    pools = read_pools(s.pools_path, "POOLS table")
    missing = [c for c in codes if c not in pools.codes]
    if missing:
        raise LandCarbonError(
            "The POOLS table %s has no row for class code(s) %s of the land-use maps; add "
            "a row (lucode,c_above,c_below,c_soil,c_dead in Mg C/ha) for each."
            % (s.pools_path, ", ".join(map(str, missing))))
    if not s.scenarios:
        raise LandCarbonError("No scenario chosen: pick presets (NE, UD, CP, EP) and/or give "
                              "scenario tables.")
    names = [sc.name for sc in s.scenarios]
    dup = sorted({n for n in names if names.count(n) > 1})
    if dup:
        raise LandCarbonError("Two scenarios are called %s; rename a table file."
                              % ", ".join(dup))
    for sc in s.scenarios:
        if sc.preset and sc.preset not in PRESETS:
            raise LandCarbonError("Unknown scenario preset '%s'; the presets are %s."
                                  % (sc.preset, ", ".join(PRESETS)))
        table = sc.table()
        rules = table.rules_for(codes, progress)   # codes of another scheme -> error naming them
        if table.rules and not rules:
            missing = sorted(set(table.codes()) - set(codes))
            raise LandCarbonError(
                "Scenario %s: none of its rules applies to these maps; they are about class "
                "code(s) %s, which the maps (classes %s) do not hold. Is it written for another "
                "class scheme? Write a scenario table for your classes (format: "
                "resources/scenarios/README.md)." % (sc.name, ", ".join(map(str, missing)),
                                                     ", ".join(map(str, codes))))
    if s.pathways_path:
        read_pathways(s.pathways_path)
        if s.p_ref is None or s.t_ref is None:
            raise LandCarbonError("Climate pathways are given: give the reference climate too "
                                  "(P_REF in mm and T_REF in deg C, where the densities of "
                                  "the POOLS table were measured).")
    s.valuation().price_scenarios(s.years[-1], s.target_years[0])
    if s.permutations < 0:
        raise LandCarbonError("PERMUTATIONS is %d; give 0 or more." % s.permutations)
    return codes, infos


def auto_sampling_rate(matrix):
    """LEAS sampling rate when none is given: enough for about 50 samples of
    the class that expanded least (the official 0.01 leaves small study areas
    with too few), at least 0.01, and at most 200,000 samples in all (the
    forests grow with the sample). ``matrix``: transition counts of the
    calibration pair."""
    m = np.asarray(matrix)
    gains = m.sum(axis=0) - np.diag(m)
    gains = gains[gains > 0]
    if not gains.size:
        return 0.01
    rate = max(0.01, 50.0 / gains.min())
    return float(min(rate, 1.0, max(0.01, 200000.0 / gains.sum())))


def auto_lisa_cell_size(grid, valid_cells):
    """Analysis cells of at least 10 x 10 pixels and at most about 20,000 of
    them over the valid area (esda-scale problems stay fast)."""
    factor = max(10, int(np.ceil(np.sqrt(max(valid_cells, 1) / 20000.0))))
    return factor * max(grid.cell_width, grid.cell_height)


# ---------------------------------------------------------------------------
# Steps
# ---------------------------------------------------------------------------

class _Paths:
    """File names inside the run folder."""

    def __init__(self, folder):
        self.folder = folder

    def __call__(self, *parts):
        path = os.path.join(self.folder, *parts)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        return path

    def folder_of(self, *parts):
        path = os.path.join(self.folder, *parts)
        os.makedirs(path, exist_ok=True)
        return path


def _validation_demand(infos, codes, progress):
    """Demand of the validation run: the observed class totals of the last map
    over the cells valid in the map before it (cells valid only in the earlier
    map keep their class)."""
    counts = cross_tabulate(infos[-2], infos[-1], codes, progress)
    demand = counts.matrix.sum(axis=0) + (counts.start_cells - counts.matrix.sum(axis=1))
    return {int(c): int(n) for c, n in zip(codes, demand)}


def _write_weights(path, start_info, end_info, codes, progress):
    weights, _gained = expansion_weights(start_info, end_info, codes, progress)
    if weights is None:
        weights = np.ones(len(codes))
    write_table(path, ["code", "weight"], [[c, float(w)] for c, w in zip(codes, weights)])
    return path


def _cars(s, landuse, probability, demand_csv, out_path, log_csv, progress, matrix=None,
          weights=None):
    settings = dataclasses.replace(s.cars, random_seed=s.seed)
    return run_cars(landuse, probability, demand_csv, out_path, output_log=log_csv,
                    transition_matrix=matrix, weights=weights, classes=s.classes_path,
                    settings=settings, progress=progress)


def _carbon_row(s, scenario, pathway, year, land_path, pools_alt, paths, prefix, base_stock_tif,
                lisa_cell, progress):
    """Carbon stock, change, value and LISA of one simulated (or the base) map."""
    is_base = land_path is None
    files = {}
    stock_alt = None if is_base else paths(prefix, "carbon_stock_%d.tif" % year)
    change = None if is_base else paths(prefix, "carbon_change_%d_%d.tif" % (s.years[-1], year))
    res = run_carbon_stock(
        s.maps[-1], s.pools_path, landuse_alt=land_path, pools_alt=pools_alt,
        output_stock=base_stock_tif if is_base else None, output_stock_alt=stock_alt,
        output_change=change, output_summary=paths(prefix, "carbon_summary_%d.csv" % year),
        output_attribution=None if is_base else paths(prefix,
                                                      "carbon_attribution_%d.csv" % year),
        labels={"LANDUSE": os.path.basename(s.maps[-1]),
                "LANDUSE_ALT": os.path.basename(land_path or s.maps[-1])},
        progress=progress.span(0.0, 0.4))
    files.update(stock=stock_alt or base_stock_tif, change=change)
    stock = res.alt if not is_base else res.base
    km2 = {c: float(a) / HA_PER_KM2 for c, a in zip(res.codes, stock.area_ha)}
    pools_tg = list(stock.pools_mg.sum(axis=0) / MG_PER_TG)
    values, change_pools, attribution = [], [0.0] * 4, None
    if not is_base:
        pair = res.pair_change_pools_mg
        change_pools = list(pair.sum(axis=(0, 1)) / MG_PER_TG)
        attribution = pair.sum(axis=2) / MG_PER_TG
        value_tif = paths(prefix, "carbon_value_%d_%d.tif" % (s.years[-1], year))
        vres = run_carbon_value(
            change, s.years[-1], year, valuation=s.valuation(), output_value=value_tif,
            output_summary=paths(prefix, "carbon_value_%d_%d.csv" % (s.years[-1], year)),
            progress=progress.span(0.4, 0.6))
        values = list(vres.total_values)
        files["value"] = value_tif
    lres = run_lisa(
        raster=files["stock"],
        settings=LisaSettings(cell_size=lisa_cell, statistic="mean", permutations=s.permutations,
                              alpha=s.alpha, seed=s.seed),
        output_clusters=paths(prefix, "lisa_clusters_%d.tif" % year),
        output_global=paths(prefix, "lisa_global_%d.csv" % year),
        output_plot=paths(prefix, "lisa_scatter_%d.png" % year), progress=progress.span(0.6, 1.0))
    files["lisa"] = paths(prefix, "lisa_clusters_%d.tif" % year)
    return CarbonRow(scenario, pathway, year, km2, pools_tg, change_pools, values,
                     lres.global_moran.I, lres.moran_p, files, attribution)


def _run_scenario(s, outcome, probability, weights_future, pathways, lisa_cell, paths,
                  progress):
    spec = outcome.spec
    folder = os.path.join("scenarios", spec.name)
    demand_csv = paths(folder, "demand.csv")
    matrix_csv = paths(folder, "transition_matrix.csv")
    mres = run_markov_demand(
        s.maps[-2], s.maps[-1], s.years[-2], s.years[-1], s.target_years,
        scenario=spec.preset or "Custom", scenario_table=spec.table_path,
        classes=s.classes_path, output_demand=demand_csv,
        output_probabilities=paths(folder, "transition_probabilities.csv"),
        output_transition_matrix=matrix_csv, progress=progress.span(0.0, 0.05))
    outcome.demand = mres.demand
    cres = _cars(s, s.maps[-1], probability, demand_csv,
                 paths(folder, "landuse_%d.tif" % s.target_years[-1]),
                 paths(folder, "cars_log.csv"), progress.span(0.05, 0.45), matrix=matrix_csv,
                 weights=weights_future)
    outcome.maps = {y.year: y.path for y in cres.years}
    jobs = [(p, y) for p in pathways for y in s.target_years]
    carbon_part = progress.span(0.45, 1.0)
    for j, ((pathway, pools_alt), year) in enumerate(jobs):
        step = carbon_part.span(j / len(jobs), (j + 1) / len(jobs))
        step.info("Scenario %s, pathway %s, %d: carbon stock, value, LISA."
                  % (spec.name, pathway, year))
        row = _carbon_row(s, spec.name, pathway, year, outcome.maps[year], pools_alt, paths,
                          os.path.join(folder, "carbon_%s" % pathway), None, lisa_cell, step)
        outcome.rows.append(row)


def run_study(settings, *, translate=None, progress=None):
    """Run the whole study into ``settings.output_folder`` (or a new subfolder
    of it when it already holds files). Returns a StudyResult; raises
    LandCarbonError for bad inputs (before any work) and Cancelled when the
    user stops (after writing the report of what was finished)."""
    progress = progress or Progress()
    s = settings
    codes, infos = check_settings(s, progress.span(0.0, 0.03))
    folder = run_folder(s.output_folder)
    paths = _Paths(folder)
    result = StudyResult(folder, s, codes, started=datetime.datetime.now().isoformat(" ", "seconds"))
    if folder != os.path.abspath(s.output_folder):
        progress.warning("%s already holds files; this run is written to the new folder %s."
                         % (s.output_folder, folder))
    result.classes = (ClassTable.from_csv(s.classes_path, "CLASSES table") if s.classes_path
                      else ClassTable()).complete(codes)
    result.scenarios = [ScenarioOutcome(spec) for spec in s.scenarios]
    write_parameters(paths("parameters.json"), s)
    try:
        _run_steps(s, result, infos, paths, progress)
        result.status = "finished"
    except Cancelled:
        result.status = "cancelled"
        raise
    finally:
        if result.status == "running":
            result.status = "failed"
        with Outputs() as out:
            result.summary_path = paths("summary.csv")
            write_summary(out.path(result.summary_path), result)
            result.report_path = paths("report.html")
            write_report(out.path(result.report_path), result, translate)
    failed = [o for o in result.scenarios if o.status == "failed"]
    if failed and len(failed) == len(result.scenarios):
        raise LandCarbonError("Every scenario failed (%s); see the report %s." % (
            "; ".join("%s: %s" % (o.spec.name, o.error) for o in failed), result.report_path))
    return result


def _run_steps(s, result, infos, paths, progress):
    n = len(s.maps)
    progress.info("Step 1: land-use change statistics of %s." % ", ".join(map(str, s.years)))
    result.landuse_stats = run_landuse_change(
        s.maps, s.years, classes=s.classes_path, output_areas=paths("landuse", "areas.csv"),
        output_transitions=paths("landuse", "transitions.csv"),
        output_change=paths("landuse", "change_%d_%d.tif" % (s.years[0], s.years[-1])),
        labels={"INPUTS": [i.label for i in infos]}, progress=progress.span(0.03, 0.08))

    rate = s.sampling_rate or auto_sampling_rate(result.landuse_stats.matrices[(0, 1)])
    progress.info("Step 2: LEAS on %d -> %d (sampling rate %.4g%s)." % (
        s.years[0], s.years[1], rate, "" if s.sampling_rate else ", chosen automatically"))
    probability = paths("leas", "probability.tif")
    result.leas_model, _summary = run_leas(
        s.maps[0], s.maps[1], s.driver_paths, probability,
        settings=LeasSettings(sampling_rate=rate, trees=s.trees, seed=s.seed, threads=s.threads),
        classes=s.classes_path, output_contributions=paths("leas", "contributions.csv"),
        output_chart=paths("leas", "contributions.png"),
        output_accuracy=paths("leas", "accuracy.csv"), output_model=paths("leas", "model.leas"),
        labels={"DRIVERS": s.driver_labels}, progress=progress.span(0.08, 0.3))
    result.files["contributions_png"] = paths("leas", "contributions.png")

    progress.info("Step 3: validation, %d simulated from %d with the observed class totals."
                  % (s.years[-1], s.years[-2]))
    step = progress.span(0.3, 0.4)
    demand_csv = paths("validation", "demand_observed_%d.csv" % s.years[-1])
    demand = _validation_demand(infos, result.codes, step.span(0.0, 0.1))
    cell_km2 = None if infos[0].grid.is_geographic else \
        raster.CellAreas(infos[0].grid).constant_m2 / M2_PER_KM2
    with Outputs() as out:
        write_demand(out.path(demand_csv), {s.years[-1]: demand}, cell_km2)
    start = infos[-3] if n >= 3 else infos[0]
    weights_validation = _write_weights(paths("validation", "weights.csv"), start, infos[-2],
                                        result.codes, step.span(0.1, 0.2))
    simulated = paths("validation", "simulated_%d.tif" % s.years[-1])
    _cars(s, s.maps[-2], probability, demand_csv, simulated,
          paths("validation", "cars_log.csv"), step.span(0.2, 0.8), weights=weights_validation)
    result.accuracy = run_accuracy(s.maps[-2], s.maps[-1], simulated,
                                   output_report=paths("validation", "accuracy.csv"),
                                   output_map=paths("validation", "accuracy_map.tif"),
                                   classes=s.classes_path, progress=step.span(0.8, 1.0))
    result.validation = {"initial": s.years[-2], "observed": s.years[-1], "simulated": simulated,
                         "map": paths("validation", "accuracy_map.tif")}

    progress.info("Step 4: carbon densities and the last known map's carbon (%d)." % s.years[-1])
    result.pathways = [(REFERENCE_PATHWAY, None)]
    if s.pathways_path:
        res = run_climate_correction(s.pools_path, s.p_ref, s.t_ref, pathways=s.pathways_path,
                                     output_folder=paths.folder_of("pathways"),
                                     output_factors=paths("pathways", "factors.csv"),
                                     progress=progress.span(0.4, 0.41))
        result.pathways = [(name, paths("pathways", "pools_%s.csv" % safe_file_name(name)))
                           for name, _p, _t, _f in res]
    result.prices = s.valuation().price_scenarios(s.years[-1], s.target_years[0])
    lisa_cell = s.lisa_cell_size or auto_lisa_cell_size(
        infos[-1].grid, int(sum(result.landuse_stats.counts(len(s.years) - 1))))
    progress.info("LISA analysis cells: %g map units." % lisa_cell)
    result.files["lisa_cell_size"] = lisa_cell
    result.base_row = _carbon_row(s, "observed", REFERENCE_PATHWAY, s.years[-1], None,
                                  None, paths, "carbon_observed",
                                  paths("carbon_observed", "carbon_stock_%d.tif" % s.years[-1]),
                                  lisa_cell, progress.span(0.41, 0.43))

    weights_future = _write_weights(paths("scenarios", "weights.csv"), infos[-2], infos[-1],
                                    result.codes, progress.span(0.43, 0.44))
    part = progress.span(0.44, 0.97)
    for i, outcome in enumerate(result.scenarios):
        step = part.span(i / len(result.scenarios), (i + 1) / len(result.scenarios))
        progress.info("Step 5.%d: scenario %s." % (i + 1, outcome.spec.name))
        try:
            _run_scenario(s, outcome, probability, weights_future, result.pathways, lisa_cell,
                          paths, step)
            outcome.status = "finished"
        except Cancelled:
            outcome.status = "cancelled"
            raise
        except LandCarbonError as exc:
            outcome.status = "failed"
            outcome.error = str(exc)
            progress.warning("Scenario %s failed, the others go on: %s" % (outcome.spec.name, exc))
