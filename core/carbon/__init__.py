"""Carbon: InVEST-style carbon stock of land-use maps and its change,
climate-corrected densities, and the economic value of the change
(docs/carbon-stock.md, docs/climate.md, docs/carbon-value.md).

Steps: :func:`run_carbon_stock`, :func:`run_climate_correction`,
:func:`run_carbon_value`. Modules: ``settings`` (the spec of the three
steps: settings, inputs and outputs, each declared once), ``pools`` (the
pools table and pool names), ``stock``, ``climate``, ``value`` (with the
valuation settings), ``zones`` (regions for zonal totals, shared by stock
and value).
"""

from .climate import factors, read_pathways, run_climate_correction, safe_file_name
from .pools import POOL_NAMES, POOLS, PoolsTable, read_pools
from .settings import (
    CARBONSTOCK_INPUTS,
    CARBONSTOCK_OUTPUTS,
    CARBONVALUE_INPUTS,
    CARBONVALUE_OUTPUTS,
    CLIMATECORRECTION_INPUTS,
    CLIMATECORRECTION_OUTPUTS,
    ClimateSettings,
    Coefficients,
)
from .stock import StockResult, ZoneCarbon, run_carbon_stock, zone_figures
from .value import (
                    CO2_PER_C,
                    Valuation,
                    ValueResult,
                    normalise_unit,
                    price_scenarios,
                    run_carbon_value,
                    valuation_constant,
)
from .zones import ZoneSource, open_zones

__all__ = [
    "run_carbon_stock", "StockResult", "PoolsTable", "read_pools", "POOLS", "POOL_NAMES",
    "run_climate_correction", "Coefficients", "factors", "read_pathways", "safe_file_name",
    "run_carbon_value", "Valuation", "ValueResult", "price_scenarios", "valuation_constant",
    "normalise_unit", "CO2_PER_C",
    "ZoneSource", "open_zones", "ClimateSettings", "ZoneCarbon", "zone_figures",
    "CARBONSTOCK_INPUTS", "CARBONSTOCK_OUTPUTS", "CLIMATECORRECTION_INPUTS",
    "CLIMATECORRECTION_OUTPUTS", "CARBONVALUE_INPUTS", "CARBONVALUE_OUTPUTS",
]
