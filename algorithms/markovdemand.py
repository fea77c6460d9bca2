"""landcarbon:markovdemand - land demand by a Markov chain under a scenario
(docs/demand.md)."""

from ..core.demand import (
    MARKOVDEMAND_INPUTS,
    MARKOVDEMAND_OUTPUTS,
    MarkovSettings,
    run_markov_demand,
)
from .base import LandCarbonAlgorithm


class MarkovDemandAlgorithm(LandCarbonAlgorithm):
    """The parameters are the core's spec (core/demand/settings.py)."""

    SPECS = (MARKOVDEMAND_INPUTS, MarkovSettings, MARKOVDEMAND_OUTPUTS)
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
        first = ("LANDUSE_START", "LANDUSE_END", "YEAR_START", "YEAR_END", "YEARS_TARGET")
        self.add_spec(MARKOVDEMAND_INPUTS, only=first)
        self.add_spec(MarkovSettings)
        self.add_spec(MARKOVDEMAND_INPUTS, skip=first)
        self.add_spec(MARKOVDEMAND_OUTPUTS)

    def process(self, parameters, context, feedback, progress):
        inputs = self.read_spec(parameters, context, MARKOVDEMAND_INPUTS)
        start, end = inputs["LANDUSE_START"], inputs["LANDUSE_END"]
        outputs = self.read_spec(parameters, context, MARKOVDEMAND_OUTPUTS)
        run_markov_demand(
            start[1], end[1], inputs["YEAR_START"], inputs["YEAR_END"], inputs["YEARS_TARGET"],
            settings=MarkovSettings(**self.read_spec(parameters, context, MarkovSettings)),
            scenario_table=inputs["SCENARIO_TABLE"], classes=inputs["CLASSES"],
            output_demand=outputs["OUTPUT_DEMAND"],
            output_probabilities=outputs["OUTPUT_PROBABILITIES"],
            output_transition_matrix=outputs["OUTPUT_TRANSITION_MATRIX"],
            labels={"LANDUSE_START": "LANDUSE_START (%s)" % start[0],
                    "LANDUSE_END": "LANDUSE_END (%s)" % end[0]},
            progress=progress)
        return {k: v for k, v in outputs.items() if v}
