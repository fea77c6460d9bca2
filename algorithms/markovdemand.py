"""landcarbon:markovdemand - land demand by a Markov chain under a scenario
(docs/demand.md)."""

from qgis.core import (
    QgsProcessingParameterEnum,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterLayer,
    QgsProcessingParameterString,
)

from ..core.common.tables import parse_number_list
from ..core.demand import run_markov_demand
from .base import LandCarbonAlgorithm

SCENARIOS = ["NE", "UD", "CP", "EP", "Custom"]
SCENARIO_LABELS = ["NE - natural evolution", "UD - urban development",
                   "CP - cropland protection", "EP - ecological protection",
                   "Custom (SCENARIO_TABLE)"]


class MarkovDemandAlgorithm(LandCarbonAlgorithm):
    LANDUSE_START = "LANDUSE_START"
    LANDUSE_END = "LANDUSE_END"
    YEAR_START = "YEAR_START"
    YEAR_END = "YEAR_END"
    YEARS_TARGET = "YEARS_TARGET"
    SCENARIO = "SCENARIO"
    SCENARIO_TABLE = "SCENARIO_TABLE"
    CLASSES = "CLASSES"
    OUTPUT_DEMAND = "OUTPUT_DEMAND"
    OUTPUT_PROBABILITIES = "OUTPUT_PROBABILITIES"
    OUTPUT_TRANSITION_MATRIX = "OUTPUT_TRANSITION_MATRIX"

    GROUP_ID = "landusechange"

    def name(self):
        return "markovdemand"

    def displayName(self):  # noqa: N802
        return self.tr("Land demand (Markov chain)")

    def description(self):
        return self.tr(
            "<p>How many cells of each land-use class a future year needs, from the change "
            "between two past maps: a Markov chain whose transition probabilities "
            "P_ij = n_ij / n_i+ (rows = class at the start, columns = class at the end, over "
            "cells valid at both dates) are adjusted for a policy scenario and projected "
            "m = (target - end) / (end - start) periods ahead: demand = cells per class at the "
            "end date x P^m.</p>"
            "<p>Scenario: each listed conversion's probability is multiplied by its factor, "
            "a forbidden conversion gets 0 (and a 0 in the transition matrix for CARS); the "
            "diagonal takes the rest of the row (if that is negative, the row's conversions "
            "are scaled to sum 1). The presets UD, CP, EP are written on class roles "
            "(cropland, forest, grassland, water, built-up, unused, other), so they work "
            "for any classification: give the role of each class in the CLASSES table "
            "(column role; several codes may share a role, e.g. NLCD 21-24 built-up). "
            "Without roles, the codes of the CNLUCC scheme are recognised (1-6, or the "
            "subclasses 11-67 by their first digit) and the log says so. Custom reads "
            "your own table (CSV from,to,factor,allowed with class codes and/or roles; "
            "see resources/scenarios/README.md).</p>"
            "<p>A non-integer number of periods uses the real matrix power "
            "(scipy fractional_matrix_power); when it is complex or negative (no stochastic "
            "root), the demand is interpolated between whole periods and a warning says "
            "so. The demand is rounded to whole cells by largest remainder and sums exactly "
            "to the valid cell count of the end map.</p>"
            "<p>Outputs: the demand CSV year,code,cells,km2 that CARS reads, the observed and "
            "scenario-adjusted probabilities, and the 0/1 transition matrix for CARS.</p>")

    def failure_help(self):
        return self.tr(
            "<ul><li>'not on the same grid': align the two maps first (Raster > Align "
            "Rasters, nearest neighbour).</li><li>'written for the six-class scheme': your "
            "maps use codes that are not CNLUCC's; give a CLASSES table with a role column "
            "(the message shows one, ready to edit, for your codes).</li><li>'gives none to "
            "class code(s)': add the roles of those classes to the CLASSES table ('other' "
            "for a class that is none of the six).</li><li>'names class code(s) ... that "
            "neither map holds': fix the codes in your scenario table.</li><li>'No cell "
            "changed class' (warning): the two maps are identical; check the files and "
            "years.</li>"
            "<li>'real matrix power was not usable' (warning): choose target years a whole "
            "number of periods after the end year for an exact projection.</li></ul>")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add(QgsProcessingParameterRasterLayer(
            self.LANDUSE_START, self.tr("Land-use map at the start (earlier date)")),
            self.tr("Integer class codes; the earlier of the two calibration maps."))
        self.add(QgsProcessingParameterRasterLayer(
            self.LANDUSE_END, self.tr("Land-use map at the end (later date)")),
            self.tr("Same grid as the start map. The demand starts from its class counts "
                    "(all its valid cells), so it sums to its valid cell count."))
        self.add(QgsProcessingParameterNumber(
            self.YEAR_START, self.tr("Year of the start map"),
            QgsProcessingParameterNumber.Integer, defaultValue=2010),
            self.tr("Calendar year of the start map, e.g. 2010."))
        self.add(QgsProcessingParameterNumber(
            self.YEAR_END, self.tr("Year of the end map"),
            QgsProcessingParameterNumber.Integer, defaultValue=2020),
            self.tr("Calendar year of the end map; later than the start year. One period = "
                    "end year - start year."))
        self.add(QgsProcessingParameterString(
            self.YEARS_TARGET, self.tr("Target years"), defaultValue="2030"),
            self.tr("One or more years after the end year, separated by commas (e.g. "
                    "2030,2040). Each is projected from the end map."))
        self.add(QgsProcessingParameterEnum(
            self.SCENARIO, self.tr("Scenario"), options=SCENARIO_LABELS, defaultValue=0),
            self.tr("NE keeps the observed probabilities. UD: cropland, forest, grassland, "
                    "water -> built-up x1.2, built-up -> other classes except cropland x0.7. "
                    "CP: cropland may not convert to another role. EP: conversions to built-up "
                    "x0.5-0.8, forest -> built-up forbidden, forest -> grassland x0.5, to "
                    "forest x1.1-1.2. UD, CP, EP apply by class role: the CLASSES table's role "
                    "column, or without one the CNLUCC codes (1 cropland, 2 forest, "
                    "3 grassland, 4 water, 5 built-up, 6 unused, or the subclasses 11-67). "
                    "Custom: your SCENARIO_TABLE."))
        self.add(QgsProcessingParameterFile(
            self.SCENARIO_TABLE, self.tr("Scenario table (CSV from,to,factor,allowed)"),
            extension="csv", optional=True),
            self.tr("Only with SCENARIO = Custom. One row per adjusted conversion: from and "
                    "to class codes or class roles (a role = every class with that role), "
                    "factor multiplying its probability (1.2 = +20 %, empty = 1), allowed 1 "
                    "or 0 (0 = forbidden: probability 0 and a 0 in the transition matrix). "
                    "The presets in resources/scenarios are examples."))
        self.add(QgsProcessingParameterFile(
            self.CLASSES, self.tr("Class names and colours (CSV code,name,color)"),
            extension="csv", optional=True),
            self.tr("Optional: names used in the probabilities table and the log. An optional "
                    "column role (cropland, forest, grassland, water, built-up, unused, other; "
                    "e.g. 'urban', 'barren', 耕地 accepted) tells the presets UD, CP, EP which "
                    "class is which, for any classification; several codes may share a role."))
        self.add(QgsProcessingParameterFileDestination(
            self.OUTPUT_DEMAND, self.tr("Land demand"), "CSV files (*.csv)"),
            self.tr("CSV year,code,cells,km2: whole cells per class and target year, summing "
                    "to the valid cell count of the end map (what CARS allocates); km2 is "
                    "empty for a geographic CRS."))
        self.add(QgsProcessingParameterFileDestination(
            self.OUTPUT_PROBABILITIES, self.tr("Transition probabilities"),
            "CSV files (*.csv)", optional=True,
            createByDefault=True),
            self.tr("CSV, one row per from -> to pair: observed cells, observed probability, "
                    "scenario factor, allowed (1/0), scenario-adjusted probability, note."))
        self.add(QgsProcessingParameterFileDestination(
            self.OUTPUT_TRANSITION_MATRIX, self.tr("Transition matrix for CARS"),
            "CSV files (*.csv)", optional=True,
            createByDefault=True),
            self.tr("Square CSV, header row and first column = class codes, rows = from, "
                    "1 = allowed, 0 = forbidden by the scenario."))

    def process(self, parameters, context, feedback, progress):
        start = self.raster_source(parameters, self.LANDUSE_START, context)
        end = self.raster_source(parameters, self.LANDUSE_END, context)
        targets = parse_number_list(
            self.parameterAsString(parameters, self.YEARS_TARGET, context), "YEARS_TARGET",
            integer=True)
        scenario = SCENARIOS[self.parameterAsEnum(parameters, self.SCENARIO, context)]
        outputs = {name: self.output_or_none(parameters, name, context)
                   for name in (self.OUTPUT_DEMAND, self.OUTPUT_PROBABILITIES,
                                self.OUTPUT_TRANSITION_MATRIX)}
        run_markov_demand(
            start[1], end[1], self.parameterAsInt(parameters, self.YEAR_START, context),
            self.parameterAsInt(parameters, self.YEAR_END, context), targets,
            scenario=scenario,
            scenario_table=self.file_or_none(parameters, self.SCENARIO_TABLE, context),
            classes=self.file_or_none(parameters, self.CLASSES, context),
            output_demand=outputs[self.OUTPUT_DEMAND],
            output_probabilities=outputs[self.OUTPUT_PROBABILITIES],
            output_transition_matrix=outputs[self.OUTPUT_TRANSITION_MATRIX],
            labels={"LANDUSE_START": "LANDUSE_START (%s)" % start[0],
                    "LANDUSE_END": "LANDUSE_END (%s)" % end[0]},
            progress=progress)
        return {k: v for k, v in outputs.items() if v}
