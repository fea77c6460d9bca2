"""landcarbon:calibrate - LEAS and CARS settings chosen by skill on a past
interval (docs/calibration.md)."""

from qgis.core import QgsProcessingOutputFile, QgsProcessingOutputFolder

from ..core.cars import CarsSettings
from ..core.study import StudySettings, run_calibration, tool_spec
from .base import LandCarbonAlgorithm


class CalibrateAlgorithm(LandCarbonAlgorithm):
    """The parameters are the core's spec (the study's and CARS's)."""

    OUTPUT_SETTINGS = "OUTPUT_SETTINGS"
    RUN_FOLDER = "RUN_FOLDER"
    SPECS = tool_spec()
    GROUP_ID = "landusechange"

    def name(self):
        return "calibrate"

    def displayName(self):  # noqa: N802
        return self.tr("Calibrate LEAS and CARS by skill")

    def description(self):
        return self.tr(
            "<p>Chooses the LEAS and CARS settings that simulate a past interval best, by the "
            "figure of merit (FoM) against the observed map, next to the random and "
            "nearest-patch baselines. Give the maps BEFORE the one you will validate on: "
            "with three or more maps LEAS learns from the interval before the last one and "
            "CARS simulates the last one (out of sample); with two, LEAS learns from the "
            "interval it simulates (in sample), and the patch threshold, decay share and "
            "proximity decay are then not searched on their own: there P is sharper than "
            "on any later interval, which would bias their scores.</p>"
            "<p>It tries one setting at a time (distance-to-class drivers, LEAS training "
            "cells, neighbourhood weights, patch threshold, seed percentage, expansion "
            "coefficient, decay share, neighbourhood size, LEAS leaf size), every value with "
            "the others fixed, each over two CARS seeds, keeps a value that beats the "
            "current one by more than the seed noise, and repeats until nothing changes or "
            "the time budget ends. Outputs: trials.csv, sensitivity.csv and .png (FoM per "
            "tried value of each setting) and chosen_settings.json; use the chosen values in "
            "landcarbon:cars and landcarbon:leas, or tick CALIBRATE in the whole study.</p>")

    def failure_help(self):
        return self.tr(
            "<ul><li>'not on the same grid': align maps and drivers first.</li>"
            "<li>The budget ended the search early: give a larger CALIBRATION_BUDGET; the "
            "table says which settings were tried.</li></ul>")

    def initAlgorithm(self, config=None):  # noqa: N802
        study, cars = self.SPECS
        self.add_spec(study)
        self.add_spec(cars, advanced=True)
        self.addOutput(QgsProcessingOutputFile(self.OUTPUT_SETTINGS,
                                               self.tr("Chosen settings (JSON)")))
        self.addOutput(QgsProcessingOutputFolder(self.RUN_FOLDER,
                                                 self.tr("Folder of this calibration")))

    def process(self, parameters, context, feedback, progress):
        study, cars = self.SPECS
        values = self.read_spec(parameters, context, study)
        maps, drivers = values["maps"], values["driver_paths"]
        values.update(maps=[p for _l, p in maps], map_labels=[lab for lab, _p in maps],
                      driver_paths=[p for _l, p in drivers],
                      driver_labels=[lab for lab, _p in drivers],
                      cars=CarsSettings(**self.read_spec(parameters, context, cars)))
        result, folder = run_calibration(StudySettings(**values), progress=progress)
        return {self.OUTPUT_SETTINGS: "%s/chosen_settings.json" % folder,
                self.RUN_FOLDER: folder, "OUTPUT_FOLDER": folder}
