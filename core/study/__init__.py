"""The whole study in one run (landcarbon:scenarios): change statistics,
LEAS, validation, scenarios with their demand (Markov, a table, the linear
trend or the carbon optimum) and CARS, carbon under climate
pathways, its value and hot spots, one summary and one report
(docs/study.md).

Steps: :func:`run_study`, :func:`run_calibration`,
:func:`run_optimize_demand`. Modules: ``settings`` (what a run is asked to do,
its spec, parameters.json), ``layout`` (where every output goes),
``results`` (what it produced), ``run`` (the checks and the named steps),
``probabilities`` (LEAS in the study), ``calibration`` (settings chosen by
skill; also the calibrate step), ``validation`` (step 3),
``carbon`` (the carbon of one map), ``scenario`` (step 5),
``demand_sources`` (the scenarios' demand besides the Markov chain),
``comparison`` (the scenarios side by side), ``explain`` (the
geographical detector of the carbon),
``zoned`` (a separate demand per zone: masked maps, merged results),
``simulation`` (CARS runs and seed ensembles), ``proximity`` (P weighted by
the distance to existing patches), ``summary`` (summary.csv),
``report`` (report.html; it reads settings and results, never the runner),
``report_parts`` (its HTML and figure building blocks),
``report_comparison`` (its section on the scenarios side by side),
``report_explain`` (its section on the geographical detector),
``report_strings`` (its translatable texts).
"""

from .calibration import SEARCH, CalibrationResult, run_calibration, tool_spec
from .demand_sources import run_optimize_demand
from .probabilities import auto_sampling_rate
from .report import write_report
from .results import CarbonRow, ScenarioOutcome, StudyResult
from .run import run_study
from .settings import (
    REFERENCE_PATHWAY,
    RUNTIME,
    SCENARIO_INPUTS,
    STUDY_SETS_CARS,
    ScenarioSpec,
    StudySettings,
    command_args,
    read_parameters,
    scenario_specs,
    scenarios_of,
    write_parameters,
)
from .summary import write_summary

__all__ = ["run_study", "StudySettings", "ScenarioSpec", "StudyResult", "ScenarioOutcome",
           "CarbonRow", "REFERENCE_PATHWAY", "write_report", "write_summary", "read_parameters",
           "write_parameters", "auto_sampling_rate", "SCENARIO_INPUTS", "RUNTIME",
           "scenario_specs", "scenarios_of", "command_args", "run_calibration",
           "CalibrationResult", "SEARCH", "tool_spec", "STUDY_SETS_CARS",
           "run_optimize_demand"]
