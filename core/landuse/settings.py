"""The spec of the landusechange and accuracy steps (docs/landuse-change.md,
docs/accuracy.md): their settings, inputs and outputs, each declared once
(core/common/spec.py). The QGIS tools and the checks are loops over these.
"""

from dataclasses import dataclass

from ..common.spec import Param, param

CSV = "CSV files (*.csv)"
CLASSES_LABEL = "Class names and colours (CSV code,name,color)"


# -- landusechange ----------------------------------------------------------

LANDUSECHANGE_INPUTS = (
    Param("INPUTS", "rasters", label="Land-use maps (chronological order)",
          help="Two or more land-use rasters of one area on one grid, oldest first. Integer "
               "class codes; codes are taken from the data."),
    Param("YEARS", "ints", [2000, 2010, 2020], label="Years of the maps",
          help="One year per map, increasing, separated by commas (e.g. 2000,2010,2020)."),
    Param("CLASSES", "file", extension="csv", optional=True, label=CLASSES_LABEL,
          help="Optional CSV with columns code,name,color (#RRGGBB). Names and colours label "
               "every output; codes without a row get 'class N'."),
)

LANDUSECHANGE_OUTPUTS = (
    Param("OUTPUT_AREAS", "file_out", file_filter=CSV, label="Areas and dynamic degrees",
          help="CSV, one row per class plus a total row: cells, km2 and % of the valid area "
               "per date; single dynamic degree per interval (%/yr); the total row holds the "
               "comprehensive dynamic degree. Empty = undefined (class absent at the start of "
               "the interval)."),
    Param("OUTPUT_TRANSITIONS", "file_out", file_filter=CSV, optional=True,
          label="Transition matrices",
          help="CSV, per interval (consecutive dates and first -> last) and unit (cells, "
               "km2): rows = from class, columns to_<code> = to class, then total, "
               "persistence, loss, gain, net change."),
    Param("OUTPUT_CHANGE", "raster_out", optional=True, label="Change map (first -> last date)",
          help="Raster with one code per from -> to pair, colour table and class names."),
)


# -- accuracy ----------------------------------------------------------------

@dataclass
class AccuracySettings:
    """The options of the accuracy step: a sampled share of the cells for
    the statistics (None = every cell), the seed of the sample and of the
    baselines, and whether the baselines are scored (docs/accuracy.md)."""

    sampling_rate: float = param(
        "SAMPLING_RATE", "float", None, minimum=0.0, maximum=1.0, open_minimum=True,
        optional=True, advanced=True, label="Sampling rate (empty = full map)",
        help="Optional share of the valid cells (0 < rate <= 1, e.g. 0.01) drawn at random "
             "for the statistics, as the official PLUS tool does for Kappa. Empty = every "
             "cell (recommended).",
        hint="It is the share of the cells the statistics are computed on (e.g. 0.01 for "
             "1 %); leave it empty for the full map.")
    seed: int = param(
        "RANDOM_SEED", "int", 0, minimum=0, advanced=True,
        label="Random seed (sampling and baselines)",
        help="Seed of the random sample (with a sampling rate) and of the baselines' random "
             "allocation and ties; the same seed gives the same numbers.")
    baselines: bool = param(
        "BASELINES", "bool", True, advanced=True,
        label="Score the random and nearest-patch baselines",
        help="Also score two baselines with the simulation's from -> to cell counts on the "
             "same cells: random allocation, and the cells nearest to the existing patches of "
             "each target class (targets in ascending class code). The report gets "
             "fom_baseline_random / _nearest, kappa_..., overall_accuracy_... and "
             "fom_multiple_of_baseline_... rows. Costs a few passes over the maps per target "
             "class; off = the model only.")
    multiresolution: bool = param(
        "MULTIRESOLUTION", "bool", True, advanced=True,
        label="Score at multiple resolutions (null resolution)",
        help="Also aggregate the maps by factors 1, 2, 4, ... up to the whole map and split "
             "the difference between SIMULATED and OBSERVED at each into quantity, exchange "
             "and shift (Pontius et al. 2008; diffeR's differenceMR), next to the difference "
             "of the persistence map (INITIAL): the report gains the null resolution, the "
             "finest factor at which the simulation beats the persistence map. Always on "
             "every valid cell, also with a sampling rate.")

    @property
    def sample_share(self):
        """The share of the cells sampled, or None for every cell (a rate of
        1 is the full map)."""
        rate = self.sampling_rate
        return None if rate is None or rate == 1.0 else float(rate)


ACCURACY_INPUTS = (
    Param("INITIAL", "raster", label="Initial land-use map (start of the simulation)",
          help="The map the simulation started from (t0); integer class codes."),
    Param("OBSERVED", "raster", label="Observed land-use map (target year)",
          help="The real map of the simulated year (t1), same grid."),
    Param("SIMULATED", "raster", label="Simulated land-use map (target year)",
          help="The simulation of t1 from the initial map, same grid and class codes."),
    Param("CLASSES", "file", extension="csv", optional=True, label=CLASSES_LABEL,
          help="Optional: class names used in the report."),
)

ACCURACY_OUTPUTS = (
    Param("OUTPUT_REPORT", "file_out", file_filter=CSV, label="Accuracy report",
          help="CSV with columns statistic, code, name, value, unit, observed_<code>: OA, "
               "Kappa, Kappa location/histogram, quantity and allocation disagreement, FoM and "
               "its producer's/user's accuracy, A/B/C/D cells, per-class producer's and user's "
               "accuracy, then the confusion matrix (statistic confusion_cells, code = "
               "simulated class, observed_<code> = cells per observed class). Empty value = "
               "undefined."),
    Param("OUTPUT_MAP", "raster_out", optional=True, label="Hits / misses / false alarms map",
          help="Byte raster: 0 persistence, 1 A miss, 2 B hit, 3 C wrong hit, 4 D false alarm, "
               "255 nodata; colour table, names and .qml."),
    Param("OUTPUT_TRANSITION_SKILL", "file_out", file_filter=CSV, optional=True,
          label="Skill per transition",
          help="CSV, one row per from -> to conversion observed or simulated, largest observed "
               "first: observed, simulated, hit, missed and false-alarm cells and the FoM of "
               "that conversion; then per class its gains from any other class."),
    Param("OUTPUT_MULTIRESOLUTION", "file_out", file_filter=CSV, optional=True,
          label="Difference at multiple resolutions",
          help="CSV, one row per aggregation factor (1, 2, 4, ... cells per side, up to the "
               "whole map): quantity, exchange, shift and allocation difference and their sum "
               "(fractions of the assessed cells), the persistence map's difference, and "
               "whether the simulation beats it (needs MULTIRESOLUTION)."),
    Param("OUTPUT_MULTIRESOLUTION_CHART", "file_out", file_filter="PNG files (*.png)",
          optional=True, label="Chart of the differences at multiple resolutions",
          help="PNG: stacked bars of quantity, exchange and shift per factor, the persistence "
               "map's difference as a line, the null resolution marked."),
)
