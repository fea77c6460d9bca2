"""The spec of the leas, leaspredict and preparedrivers steps (docs/leas.md,
docs/drivers.md): their settings, inputs and outputs, each declared once
(core/common/spec.py). The QGIS tools and the checks are loops over these.
"""

from dataclasses import dataclass

from ..common.errors import LandCarbonError
from ..common.spec import Param, check, param, same_as

EXPANSION, ALL = "expansion", "all"     # TRAINING: PLUS's expansion cells, or every cell
TRAINING_MODES = (EXPANSION, ALL)
CSV = "CSV files (*.csv)"
MODEL_FILES = "LEAS model files (*.leas)"


@dataclass
class LeasSettings:
    """The parameters of LEAS (names as in the Processing algorithm), each
    declared once with its range, label and help (core/common/spec.py).

    Defaults are the PLUS behaviour; ``training`` and ``min_samples_leaf``
    are LandCarbon's options (docs/leas.md, "Options")."""

    sampling_rate: float = param(
        "SAMPLING_RATE", "float", 0.01, minimum=0.0, maximum=1.0, open_minimum=True,
        label="Sampling rate (share of the expansion cells)",
        help="Share of the expansion cells in the one shared random sample "
             "(0.01 = 1 %, the official default); in (0, 1].",
        hint="It is the share of the expansion cells (TRAINING = expansion) or of the "
             "cells valid in both maps (TRAINING = all) that LEAS samples, e.g. 0.01 for 1 %.")
    balanced: bool = param(
        "BALANCED", "bool", False, label="Balanced sampling",
        help="Take the same number of cells for every class that expanded "
             "(SAMPLING_RATE x expansion cells / number of expanding classes; a class "
             "with fewer gives all its cells). Helps rare classes.")
    trees: int = param(
        "TREES", "int", 20, minimum=1, label="Number of trees",
        help="Trees per random forest (official default 20). More trees give "
             "smoother probabilities and take longer.")
    mtry: int = param(
        "MTRY", "int", 0, minimum=0, advanced=True,
        label="Drivers tried per split (mtry, 0 = all)",
        help="Number of drivers each split chooses from; 0 = all drivers (the "
             "official default, no feature subsampling).")
    seed: int = param(
        "SEED", "int", 1, minimum=0, label="Random seed",
        help="Seed of the sample, the forests and the permutations: the same seed "
             "gives byte-identical outputs.")
    threads: int = param(
        "THREADS", "int", 0, minimum=0, advanced=True, label="Threads (0 = all cores)",
        help="Threads for training and prediction (no extra processes). The result "
             "does not depend on it.")
    training: str = param(
        "TRAINING", "choice", EXPANSION, choices=TRAINING_MODES, advanced=True,
        choice_labels=("expansion: cells that changed class (PLUS)",
                       "all: every cell valid in both maps"),
        label="Training cells",
        help="expansion (default, as PLUS): the forest of class k learns 'became k' "
             "against 'became another class' among the cells that changed. all: it "
             "learns 'became k' against 'could have become k but did not' (neither k "
             "at the start nor at the end, changed or not), from one sample of "
             "SAMPLING_RATE of all cells; P_k is then the chance of conversion, small "
             "where the land persists. See docs/leas.md.")
    min_samples_leaf: int = param(
        "MIN_SAMPLES_LEAF", "int", 1, minimum=1, advanced=True,
        label="Minimum samples per leaf",
        help="1 (default, as PLUS) grows every tree to pure leaves, so each tree "
             "votes 0 or 1; larger values (e.g. 5) stop at leaves of that many samples "
             "and give smoother probabilities.")
    # not a parameter: the calibration's spatial hold-out (core/study/calibration.py):
    # > 0 leaves the cells of every other b x b block of a checkerboard out of the sample
    holdout_block: int = 0

    def check(self, n_drivers=None):
        """Every range (the spec), then the rules between parameters (MTRY
        against the number of drivers once they are known)."""
        check(self)
        if self.balanced and self.training == ALL:
            raise LandCarbonError("BALANCED draws the same number of expansion cells for every "
                                  "class, but TRAINING = all samples a share of every cell: "
                                  "untick BALANCED, or use TRAINING = expansion.")
        if n_drivers is not None and self.mtry > n_drivers:
            raise LandCarbonError("MTRY is %d, but there are %d drivers; give 0 (all drivers, "
                                  "the official default) or 1..%d."
                                  % (self.mtry, n_drivers, n_drivers))
        return self

    @property
    def population(self):
        """What SAMPLING_RATE is a share of, in words."""
        return "expansion cells" if self.training == EXPANSION else \
            "cells valid in both maps"

    def record(self):
        """The settings as stored in a model file (plain values)."""
        return {"sampling_rate": self.sampling_rate, "balanced": bool(self.balanced),
                "trees": self.trees, "mtry": self.mtry, "seed": self.seed,
                "training": self.training, "min_samples_leaf": self.min_samples_leaf}


