"""Land-use maps compared: change statistics of past maps (areas, dynamic
degrees, transition matrices, change map) and the accuracy of a simulation
against the observed map (docs/landuse-change.md, docs/accuracy.md).

Steps: :func:`run_landuse_change`, :func:`run_accuracy`.
"""

from .accuracy import AccuracyResult, assess_accuracy, run_accuracy
from .change import ChangeStats, check_map_years, run_landuse_change

__all__ = ["run_landuse_change", "ChangeStats", "check_map_years",
           "run_accuracy", "assess_accuracy", "AccuracyResult"]
