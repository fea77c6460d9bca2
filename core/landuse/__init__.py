"""Land-use maps compared: change statistics of past maps (areas, dynamic
degrees, transition matrices, change map) and the accuracy of a simulation
against the observed map, with its random and nearest-patch baselines
(docs/landuse-change.md, docs/accuracy.md).

Steps: :func:`run_landuse_change`, :func:`run_accuracy`. Modules:
``settings`` (the spec of both steps: settings, inputs and outputs, each
declared once), ``change``, ``accuracy``, ``baselines``, ``transitions``
(KSim and the skill per transition), ``multiresolution`` (the budget at
multiple resolutions and the null resolution).
"""

from .accuracy import (
    AccuracyResult,
    BaselineScore,
    assess_accuracy,
    evidence_scalars,
    run_accuracy,
)
from .baselines import BaselineMaps, build_baselines, squared_distances
from .change import ChangeStats, check_map_years, run_landuse_change
from .multiresolution import CHART_TEXTS as BUDGET_CHART_TEXTS
from .multiresolution import MultiResolution, Resolution, budget_chart
from .settings import (
    ACCURACY_INPUTS,
    ACCURACY_OUTPUTS,
    LANDUSECHANGE_INPUTS,
    LANDUSECHANGE_OUTPUTS,
    AccuracySettings,
)
from .transitions import (
    KappaSimulation,
    ThreeWay,
    TransitionSkill,
    kappa_simulation,
    transition_skill,
)

__all__ = ["run_landuse_change", "ChangeStats", "check_map_years",
           "run_accuracy", "assess_accuracy", "AccuracyResult", "BaselineScore",
           "build_baselines", "BaselineMaps", "squared_distances", "AccuracySettings",
           "ACCURACY_INPUTS",
           "ACCURACY_OUTPUTS", "LANDUSECHANGE_INPUTS", "LANDUSECHANGE_OUTPUTS",
           "evidence_scalars", "MultiResolution", "Resolution", "budget_chart",
           "BUDGET_CHART_TEXTS", "KappaSimulation", "ThreeWay", "TransitionSkill",
           "kappa_simulation", "transition_skill"]
