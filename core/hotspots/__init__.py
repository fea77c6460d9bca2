"""Carbon hot spots: global Moran's I and LISA clusters of a raster on a grid
of analysis cells or of a polygon layer (docs/hotspots.md).

Step: :func:`run_lisa`. Modules: ``aggregate`` (raster -> analysis cells),
``weights`` (contiguity), ``moran`` (global and local statistics, arrays in,
objects out, no file I/O), ``clusters`` (codes, colours, labels), ``settings``
(the spec of the step: settings, input and outputs, each declared once),
``lisa`` (the step and its outputs).
"""

from .clusters import CLUSTER_HEX, CLUSTER_LABELS, CLUSTERS, ISLAND
from .lisa import LisaResult, PolygonSource, run_lisa
from .settings import LISA_INPUTS, LISA_OUTPUTS, LisaSettings

__all__ = ["run_lisa", "LisaSettings", "PolygonSource", "LisaResult", "LISA_INPUTS",
           "LISA_OUTPUTS",
           "CLUSTERS", "CLUSTER_LABELS", "CLUSTER_HEX", "ISLAND"]
