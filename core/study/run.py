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
import json
import os
from dataclasses import dataclass, field

import numpy as np

from ..carbon import climate
from ..carbon import stock as carbon
from ..carbon import value as valuation
from ..cars.inputs import expansion_weights
from ..cars import CarsSettings, run_cars
from ..common import raster
from ..common.classes import ClassTable
from ..common.demand_tables import write_demand
from ..common.errors import Cancelled, LandCarbonError
from ..common.landmap import class_counts, cross_tabulate, open_landuse_set
from ..common.outputs import Outputs
from ..common.progress import Progress
from ..common.tables import write_table
from ..demand import check_markov_years, markov
from ..demand.scenario_rules import PRESETS, ScenarioTable
from ..hotspots import lisa
from ..landuse import check_map_years, run_accuracy, run_landuse_change
from ..leas import LeasSettings, open_drivers, run_leas

REFERENCE_PATHWAY = "reference"


@dataclass
class ScenarioSpec:
    """A scenario to run: a preset (NE, UD, CP, EP) or a table file."""

    name: str
    preset: str = None
    table_path: str = None

    @classmethod
    def from_preset(cls, key):
        return cls(key.upper(), preset=key.upper())

    @classmethod
    def from_table(cls, path):
        stem = os.path.splitext(os.path.basename(str(path)))[0]
        return cls(stem, table_path=str(path))

    def table(self):
        if self.preset:
            return ScenarioTable.from_preset(self.preset)
        return ScenarioTable.from_csv(self.table_path, "scenario table %s" % self.table_path)


@dataclass
class StudySettings:
    """Everything a study run needs. Years are calendar years; prices are per
    ``price_unit``; rates in percent; ``lisa_cell_size`` in map units (0 =
    chosen automatically)."""

    maps: list
    years: list
    driver_paths: list
    target_years: list
    scenarios: list
    pools_path: str
    output_folder: str
    map_labels: list = None
    driver_labels: list = None
    classes_path: str = None
    pathways_path: str = None
    p_ref: float = None
    t_ref: float = None
    prices: list = field(default_factory=lambda: [100.0])
    price_unit: str = "t C"
    discount_rate: float = 7.0
    price_change: float = 0.0
    lisa_cell_size: float = 0.0
    permutations: int = 999
    alpha: float = 0.05
    seed: int = 1
    sampling_rate: float = 0.0         # 0 = auto_sampling_rate
    trees: int = 20
    threads: int = 0
    cars: CarsSettings = field(default_factory=CarsSettings)
    command: str = None          # how to repeat the run (given by the caller)


@dataclass
class CarbonRow:
    """Results of one scenario x pathway x year."""

    scenario: str
    pathway: str
    year: int
    km2: dict                    # code -> km2
    pools_tg: list               # above, below, soil, dead (Tg C)
    change_pools_tg: list        # against the last known map, cells valid in both
    values: list                 # one per price (currency)
    moran_i: float = None
    moran_p: float = None
    files: dict = field(default_factory=dict)
    attribution_tg: object = None    # (K, K) Tg C per from -> to pair


@dataclass
class ScenarioOutcome:
    spec: ScenarioSpec
    status: str = "not run"
    error: str = None
    demand: dict = None
    maps: dict = field(default_factory=dict)     # year -> land-use path
    rows: list = field(default_factory=list)     # CarbonRow


