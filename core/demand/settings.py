"""The specs of the markovdemand and optimizedemand steps (docs/demand.md):
their settings, inputs and outputs, each declared once (core/common/spec.py).
The QGIS tools and the checks are loops over these.
"""

from dataclasses import dataclass

from ..common.spec import Param, param
from .scenario_rules import PRESETS

CSV = "CSV files (*.csv)"
CUSTOM = "Custom"          # the scenario of a SCENARIO_TABLE


@dataclass
class MarkovSettings:
    """The option of markovdemand: the scenario, a preset (NE, UD, CP, EP)
    or Custom (the SCENARIO_TABLE)."""

    scenario: str = param(
        "SCENARIO", "choice", "NE", choices=PRESETS + (CUSTOM,),
        choice_labels=("NE - natural evolution", "UD - urban development",
                       "CP - cropland protection", "EP - ecological protection",
                       "Custom (SCENARIO_TABLE)"),
        label="Scenario",
        help="NE keeps the observed probabilities. UD: cropland, forest, grassland, water -> "
             "built-up x1.2, built-up -> other classes except cropland x0.7. CP: cropland may "
             "not convert to another role. EP: conversions to built-up x0.5-0.8, forest -> "
             "built-up forbidden, forest -> grassland x0.5, to forest x1.1-1.2. UD, CP, EP "
             "apply by class role: the CLASSES table's role column, or without one the CNLUCC "
             "codes (1 cropland, 2 forest, 3 grassland, 4 water, 5 built-up, 6 unused, or the "
             "subclasses 11-67). Custom: your SCENARIO_TABLE.")


# The maps, their years and the tables of markovdemand, in the order the
# tool shows them; SCENARIO (MarkovSettings) comes before SCENARIO_TABLE.
MARKOVDEMAND_INPUTS = (
    Param("LANDUSE_START", "raster", label="Land-use map at the start (earlier date)",
          help="Integer class codes; the earlier of the two calibration maps."),
    Param("LANDUSE_END", "raster", label="Land-use map at the end (later date)",
          help="Same grid as the start map. The demand starts from its class counts (all its "
               "valid cells), so it sums to its valid cell count."),
    Param("YEAR_START", "int", 2010, label="Year of the start map",
          help="Calendar year of the start map, e.g. 2010."),
    Param("YEAR_END", "int", 2020, label="Year of the end map",
          help="Calendar year of the end map; later than the start year. One period = end "
               "year - start year."),
    Param("YEARS_TARGET", "ints", [2030], label="Target years",
          help="One or more years after the end year, separated by commas (e.g. 2030,2040). "
               "Each is projected from the end map."),
    Param("SCENARIO_TABLE", "file", extension="csv", optional=True,
          label="Scenario table (CSV from,to,factor,allowed)",
          help="Only with SCENARIO = Custom. One row per adjusted conversion: from and to "
               "class codes or class roles (a role = every class with that role), factor "
               "multiplying its probability (1.2 = +20 %, empty = 1), allowed 1 or 0 (0 = "
               "forbidden: probability 0 and a 0 in the transition matrix). The presets in "
               "resources/scenarios are examples."),
    Param("CLASSES", "file", extension="csv", optional=True,
          label="Class names and colours (CSV code,name,color)",
          help="Optional: names used in the probabilities table and the log. An optional "
               "column role (cropland, forest, grassland, water, built-up, unused, other; e.g. "
               "'urban', 'barren', 耕地 accepted) tells the presets UD, CP, EP which class is "
               "which, for any classification; several codes may share a role."),
)

MARKOVDEMAND_OUTPUTS = (
    Param("OUTPUT_DEMAND", "file_out", file_filter=CSV, label="Land demand",
          help="CSV year,code,cells,km2: whole cells per class and target year, summing to the "
               "valid cell count of the end map (what CARS allocates); km2 is empty for a "
               "geographic CRS."),
    Param("OUTPUT_PROBABILITIES", "file_out", file_filter=CSV, optional=True,
          label="Transition probabilities",
          help="CSV, one row per from -> to pair: observed cells, observed probability, "
               "scenario factor, allowed (1/0), scenario-adjusted probability, note."),
    Param("OUTPUT_TRANSITION_MATRIX", "file_out", file_filter=CSV, optional=True,
          label="Transition matrix for CARS",
          help="Square CSV, header row and first column = class codes, rows = from, 1 = "
               "allowed, 0 = forbidden by the scenario."),
)


@dataclass
class OptimizeSettings:
    """The option of optimizedemand (and of the study's OPT scenario): the
    weight of the value objective."""

    value_weight: float = param(
        "VALUE_WEIGHT", "float", 0.0, minimum=0.0, maximum=1.0, advanced=True,
        label="Weight of the value (0 = carbon only)",
        help="w of the objective with a VALUES table: (1 - w) carbon / best carbon + w "
             "value / best value, each best under the same constraints (0 = carbon only).")


# The maps, years and tables of optimizedemand, in the order the tool shows them.
OPTIMIZEDEMAND_INPUTS = MARKOVDEMAND_INPUTS[:5] + (
    Param("POOLS", "file", extension="csv",
          label="Carbon pools (CSV lucode,c_above,c_below,c_soil,c_dead)",
          help="Carbon density of each class in Mg C/ha (InVEST format); the objective is "
               "the carbon stock at these densities."),
    Param("CONSTRAINTS", "file", extension="csv",
          label="Constraints (CSV class,lower,upper,unit)",
          help="One row per class code or class role: lower and upper bound (empty = none) in "
               "km2, cells, share_of_today (of the end map) or share_of_ne (of the Markov "
               "natural-evolution demand of the year). Example: "
               "resources/demand/optimization_cnlucc.csv."),
    Param("VALUES", "file", extension="csv", optional=True,
          label="Value per km2 (CSV code,value)",
          help="Optional second objective, e.g. economic output per km2 of each class, "
               "weighted by VALUE_WEIGHT."),
    MARKOVDEMAND_INPUTS[6],          # CLASSES (names and roles)
)

OPTIMIZEDEMAND_OUTPUTS = (
    Param("OUTPUT_DEMAND", "file_out", file_filter=CSV, label="Carbon-optimal land demand",
          help="CSV year,code,cells,km2: whole cells per class and target year, summing to the "
               "valid cell count of the end map (what CARS allocates)."),
    Param("OUTPUT_CONSTRAINTS", "file_out", file_filter=CSV, optional=True,
          label="Constraints at the optimum",
          help="CSV, per year and bound: its value in km2, whether it binds, and its shadow "
               "price (objective gained per km2 by which it is relaxed)."),
)
