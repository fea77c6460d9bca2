"""The whole study in one run (landcarbon:scenarios), as named steps
(docs/study.md):

1. :func:`observe`: land-use change statistics of the past maps
   (core.landuse);
2. :func:`train_future`: LEAS on the last two maps, for the scenarios
   (core/study/probabilities.py);
3. :func:`core.study.validation.validate`: CARS simulates the last known map
   from the one before with the observed class totals, scored next to its
   baselines; out of sample with three or more maps;
4. :func:`carbon_base`: climate-corrected densities per pathway, prices and
   the carbon of the last known map (core/study/carbon.py);
5. :func:`scenario` per scenario (core/study/scenario.py): its demand
   (Markov, a table, the linear trend or the carbon optimum,
   core/study/demand_sources.py),
   CARS year after year (a seed ensemble with RUNS > 1, core/study/
   simulation.py), carbon, value and LISA per pathway and year;
6. :func:`compare`: the scenarios side by side (core/study/comparison.py);
7. :func:`core.study.explain.explain`: the geographical detector of the
   carbon of the last map and of each scenario's change (core/study/
   explain.py);

then one summary CSV and one HTML report (core/study/summary.py,
report.py). Every output path is declared once in core/study/layout.py;
the results are the typed records of core/study/results.py.

Every step calls the same core function as the single algorithm. Each step
writes its outputs completely or not at all; a failed scenario is reported
and the others go on; a cancel stops after the current step and the report
says what was finished. Bad settings are refused before any work
(:func:`check_settings`).
"""

import dataclasses
import datetime
import os

import numpy as np

from ..carbon import (
    factors,
    open_zones,
    read_pathways,
    read_pools,
    run_climate_correction,
    safe_file_name,
)
from ..common import raster
from ..common.classes import ClassTable
from ..common.errors import Cancelled, LandCarbonError
from ..common.landmap import open_landuse_set, scan_codes
from ..common.outputs import Outputs
from ..common.progress import Progress
from ..common.styles import class_entries, paletted_qml
from ..common.tables import write_table
from ..demand import PRESETS, check_markov_years
from ..landuse import check_map_years, run_landuse_change
from ..leas import open_drivers
from .calibration import apply as apply_values
from .calibration import calibrate as search_settings
from .calibration import cleanup as remove_work
from .calibration import record as calibration_record
from .calibration import write_outputs as write_calibration
from .carbon import OBSERVED, carbon_row
from .comparison import compare_scenarios
from .demand_sources import check_sources
from .explain import explain
from .layout import Layout, run_folder
from .probabilities import train
from .report import write_report
from .results import ScenarioOutcome, StudyResult
from .scenario import run_scenario
from .settings import REFERENCE_PATHWAY, check_values, write_parameters
from .summary import price_column, write_summary
from .validation import validate, write_weights

# ---------------------------------------------------------------------------
# Checks before any work
# ---------------------------------------------------------------------------

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
    check_sources(s, codes, infos[-1])
    if s.zones is not None:          # opening checks the zones (grid, type, field)
        zone_index = open_zones(s.zones, infos[-1].grid, infos[-1].label, progress)
        progress.info("Results per zone: %d zones." % zone_index.count)
        zone_index.close()
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


def auto_lisa_cell_size(grid, valid_cells):
    """Analysis cells of at least 10 x 10 pixels and at most about 20,000 of
    them over the valid area (esda-scale problems stay fast)."""
    factor = max(10, int(np.ceil(np.sqrt(max(valid_cells, 1) / 20000.0))))
    return factor * max(grid.cell_width, grid.cell_height)


