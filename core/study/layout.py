"""Where every output of a study run goes: one declaration per file
(docs/study.md, "Output folder", is this list; tests/test_study_layout.py
checks that it says so).

A name's placeholders are filled by :meth:`Layout.path`: ``{y1}`` the first
map's year, ``{yn}`` the last map's, ``{year}`` a target year (or, for the
validation, the observed year), ``{tag}`` a year or a scenario and year,
``{name}`` a scenario, ``{pathway}`` a climate pathway, ``{s}`` a seed;
``{leas}`` is ``leas`` (the model of the scenarios) or ``validation/leas``
(the validation's own, with three or more maps), ``{run}`` the folder of one
simulation (the scenario's or the validation's folder, or a seed's folder of
an ensemble under ``runs/seed_{s}``).
"""

import datetime
import os
import re
from dataclasses import dataclass

from ..common.errors import LandCarbonError


@dataclass(frozen=True)
class Output:
    """One file of a run: ``key`` (how the code asks for it), ``name`` (its
    path in the run folder, with placeholders), ``about`` (what it holds),
    ``when`` (empty: always)."""

    key: str
    name: str
    about: str
    when: str = ""


OUTPUTS = (
    Output("parameters", "parameters.json", "every setting (repeat with python3 -m landcarbon)"),
    Output("summary", "summary.csv", "one row per scenario, pathway and year"),
    Output("report", "report.html", "the report: charts, maps, accuracy, parameters"),
    Output("areas", "landuse/areas.csv", "areas per class and map"),
    Output("transitions", "landuse/transitions.csv", "transition matrices of the maps"),
    Output("change_map", "landuse/change_{y1}_{yn}.tif", "from -> to map, first to last"),
    Output("observed_style", "landuse/observed_landuse.qml",
           "class colours and names of the input maps (the inputs are never touched)"),
    Output("distance_drivers", "drivers/distance_to_classes_{tag}.tif",
           "distances to DISTANCE_TO_CLASSES from one map", "DISTANCE_TO_CLASSES"),
    Output("distance_every_class", "drivers/distance_to_every_class_{tag}.tif",
           "distance to every class from one map", "LANDSCAPE_DRIVERS"),
    Output("class_shares", "drivers/class_shares_{tag}.tif",
           "share of every class around each cell, from one map",
           "LANDSCAPE_DRIVERS distance and share"),
    Output("observed_transitions", "{run}/transitions_observed.csv",
           "conversions observed in LEAS's interval", "TRANSITIONS observed"),
    Output("calibration_trials", "calibration/trials.csv", "every trial: settings, FoM",
           "CALIBRATE"),
    Output("calibration_sensitivity", "calibration/sensitivity.csv",
           "FoM per tried value of each setting", "CALIBRATE"),
    Output("calibration_chart", "calibration/sensitivity.png", "the same as a chart",
           "CALIBRATE"),
    Output("calibration_settings", "calibration/chosen_settings.json",
           "the chosen settings and their scores", "CALIBRATE"),
    Output("probability", "{leas}/probability_{tag}.tif", "development probabilities"),
    Output("contributions", "{leas}/contributions.csv", "driver contributions"),
    Output("contribution_chart", "{leas}/contributions.png", "driver contributions, chart"),
    Output("leas_accuracy", "{leas}/accuracy.csv", "LEAS accuracy per class"),
    Output("leas_model", "{leas}/model.leas", "the trained forests"),
    Output("validation_demand", "validation/demand_observed_{year}.csv",
           "observed class totals, the demand of the validation"),
    Output("validation_weights", "validation/weights.csv", "neighbourhood weights"),
    Output("validation_map", "validation/simulated_{year}.tif", "the simulated map"),
    Output("validation_log", "{run}/cars_log.csv", "CARS iterations"),
    Output("validation_allocation", "{run}/allocation.csv", "demand, allocated, shortfall"),
    Output("validation_run_map", "{run}/simulated_{year}.tif", "one seed's map", "RUNS > 1"),
    Output("validation_frequency", "validation/simulated_{year}_frequency.tif",
           "runs that changed each cell", "RUNS > 1"),
    Output("validation_mode", "validation/simulated_{year}_mode.tif",
           "most frequent class over the runs", "RUNS > 1"),
    Output("validation_accuracy", "validation/accuracy.csv",
           "Kappa, FoM and both baselines"),
    Output("validation_accuracy_map", "validation/accuracy_map.tif",
           "hits, misses, false alarms"),
    Output("validation_transitions", "validation/accuracy_transitions.csv",
           "skill per from -> to conversion"),
    Output("validation_multiresolution", "validation/accuracy_multiresolution.csv",
           "quantity, exchange, shift per resolution; null resolution"),
    Output("validation_multiresolution_chart", "validation/accuracy_multiresolution.png",
           "the same as a chart"),
    Output("validation_auc", "validation/probability_auc.csv",
           "AUC of the validation's probabilities per class"),
    Output("validation_toc", "validation/probability_toc.csv", "their TOC curves"),
    Output("validation_toc_chart", "validation/probability_toc.png", "the TOC chart"),
    Output("pathway_pools", "pathways/pools_{pathway}.csv", "corrected densities", "PATHWAYS"),
    Output("pathway_factors", "pathways/factors.csv", "climate factors", "PATHWAYS"),
    Output("scenario_weights", "scenarios/weights.csv", "neighbourhood weights"),
    Output("demand", "scenarios/{name}/demand.csv",
           "demand of every target year (Markov, table, trend or optimisation)"),
    Output("markov_demand", "scenarios/{name}/demand_markov.csv",
           "the Markov (NE) demand beside a scenario's own", "DEMAND_TABLES, TREND, OPT"),
    Output("trend_fit", "scenarios/{name}/trend_fit.csv",
           "per class: cells per map, slope (cells/year), R2", "TREND_SCENARIO"),
    Output("optimization", "scenarios/{name}/optimization.csv",
           "per year: constraints, binding side, shadow price per km2",
           "OPTIMIZATION_CONSTRAINTS"),
    Output("demand_year", "scenarios/{name}/demand_{year}.csv", "demand of one year"),
    Output("markov_probabilities", "scenarios/{name}/transition_probabilities.csv",
           "Markov transition probabilities"),
    Output("transition_matrix", "scenarios/{name}/transition_matrix.csv",
           "allowed conversions (scenario rules)"),
    Output("zone_input", "scenarios/{name}/zones/{zone}/landuse_input_{year}.tif",
           "a map of the zone alone (nodata outside it)", "DEMAND_BY_ZONE"),
    Output("zone_start", "{run}/zones/{zone}/landuse_start_{year}.tif",
           "the zone's part of the map a later year starts from", "DEMAND_BY_ZONE"),
    Output("zone_map", "{run}/zones/{zone}/landuse_{year}.tif",
           "the zone's simulated map (its own demand)", "DEMAND_BY_ZONE"),
    Output("zone_log", "{run}/zones/{zone}/cars_log_{year}.csv", "the zone's CARS iterations",
           "DEMAND_BY_ZONE"),
    Output("zone_allocation", "{run}/zones/{zone}/allocation_{year}.csv",
           "the zone's demand, allocated, shortfall", "DEMAND_BY_ZONE"),
    Output("scenario_map", "scenarios/{name}/landuse_{year}.tif", "the simulated map"),
    Output("scenario_run_map", "{run}/landuse_{year}.tif", "one seed's map", "RUNS > 1"),
    Output("scenario_log", "{run}/cars_log_{year}.csv", "CARS iterations"),
    Output("scenario_allocation", "{run}/allocation_{year}.csv",
           "demand, allocated, shortfall"),
    Output("scenario_frequency", "scenarios/{name}/landuse_{year}_frequency.tif",
           "runs that changed each cell", "RUNS > 1"),
    Output("scenario_mode", "scenarios/{name}/landuse_{year}_mode.tif",
           "most frequent class over the runs", "RUNS > 1"),
    Output("carbon_stock", "{carbon}/carbon_stock_{year}.tif", "carbon stock, Mg C/ha"),
    Output("carbon_change", "{carbon}/carbon_change_{yn}_{year}.tif",
           "change against the last map, Mg C/ha", "scenario maps"),
    Output("carbon_summary", "{carbon}/carbon_summary_{year}.csv", "totals per pool, Mg"),
    Output("carbon_zones", "{carbon}/carbon_zones_{year}.csv",
           "cells, km2, carbon and its change per zone", "ZONES"),
    Output("carbon_attribution", "{carbon}/carbon_attribution_{year}.csv",
           "change per from -> to pair, Mg", "scenario maps"),
    Output("carbon_value", "{carbon}/carbon_value_{yn}_{year}.tif",
           "value of the change, currency/ha", "scenario maps"),
    Output("carbon_value_table", "{carbon}/carbon_value_{yn}_{year}.csv",
           "value per price, currency", "scenario maps"),
    Output("lisa_clusters", "{carbon}/lisa_clusters_{year}.tif", "LISA clusters"),
    Output("lisa_global", "{carbon}/lisa_global_{year}.csv", "Moran's I"),
    Output("lisa_scatter", "{carbon}/lisa_scatter_{year}.png", "Moran scatter plot"),
    Output("compare_carbon", "comparison/carbon_{name}_minus_{base}_{pathway}_{year}.tif",
           "carbon stock of a scenario minus the reference scenario's, Mg C/ha",
           "two or more scenarios"),
    Output("compare_landuse", "comparison/landuse_{name}_vs_{base}_{year}.tif",
           "a scenario's class where it differs from the reference scenario's",
           "two or more scenarios"),
    Output("diversity", "comparison/diversity_{year}.tif",
           "how many different classes a cell takes across the scenarios",
           "two or more scenarios"),
    Output("ranking", "comparison/ranking.csv",
           "per pathway the scenarios by carbon change in the last target year",
           "two or more scenarios"),
    Output("geodetector_factors", "geodetector/{tag}_factors.csv",
           "geographical detector: q, p and the discretisation of every factor",
           "drivers and carbon maps"),
    Output("geodetector_interactions", "geodetector/{tag}_interactions.csv",
           "q of every pair of factors and the interaction type", "drivers and carbon maps"),
    Output("geodetector_risk", "geodetector/{tag}_risk.csv",
           "mean carbon per stratum and Welch's t-tests", "drivers and carbon maps"),
    Output("geodetector_ecological", "geodetector/{tag}_ecological.csv",
           "F tests between the factors", "drivers and carbon maps"),
)

