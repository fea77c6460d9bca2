"""Carbon hot spots: global Moran's I and LISA clusters of a raster on a grid
of analysis cells or of a polygon layer (docs/hotspots.md).

Step: :func:`run_lisa`. Modules: ``aggregate`` (raster -> analysis cells),
``weights`` (contiguity), ``moran`` (global and local statistics, arrays in,
objects out, no file I/O), ``clusters`` (codes, colours, labels), ``lisa``
(the step and its outputs).
"""

from .clusters import CLUSTER_HEX, CLUSTER_LABELS, CLUSTERS, ISLAND
from .lisa import LisaResult, LisaSettings, PolygonSource, run_lisa

__all__ = ["run_lisa", "LisaSettings", "PolygonSource", "LisaResult",
           "CLUSTERS", "CLUSTER_LABELS", "CLUSTER_HEX", "ISLAND"]
