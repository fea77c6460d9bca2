"""The geographical detector (Wang et al. 2010) with optimal-parameter
discretisation (OPGD, Song et al. 2020): why Y (e.g. carbon stock or its
change) is where it is (docs/geodetector.md).

Step: :func:`run_geodetector`. Modules: ``statistics`` (the factor,
interaction, risk and ecological detectors; arrays in, objects out, no file
I/O), ``discretize`` (the discretisation methods and OPGD's choice),
``sample`` (a regular sample of raster cells, read in strips), ``charts``
(the q chart and the interaction heat map), ``settings`` (the spec of the
step), ``run`` (the step and its tables).
"""

from .charts import heatmap, q_chart
from .discretize import METHODS, Choice, breaks, classify, optimal
from .run import (
    GeodetectorResult,
    ecological_rows,
    factor_rows,
    geodetector,
    interaction_rows,
    risk_rows,
    run_geodetector,
)
from .settings import GEODETECTOR_INPUTS, GEODETECTOR_OUTPUTS, GeodetectorSettings
from .statistics import (
    INTERACTIONS,
    ecological_detector,
    factor_detector,
    interaction_detector,
    interaction_kind,
    overlay,
    risk_detector,
)

__all__ = ["run_geodetector", "geodetector", "GeodetectorResult", "GeodetectorSettings",
           "GEODETECTOR_INPUTS", "GEODETECTOR_OUTPUTS", "factor_detector",
           "interaction_detector", "interaction_kind", "risk_detector", "ecological_detector",
           "overlay", "INTERACTIONS", "METHODS", "Choice", "breaks", "classify", "optimal",
           "q_chart", "heatmap", "factor_rows", "interaction_rows", "risk_rows",
           "ecological_rows"]
