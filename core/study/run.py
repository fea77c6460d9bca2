"""The whole study in one run (landcarbon:scenarios).

From land-use maps of two or more past dates, a driver stack, target years,
scenarios, a carbon pools table and (optionally) climate pathways:

1. land-use change statistics of the past maps (:mod:`core.landuse`);
2. LEAS on the last two maps, for the scenarios (:mod:`core.leas`);
3. validation: CARS simulates the last known map from the one before, with
   the observed class totals as demand, scored with :mod:`core.landuse`
   accuracy next to its baselines; with three or more maps its own LEAS
   learns from the interval before (out of sample);
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
import shutil

import numpy as np

from ..carbon import (
    factors,
    read_pathways,
    read_pools,
    run_carbon_stock,
    run_carbon_value,
    run_climate_correction,
    safe_file_name,
)
from ..cars import run_cars
from ..cars.ensemble import summarise_runs
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
from ..landuse import assess_accuracy, check_map_years, run_accuracy, run_landuse_change
from ..leas import (
    MIN_SAMPLES,
    LeasSettings,
    open_drivers,
    run_leas,
    run_leas_predict,
    run_prepare_drivers,
    save_model,
    train_leas,
)
from ..leas.report import ACCURACY_HEADER, accuracy_rows, contribution_chart, contribution_table
from .report import write_report
from .results import Allocation, CarbonRow, ScenarioOutcome, StudyResult
from .settings import REFERENCE_PATHWAY, check_values, write_parameters
from .summary import ensemble_statistics, row_figures, write_summary

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
    """Validate every input before heavy work: first every value against its
    spec (core/study/settings.py; no file is opened), then the maps, drivers
    and tables. Returns (class codes, infos)."""
    check_values(s)
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
    classes = ClassTable.from_csv(s.classes_path, "CLASSES table") if s.classes_path else None
    for sc in s.scenarios:
        if sc.preset and sc.preset not in PRESETS:
            raise LandCarbonError("Unknown scenario preset '%s'; the presets are %s."
                                  % (sc.preset, ", ".join(PRESETS)))
        table = sc.table()
        # codes of another scheme without roles, or a user table about none of the maps'
        # codes -> an error (rules_for); a quiet progress: the scenario's own run logs how
        # the codes were read
        rules = table.rules_for(codes, Progress(cancelled=progress.is_cancelled),
                                classes=classes)
        if rules or not table.rules:
            continue
        if classes is not None and classes.has_roles:
            # the user's roles say the maps lack what the preset is about (CP without
            # cropland): a fact of the data, so the scenario is natural evolution
            progress.warning(
                "Scenario %s: no class of the CLASSES table has the role(s) its rules are "
                "about, so it changes nothing and runs as natural evolution (NE)." % sc.name)
            continue
        # roles guessed from CNLUCC codes: the maps are more likely of another scheme
        missing = sorted(set(table.codes(classes, codes)) - set(codes))
        raise LandCarbonError(
            "Scenario %s: none of its rules applies to these maps; they are about class "
            "code(s) %s, which the maps (classes %s) do not hold. Is it written for another "
            "class scheme? Give the roles of your classes in a CLASSES table (column role), "
            "or write a scenario table for your classes (format: "
            "resources/scenarios/README.md)." % (sc.name, ", ".join(map(str, missing)),
                                                 ", ".join(map(str, codes))))
    if s.pathways_path:
        pathways = read_pathways(s.pathways_path)
        if s.p_ref is None or s.t_ref is None:
            raise LandCarbonError("Climate pathways are given: give the reference climate too "
                                  "(P_REF in mm and T_REF in deg C, where the densities of "
                                  "the POOLS table were measured).")
        for name, p, t in pathways:          # a climate no density can follow: refuse now
            factors(p, t, s.p_ref, s.t_ref, what="pathway %s" % name)
    s.valuation().price_scenarios(s.years[-1], s.target_years[0])
    return codes, infos


def auto_sampling_rate(matrix):
    """LEAS sampling rate when none is given: enough for about 50 samples of
    the class that expanded least (the official 0.01 leaves small study areas
    with too few), at least 0.01, and at most 200,000 samples in all (the
    forests grow with the sample). Classes with fewer than MIN_SAMPLES
    expansion cells in all are left out: no rate gives them a forest (they
    get P = 0 and a warning), and they would push the rate to 1 for nothing.
    ``matrix``: transition counts of the calibration pair."""
    m = np.asarray(matrix)
    gains = m.sum(axis=0) - np.diag(m)
    gains = gains[gains >= MIN_SAMPLES]
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


def _cars(s, landuse, probability, demand_csv, out_path, log_csv, allocation_csv, progress,
          matrix=None, weights=None, seed=None):
    settings = dataclasses.replace(s.cars, random_seed=s.seed if seed is None else seed, runs=1)
    return run_cars(landuse, probability, demand_csv, out_path, settings=settings,
                    transition_matrix=matrix, weights=weights, classes=s.classes_path,
                    output_log=log_csv, output_allocation=allocation_csv, cluster=s.cluster,
                    progress=progress)


# ---------------------------------------------------------------------------
# LEAS: which interval it learns from, and the drivers of each map
# ---------------------------------------------------------------------------

class Probabilities:
    """A LEAS model and the probability rasters it predicts: on a map with
    the static drivers plus, when the study has DISTANCE_TO_CLASSES, the
    distances to those classes computed from that very map (so a model never
    sees distances made from a later map, and future distances follow the
    simulated maps year after year)."""

    def __init__(self, s, paths, model, model_path, folder):
        self.s, self.paths, self.model, self.model_path = s, paths, model, model_path
        self.folder = folder

    def predict(self, landuse, tag, progress):
        """The probability raster of ``landuse`` (file name tag: e.g. a year)."""
        out = self.paths(self.folder, "probability_%s.tif" % tag)
        drivers, labels = _drivers_of(self.s, landuse, tag, self.paths, progress.span(0.0, 0.3))
        run_leas_predict(self.model_path, drivers, landuse, out, threads=self.s.threads,
                         labels={"DRIVERS": labels, "LANDUSE": os.path.basename(landuse)},
                         progress=progress.span(0.3, 1.0), cluster=self.s.cluster)
        return out


def _drivers_of(s, landuse, tag, paths, progress):
    """(driver paths, labels) for a map: the study's drivers, plus the stack
    of distances to DISTANCE_TO_CLASSES computed from ``landuse`` itself."""
    drivers = list(s.driver_paths)
    labels = list(s.driver_labels or [os.path.basename(p) for p in s.driver_paths])
    if s.distance_classes:
        stack = paths("drivers", "distance_to_classes_%s.tif" % tag)
        if not os.path.exists(stack):
            run_prepare_drivers(landuse, stack, distance_classes=s.distance_classes,
                                classes=s.classes_path,
                                labels={"REFERENCE": os.path.basename(landuse)},
                                progress=progress)
        drivers.append(stack)
        labels.append("distances to classes %s from %s"
                      % (", ".join(map(str, s.distance_classes)), os.path.basename(landuse)))
    return drivers, labels


def _train(s, result, a, b, folder, paths, progress):
    """LEAS on the maps ``a`` -> ``b`` (indices), predicted on map ``b``;
    outputs in ``folder``. Returns (Probabilities, probability raster on b)."""
    stats = result.landuse_stats
    rate = s.sampling_rate or auto_sampling_rate(stats.matrices[(a, b)])
    progress.info("LEAS on %d -> %d (sampling rate %.4g%s%s)." % (
        s.years[a], s.years[b], rate, "" if s.sampling_rate else ", chosen automatically",
        "; distances to class(es) %s from %d" % (", ".join(map(str, s.distance_classes)),
                                                 s.years[a]) if s.distance_classes else ""))
    train_drivers, labels = _drivers_of(s, s.maps[a], s.years[a], paths, progress.span(0.0, 0.1))
    model_path = paths(folder, "model.leas")
    settings = LeasSettings(sampling_rate=rate, trees=s.trees, seed=s.seed, threads=s.threads)
    if s.distance_classes:
        # the model learns from distances measured on the start map of its interval ...
        model = train_leas(s.maps[a], s.maps[b], train_drivers, settings=settings,
                           classes=result.classes, labels={"DRIVERS": labels},
                           progress=progress.span(0.1, 0.5), cluster=s.cluster)
        _write_model_outputs(model, model_path, paths, folder)
        probabilities = Probabilities(s, paths, model, model_path, folder)
        # ... and predicts from the distances of the map it predicts on
        return probabilities, probabilities.predict(s.maps[b], s.years[b],
                                                    progress.span(0.5, 1.0))
    probability = paths(folder, "probability_%d.tif" % s.years[b])
    model, _summary = run_leas(
        s.maps[a], s.maps[b], train_drivers, probability, settings=settings,
        classes=s.classes_path, output_contributions=paths(folder, "contributions.csv"),
        output_chart=paths(folder, "contributions.png"),
        output_accuracy=paths(folder, "accuracy.csv"), output_model=model_path,
        labels={"DRIVERS": labels}, progress=progress.span(0.1, 1.0), cluster=s.cluster)
    return Probabilities(s, paths, model, model_path, folder), probability


def _write_model_outputs(model, model_path, paths, folder):
    with Outputs() as out:
        save_model(model, out.path(model_path))
        write_table(out.path(paths(folder, "contributions.csv")), *contribution_table(model))
        contribution_chart(model, out.path(paths(folder, "contributions.png")))
        write_table(out.path(paths(folder, "accuracy.csv")), ACCURACY_HEADER,
                    accuracy_rows(model))


def _carbon_row(s, scenario, pathway, year, land_path, pools_alt, paths, prefix, base_stock_tif,
                lisa_cell, progress):
    """Carbon stock, change (split into land use and climate), value and LISA
    of one simulated map (or, with ``land_path`` None, of the last known
    map). With ``prefix`` None only the figures, no files (the other runs of
    an ensemble)."""
    is_base = land_path is None
    files_wanted = prefix is not None

    def out(name):
        return paths(prefix, name) if files_wanted else None

    stock_alt = None if is_base else out("carbon_stock_%d.tif" % year)
    change = None if is_base else out("carbon_change_%d_%d.tif" % (s.years[-1], year))
    res = run_carbon_stock(
        s.maps[-1], s.pools_path, landuse_alt=land_path, pools_alt=pools_alt,
        output_stock=base_stock_tif if is_base else None, output_stock_alt=stock_alt,
        output_change=change, output_summary=out("carbon_summary_%d.csv" % year),
        output_attribution=None if is_base else out("carbon_attribution_%d.csv" % year),
        labels={"LANDUSE": os.path.basename(s.maps[-1]),
                "LANDUSE_ALT": os.path.basename(land_path or s.maps[-1])},
        cluster=s.cluster, progress=progress.span(0.0, 0.4))
    files = {"stock": stock_alt or base_stock_tif, "change": change}
    stock = res.alt if not is_base else res.base
    km2 = {c: float(a) / HA_PER_KM2 for c, a in zip(res.codes, stock.area_ha)}
    pools_tg = list(stock.pools_mg.sum(axis=0) / MG_PER_TG)
    values, change_pools, attribution, split = [], [0.0] * 4, None, {}
    if not is_base:
        change_pools = list(res.pair_change_pools_mg.sum(axis=(0, 1)) / MG_PER_TG)
        landuse = res.pair_change_landuse_pools_mg
        attribution = landuse.sum(axis=2) / MG_PER_TG
        split["conversions_km2"] = {
            (a, b): float(res.pair_area_ha[i, j]) / HA_PER_KM2
            for i, a in enumerate(res.codes) for j, b in enumerate(res.codes)
            if a != b and res.pair_cells[i, j]}
        split.update(landuse_pools_tg=list(landuse.sum(axis=(0, 1)) / MG_PER_TG),
                     climate_pools_tg=list(res.pair_change_density_pools_mg.sum(axis=(0, 1))
                                           / MG_PER_TG))
        prices = s.valuation().price_scenarios(s.years[-1], year)
        if files_wanted:
            files["value"] = out("carbon_value_%d_%d.tif" % (s.years[-1], year))
            run_carbon_value(
                change, s.years[-1], year, valuation=s.valuation(), output_value=files["value"],
                output_summary=out("carbon_value_%d_%d.csv" % (s.years[-1], year)),
                cluster=s.cluster, progress=progress.span(0.4, 0.6))
        # the value of the exact change (the float64 pair sums; the value raster and its
        # CSV sum Float32 cells, which agrees to about 1e-7), and so of each part: the
        # value is linear in the change, at every price's constant
        values = [sum(change_pools) * MG_PER_TG * p.constant for p in prices]
        for part in ("landuse", "climate"):
            mg = sum(split["%s_pools_tg" % part]) * MG_PER_TG
            split["%s_values" % part] = [mg * p.constant for p in prices]
    moran_i = moran_p = None
    if files_wanted:
        lres = run_lisa(
            raster=files["stock"],
            settings=LisaSettings(cell_size=lisa_cell, statistic="mean",
                                  permutations=s.permutations, alpha=s.alpha, seed=s.seed),
            output_clusters=out("lisa_clusters_%d.tif" % year),
            output_global=out("lisa_global_%d.csv" % year),
            output_plot=out("lisa_scatter_%d.png" % year), cluster=s.cluster,
            progress=progress.span(0.6, 1.0))
        files["lisa"] = out("lisa_clusters_%d.tif" % year)
        moran_i, moran_p = lres.global_moran.I, lres.moran_p
    return CarbonRow(scenario, pathway, year, km2, pools_tg, change_pools, values,
                     moran_i, moran_p, files, attribution, **split)


def _run_scenario(s, outcome, future, probability, weights_future, pathways, lisa_cell, paths,
                  progress):
    """Markov demand, then CARS year after year from the last known map (with
    probabilities predicted on each year's starting map when the study has
    dynamic distance drivers), once per seed of the ensemble (RUNS), then
    carbon, value and LISA of every year and pathway of the median run, and
    the spread of the carbon figures over the runs."""
    spec = outcome.spec
    folder = os.path.join("scenarios", spec.name)
    matrix_csv = paths(folder, "transition_matrix.csv")
    mres = run_markov_demand(
        s.maps[-2], s.maps[-1], s.years[-2], s.years[-1], s.target_years,
        scenario=spec.preset or "Custom", scenario_table=spec.table_path,
        classes=s.classes_path, output_demand=paths(folder, "demand.csv"),
        output_probabilities=paths(folder, "transition_probabilities.csv"),
        output_transition_matrix=matrix_csv, progress=progress.span(0.0, 0.05))
    outcome.demand = mres.demand
    demand_csv = {}
    for year in s.target_years:
        demand_csv[year] = paths(folder, "demand_%d.csv" % year)
        with Outputs() as out:
            write_demand(out.path(demand_csv[year]), {year: mres.demand[year]}, mres.cell_km2)
    seeds = [s.seed + r for r in range(s.runs)]
    simulate = progress.span(0.05, 0.4)
    runs = []
    for n, seed in enumerate(seeds):
        where = folder if s.runs == 1 else os.path.join(folder, "runs", "seed_%d" % seed)
        runs.append(_simulate(s, spec.name, where, seed, demand_csv, future, probability,
                              matrix_csv, weights_future, paths,
                              simulate.span(n / len(seeds), (n + 1) / len(seeds))))
    median = 0
    if s.runs > 1:
        median = _summarise_runs(s, outcome, folder, seeds, runs, paths,
                                 progress.span(0.4, 0.45))
    outcome.maps, outcome.allocation = runs[median]
    if s.runs > 1:                          # the median run's maps are the scenario's maps
        outcome.maps = {year: _copy_map(path, paths(folder, "landuse_%d.tif" % year))
                        for year, path in runs[median][0].items()}
    jobs = [(p, y) for p in pathways for y in s.target_years]
    carbon_part = progress.span(0.45, 1.0)
    for j, ((pathway, pools_alt), year) in enumerate(jobs):
        step = carbon_part.span(j / len(jobs), (j + 1) / len(jobs))
        step.info("Scenario %s, pathway %s, %d: carbon stock, value, LISA."
                  % (spec.name, pathway, year))
        row = _carbon_row(s, spec.name, pathway, year, outcome.maps[year], pools_alt, paths,
                          os.path.join(folder, "carbon_%s" % pathway), None, lisa_cell,
                          step.span(0.0, 0.7 if s.runs > 1 else 1.0))
        if s.runs > 1:
            spread = step.span(0.7, 1.0)
            others = [_carbon_row(s, spec.name, pathway, year, maps[year], pools_alt, paths,
                                  None, None, None, spread.span(r / len(runs),
                                                                (r + 1) / len(runs)))
                      for r, (maps, _allocation) in enumerate(runs)]
            row.ensemble = ensemble_statistics([row_figures(o, outcome.spec, s)
                                                for o in others])
        outcome.rows.append(row)


def _simulate(s, name, folder, seed, demand_csv, future, probability, matrix_csv, weights,
              paths, progress):
    """One simulation (one seed) year after year from the last known map.
    Returns ({year: map}, {year: Allocation})."""
    maps, allocation = {}, {}
    current = s.maps[-1]
    for n, year in enumerate(s.target_years):
        step = progress.span(n / len(s.target_years), (n + 1) / len(s.target_years))
        if s.distance_classes and n > 0:
            tag = "%s_%d" % (name, s.target_years[n - 1]) if s.runs == 1 else \
                "%s_seed%d_%d" % (name, seed, s.target_years[n - 1])
            probability = future.predict(current, tag, step.span(0.0, 0.3))
            step = step.span(0.3, 1.0)
        cres = _cars(s, current, probability, demand_csv[year],
                     paths(folder, "landuse_%d.tif" % year),
                     paths(folder, "cars_log_%d.csv" % year),
                     paths(folder, "allocation_%d.csv" % year), step, matrix=matrix_csv,
                     weights=weights, seed=seed)
        maps[year] = current = cres.years[0].path
        allocation[year] = Allocation.from_year(cres.codes, cres.years[0])
    return maps, allocation


def _summarise_runs(s, outcome, folder, seeds, runs, paths, progress):
    """Change frequency and most frequent class per target year; the median
    run (chosen on the last target year). Returns its index."""
    summaries = []
    for n, year in enumerate(s.target_years):
        with Outputs() as out:
            summaries.append(summarise_runs(
                s.maps[-1], [maps[year] for maps, _a in runs], year,
                out.path(paths(folder, "landuse_%d_frequency.tif" % year)),
                out.path(paths(folder, "landuse_%d_mode.tif" % year)),
                ClassTable.from_csv(s.classes_path, "CLASSES table") if s.classes_path
                else None, progress.span(n / len(s.target_years),
                                         (n + 1) / len(s.target_years))))
    median = summaries[-1].median_run
    outcome.ensemble = {"seeds": seeds, "median_seed": seeds[median],
                        "agreement": summaries[-1].agreement,
                        "frequency": {y: paths(folder, "landuse_%d_frequency.tif" % y)
                                      for y in s.target_years},
                        "mode": {y: paths(folder, "landuse_%d_mode.tif" % y)
                                 for y in s.target_years}}
    progress.info("Scenario %s: %d runs; the median (most typical) run is RANDOM_SEED %d."
                  % (outcome.spec.name, len(seeds), seeds[median]))
    return median


def _copy_map(src, dst):
    """A simulated map with its style and category names."""
    with Outputs() as out:
        tmp = out.path(dst)
        shutil.copyfile(src, tmp)
        for a, b in ((os.path.splitext(src)[0] + ".qml", os.path.splitext(tmp)[0] + ".qml"),
                     (src + ".aux.xml", tmp + ".aux.xml")):
            if os.path.exists(a):
                shutil.copyfile(a, b)
    return dst


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
    result = StudyResult(folder, s, codes,
                         started=datetime.datetime.now().isoformat(" ", "seconds"))
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

    # LEAS for the future: the most recent interval. The validation simulates the
    # last map from the one before; with three or more maps its model learns from
    # the interval before that (out of sample), with two it can only reuse the one
    # interval there is (in sample; the report says so).
    progress.info("Step 2: LEAS for the scenarios, on %d -> %d." % (s.years[-2], s.years[-1]))
    future, probability = _train(s, result, n - 2, n - 1, "leas", paths,
                                 progress.span(0.08, 0.2))
    result.leas_model = future.model
    result.files["contributions_png"] = paths("leas", "contributions.png")
    out_of_sample = n >= 3
    if out_of_sample:
        progress.info("Step 3: validation, %d simulated from %d with the observed class "
                      "totals; LEAS trained on %d -> %d (out of sample)."
                      % (s.years[-1], s.years[-2], s.years[-3], s.years[-2]))
        _model, validation_probability = _train(s, result, n - 3, n - 2,
                                                os.path.join("validation", "leas"), paths,
                                                progress.span(0.2, 0.3))
    else:
        progress.warning("Only two maps: the validation simulates %d from %d with LEAS trained "
                         "on that same interval (in sample), so it shows how well the model "
                         "reproduces its own training period, not how well it predicts. Give "
                         "three or more maps for an out-of-sample validation."
                         % (s.years[-1], s.years[-2]))
        validation_probability = paths("validation", "probability_%d.tif" % s.years[-2])
        with Outputs() as out:
            shutil.copyfile(probability, out.path(validation_probability))
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
    seeds = [s.seed + r for r in range(s.runs)]
    runs, scores = [], []
    for n, seed in enumerate(seeds):
        where = "validation" if s.runs == 1 else os.path.join("validation", "runs",
                                                                 "seed_%d" % seed)
        span = step.span(0.2 + 0.6 * n / len(seeds), 0.2 + 0.6 * (n + 1) / len(seeds))
        cres = _cars(s, s.maps[-2], validation_probability, demand_csv,
                     paths(where, "simulated_%d.tif" % s.years[-1]), paths(where, "cars_log.csv"),
                     paths(where, "allocation.csv"), span.span(0.0, 0.8),
                     weights=weights_validation, seed=seed)
        runs.append(cres)
        if s.runs > 1:
            scores.append(assess_accuracy(s.maps[-2], s.maps[-1], cres.years[0].path,
                                          baselines=False, progress=span.span(0.8, 1.0)))
    median = 0
    if s.runs > 1:
        with Outputs() as out:
            summary = summarise_runs(
                s.maps[-2], [r.years[0].path for r in runs], s.years[-1],
                out.path(paths("validation", "simulated_%d_frequency.tif" % s.years[-1])),
                out.path(paths("validation", "simulated_%d_mode.tif" % s.years[-1])),
                result.classes, step.span(0.8, 0.85))
        median = summary.median_run
        _copy_map(runs[median].years[0].path, simulated)
        foms = np.array([r.fom if r.fom is not None else np.nan for r in scores])
        kappas = np.array([r.kappa if r.kappa is not None else np.nan for r in scores])
        result.validation_runs = {"seeds": seeds, "median_seed": seeds[median],
                                  "fom": [float(v) for v in foms],
                                  "kappa": [float(v) for v in kappas]}
    result.validation_allocation = Allocation.from_year(runs[median].codes,
                                                        runs[median].years[0])
    result.accuracy = run_accuracy(s.maps[-2], s.maps[-1], simulated,
                                   output_report=paths("validation", "accuracy.csv"),
                                   output_map=paths("validation", "accuracy_map.tif"),
                                   classes=s.classes_path, progress=step.span(0.85, 1.0))
    result.validation = {"initial": s.years[-2], "observed": s.years[-1], "simulated": simulated,
                         "map": paths("validation", "accuracy_map.tif"),
                         "out_of_sample": out_of_sample,
                         "leas_interval": (s.years[-3], s.years[-2]) if out_of_sample
                         else (s.years[-2], s.years[-1])}

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
            _run_scenario(s, outcome, future, probability, weights_future, result.pathways,
                          lisa_cell, paths, step)
            outcome.status = "finished"
        except Cancelled:
            outcome.status = "cancelled"
            raise
        except LandCarbonError as exc:
            outcome.status = "failed"
            outcome.error = str(exc)
            progress.warning("Scenario %s failed, the others go on: %s" % (outcome.spec.name, exc))
