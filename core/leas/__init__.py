"""LEAS, the Land Expansion Analysis Strategy of PLUS: driver stacks on the
land-use grid, random-forest development probabilities of every class and
the contributions of the drivers (docs/drivers.md, docs/leas.md).

Steps: :func:`run_prepare_drivers` (the driver stack), :func:`run_leas`
(train on two maps, predict), :func:`run_leas_predict` (apply a saved model
to updated drivers). Modules: ``settings`` (the spec of the three steps:
settings, inputs and outputs, each parameter declared once); in the order
of the method: ``drivers`` (the stack), ``driver_bands`` (reading it),
``sampling``, ``forests``, ``train``, ``model`` (files), ``predict``,
``report`` (tables, chart), ``toc`` (the skill of the probabilities: AUC
and TOC per class against the gains of an interval), ``run`` (steps). On a Dask cluster
(``cluster=``, docs/leas.md "On a Dask cluster") the same kernels run
through the block executor of core/common/blocks.py: the sample pass and the
prediction per chunk, the forests and contributions one task per class.
"""

from .driver_bands import DriverBand, normalise, open_drivers
from .drivers import RasterSource, VectorSource, run_prepare_drivers
from .forests import (
                      fit_forest,
                      permutation_contributions,
                      predict_threaded,
                      require_sklearn,
                      resolve_threads,
)
from .model import MODEL_FORMAT, LeasModel, load_model, match_drivers, save_model
from .predict import predict_probabilities, prediction_windows
from .run import run_leas, run_leas_predict, write_model_outputs, write_skill_outputs
from .sampling import collect_sample, count_cells, expansion_counts, held_out, plan_sample
from .settings import (
                      LEAS_INPUTS,
                      LEAS_OUTPUTS,
                      LEASPREDICT_INPUTS,
                      LEASPREDICT_OUTPUTS,
                      PREPAREDRIVERS_INPUTS,
                      PREPAREDRIVERS_OUTPUTS,
                      TRAINING_MODES,
                      DriverSettings,
                      LeasPredictSettings,
                      LeasSettings,
)
from .toc import CHART_TEXTS as TOC_CHART_TEXTS
from .toc import (
                      IN_SAMPLE,
                      OUT_OF_SAMPLE,
                      ClassSkill,
                      ProbabilitySkill,
                      probability_skill,
                      toc_chart,
)
from .train import MIN_SAMPLES, train_leas

__all__ = [
    "run_prepare_drivers", "RasterSource", "VectorSource",
    "run_leas", "run_leas_predict", "write_model_outputs", "LeasSettings", "TRAINING_MODES",
    "MIN_SAMPLES", "train_leas",
    "LeasPredictSettings", "DriverSettings", "LEAS_INPUTS", "LEAS_OUTPUTS",
    "LEASPREDICT_INPUTS", "LEASPREDICT_OUTPUTS", "PREPAREDRIVERS_INPUTS",
    "PREPAREDRIVERS_OUTPUTS",
    "predict_probabilities",
    "LeasModel", "load_model", "save_model", "match_drivers", "MODEL_FORMAT",
    "DriverBand", "open_drivers", "normalise",
    "expansion_counts", "count_cells", "plan_sample", "collect_sample", "held_out",
    "fit_forest", "predict_threaded", "permutation_contributions", "require_sklearn",
    "resolve_threads", "prediction_windows",
    "probability_skill", "ProbabilitySkill", "ClassSkill", "toc_chart", "TOC_CHART_TEXTS",
    "IN_SAMPLE", "OUT_OF_SAMPLE", "write_skill_outputs",
]
