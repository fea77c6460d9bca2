"""The spec of the lisa step (docs/hotspots.md): its settings, raster input
and outputs, each declared once (core/common/spec.py). The QGIS tool, the
study and the checks are loops over these; the polygon input (a layer and
its field) is the tool's own.
"""

from dataclasses import dataclass

from ..common.spec import Param, param
from .aggregate import STATISTICS
from .moran import MAX_PERMUTATIONS
from .weights import CONTIGUITY

CSV = "CSV files (*.csv)"


@dataclass
class LisaSettings:
    """The parameters of the analysis (names as in the Processing algorithm),
    each declared once (core/common/spec.py): analysis cells of
    ``cell_size`` map units holding the ``statistic`` (mean or sum) of at
    least ``min_share`` valid pixels (raster input only), ``contiguity``
    queen or rook, ``permutations`` of the significance tests, significance
    level ``alpha`` (p < alpha), random ``seed``."""

    cell_size: float = param(
        "CELL_SIZE", "float", 1000.0, minimum=0.0, open_minimum=True, unit="map units",
        label="Analysis cell size (map units)",
        help="Side of the square analysis cells in the raster's map units, e.g. 1000 "
             "(1 km) in a metric CRS; at least the pixel size. In a geographic CRS "
             "give degrees (1 km is about 0.009 degrees) or better reproject first.")
    statistic: str = param(
        "STATISTIC", "choice", "mean", choices=STATISTICS,
        label="Statistic per analysis cell",
        help="mean of the valid pixels (same unit as the raster, e.g. Mg C/ha) or sum "
             "(e.g. Mg per analysis cell from a raster of Mg per pixel).")
    min_share: float = param(
        "MIN_VALID_SHARE", "float", 0.5, minimum=0.0, maximum=1.0, open_minimum=True,
        advanced=True, label="Minimum share of valid pixels per cell",
        help="An analysis cell enters the analysis when at least this share (0-1] of "
             "its pixels hold data; pixels outside the raster count as missing.")
    contiguity: str = param(
        "CONTIGUITY", "choice", "queen", choices=CONTIGUITY, label="Contiguity",
        help="queen: neighbours share an edge or a corner (8 around a cell); rook: "
             "they share an edge (4 around a cell). Weights are row-standardised.")
    permutations: int = param(
        "PERMUTATIONS", "int", 999, minimum=0, maximum=MAX_PERMUTATIONS,
        label="Permutations",
        help="Random permutations for the pseudo p values (global and local), e.g. 999 "
             "(smallest p 0.001) or 9999. 0 = no permutation test: no local "
             "significance, every cluster code 0.",
        hint="0 = no permutation test (analytic p only); typically 999 or 9999.")
    alpha: float = param(
        "ALPHA", "float", 0.05, minimum=0.0, maximum=1.0, open_minimum=True,
        open_maximum=True, label="Significance level",
        help="A unit is a significant cluster or outlier when its pseudo p < ALPHA "
             "(strictly less, as PySAL esda).",
        hint="It is the significance level, e.g. 0.05.")
    seed: int = param(
        "SEED", "int", 1, minimum=0, advanced=True, label="Random seed",
        help="Seed of the permutations; the same seed gives the same outputs.")


LISA_INPUTS = (
    Param("INPUT", "raster", optional=True, label="Raster (e.g. carbon stock)",
          help="Raster to analyse, e.g. the carbon stock of landcarbon:carbon (Mg C/ha). Leave "
               "empty when using GRID and FIELD."),
)

LISA_OUTPUTS = (
    Param("OUTPUT_CLUSTERS", "raster_out", optional=True,
          label="LISA clusters (analysis cells)",
          help="Byte raster on the analysis grid: 0 not significant, 1 High-High (red), 2 "
               "Low-High (light blue), 3 Low-Low (blue), 4 High-Low (light red), 5 no "
               "neighbours, 255 left out; colour table, names and .qml. Raster input only."),
    Param("OUTPUT_GRID", "vector_out", optional=True,
          label="LISA results per unit (GeoPackage)",
          help="GeoPackage (.gpkg) layer 'lisa', one polygon per analysis cell (or input "
               "polygon): row, col, valid_share (0-1) or source_fid; value (mean or sum, input "
               "unit); neighbours (count); z_score ((value - mean) / sd); lag_z (mean z of the "
               "neighbours); local_i; pseudo_p; quadrant (1 HH, 2 LH, 3 LL, 4 HL); cluster "
               "(code as the raster) and label. Styled by cluster."),
    Param("OUTPUT_GLOBAL", "file_out", file_filter=CSV, optional=True,
          label="Global Moran's I (CSV)",
          help="CSV statistic,value,description: units analysed and islands, I, E[I], "
               "variance, z and p under normality and randomisation, permutations and "
               "permutation p, seed, alpha, number of units per cluster type."),
    Param("OUTPUT_PLOT", "file_out", file_filter="PNG files (*.png)", optional=True,
          label="Moran scatter plot (PNG)",
          help="PNG: z-score of each unit against the mean z-score of its neighbours, "
               "coloured by cluster; the line's slope is Moran's I."),
)
