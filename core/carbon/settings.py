"""The spec of the carbon steps (docs/carbon-stock.md, docs/climate.md,
docs/carbon-value.md): their settings, inputs and outputs, each declared
once (core/common/spec.py). The QGIS tools and the checks are loops over
these; the zones (a polygon layer and its field, or a zone raster) are the
tools' own. The valuation settings are :class:`core.carbon.value.Valuation`
(its method computes the prices).
"""

import math
from dataclasses import dataclass

from ..common.spec import Param, param

CSV = "CSV files (*.csv)"


# -- carbonstock -------------------------------------------------------------

CARBONSTOCK_INPUTS = (
    Param("LANDUSE", "raster", label="Land-use map (base)",
          help="Integer land-use raster, e.g. the current or first-date map."),
    Param("POOLS", "file", extension="csv", label="Carbon pools table (CSV)",
          help="InVEST-format CSV: lucode, c_above, c_below, c_soil, c_dead (Mg C/ha), headers "
               "in any case; a name column (e.g. LULC_Name) labels the classes. Every code of "
               "the map needs a row."),
    Param("LANDUSE_ALT", "raster", optional=True, label="Alternate land-use map",
          help="Optional second map on the same grid (later date or simulation); gives the "
               "change, its attribution and the alternate stock."),
    Param("POOLS_ALT", "file", extension="csv", optional=True,
          label="Pools table of the alternate map (CSV)",
          help="Optional table for the alternate map (e.g. densities corrected for a climate "
               "pathway); default: the POOLS table."),
)

CARBONSTOCK_OUTPUTS = (
    Param("OUTPUT_STOCK", "raster_out", label="Carbon density, base (Mg C/ha)",
          help="Float32 raster: total carbon density of each cell (Mg C/ha), green ramp."),
    Param("OUTPUT_STOCK_ALT", "raster_out", optional=True,
          label="Carbon density, alternate (Mg C/ha)",
          help="Float32 raster of the alternate map (Mg C/ha); needs LANDUSE_ALT."),
    Param("OUTPUT_CHANGE", "raster_out", optional=True,
          label="Carbon change, alternate - base (Mg C/ha)",
          help="Float32 raster: alternate - base density where both maps hold data (Mg C/ha; "
               "x cell area in ha = Mg), diverging ramp; input of landcarbon:carbonvalue. "
               "Needs LANDUSE_ALT."),
    Param("OUTPUT_POOLS", "raster_out", optional=True, create=False, advanced=True,
          label="Pools, base (4 bands, Mg C/ha)",
          help="Optional Float32 raster with one band per pool: c_above, c_below, c_soil, "
               "c_dead (Mg C/ha)."),
    Param("OUTPUT_POOLS_ALT", "raster_out", optional=True, create=False, advanced=True,
          label="Pools, alternate (4 bands, Mg C/ha)",
          help="Optional, as OUTPUT_POOLS for the alternate map."),
    Param("OUTPUT_SUMMARY", "file_out", file_filter=CSV, optional=True,
          label="Carbon summary (CSV)",
          help="CSV: per map and class cells, area_ha, density (Mg C/ha), carbon per pool, "
               "vegetation (above + below) and total in Mg and in Tg, and an 'all' row; then "
               "the change as 'alt total - base total' and as 'sum of change over cells valid "
               "in both', with a note when they differ."),
    Param("OUTPUT_ATTRIBUTION", "file_out", file_filter=CSV, optional=True,
          label="Change by conversion (CSV)",
          help="CSV, one row per from -> to class pair present (cells valid in both maps): "
               "cells, km2, change_Mg, change_Tg, share of the net change (%) and of the gross "
               "change (sum of |change|, %). Needs LANDUSE_ALT."),
    Param("OUTPUT_ZONES", "file_out", file_filter=CSV, optional=True,
          label="Carbon by zone (CSV)",
          help="CSV per zone (plus cells outside every zone, plus all): valid cells, km2, base "
               "and alternate totals (Mg, Tg), change over cells valid in both (Mg, Tg). Needs "
               "ZONES or ZONES_RASTER."),
)


# -- climatecorrection -------------------------------------------------------

def _coefficient(name, default, label, relation):
    """A coefficient of one of the relations (advanced; its help ends with
    its default)."""
    return param(name, "float", default, advanced=True, label=label,
                 help="%s Default %g." % (relation, default))


SOIL_P = "C_SP = a_SP x P + b_SP (Alam et al. 2013)."
BIOMASS_T = "C_BT = a_BT x T + b_BT (Chen et al. 2007)."


