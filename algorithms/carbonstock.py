"""landcarbon:carbonstock - carbon storage of one or two land-use maps, the
change between them and its attribution (docs/carbon-stock.md)."""

from qgis.core import (
    QgsProcessingOutputNumber,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterRasterLayer,
)

from ..core.carbon import run_carbon_stock
from .base import LandCarbonAlgorithm
from .zoneparams import ZoneParameters


class CarbonStockAlgorithm(LandCarbonAlgorithm):
    LANDUSE = "LANDUSE"
    POOLS = "POOLS"
    LANDUSE_ALT = "LANDUSE_ALT"
    POOLS_ALT = "POOLS_ALT"
    OUTPUT_STOCK = "OUTPUT_STOCK"
    OUTPUT_STOCK_ALT = "OUTPUT_STOCK_ALT"
    OUTPUT_CHANGE = "OUTPUT_CHANGE"
    OUTPUT_POOLS = "OUTPUT_POOLS"
    OUTPUT_POOLS_ALT = "OUTPUT_POOLS_ALT"
    OUTPUT_SUMMARY = "OUTPUT_SUMMARY"
    OUTPUT_ATTRIBUTION = "OUTPUT_ATTRIBUTION"
    OUTPUT_ZONES = "OUTPUT_ZONES"
    TOTAL_BASE_MG = "TOTAL_BASE_MG"
    TOTAL_ALT_MG = "TOTAL_ALT_MG"
    CHANGE_MG = "CHANGE_MG"

    GROUP_ID = "carbon"
    ALT_OUTPUTS = (OUTPUT_STOCK_ALT, OUTPUT_CHANGE, OUTPUT_POOLS_ALT, OUTPUT_ATTRIBUTION)

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
        self.add(QgsProcessingParameterRasterLayer(
            self.LANDUSE, self.tr("Land-use map (base)")),
            self.tr("Integer land-use raster, e.g. the current or first-date map."))
        self.add(QgsProcessingParameterFile(
            self.POOLS, self.tr("Carbon pools table (CSV)"), extension="csv"),
            self.tr("InVEST-format CSV: lucode, c_above, c_below, c_soil, c_dead (Mg C/ha), "
                    "headers in any case; a name column (e.g. LULC_Name) labels the classes. "
                    "Every code of the map needs a row."))
        self.add(QgsProcessingParameterRasterLayer(
            self.LANDUSE_ALT, self.tr("Alternate land-use map"), optional=True),
            self.tr("Optional second map on the same grid (later date or simulation); gives "
                    "the change, its attribution and the alternate stock."))
        self.add(QgsProcessingParameterFile(
            self.POOLS_ALT, self.tr("Pools table of the alternate map (CSV)"), extension="csv",
            optional=True),
            self.tr("Optional table for the alternate map (e.g. densities corrected for a "
                    "climate pathway); default: the POOLS table."))
        ZoneParameters(self).add_parameters()
        self.add(QgsProcessingParameterRasterDestination(
            self.OUTPUT_STOCK, self.tr("Carbon density, base (Mg C/ha)")),
            self.tr("Float32 raster: total carbon density of each cell (Mg C/ha), green ramp."))
        self.add(QgsProcessingParameterRasterDestination(
            self.OUTPUT_STOCK_ALT, self.tr("Carbon density, alternate (Mg C/ha)"),
            optional=True),
            self.tr("Float32 raster of the alternate map (Mg C/ha); needs LANDUSE_ALT."))
        self.add(QgsProcessingParameterRasterDestination(
            self.OUTPUT_CHANGE, self.tr("Carbon change, alternate - base (Mg C/ha)"),
            optional=True),
            self.tr("Float32 raster: alternate - base density where both maps hold data "
                    "(Mg C/ha; x cell area in ha = Mg), diverging ramp; input of "
                    "landcarbon:carbonvalue. Needs LANDUSE_ALT."))
        self.add(QgsProcessingParameterRasterDestination(
            self.OUTPUT_POOLS, self.tr("Pools, base (4 bands, Mg C/ha)"), optional=True,
            createByDefault=False),
            self.tr("Optional Float32 raster with one band per pool: c_above, c_below, c_soil, "
                    "c_dead (Mg C/ha)."), advanced=True)
        self.add(QgsProcessingParameterRasterDestination(
            self.OUTPUT_POOLS_ALT, self.tr("Pools, alternate (4 bands, Mg C/ha)"),
            optional=True, createByDefault=False),
            self.tr("Optional, as OUTPUT_POOLS for the alternate map."), advanced=True)
        self.add(QgsProcessingParameterFileDestination(
            self.OUTPUT_SUMMARY, self.tr("Carbon summary (CSV)"), "CSV files (*.csv)",
            optional=True, createByDefault=True),
            self.tr("CSV: per map and class cells, area_ha, density (Mg C/ha), carbon per "
                    "pool, vegetation (above + below) and total in Mg and in Tg, and an 'all' row; "
                    "then the change as 'alt total - base total' and as 'sum of change over "
                    "cells valid in both', with a note when they differ."))
        self.add(QgsProcessingParameterFileDestination(
            self.OUTPUT_ATTRIBUTION, self.tr("Change by conversion (CSV)"), "CSV files (*.csv)",
            optional=True),
            self.tr("CSV, one row per from -> to class pair present (cells valid in both maps): "
                    "cells, km2, change_Mg, change_Tg, share of the net change (%) and of the "
                    "gross change (sum of |change|, %). Needs LANDUSE_ALT."))
        self.add(QgsProcessingParameterFileDestination(
            self.OUTPUT_ZONES, self.tr("Carbon by zone (CSV)"), "CSV files (*.csv)",
            optional=True),
            self.tr("CSV per zone (plus cells outside every zone, plus all): valid cells, km2, "
                    "base and alternate totals (Mg, Tg), change over cells valid in both (Mg, "
                    "Tg). Needs ZONES or ZONES_RASTER."))
        self.addOutput(QgsProcessingOutputNumber(self.TOTAL_BASE_MG,
                                                 self.tr("Total carbon, base (Mg C)")))
        self.addOutput(QgsProcessingOutputNumber(self.TOTAL_ALT_MG,
                                                 self.tr("Total carbon, alternate (Mg C)")))
        self.addOutput(QgsProcessingOutputNumber(
            self.CHANGE_MG, self.tr("Carbon change over cells valid in both maps (Mg C)")))

    def process(self, parameters, context, feedback, progress):
        base = self.raster_source(parameters, self.LANDUSE, context)
        alt = self.raster_source(parameters, self.LANDUSE_ALT, context, required=False)
        zones = ZoneParameters(self).resolve(parameters, context, feedback)
        names = (self.OUTPUT_STOCK, self.OUTPUT_STOCK_ALT, self.OUTPUT_CHANGE, self.OUTPUT_POOLS,
                 self.OUTPUT_POOLS_ALT, self.OUTPUT_SUMMARY, self.OUTPUT_ATTRIBUTION,
                 self.OUTPUT_ZONES)
        outputs = {name: self.output_or_none(parameters, name, context) for name in names}
        if alt is None:
            for name in self.ALT_OUTPUTS:
                outputs[name] = None
        if zones is None:
            outputs[self.OUTPUT_ZONES] = None
        result = run_carbon_stock(
            base[1], self.file_or_none(parameters, self.POOLS, context),
            landuse_alt=alt[1] if alt else None,
            pools_alt=self.file_or_none(parameters, self.POOLS_ALT, context), zones=zones,
            output_stock=outputs[self.OUTPUT_STOCK],
            output_stock_alt=outputs[self.OUTPUT_STOCK_ALT],
            output_change=outputs[self.OUTPUT_CHANGE], output_pools=outputs[self.OUTPUT_POOLS],
            output_pools_alt=outputs[self.OUTPUT_POOLS_ALT],
            output_summary=outputs[self.OUTPUT_SUMMARY],
            output_attribution=outputs[self.OUTPUT_ATTRIBUTION],
            output_zones=outputs[self.OUTPUT_ZONES],
            labels={"LANDUSE": base[0], "LANDUSE_ALT": alt[0] if alt else None},
            progress=progress)
        results = {k: v for k, v in outputs.items() if v}
        results[self.TOTAL_BASE_MG] = result.total_base_mg
        if result.alt is not None:
            results[self.TOTAL_ALT_MG] = result.total_alt_mg
            results[self.CHANGE_MG] = result.change_mg
        return results