@dataclass
class StudyResult:
    folder: str
    settings: StudySettings
    codes: list = None
    classes: ClassTable = None
    status: str = "running"
    landuse_stats: object = None
    leas_model: object = None
    accuracy: object = None
    validation: dict = field(default_factory=dict)
    base_row: CarbonRow = None
    scenarios: list = field(default_factory=list)
    pathways: list = field(default_factory=list)   # (name, pools path)
    prices: list = field(default_factory=list)
    files: dict = field(default_factory=dict)
    report_path: str = None
    summary_path: str = None
    started: str = None


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
    codes = set()
    scan = progress.span(0.0, 0.8)
    for i, info in enumerate(infos):
        counts, _nodata = class_counts(info, scan.span(i / len(infos), (i + 1) / len(infos)))
        codes.update(counts)
    codes = sorted(codes)
    pools = carbon.read_pools(s.pools_path, "POOLS table")
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
        climate.read_pathways(s.pathways_path)
        if s.p_ref is None or s.t_ref is None:
            raise LandCarbonError("Climate pathways are given: give the reference climate too "
                                  "(P_REF in mm and T_REF in deg C, where the densities of "
                                  "the POOLS table were measured).")
    valuation.price_scenarios(s.prices, s.price_unit, s.years[-1], s.target_years[0],
                              s.discount_rate, s.price_change)
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
    res = carbon.carbon_stock(
        s.maps[-1], s.pools_path, progress.span(0.0, 0.4),
        landuse_alt_path=land_path, pools_alt_path=pools_alt,
        labels=(os.path.basename(s.maps[-1]), os.path.basename(land_path or s.maps[-1])),
        stock_tif=base_stock_tif if is_base else None, stock_alt_tif=stock_alt,
        change_tif=change,
        summary_csv=paths(prefix, "carbon_summary_%d.csv" % year),
        attribution_csv=None if is_base else paths(prefix, "carbon_attribution_%d.csv" % year))
    files.update(stock=stock_alt or base_stock_tif, change=change)
    stock = res.alt if not is_base else res.base
    km2 = {c: float(a) / 100.0 for c, a in zip(res.codes, stock.area_ha)}
    pools_tg = list(stock.pools_mg.sum(axis=0) / 1e6)
    values, change_pools, attribution = [], [0.0] * 4, None
    if not is_base:
        pair = res.pair_change_pools_mg
        change_pools = list(pair.sum(axis=(0, 1)) / 1e6)
        attribution = pair.sum(axis=2) / 1e6
        value_tif = paths(prefix, "carbon_value_%d_%d.tif" % (s.years[-1], year))
        vres = valuation.carbon_value(
            change, s.years[-1], year, s.prices, s.price_unit, s.discount_rate,
            s.price_change, progress.span(0.4, 0.6), value_tif=value_tif,
            summary_csv=paths(prefix, "carbon_value_%d_%d.csv" % (s.years[-1], year)))
        values = list(vres.total_values)
        files["value"] = value_tif
    lres = lisa.run_lisa(
        progress.span(0.6, 1.0), raster_path=files["stock"], cell_size=lisa_cell,
        statistic="mean", permutations=s.permutations, alpha=s.alpha, seed=s.seed,
        clusters_tif=paths(prefix, "lisa_clusters_%d.tif" % year),
        global_csv=paths(prefix, "lisa_global_%d.csv" % year),
        plot_png=paths(prefix, "lisa_scatter_%d.png" % year))
    files["lisa"] = paths(prefix, "lisa_clusters_%d.tif" % year)
    return CarbonRow(scenario, pathway, year, km2, pools_tg, change_pools, values,
                     lres.global_moran.I, lres.moran_p, files, attribution)


def _run_scenario(s, outcome, probability, weights_future, pathways, lisa_cell, paths,
                  progress):
    spec = outcome.spec
    folder = os.path.join("scenarios", spec.name)
    demand_csv = paths(folder, "demand.csv")
    matrix_csv = paths(folder, "transition_matrix.csv")
    mres = markov.run_markov_demand(s.maps[-2], s.maps[-1], s.years[-2], s.years[-1],
                                    s.target_years, scenario=spec.preset or "Custom",
                                    scenario_table=spec.table_path, classes=s.classes_path,
                                    output_demand=demand_csv,
                                    output_probabilities=paths(folder, "transition_probabilities.csv"),
                                    output_transition_matrix=matrix_csv,
                                    progress=progress.span(0.0, 0.05))
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