# what the folder placeholders stand for
FOLDERS = (
    ("{leas}", "leas (the scenarios' model), validation/leas (the validation's own, "
               "three or more maps) or validation (a copy of the scenarios', two maps)"),
    ("{run}", "validation or scenarios/{name}; with RUNS > 1 each seed's "
              "<folder>/runs/seed_{s}"),
    ("{carbon}", "carbon_observed (the last map) or scenarios/{name}/carbon_{pathway}"),
    ("{tag}", "observed_stock_<yn> or <scenario>_change_<year>"),
    ("{zone}", "zone_<number>_<name> (DEMAND_BY_ZONE); the zone's demand files are those "
               "of a scenario in scenarios/{name}/zones/{zone}"),
)

BY_KEY = {o.key: o for o in OUTPUTS}
_FIELD = re.compile(r"\{(\w+)\}")


class Layout:
    """The files of one run folder. ``path(key, **fields)`` gives the
    absolute path of an output (its folder is made); ``y1`` and ``yn`` are
    known from the run."""

    def __init__(self, folder, y1, yn):
        self.folder = folder
        self.fixed = {"y1": y1, "yn": yn}

    def path(self, key, **fields):
        values = dict(self.fixed, **fields)
        name = _FIELD.sub(lambda m: str(values[m.group(1)]), BY_KEY[key].name)
        path = os.path.join(self.folder, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        return path

    def folder_of(self, key, **fields):
        """The folder an output goes into (made)."""
        return os.path.dirname(self.path(key, **fields))

    def runs_folder(self, folder):
        """The folder of the seed runs of an ensemble under ``folder``."""
        return os.path.join(self.folder, folder, "runs")

    def seed_folder(self, folder, seed):
        """``folder`` (relative) of one simulation: itself, or its seed's
        folder in an ensemble (``seed`` None: a single run)."""
        return folder if seed is None else os.path.join(folder, "runs", "seed_%d" % seed)


def _doc(text):
    return _FIELD.sub(r"<\1>", text)


def markdown_table():
    """The list of outputs as docs/study.md shows it (<y1> for {y1} ...)."""
    lines = ["| file | what | when |", "|---|---|---|"]
    lines += ["| `%s` | %s | %s |" % (_doc(o.name), o.about, o.when or "always")
              for o in OUTPUTS]
    lines += ["", "Folders: " + "; ".join("`%s` = %s" % (_doc(k), _doc(v))
                                          for k, v in FOLDERS) + "."]
    return "\n".join(lines)


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
