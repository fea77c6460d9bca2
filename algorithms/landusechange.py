"""landcarbon:landusechange - land-use change statistics (docs/landuse-change.md)."""

from ..core.landuse import LANDUSECHANGE_INPUTS, LANDUSECHANGE_OUTPUTS, run_landuse_change
from .base import LandCarbonAlgorithm


class LandUseChangeAlgorithm(LandCarbonAlgorithm):
    """The parameters are the core's spec (core/landuse/settings.py)."""

    SPECS = (LANDUSECHANGE_INPUTS, LANDUSECHANGE_OUTPUTS)
    GROUP_ID = "landusechange"

    def name(self):
        return "landusechange"

    def displayName(self):  # noqa: N802
        return self.tr("Land-use change statistics")

    def description(self):
        return self.tr(
            "<p>The tables every land-use study starts with, for two or more land-use "
            "maps of one area: area of each class at each date (cells, km2, % of the valid "
            "area), the single dynamic degree of each class and the comprehensive dynamic "
            "degree of each interval (% per year), the transition matrix of each interval "
            "(rows = from, columns = to, in cells and km2, with persistence, losses, gains "
            "and net change) and a map of the change from the first to the last date.</p>"
            "<p>Only cells that hold a class at every date are counted; the log says how "
            "many were dropped. Areas come from the cell size (true areas per row for a "
            "geographic CRS). Change map codes: from * 10 + to when all codes are below 10 "
            "(1 -> 5 is 15), from * 100 + to when below 100, else the pair's position; "
            "the legend names every pair.</p>")

    def failure_help(self):
        return self.tr(
            "<ul><li>'not on the same grid': align the maps first (Raster > Align Rasters, "
            "nearest neighbour).</li><li>'must hold integer class codes': convert the map "
            "to Byte/UInt16 (Raster > Conversion > Translate).</li><li>Unexpected nodata: "
            "check each map's nodata value in its layer properties.</li></ul>")

    def initAlgorithm(self, config=None):  # noqa: N802
        for spec in self.SPECS:
            self.add_spec(spec)

    def process(self, parameters, context, feedback, progress):
        inputs = self.read_spec(parameters, context, LANDUSECHANGE_INPUTS)
        outputs = self.read_spec(parameters, context, LANDUSECHANGE_OUTPUTS)
        run_landuse_change(
            [path for _label, path in inputs["INPUTS"]], inputs["YEARS"],
            classes=inputs["CLASSES"], output_areas=outputs["OUTPUT_AREAS"],
            output_transitions=outputs["OUTPUT_TRANSITIONS"],
            output_change=outputs["OUTPUT_CHANGE"],
            labels={"INPUTS": [label for label, _path in inputs["INPUTS"]]}, progress=progress)
        return {k: v for k, v in outputs.items() if v}
