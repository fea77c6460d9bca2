"""The spec of the cars step (docs/cars.md): its settings, inputs and
outputs, each declared once (core/common/spec.py). The QGIS tool, the
study, parameters.json, the report and the checks are loops over these.
"""

from dataclasses import dataclass

from ..common.spec import Param, param

RASTERS = "GeoTIFF files (*.tif *.tiff)"
CSV = "CSV files (*.csv)"


@dataclass
class CarsSettings:
    """The parameters of CARS (names as in the Processing algorithm; see
    docs/cars.md) and a few engineering settings (documented, not exposed)."""

    neighborhood: int = param(
        "NEIGHBORHOOD", "int", 3, minimum=3, maximum=31, odd=True, unit="cells",
        label="Neighbourhood size (odd, cells)",
        help="Side n of the n x n window of the neighbourhood effect, odd (3 = the 8 "
             "adjacent cells, 5 = 24 cells).",
        hint="It is the side of the square window of the neighbourhood effect (3 = 3 x 3).")
    patch_threshold: float = param(
        "PATCH_THRESHOLD", "float", 0.5, minimum=0.0, maximum=1.0,
        label="Patch generation threshold (delta)",
        help="delta in the threshold tau = delta^d x r1 a cell's probability must pass; "
             "a larger delta lowers the threshold more slowly (examples: 0.5-0.9).",
        hint="It is delta, the factor by which the conversion threshold falls (examples use "
             "0.5 to 0.9).")
    expansion_coefficient: float = param(
        "EXPANSION_COEFFICIENT", "float", 0.1, minimum=0.0, maximum=1.0,
        label="Expansion coefficient (mu)",
        help="mu: weight of new seed patches, OP = P x r x mu x D (0.1 in every official "
             "example).",
        hint="It is mu, the weight of new seed patches (0.1 in every official example).")
    seed_percentage: float = param(
        "SEED_PERCENTAGE", "float", 0.01, minimum=0.0, maximum=1.0,
        label="Percentage of seeds (share)",
        help="Budget of new seed patches: in a target year at most ceil(share x initial "
             "gap) cells of a class may start new patches, opened again only after an "
             "iteration that closed no gap (0 = growth from existing patches only).",
        hint="It is the share of a class's gap that may be filled with new seed patches in a "
             "target year (default 0.01).")
    random_seed: int = param(
        "RANDOM_SEED", "int", 1, minimum=0, label="Random seed",
        help="Seed of the random draws; the same seed and inputs give the same maps "
             "byte for byte.")
    max_iterations: int = param(
        "MAX_ITERATIONS", "int", 1000, minimum=1, label="Maximum iterations per target year",
        help="The simulation of a year stops earlier when the demand is met or nothing "
             "can change any more.")
    development_class: int = param(
        "DEVELOPMENT_CLASS", "int", None, optional=True, advanced=True,
        label="Development class (code) of the zones",
        help="Optional class code favoured in development zones (RESTRICTION = 2): "
             "there its OP becomes min(r + OP, 1) x DEVELOPMENT_WEIGHT. Without it, "
             "zones count as free cells.")
    development_weight: float = param(
        "DEVELOPMENT_WEIGHT", "float", 0.5, minimum=0.0, maximum=1.0, advanced=True,
        label="Weight of the development class in zones",
        help="Factor in min(r + OP, 1) x weight inside development zones (default 0.5).")
    decay_share: float = param(
        "DECAY_SHARE", "float", 0.5, minimum=0.0, maximum=1.0, advanced=True,
        label="Decay share of the threshold",
        help="The decay step d grows after every iteration that closes less than this "
             "share of the year's gap (default 0.5: in practice every iteration, so the "
             "neighbourhood drives most of the allocation, as in PLUS).",
        hint="The threshold decays after every iteration that closes less than this share of "
             "the year's gap (default 0.5).")
    gain_tolerance: float = param(
        "GAIN_TOLERANCE", "float", 0.05, minimum=0.0, maximum=1.0, advanced=True,
        label="Gain tolerance of classes above their demand",
        help="FLUS tolerance: a class above its demand may still gain cells from another "
             "class above its demand while its surplus stays within its best so far + "
             "this share of its initial surplus (two-way flows such as cropland <-> "
             "water); 0 = never.",
        hint="It is the FLUS tolerance: a class above its demand may gain cells while its "
             "surplus stays within this share of its initial surplus (default 0.05).")
    strict_demand: bool = param(
        "STRICT_DEMAND", "bool", False, advanced=True,
        label="Refuse a demand that cannot be fully met",
        help="Off (default): a demand that the transition matrix, the restrictions or "
             "probabilities of 0 make impossible is allocated as far as it can be, with "
             "warnings and the shortfall per class in the log and OUTPUT_ALLOCATION. On: "
             "such a demand is refused before anything is written.")
    runs: int = param(
        "RUNS", "int", 1, minimum=1, label="Runs (seed ensemble)",
        help="Number of simulations with the seeds RANDOM_SEED, RANDOM_SEED + 1, ... "
             "(1 = one simulation). With more, OUTPUT is the median (most typical) "
             "run's map and OUTPUT_FREQUENCY / OUTPUT_MODE say how often each cell "
             "changed and its most frequent class: how certain the map is.",
        hint="1 = a single simulation, e.g. 10 = an ensemble of ten seeds.")
    pace_iterations: int = param(
        "PACE_ITERATIONS", "int", 20, minimum=0, advanced=True,
        label="Pace of the allocation (iterations)",
        help="H: once the threshold has decayed, a class whose gap closes by less than 1/H of "
             "its initial gap in an iteration gets its demand coefficient D_k doubled (a "
             "deficit) or halved (a surplus), and a growing class may start new seed patches "
             "for the growth it lacks; a growing class may also give up cells to another "
             "growing class only as far as it can win them back. 0 = PLUS's rules (docs/cars.md, "
             "\"Pace\").",
        hint="A gap should close within this many iterations, else the pace rules help the "
             "class (default 20; 0 = PLUS's rules).")
    progress_share: float = param(
        "PROGRESS_SHARE", "float", 0.05, minimum=0.0, maximum=1.0, advanced=True,
        label="Least progress of the last iterations (share of the gap)",
        help="A target year stops when the last STALL_ITERATIONS iterations closed less than "
             "this share of the remaining gap (once the threshold has vanished, or after 100 "
             "iterations in any case); what remains is diagnosed (default 0.05).",
        hint="A target year stops when the last STALL_ITERATIONS iterations closed less than "
             "this share of the gap (default 0.05).")
    stall_iterations: int = param(
        "STALL_ITERATIONS", "int", 10, minimum=1, advanced=True,
        label="Iterations of the progress stop rule",
        help="The window of the progress stop rule: the last this many iterations must close "
             "at least PROGRESS_SHARE of the gap (default 10).")
    # engineering (not parameters: they do not change the maps)
    chunk_cells: int = 1 << 16            # candidates per proposal block (memory, cache)
    part_cells: int = 1 << 20             # on one machine: candidates per sorted part of
    #   the proposals (a thread's unit; the gates' rounds go over every part)
    memory_budget: int = None             # bytes of candidate probabilities kept in RAM
    #   (None: a quarter of the machine's memory, at least 768 MB; 0: always on disk;
    #   on Dask per worker, default a quarter of its memory limit)
    threads: int = 0                      # proposals of candidate chunks in threads (0: all
    #   cores); the maps do not depend on it
    strip_cells: int = 1 << 20            # cells per row strip when reading rasters