def run_study(settings, *, translate=None, progress=None):
    """Run the whole study into ``settings.output_folder`` (or a new subfolder
    of it when it already holds files). Returns a StudyResult; raises
    LandCarbonError for bad inputs (before any work) and Cancelled when the
    user stops (after writing the report of what was finished)."""
    progress = progress or Progress()
    s = settings
    codes, infos = check_settings(s, progress.span(0.0, 0.03))
    folder = run_folder(s.output_folder)
    layout = Layout(folder, s.years[0], s.years[-1])
    result = StudyResult(folder, s, codes,
                         started=datetime.datetime.now().isoformat(" ", "seconds"))
    if folder != os.path.abspath(s.output_folder):
        progress.warning("%s already holds files; this run is written to the new folder %s."
                         % (s.output_folder, folder))
    result.classes = (ClassTable.from_csv(s.classes_path, "CLASSES table") if s.classes_path
                      else ClassTable()).complete(codes)
    result.scenarios = [ScenarioOutcome(spec) for spec in s.scenarios]
    write_parameters(layout.path("parameters"), s)
    try:
        _run_steps(s, result, infos, layout, progress)
        result.status = "finished"
    except Cancelled:
        result.status = "cancelled"
        raise
    finally:
        if result.status == "running":
            result.status = "failed"
        with Outputs() as out:
            result.summary_path = layout.path("summary")
            write_summary(out.path(result.summary_path), result)
            result.report_path = layout.path("report")
            write_report(out.path(result.report_path), result, translate)
    failed = [o for o in result.scenarios if o.status == "failed"]
    if failed and len(failed) == len(result.scenarios):
        raise LandCarbonError("Every scenario failed (%s); see the report %s." % (
            "; ".join("%s: %s" % (o.spec.name, o.error) for o in failed), result.report_path))
    return result


def _run_steps(s, result, infos, layout, progress):
    """The study's named steps, in order (docs/study.md)."""
    result.landuse_stats = observe(s, infos, layout, progress.span(0.03, 0.08))
    if s.calibrate:
        s = result.settings = calibrate(s, result, layout, progress.span(0.08, 0.5))
        progress = progress.span(0.5, 1.0)
    future, probability = train_future(s, result, layout, progress.span(0.08, 0.2))
    result.validation = validate(s, result, infos, probability, layout, progress.span(0.2, 0.4))
    carbon_base(s, result, infos, layout, progress.span(0.4, 0.44))
    weights = write_weights(layout.path("scenario_weights"), infos[-2], infos[-1], result.codes,
                            progress.span(0.43, 0.44), s.weights)
    part = progress.span(0.44, 0.97)
    for i, outcome in enumerate(result.scenarios):
        progress.info("Step 5.%d: scenario %s." % (i + 1, outcome.spec.name))
        scenario(s, outcome, future, probability, weights, result, layout,
                 part.span(i / len(result.scenarios), (i + 1) / len(result.scenarios)))
    result.comparison = compare(s, result, layout, progress.span(0.97, 0.98))
    result.explanations = explain(s, result, layout, progress.span(0.98, 1.0))


def compare(s, result, layout, progress):
    """Step 6: the scenarios side by side (core/study/comparison.py): the
    difference maps against the reference scenario, the diversity map and
    the ranking by carbon change."""
    progress.info("Step 6: the scenarios compared.")
    comparison = compare_scenarios(s, result, layout, progress)
    if comparison is not None:
        with Outputs() as out:
            write_table(out.path(layout.path("ranking")),
                        ["pathway", "rank", "scenario", "carbon_change_Tg",
                         price_column(result.prices[0]) if result.prices else "value"],
                        [list(r) for r in comparison.ranking])
    return comparison


def observe(s, infos, layout, progress):
    """Step 1: land-use change statistics of the past maps."""
    progress.info("Step 1: land-use change statistics of %s." % ", ".join(map(str, s.years)))
    stats = run_landuse_change(
        s.maps, s.years, classes=s.classes_path, output_areas=layout.path("areas"),
        output_transitions=layout.path("transitions"), output_change=layout.path("change_map"),
        labels={"INPUTS": [i.label for i in infos]}, progress=progress)
    # the style the input maps open with in QGIS, beside the results: a paletted
    # renderer of the classes, so that the inputs themselves are never written to
    classes = ClassTable.from_csv(s.classes_path, "CLASSES table") if s.classes_path \
        else ClassTable()
    with Outputs() as out:
        with open(out.path(layout.path("observed_style")), "w", encoding="utf-8") as fh:
            fh.write(paletted_qml(class_entries(stats.codes, classes)))
    return stats


