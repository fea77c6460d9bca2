"""The spec of the geodetector step (docs/geodetector.md): its settings,
inputs and outputs, each declared once (core/common/spec.py). The QGIS tool
and the checks are loops over these.
"""

from dataclasses import dataclass

from ..common.spec import Param, param

CSV = "CSV files (*.csv)"
PNG = "PNG images (*.png)"


@dataclass
class GeodetectorSettings:
    """The sample (``sample_share`` of the cells, 0 = automatic), the most
    classes OPGD tries for a continuous factor, and the significance level
    of the tests."""

    sample_share: float = param(
        "SAMPLE_SHARE", "float", 0.0, minimum=0.0, maximum=1.0, auto=True,
        label="Share of cells sampled (0 = automatic)",
        help="A regular sample of this share of the cells (every s-th row and column, "
             "s = 1 / sqrt(share)); 1 = every cell. 0: about 1,000,000 cells, or every cell "
             "of a smaller map.")
    max_classes: int = param(
        "MAX_CLASSES", "int", 8, minimum=3, maximum=20,
        label="Most classes of a continuous factor",
        help="OPGD tries equal, natural-breaks, quantile, geometric and standard-deviation "
             "classes with 3 to this many classes for every continuous factor and keeps the "
             "discretisation of largest q.")
    alpha: float = param(
        "ALPHA", "float", 0.05, minimum=0.0, maximum=1.0, open_minimum=True,
        open_maximum=True, label="Significance level",
        help="The risk and ecological detectors call a difference significant when p < ALPHA.")


GEODETECTOR_INPUTS = (
    Param("Y", "raster", label="Y: the variable to explain (e.g. carbon stock, Mg C/ha)",
          help="A numeric raster, e.g. a carbon stock map or a carbon change map."),
    Param("FACTORS", "rasters", optional=True,
          label="Continuous factors (rasters; every band a factor)",
          help="Drivers on Y's grid, e.g. elevation, slope, distances, precipitation; each is "
               "discretised by OPGD (the method and number of classes of largest q)."),
    Param("CATEGORICAL", "rasters", optional=True,
          label="Categorical factors (integer rasters, e.g. the land-use map)",
          help="Factors whose integer values are the strata already (land use, soil type, "
               "zones); not discretised."),
)

GEODETECTOR_OUTPUTS = (
    Param("OUTPUT_FACTORS", "file_out", file_filter=CSV, label="Factor detector",
          help="CSV per factor: q, F, p, strata, the discretisation chosen (method, classes, "
               "breaks) and the sampled cells."),
    Param("OUTPUT_INTERACTIONS", "file_out", file_filter=CSV, optional=True,
          label="Interaction detector",
          help="CSV per pair of factors: q of each, q of the two overlaid and the interaction "
               "type (nonlinear or univariate weakening, bivariate or nonlinear enhancement, "
               "independent)."),
    Param("OUTPUT_RISK", "file_out", file_filter=CSV, optional=True, label="Risk detector",
          help="CSV per factor and stratum: cells and mean Y; then per pair of strata Welch's "
               "t, p and whether their means differ significantly."),
    Param("OUTPUT_ECOLOGICAL", "file_out", file_filter=CSV, optional=True,
          label="Ecological detector",
          help="CSV per pair of factors: F of their within-strata variances, p, significant."),
    Param("OUTPUT_CHART", "file_out", file_filter=PNG, optional=True, label="q chart",
          help="PNG: q of every factor, largest first."),
    Param("OUTPUT_HEATMAP", "file_out", file_filter=PNG, optional=True,
          label="Interaction heat map",
          help="PNG: q of every pair of factors overlaid (diagonal: q of each)."),
)