# The files of the cars step, in the order the tool shows them.
CARS_INPUTS = (
    Param("LANDUSE", "raster", label="Initial land-use map",
          help="Integer class codes; the simulation starts from this map and keeps its "
               "grid, codes and nodata."),
    Param("PROBABILITY", "raster", label="Development probabilities (from leas)",
          help="One Float32 band per class with values in [0, 1], as written by "
               "landcarbon:leas (band descriptions '<code> <name>'; without descriptions "
               "the bands are taken in ascending class-code order). Same grid."),
    Param("DEMAND", "file", extension="csv", label="Land demand (CSV year,code,cells)",
          help="Cells per class and target year (landcarbon:markovdemand writes it); each "
               "year must list every class of the map and sum to its valid cell count. "
               "Several years are simulated in sequence."),
    Param("TRANSITION_MATRIX", "file", extension="csv", optional=True,
          label="Transition matrix (CSV, 1 = allowed)",
          help="Square CSV, header row and first column = class codes, rows = from, "
               "columns = to, 1 = allowed, 0 = forbidden. Empty: every conversion is "
               "allowed."),
    Param("RESTRICTION", "raster", optional=True,
          label="Restriction raster (0 no change, 1 free, 2 development zone)",
          help="Optional, same grid: 0 = the cell may not change, 1 = free, 2 = "
               "development zone (see DEVELOPMENT_CLASS). Nodata counts as free."),
    Param("WEIGHTS", "file", extension="csv", optional=True,
          label="Neighbourhood weights (CSV code,weight)",
          help="Optional w_k in [0, 1] per class. Empty: each class's share of expansion "
               "between LANDUSE_START and LANDUSE, or 1 for every class without "
               "LANDUSE_START."),
    Param("LANDUSE_START", "raster", optional=True,
          label="Calibration start map (for default weights)",
          help="Optional earlier map of the calibration pair (LANDUSE being the later "
               "one); the default weights are each class's share of the cells that "
               "changed class between the two."),
    Param("CLASSES", "file", extension="csv", optional=True,
          label="Class names and colours (CSV code,name,color)",
          help="Optional: names and colours of the output maps and the log."),
)

CARS_OUTPUTS = (
    Param("OUTPUT", "raster_out", label="Simulated land use (last target year)",
          help="Map of the last target year (earlier years: <name>_<year>.tif beside it); "
               "grid, codes and nodata of the initial map, colour table and names."),
    Param("OUTPUT_LOG", "file_out", file_filter=CSV, optional=True, label="Iteration log",
          help="CSV, one row per target year and iteration (iteration 0 = start): decay "
               "step d, threshold scale delta^d, converted_cells, seed_cells, and per "
               "class allocated_cells, gap_cells (demand - allocated) and "
               "demand_coefficient D_k."),
    Param("OUTPUT_ALLOCATION", "file_out", file_filter=CSV, optional=True, create=False,
          label="Demand, allocated and shortfall per class",
          help="CSV, one row per target year and class: demand_cells, allocated_cells, "
               "shortfall_cells (demand - allocated), met (within max(10 cells, 0.1 %)), "
               "iterations and why the simulation stopped."),
    Param("OUTPUT_FREQUENCY", "raster_out", optional=True, create=False,
          label="Change frequency over the runs",
          help="With RUNS > 1: per cell, in how many runs it holds another class than in "
               "LANDUSE (0 .. RUNS) by the last target year (earlier years: "
               "<name>_<year>.tif)."),
    Param("OUTPUT_MODE", "raster_out", optional=True, create=False,
          label="Most frequent class over the runs",
          help="With RUNS > 1: per cell its most frequent class over the runs (ties: the "
               "initial class if among them, else the lowest code)."),
    Param("OUTPUT_ENSEMBLE", "file_out", file_filter=CSV, optional=True, create=False,
          label="Runs of the ensemble",
          help="With RUNS > 1: one row per run and year: seed, median run, agreement with "
               "the most frequent classes (cells), iterations, allocated cells per "
               "class."),
)
