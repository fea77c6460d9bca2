"""Land demand: a Markov chain of the observed transitions between two maps,
adjusted per scenario, projected to target years in whole cells
(docs/demand.md).

Step: :func:`run_markov_demand`. Modules: ``chain`` (transition
probabilities, projection, rounding), ``scenario_rules`` (scenario tables on
class codes or class roles, presets and the adjustment of P), ``settings``
(the spec of the step: settings, inputs and outputs, each declared once),
``markov`` (the step); other sources of demand: ``trend`` (linear
trend over three or more maps, PLUS's second method), ``table`` (a demand
table per scenario, interpolated between its years), ``optimization``
(carbon-optimal class areas by linear programming). The demand and
transition-matrix CSV files that CARS reads are in
:mod:`core.common.demand_tables`; class roles in
:mod:`core.common.classes`.
"""

from .chain import largest_remainder, periods, project, transition_probabilities
from .markov import MarkovResult, check_markov_years, markov_demand, run_markov_demand
from .optimization import (
                             Binding,
                             Constraint,
                             OptimizationResult,
                             optimize_demand,
                             read_constraints,
                           read_values,
                           skipped,
)
from .scenario_rules import (
                             PRESETS,
                             Adjustment,
                             ScenarioRule,
                             ScenarioTable,
                             TableRule,
                             adjust_probabilities,
                             resolve_scenario,
)
from .settings import (
                       MARKOVDEMAND_INPUTS,
                       MARKOVDEMAND_OUTPUTS,
                       OPTIMIZEDEMAND_INPUTS,
                       OPTIMIZEDEMAND_OUTPUTS,
                       MarkovSettings,
                       OptimizeSettings,
)
from .table import TableDemand, has_zones, read_demand_table, table_demand, table_years
from .trend import TrendResult, check_trend_years, trend_demand

__all__ = [
    "run_markov_demand", "markov_demand", "MarkovResult", "check_markov_years",
    "transition_probabilities", "periods", "project", "largest_remainder",
    "ScenarioTable", "ScenarioRule", "TableRule", "PRESETS", "Adjustment",
    "adjust_probabilities", "resolve_scenario", "MarkovSettings", "MARKOVDEMAND_INPUTS",
    "MARKOVDEMAND_OUTPUTS", "trend_demand", "TrendResult", "check_trend_years",
    "table_demand", "TableDemand", "read_demand_table", "has_zones", "table_years",
    "optimize_demand", "read_constraints",
    "read_values", "skipped", "Constraint", "Binding", "OptimizationResult", "OptimizeSettings",
    "OPTIMIZEDEMAND_INPUTS", "OPTIMIZEDEMAND_OUTPUTS",
]