# The files of the leas step (SINGLE_MAP says which maps are used), in the
# order the tool shows them; CLASSES comes after the settings.
LEAS_INPUTS = (
    Param("LANDUSE_START", "raster", optional=True, label="Land-use map at the start (t0)",
          help="Integer class codes; the earlier calibration map. Not used in single-map "
               "mode."),
    Param("LANDUSE_END", "raster", label="Land-use map at the end (t1), or the single map",
          help="The later map, on the same grid. Probabilities are computed for its valid "
               "cells."),
    Param("SINGLE_MAP", "bool", False, label="Single-map mode (sample the end map itself)",
          help="Learn from the classes of one map instead of the change between two "
               "(recommended by the PLUS authors for very large areas): every valid cell is a "
               "sample candidate with its class."),
    Param("DRIVERS", "rasters", label="Drivers (stack or rasters on the land-use grid)",
          help="The stack of landcarbon:preparedrivers, or rasters on exactly the grid of the "
               "maps. Every band is a driver, named by its band description (else the file "
               "name)."),
    Param("LANDUSE_NEXT", "raster", optional=True,
          label="Land-use map at the next date (t2), for the TOC (optional)",
          help="A later map on the same grid: the skill of the probabilities (AUC and TOC "
               "per class, OUTPUT_AUC, OUTPUT_TOC) is then measured against the gains from "
               "LANDUSE_END to it, an interval the forests never saw (out of sample). Without "
               "it they are measured against the gains of the training interval (in "
               "sample, optimistic)."),
    Param("CLASSES", "file", extension="csv", optional=True,
          label="Class names and colours (CSV code,name,color)",
          help="Optional: class names for the band descriptions and tables."),
)

LEAS_OUTPUTS = (
    Param("OUTPUT_PROBABILITY", "raster_out", label="Development probabilities",
          help="Float32 GeoTIFF, one band per class in ascending code order, description "
               "'<code> <name>', values in [0, 1], nodata -3.4e38 outside the valid cells of "
               "the end map."),
    Param("OUTPUT_CONTRIBUTION", "file_out", file_filter=CSV, optional=True,
          label="Driver contributions",
          help="CSV, one row per class, one column per driver: share of the permutation RMSE "
               "increase (rows sum to 1; empty with a note for a class that did not expand or "
               "had too few samples)."),
    Param("OUTPUT_CONTRIBUTION_CHART", "file_out", file_filter="PNG files (*.png)",
          optional=True, label="Contribution chart",
          help="PNG bar chart of the contributions, one panel per class."),
    Param("OUTPUT_ACCURACY", "file_out", file_filter=CSV, optional=True,
          label="Accuracy per class",
          help="CSV per class: expansion cells, sample cells, positive and negative cells, "
               "out-of-bag accuracy (share of correct votes of trees that did not see the "
               "cell), OOB cells, OOB accuracy among the positives, RMSE of the probabilities "
               "on the sample, and a note (e.g. why a class has no forest)."),
    Param("OUTPUT_AUC", "file_out", file_filter=CSV, optional=True,
          label="Skill of the probabilities per class (AUC)",
          help="CSV per class: whether it is in or out of sample, the interval, candidate "
               "cells (not the class at its start), gain cells, the area under the ROC curve "
               "of P_k for the gains (AUC: 0.5 = no skill, 1 = perfect) and the bound of its "
               "binning error."),
    Param("OUTPUT_TOC", "file_out", file_filter=CSV, optional=True,
          label="TOC curves (CSV)",
          help="CSV per class and threshold (P_k >= threshold diagnosed as gain): diagnosed "
               "cells, hits and false alarms, the Total Operating Characteristic of Pontius & "
               "Si (2014)."),
    Param("OUTPUT_TOC_CHART", "file_out", file_filter="PNG files (*.png)", optional=True,
          label="TOC chart",
          help="PNG: the TOC of every class with its maximum, minimum and uniform bounds."),
    Param("OUTPUT_MODEL", "file_out", file_filter=MODEL_FILES, optional=True,
          label="Model file (for leaspredict)",
          help="The trained forests, driver names and ranges, class codes and library "
               "versions, for landcarbon:leaspredict with updated drivers. Only load model "
               "files you trust (they are Python pickles)."),
)