def calibrate(s, result, layout, progress):
    """Step 1b (CALIBRATE): the settings that simulate an interval before the
    validation's best (core/study/calibration.py), never seeing the last
    map; returns the settings with the chosen values, recorded in
    parameters.json (CALIBRATE then off: repeating the run gives the same
    maps without calibrating again)."""
    maps = s.maps[:-1] if len(s.maps) >= 3 else s.maps
    progress.info("Step 1b: calibration of the settings on the maps %s."
                  % ", ".join(map(str, s.years[:len(maps)])))
    if len(s.maps) < 3:
        progress.warning("Only two maps: the calibration simulates the same interval as the "
                         "validation, so the validation does not test the chosen settings "
                         "independently. Give three or more maps.")
    sub = dataclasses.replace(s, maps=maps, years=s.years[:len(maps)],
                              map_labels=s.map_labels[:len(maps)] if s.map_labels else None)
    work = os.path.join(layout.folder_of("calibration_trials"), "work")
    try:
        res = search_settings(sub, work, layout, budget_seconds=60.0 * s.calibration_budget,
                              progress=progress)
        write_calibration(res, layout.path("calibration_trials"),
                          layout.path("calibration_sensitivity"),
                          layout.path("calibration_chart"), layout.path("calibration_settings"))
    finally:
        remove_work(work)
    res.independent = len(s.maps) >= 3
    result.calibration = res
    chosen = apply_values(s, res.chosen)
    chosen.calibrate = False
    chosen.calibrated = calibration_record(res)
    write_parameters(layout.path("parameters"), chosen)
    return chosen


def train_future(s, result, layout, progress):
    """Step 2: LEAS for the scenarios, on the most recent interval. Returns
    (Probabilities, probability raster on the last map)."""
    n = len(s.maps)
    progress.info("Step 2: LEAS for the scenarios, on %d -> %d." % (s.years[-2], s.years[-1]))
    future, probability = train(s, result.landuse_stats, result.classes, n - 2, n - 1, "leas",
                                layout, progress)
    result.leas_model = future.model
    result.contributions_png = layout.path("contribution_chart", leas="leas")
    return future, probability


def carbon_base(s, result, infos, layout, progress):
    """Step 4: the climate-corrected densities of every pathway, the prices,
    the LISA analysis cell size and the carbon of the last known map."""
    progress.info("Step 4: carbon densities and the last known map's carbon (%d)."
                  % s.years[-1])
    result.pathways = [(REFERENCE_PATHWAY, None)]
    if s.pathways_path:
        res = run_climate_correction(s.pools_path, s.p_ref, s.t_ref, pathways=s.pathways_path,
                                     output_folder=layout.folder_of("pathway_factors"),
                                     output_factors=layout.path("pathway_factors"),
                                     progress=progress.span(0.0, 0.25))
        result.pathways = [(name, layout.path("pathway_pools", pathway=safe_file_name(name)))
                           for name, _p, _t, _f in res]
    result.prices = s.valuation().price_scenarios(s.years[-1], s.target_years[0])
    result.lisa_cell_size = s.lisa_cell_size or auto_lisa_cell_size(
        infos[-1].grid, int(sum(result.landuse_stats.counts(len(s.years) - 1))))
    progress.info("LISA analysis cells: %g map units." % result.lisa_cell_size)
    result.base_row = carbon_row(s, "observed", REFERENCE_PATHWAY, s.years[-1], None, None,
                                 layout, OBSERVED, result.lisa_cell_size,
                                 progress.span(0.25, 1.0))


def scenario(s, outcome, future, probability, weights, result, layout, progress):
    """Step 5: one scenario; a failed scenario is reported and the others go on."""
    try:
        run_scenario(s, outcome, future, probability, weights, result.pathways,
                     result.lisa_cell_size, layout, progress, result.landuse_stats)
        outcome.status = "finished"
    except Cancelled:
        outcome.status = "cancelled"
        raise
    except LandCarbonError as exc:
        outcome.status = "failed"
        outcome.error = str(exc)
        progress.warning("Scenario %s failed, the others go on: %s" % (outcome.spec.name, exc))
