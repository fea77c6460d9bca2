"""landcarbon:scenarios - the whole study in one run (core/study/)."""

import shlex

from qgis.core import QgsProcessingOutputFile, QgsProcessingOutputFolder, QgsProcessingOutputHtml

from ..core.common.cluster import connect
from ..core.common.errors import LandCarbonError
from ..core.study import (
    RUNTIME,
    SCENARIO_INPUTS,
    StudySettings,
    command_args,
    run_study,
    scenarios_of,
)
from .base import LandCarbonAlgorithm, tr
from .layer_groups import load_in_groups
from .zoneparams import ZoneParameters

# the maps and years first, then the scenarios, then everything else
FIRST = ("maps", "years", "driver_paths", "distance_classes", "target_years")


class ScenariosAlgorithm(LandCarbonAlgorithm):
    """The parameters are the core's spec (core/study/settings.py)."""

    OUTPUT_REPORT = "OUTPUT_REPORT"
    OUTPUT_SUMMARY = "OUTPUT_SUMMARY"
    RUN_FOLDER = "RUN_FOLDER"
    SPECS = (StudySettings, SCENARIO_INPUTS, RUNTIME)

    GROUP_ID = "landusechange"

    def name(self):
        return "scenarios"

    def displayName(self):  # noqa: N802
        return self.tr("Land-use and carbon scenarios (whole study)")

    def description(self):
        return self.tr(
            "<p>The whole study in one run. From land-use maps of two or more past dates "
            "(oldest first) and a driver stack: land-use change statistics; LEAS development "
            "probabilities trained on the last two maps; a validation run (CARS simulates "
            "the last known map from the one before with the observed class totals; Kappa, "
            "FoM next to two baselines; out of sample with three or more maps); then for "
            "every scenario the Markov demand of the target years from the last "
            "two maps, CARS simulations year after year, and for every climate pathway and "
            "year the carbon stock (Mg C/ha), its change against the last known map, its "
            "value (currency) and LISA hot spots of the stock.</p>"
            "<p>Results go to the output folder (a new subfolder if it already holds files): "
            "every map (styled) and table of every step, summary.csv (scenario x pathway x "
            "year: area per class in km2, carbon and its change in Tg C by pool, value per "
            "price, Moran's I), report.html (charts, small maps, accuracy, drivers and every "
            "parameter, with the command to repeat the run) and parameters.json. A scenario "
            "that fails is reported and the others go on.</p>")

    def failure_help(self):
        return self.tr(
            "<ul><li>'not on the same grid': align maps and drivers first "
            "(landcarbon:preparedrivers, Raster > Align Rasters).</li>"
            "<li>'written for the six-class scheme': your maps use codes that are not "
            "CNLUCC's; give the CLASSES table a role column (cropland, forest, grassland, "
            "water, built-up, unused, other); the message shows one, ready to edit, for your "
            "codes.</li>"
            "<li>A warning 'demand was not fully met': the scenario's demand asks for more "
            "than the transition matrix and the probabilities allow; the shortfall per class "
            "is in summary.csv and the report.</li>"
            "<li>'No module named sklearn': install scikit-learn in QGIS's Python.</li></ul>")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_spec(StudySettings, only=FIRST)
        self.add_spec(SCENARIO_INPUTS)
        ZoneParameters(self).add_parameters()
        self.add_spec(StudySettings, skip=FIRST)
        self.add_spec(RUNTIME)
        self.addOutput(QgsProcessingOutputHtml(self.OUTPUT_REPORT, self.tr("Study report")))
        self.addOutput(QgsProcessingOutputFile(self.OUTPUT_SUMMARY, self.tr("Summary table")))
        self.addOutput(QgsProcessingOutputFolder(self.RUN_FOLDER, self.tr("Folder of this run")))

    # -- running -------------------------------------------------------------

    def _settings(self, parameters, context, feedback=None):
        values = self.read_spec(parameters, context, StudySettings)
        scenarios = self.read_spec(parameters, context, SCENARIO_INPUTS)
        maps, drivers = values["maps"], values["driver_paths"]
        values.update(maps=[p for _l, p in maps], map_labels=[lab for lab, _p in maps],
                      driver_paths=[p for _l, p in drivers],
                      driver_labels=[lab for lab, _p in drivers],
                      scenarios=scenarios_of(scenarios),
                      zones=ZoneParameters(self).resolve(parameters, context, feedback))
        return StudySettings(**values)

    def process(self, parameters, context, feedback, progress):
        settings = self._settings(parameters, context, feedback)
        if settings.output_folder in ("", None):
            raise LandCarbonError("Give an OUTPUT_FOLDER.")
        settings.command = repeat_command(settings)
        address = self.read_spec(parameters, context, RUNTIME)["SCHEDULER"]
        if address:
            settings.cluster = connect(scheduler=address, in_qgis=True)
            progress.info(settings.cluster.describe())
        try:
            result = run_study(settings, translate=tr, progress=progress)
        finally:
            if settings.cluster is not None:
                settings.cluster.close()
        progress.info("Report: %s" % result.report_path)
        # in the QGIS window the key maps open in a group per scenario (headless: nothing)
        load_in_groups(context, result.key_layers(tr))
        return {self.OUTPUT_REPORT: result.report_path, self.OUTPUT_SUMMARY: result.summary_path,
                self.RUN_FOLDER: result.folder, "OUTPUT_FOLDER": result.folder}


def repeat_command(s):
    """The qgis_process.bin command line that repeats a run."""
    return "qgis_process.bin run landcarbon:scenarios -- " + " ".join(
        shlex.quote(a) for a in command_args(s))
