"""landcarbon:carbonstock - carbon storage of one or two land-use maps, the
change between them and its attribution (docs/carbon-stock.md)."""

from qgis.core import QgsProcessingOutputNumber

from ..core.carbon import CARBONSTOCK_INPUTS, CARBONSTOCK_OUTPUTS, run_carbon_stock
from .base import LandCarbonAlgorithm
from .zoneparams import ZoneParameters


class CarbonStockAlgorithm(LandCarbonAlgorithm):
    """The parameters are the core's spec (core/carbon/settings.py), but for
    the zones."""

    TOTAL_BASE_MG = "TOTAL_BASE_MG"
    TOTAL_ALT_MG = "TOTAL_ALT_MG"
    CHANGE_MG = "CHANGE_MG"
    SPECS = (CARBONSTOCK_INPUTS, CARBONSTOCK_OUTPUTS)

    GROUP_ID = "carbon"
    # outputs that need LANDUSE_ALT
    ALT_OUTPUTS = ("OUTPUT_STOCK_ALT", "OUTPUT_CHANGE", "OUTPUT_POOLS_ALT",
                   "OUTPUT_ATTRIBUTION")

    def name(self):
        return "carbonstock"

    def displayName(self):  # noqa: N802
        return self.tr("Carbon storage")

    def description(self):
        return self.tr(
            "<p>Carbon stored in a land-use map and, with an alternate map (a later date or a "
            "simulation), the change and the conversions that caused it; the semantics of "
            "InVEST 3.20 Carbon Storage and Sequestration, so results can be cross-checked.</p>"
            "<p>Each class has four pools from the POOLS table (above-ground, below-ground, "
            "soil, dead organic matter, Mg C/ha). Density of a cell = sum of its class's "
            "pools (Mg C/ha); stock = density x cell area in ha (Mg C). Totals are float64 "
            "sums, reported in Mg and Tg (1 Tg = 10^6 Mg) by pool and class; vegetation = "
            "above + below. On a geographic CRS the true area of every row of cells is used. "
            "The alternate map may use its own table (POOLS_ALT, e.g. climate-corrected "
            "densities from landcarbon:climatecorrection).</p>"
            "<p>Change = alternate - base (Mg C/ha) where both maps hold data. When the nodata "
            "footprints differ, the summary gives both 'alt total - base total' and the sum "
            "of the change over cells valid in both, and why they differ. The attribution "
            "splits the change by from -> to class pair (cells, km2, Mg, Tg, shares); ZONES "
            "(polygons + name field, or a zone raster) gives totals per region. Rasters are "
            "Float32 with nodata -3.4e38 (not InVEST's -1, which is a possible change).</p>")

    def failure_help(self):
        return self.tr(
            "<ul><li>'has no row for': add the listed land-use codes to the pools table "
            "(0 for classes without carbon) or reclassify the map.</li><li>'is empty' / 'not "
            "a number' / 'appears twice': fix the pools table at the row and column "
            "named.</li><li>'not on the same grid': align the maps (Raster > Align "
            "Rasters, nearest neighbour).</li><li>Zones: give a polygon layer with features "
            "(and a name field) or an integer zone raster on the map's grid, not "
            "both.</li></ul>")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_spec(CARBONSTOCK_INPUTS)
        ZoneParameters(self).add_parameters()
        self.add_spec(CARBONSTOCK_OUTPUTS)
        self.addOutput(QgsProcessingOutputNumber(self.TOTAL_BASE_MG,
                                                 self.tr("Total carbon, base (Mg C)")))
        self.addOutput(QgsProcessingOutputNumber(self.TOTAL_ALT_MG,
                                                 self.tr("Total carbon, alternate (Mg C)")))
        self.addOutput(QgsProcessingOutputNumber(
            self.CHANGE_MG, self.tr("Carbon change over cells valid in both maps (Mg C)")))

    def process(self, parameters, context, feedback, progress):
        inputs = self.read_spec(parameters, context, CARBONSTOCK_INPUTS)
        base, alt = inputs["LANDUSE"], inputs["LANDUSE_ALT"]
        zones = ZoneParameters(self).resolve(parameters, context, feedback)
        outputs = self.read_spec(parameters, context, CARBONSTOCK_OUTPUTS)
        if alt is None:
            for name in self.ALT_OUTPUTS:
                outputs[name] = None
        if zones is None:
            outputs["OUTPUT_ZONES"] = None
        result = run_carbon_stock(
            base[1], inputs["POOLS"], landuse_alt=alt[1] if alt else None,
            pools_alt=inputs["POOLS_ALT"], zones=zones,
            output_stock=outputs["OUTPUT_STOCK"], output_stock_alt=outputs["OUTPUT_STOCK_ALT"],
            output_change=outputs["OUTPUT_CHANGE"], output_pools=outputs["OUTPUT_POOLS"],
            output_pools_alt=outputs["OUTPUT_POOLS_ALT"],
            output_summary=outputs["OUTPUT_SUMMARY"],
            output_attribution=outputs["OUTPUT_ATTRIBUTION"],
            output_zones=outputs["OUTPUT_ZONES"],
            labels={"LANDUSE": base[0], "LANDUSE_ALT": alt[0] if alt else None},
            progress=progress)
        results = {k: v for k, v in outputs.items() if v}
        results[self.TOTAL_BASE_MG] = result.total_base_mg
        if result.alt is not None:
            results[self.TOTAL_ALT_MG] = result.total_alt_mg
            results[self.CHANGE_MG] = result.change_mg
        return results
