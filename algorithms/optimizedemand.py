"""landcarbon:optimizedemand - the carbon-optimal land demand of a linear
programme (docs/demand.md, "Carbon-optimal scenario")."""

from ..core.demand import OPTIMIZEDEMAND_INPUTS, OPTIMIZEDEMAND_OUTPUTS, OptimizeSettings
from ..core.study import run_optimize_demand
from .base import LandCarbonAlgorithm


class OptimizeDemandAlgorithm(LandCarbonAlgorithm):
    """The parameters are the core's spec (core/demand/settings.py)."""

    SPECS = (OPTIMIZEDEMAND_INPUTS, OptimizeSettings, OPTIMIZEDEMAND_OUTPUTS)
    GROUP_ID = "landusechange"

    def name(self):
        return "optimizedemand"

    def displayName(self):  # noqa: N802
        return self.tr("Land demand (carbon optimum)")

    def description(self):
        return self.tr(
            "<p>The class areas of each target year that store the most carbon under your "
            "constraints (the multi-objective or ecological-economic balance scenario): a "
            "linear programme, maximise sum_k D_k a x_k over the cells x_k of each class "
            "(D_k the total density of the POOLS table in Mg C/ha, a the cell area in ha), "
            "with every valid cell given a class and each row of the CONSTRAINTS table "
            "bounding one class or role (km2, cells, share of the end map's area or of the "
            "Markov natural-evolution demand of the year). Solved exactly by HiGHS "
            "(scipy), rounded to whole cells.</p>"
            "<p>With a VALUES table the objective is (1 - w) carbon / best carbon + w value "
            "/ best value. The log and OUTPUT_CONSTRAINTS say which bounds bind and their "
            "shadow prices (objective gained per km2 of relaxing them). Feed OUTPUT_DEMAND "
            "to landcarbon:cars like any demand table.</p>")

    def failure_help(self):
        return self.tr(
            "<ul><li>'cannot all hold': the rows named conflict with each other and the "
            "total area; relax one of them.</li><li>'is no class of the map': a row names a "
            "code or role the end map does not hold.</li><li>'needs a projected CRS': "
            "reproject the maps (the carbon of a cell needs its area).</li></ul>")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_spec(OPTIMIZEDEMAND_INPUTS)
        self.add_spec(OptimizeSettings)
        self.add_spec(OPTIMIZEDEMAND_OUTPUTS)

    def process(self, parameters, context, feedback, progress):
        inputs = self.read_spec(parameters, context, OPTIMIZEDEMAND_INPUTS)
        start, end = inputs["LANDUSE_START"], inputs["LANDUSE_END"]
        outputs = self.read_spec(parameters, context, OPTIMIZEDEMAND_OUTPUTS)
        run_optimize_demand(
            start[1], end[1], inputs["YEAR_START"], inputs["YEAR_END"], inputs["YEARS_TARGET"],
            inputs["POOLS"], inputs["CONSTRAINTS"],
            settings=OptimizeSettings(**self.read_spec(parameters, context, OptimizeSettings)),
            values=inputs["VALUES"], classes=inputs["CLASSES"],
            output_demand=outputs["OUTPUT_DEMAND"],
            output_constraints=outputs["OUTPUT_CONSTRAINTS"],
            labels={"LANDUSE_START": "LANDUSE_START (%s)" % start[0],
                    "LANDUSE_END": "LANDUSE_END (%s)" % end[0]},
            progress=progress)
        return {k: v for k, v in outputs.items() if v}
