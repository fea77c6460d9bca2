"""landcarbon:landusechange - land-use change statistics (docs/landuse-change.md)."""

from qgis.core import (
    QgsProcessing,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterString,
)

from ..core.common.tables import parse_number_list
from ..core.landuse import run_landuse_change
from .base import LandCarbonAlgorithm


class LandUseChangeAlgorithm(LandCarbonAlgorithm):
    INPUTS = "INPUTS"
    YEARS = "YEARS"
    CLASSES = "CLASSES"
    OUTPUT_AREAS = "OUTPUT_AREAS"
    OUTPUT_TRANSITIONS = "OUTPUT_TRANSITIONS"
    OUTPUT_CHANGE = "OUTPUT_CHANGE"

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
        self.add(QgsProcessingParameterMultipleLayers(
            self.INPUTS, self.tr("Land-use maps (chronological order)"),
            QgsProcessing.TypeRaster),
            self.tr("Two or more land-use rasters of one area on one grid, oldest first. "
                    "Integer class codes; codes are taken from the data."))
        self.add(QgsProcessingParameterString(
            self.YEARS, self.tr("Years of the maps"), defaultValue="2000,2010,2020"),
            self.tr("One year per map, increasing, separated by commas (e.g. 2000,2010,2020)."))
        self.add(QgsProcessingParameterFile(
            self.CLASSES, self.tr("Class names and colours (CSV code,name,color)"),
            extension="csv", optional=True),
            self.tr("Optional CSV with columns code,name,color (#RRGGBB). Names and colours "
                    "label every output; codes without a row get 'class N'."))
        self.add(QgsProcessingParameterFileDestination(
            self.OUTPUT_AREAS, self.tr("Areas and dynamic degrees"), "CSV files (*.csv)"),
            self.tr("CSV, one row per class plus a total row: cells, km2 and % of the valid "
                    "area per date; single dynamic degree per interval (%/yr); the total row "
                    "holds the comprehensive dynamic degree. Empty = undefined (class absent "
                    "at the start of the interval)."))
        self.add(QgsProcessingParameterFileDestination(
            self.OUTPUT_TRANSITIONS, self.tr("Transition matrices"), "CSV files (*.csv)",
            optional=True, createByDefault=True),
            self.tr("CSV, per interval (consecutive dates and first -> last) and unit (cells, "
                    "km2): rows = from class, columns to_<code> = to class, then total, "
                    "persistence, loss, gain, net change."))
        self.add(QgsProcessingParameterRasterDestination(
            self.OUTPUT_CHANGE, self.tr("Change map (first -> last date)"), optional=True),
            self.tr("Raster with one code per from -> to pair, colour table and class names."))

    def process(self, parameters, context, feedback, progress):
        sources = self.raster_sources(parameters, self.INPUTS, context)
        years = parse_number_list(self.parameterAsString(parameters, self.YEARS, context),
                                  "YEARS", integer=True)
        outputs = {name: self.output_or_none(parameters, name, context)
                   for name in (self.OUTPUT_AREAS, self.OUTPUT_TRANSITIONS, self.OUTPUT_CHANGE)}
        run_landuse_change(
            [path for _label, path in sources], years,
            classes=self.file_or_none(parameters, self.CLASSES, context),
            output_areas=outputs[self.OUTPUT_AREAS],
            output_transitions=outputs[self.OUTPUT_TRANSITIONS],
            output_change=outputs[self.OUTPUT_CHANGE],
            labels={"INPUTS": [label for label, _path in sources]}, progress=progress)
        return {k: v for k, v in outputs.items() if v}