@dataclass(frozen=True)
class Coefficients:
    """The coefficients of the three relations (docs/climate.md): soil vs
    P, C_SP = a_SP * P + b_SP; biomass vs P, C_BP = a_BP * exp(b_BP * P);
    biomass vs T, C_BT = a_BT * T + b_BT. Parameters because the papers
    disagree and two of them could not be confirmed against the primary
    source."""

    soil_p_slope: float = _coefficient(           # a_SP, per mm
        "SOIL_P_SLOPE", 3.3968, "Soil vs P: slope a_SP (per mm)", SOIL_P)
    soil_p_intercept: float = _coefficient(       # b_SP
        "SOIL_P_INTERCEPT", 3996.1, "Soil vs P: intercept b_SP", SOIL_P)
    biomass_p_coef: float = _coefficient(         # a_BP
        "BIOMASS_P_COEF", 6.798, "Biomass vs P: factor a_BP",
        "C_BP = a_BP x exp(b_BP x P) (Alam et al. 2013); cancels in the ratio K_BP.")
    biomass_p_exp: float = _coefficient(          # b_BP, per mm
        "BIOMASS_P_EXP", 0.0054, "Biomass vs P: exponent b_BP (per mm)",
        "C_BP = a_BP x exp(b_BP x P) (Alam et al. 2013); K_BP = exp(b_BP x (P - P_ref)), "
        "very sensitive.")
    biomass_t_slope: float = _coefficient(        # a_BT, per deg C
        "BIOMASS_T_SLOPE", 28.0, "Biomass vs T: slope a_BT (per deg C)", BIOMASS_T)
    biomass_t_intercept: float = _coefficient(    # b_BT
        "BIOMASS_T_INTERCEPT", 398.0, "Biomass vs T: intercept b_BT", BIOMASS_T)

    def soil_p(self, p):
        return self.soil_p_slope * p + self.soil_p_intercept

    def biomass_p(self, p):
        return self.biomass_p_coef * math.exp(self.biomass_p_exp * p)

    def biomass_t(self, t):
        return self.biomass_t_slope * t + self.biomass_t_intercept


@dataclass
class ClimateSettings:
    """The climates of climatecorrection (mean annual precipitation in mm,
    temperature in deg C): the reference climate of the pools table, the
    study climate (or a PATHWAYS table instead), and whether the dead pool
    follows the biomass."""

    p_ref: float = param(
        "P_REF", "float", None, minimum=0.0, unit="mm",
        label="Reference precipitation P_REF (mm/yr)",
        help="Mean annual precipitation (mm) where the densities were measured.")
    t_ref: float = param(
        "T_REF", "float", None, unit="deg C", label="Reference temperature T_REF (deg C)",
        help="Mean annual temperature (deg C) where the densities were measured.")
    p: float = param(
        "P", "float", None, minimum=0.0, optional=True, unit="mm",
        label="Study precipitation P (mm/yr)",
        help="Mean annual precipitation (mm) of the study area (or of one pathway). Leave "
             "empty when using PATHWAYS.")
    t: float = param(
        "T", "float", None, optional=True, unit="deg C", label="Study temperature T (deg C)",
        help="Mean annual temperature (deg C) of the study area. Leave empty when using "
             "PATHWAYS.")
    dead_with_biomass: bool = param(
        "DEAD_WITH_BIOMASS", "bool", False, label="Correct the dead pool with K_B too",
        help="Off (default): c_dead is unchanged. On: c_dead x K_B, like the living biomass.")


CLIMATECORRECTION_INPUTS = (
    Param("POOLS", "file", extension="csv", label="Carbon pools table (CSV, reference climate)",
          help="InVEST-format CSV: lucode, c_above, c_below, c_soil, c_dead (Mg C/ha), "
               "measured under the reference climate."),
    Param("PATHWAYS", "file", extension="csv", optional=True,
          label="Or: pathways table (CSV name,P,T)",
          help="Optional CSV with one row per emission pathway: name (e.g. SSP2-4.5), P "
               "(mm/yr), T (deg C). One corrected table per row. Replaces P and T."),
)

CLIMATECORRECTION_OUTPUTS = (
    Param("OUTPUT_FOLDER", "folder_out", optional=True, label="Folder for the corrected tables",
          help="One CSV per pathway, pools_<pathway>.csv (pools_study.csv for P and T), same "
               "columns as POOLS."),
    Param("OUTPUT_POOLS", "file_out", file_filter=CSV, optional=True,
          label="Corrected pools table (first pathway)",
          help="The corrected table of P and T (or of the first pathway), to chain into "
               "landcarbon:carbonstock (POOLS_ALT) in a model."),
    Param("OUTPUT_FACTORS", "file_out", file_filter=CSV, optional=True,
          label="Correction factors (CSV)",
          help="CSV per pathway: P_mm, T_degC, reference climate, K_BP, K_BT, K_B, K_S, "
               "dead_factor and the name of its pools file."),
)


# -- carbonvalue (its settings: core.carbon.value.Valuation) ---------------------

CARBONVALUE_INPUTS = (
    Param("CHANGE", "raster", label="Carbon change (Mg C/ha)",
          help="Raster of the carbon change in Mg C/ha (OUTPUT_CHANGE of "
               "landcarbon:carbonstock); its nodata cells are skipped."),
    Param("YEAR_BASE", "int", 2000, label="Year of the base map",
          help="Calendar year of the base land-use map."),
    Param("YEAR_ALT", "int", 2020, label="Year of the alternate map",
          help="Calendar year of the alternate map; must be after YEAR_BASE."),
)

CARBONVALUE_OUTPUTS = (
    Param("OUTPUT_VALUE", "raster_out", optional=True, label="Value of the change (currency/ha)",
          help="Float32 raster: change (Mg C/ha) x K of the first price = currency per ha (x "
               "cell area in ha = currency per cell); diverging ramp."),
    Param("OUTPUT_SUMMARY", "file_out", file_filter=CSV, optional=True,
          label="Value summary (CSV)",
          help="CSV per price: price as given, unit, price per t C, valuation constant "
               "(currency per Mg C of change), change_Mg and value_currency for all cells and "
               "per zone."),
)