@dataclass
class LeasPredictSettings:
    """The parameters of leaspredict: only how many threads predict (the
    rest is the saved model's)."""

    threads: int = same_as(LeasSettings, "threads",
                           help="Threads for the prediction; the result does not depend on "
                                "it.")


LEASPREDICT_INPUTS = (
    Param("MODEL", "file", label="LEAS model file",
          file_filter=MODEL_FILES + ";;All files (*.*)",
          help="OUTPUT_MODEL of landcarbon:leas. Only load model files you trust (they are "
               "Python pickles)."),
    Param("DRIVERS", "rasters", label="Drivers (same names as for training)",
          help="Driver stack (or rasters) on the grid of LANDUSE with the model's band names; "
               "updated values where the plan changes a driver."),
    Param("LANDUSE", "raster", label="Land-use map (valid area and grid)",
          help="The map whose valid cells get probabilities, usually the base map of the "
               "simulation."),
)

LEASPREDICT_OUTPUTS = (
    Param("OUTPUT_PROBABILITY", "raster_out", label="Development probabilities",
          help="Float32 GeoTIFF, one band per class of the model, values in [0, 1], nodata "
               "-3.4e38 outside the valid cells of LANDUSE."),
)


@dataclass
class DriverSettings:
    """The options of preparedrivers beyond its layers: the classes of the
    reference map whose distance becomes a driver."""

    distance_classes: list = param(
        "DISTANCE_TO_CLASSES", "ints", [], optional=True,
        label="Distance to classes (codes, optional)",
        help="Class codes of the reference map separated by commas (e.g. 5,4 for built-up "
             "and water): one band per code with the distance in metres to the nearest cell "
             "of that class.")
    share_classes: list = param(
        "SHARE_OF_CLASSES", "ints", [], optional=True, advanced=True,
        label="Share of classes around each cell (codes, optional)",
        help="Class codes of the reference map separated by commas: per code and window "
             "size (SHARE_WINDOWS) one band with the share of that class among the valid "
             "cells of the n x n window around each cell (0-1), the composition of the "
             "neighbourhood as a driver (docs/drivers.md).")
    share_windows: list = param(
        "SHARE_WINDOWS", "ints", [3, 5, 11], minimum=3, maximum=101, odd=True, advanced=True,
        label="Window sizes of the class shares (odd, cells)",
        help="Sides of the square windows of SHARE_OF_CLASSES, odd (default 3,5,11).")


# The layers of preparedrivers; DISTANCE_TO_CLASSES (DriverSettings) comes
# before CLASSES in the tool.
PREPAREDRIVERS_INPUTS = (
    Param("REFERENCE", "raster", label="Reference land-use map (defines the grid)",
          help="The land-use raster whose grid (CRS, cell size, origin, size) the stack gets; "
               "its valid cells are the study area for the nodata shares. Must have a CRS."),
    Param("RASTERS", "rasters", optional=True, label="Continuous rasters (bilinear)",
          help="Rasters of continuous quantities in any CRS, resolution and extent (elevation "
               "in m, temperature, precipitation, GDP, population ...); resampled bilinearly. "
               "Each band becomes one driver named after the file."),
    Param("CATEGORICAL_RASTERS", "rasters", optional=True,
          label="Categorical rasters (nearest neighbour)",
          help="Rasters of categories (soil type, geology ...): resampled with nearest "
               "neighbour so that codes are never averaged."),
    Param("VECTORS", "vectors", optional=True, label="Vector layers (distance in m)",
          help="Points, lines or polygons in any CRS (roads, railways, rivers, county seats "
               "...). Each gives a band 'distance to <layer> (m)': Euclidean distance in "
               "metres to the nearest feature. A layer's filter is honoured."),
    Param("DEM", "raster", optional=True, label="DEM for slope (optional)",
          help="Digital elevation model, heights in metres, any CRS: warped bilinearly to the "
               "grid, then slope in degrees (Horn 1981) as band 'slope (degrees)'."),
    Param("CLASSES", "file", extension="csv", optional=True,
          label="Class names (CSV code,name,color)",
          help="Optional: names for the class-distance bands."),
)

PREPAREDRIVERS_OUTPUTS = (
    Param("OUTPUT", "raster_out", label="Driver stack",
          help="Multi-band Float32 GeoTIFF on the reference grid: one band per driver "
               "(rasters, vectors, slope, class distances, in that order), band description = "
               "driver name, nodata -3.4e38."),
    Param("OUTPUT_REPORT", "file_out", file_filter=CSV, optional=True, label="Driver report",
          help="CSV, one row per band: band, name, source, method, unit, min, max, nodata "
               "cells in the study area and their share (%)."),
)