def run_study(settings, progress=None, translate=None):
    """Run the whole study into ``settings.output_folder`` (or a new subfolder
    of it when it already holds files). Returns a StudyResult; raises
    LandCarbonError for bad inputs (before any work) and Cancelled when the
    user stops (after writing the report of what was finished)."""
    from .report import write_report, write_summary
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
    _write_parameters(paths("parameters.json"), s)
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
    result.leas_model, _summary = run_leas(s.maps[0], s.maps[1], s.driver_paths, probability,
                                           settings=LeasSettings(sampling_rate=rate, trees=s.trees, seed=s.seed, threads=s.threads),
                                           output_contributions=paths("leas", "contributions.csv"),
                                           output_chart=paths("leas", "contributions.png"),
                                           output_accuracy=paths("leas", "accuracy.csv"),
                                           output_model=paths("leas", "model.leas"),
                                           classes=s.classes_path,
                                           labels={"DRIVERS": s.driver_labels},
                                           progress=progress.span(0.08, 0.3))
    result.files["contributions_png"] = paths("leas", "contributions.png")

    progress.info("Step 3: validation, %d simulated from %d with the observed class totals."
                  % (s.years[-1], s.years[-2]))
    step = progress.span(0.3, 0.4)
    demand_csv = paths("validation", "demand_observed_%d.csv" % s.years[-1])
    demand = _validation_demand(infos, result.codes, step.span(0.0, 0.1))
    cell_km2 = None if infos[0].grid.is_geographic else \
        raster.CellAreas(infos[0].grid).constant_m2 / 1e6
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
        res = climate.climate_correction(s.pools_path, s.p_ref, s.t_ref, progress.span(0.4, 0.41),
                                         pathways_path=s.pathways_path,
                                         folder=paths.folder_of("pathways"),
                                         factors_csv=paths("pathways", "factors.csv"))
        result.pathways = [(name, paths("pathways", "pools_%s.csv" % climate.safe_file_name(name)))
                           for name, _p, _t, _f in res]
    result.prices = valuation.price_scenarios(s.prices, s.price_unit, s.years[-1],
                                              s.target_years[0], s.discount_rate, s.price_change)
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


def _write_parameters(path, s):
    record = {
        "landcarbon_command": s.command,
        "maps": s.maps, "years": s.years, "drivers": s.driver_paths,
        "target_years": s.target_years,
        "scenarios": [{"name": sc.name, "preset": sc.preset, "table": sc.table_path}
                      for sc in s.scenarios],
        "pools": s.pools_path, "classes": s.classes_path, "pathways": s.pathways_path,
        "p_ref_mm": s.p_ref, "t_ref_degC": s.t_ref,
        "prices": s.prices, "price_unit": s.price_unit, "discount_rate_pct": s.discount_rate,
        "price_change_pct": s.price_change,
        "lisa_cell_size_map_units": s.lisa_cell_size or "auto", "permutations": s.permutations,
        "alpha": s.alpha, "seed": s.seed, "sampling_rate": s.sampling_rate or "auto", "trees": s.trees,
        "threads": s.threads,
        "cars": {k: getattr(s.cars, k) for k in ("neighborhood", "patch_threshold",
                                                 "expansion_coefficient", "seed_percentage",
                                                 "max_iterations")},
    }
    with Outputs() as out:
        with open(out.path(path), "w", encoding="utf-8") as fh:
            json.dump(record, fh, indent=2, ensure_ascii=False)


def parameter_rows(s):
    """(name, value) pairs of every setting, for the report."""
    rows = [("maps", ", ".join("%s (%d)" % (p, y) for p, y in zip(s.maps, s.years))),
            ("drivers", ", ".join(s.driver_paths)),
            ("target years", ", ".join(map(str, s.target_years))),
            ("scenarios", ", ".join(sc.preset or sc.table_path for sc in s.scenarios)),
            ("pools table", s.pools_path), ("classes table", s.classes_path or "-"),
            ("climate pathways", s.pathways_path or "-"),
            ("reference climate", "-" if s.p_ref is None else "P %g mm, T %g deg C"
             % (s.p_ref, s.t_ref)),
            ("prices", "%s per %s" % (", ".join("%g" % p for p in s.prices), s.price_unit)),
            ("discount rate (%)", s.discount_rate), ("annual price change (%)", s.price_change),
            ("LISA cell size (map units)", s.lisa_cell_size or "auto"),
            ("permutations", s.permutations), ("alpha", s.alpha), ("random seed", s.seed),
            ("LEAS sampling rate", s.sampling_rate or "auto"), ("LEAS trees", s.trees),
            ("CARS neighbourhood", s.cars.neighborhood),
            ("CARS patch threshold", s.cars.patch_threshold),
            ("CARS expansion coefficient", s.cars.expansion_coefficient),
            ("CARS seed percentage", s.cars.seed_percentage),
            ("CARS max iterations", s.cars.max_iterations)]
    return rows
