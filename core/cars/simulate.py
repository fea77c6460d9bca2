"""CARS: cellular automaton based on multi-type random patch seeds, the
allocation half of PLUS (docs/cars.md; Liang et al. 2021, CEUS
85:101569). From an initial land-use map, development probabilities P_k
(landcarbon:leas) and a demand in cells per class for one or more target
years, it changes cells class by class until every class holds its demand.

One iteration, for every cell i that could change (valid, not restricted, of
a class that is not at its demand, with a target class allowed by the
transition matrix that still needs cells and has P_k(i) > 0):

- Omega_k(i): cells of class k in the n x n window of the PREVIOUS
  iteration's map, centre excluded, / (n*n - 1) * w_k (cells outside the
  raster or nodata are not counted);
- OP_k(i) = P_k(i) * Omega_k(i) * D_k, or P_k(i) * r * mu * D_k when no
  class-k cell is in the window and r < P_k(i), r ~ U(0,1) per cell and
  class (a new patch seed); inside development zones (RESTRICTION = 2) the
  development class gets min(r + OP, 1) * weight;
- a roulette over OP_k / sum OP_k picks k*; the cell becomes k* iff
  k* != its class c, the transition matrix allows c -> k*,
  P_k*(i) > tau = delta^d * r1 (r1 ~ Normal(1, 1/3) clipped to [0, 2]) and
  the demand gates allow it.

Demand gates (:func:`core.cars.rules.gate_rooms`): a class gains only while
below its demand, a class above its demand loses only down to it and gains
only within the FLUS tolerance (GAIN_TOLERANCE, from another class above its
demand), a class at its demand neither gains nor loses: no class overshoots.
A class below its demand gives cells to another class below its demand only
down to its floor (no drain: its start less the cells it could lose and
still regain; its start when nothing can become it). The proposals of an
iteration are taken net conversions first, then swaps between classes below
their demand, then two-way flows; within each, the highest OP first
(:func:`core.cars.rules.proposal_order`), exactly as a sequential sweep with
counters updated after every accepted cell
(:func:`core.cars.rules.sweep_gates`; on Dask from counts, without gathering
the proposals: :mod:`core.cars.gates`). New seeds of class k draw on a budget
of ceil(SEED_PERCENTAGE * G_k) cells per target year.

Between iterations: G_k = demand - allocated; D_k by PLUS eq. 5
(:func:`core.cars.rules.update_demand_coefficient`); the decay step d grows
by one when an iteration reduced sum_k |G_k| by less than DECAY_SHARE (0.5)
of its value at the start of the target year (at least one cell), so tau
falls geometrically and ever less suitable cells may convert. Pace (once
delta^d < PACE_SCALE): a class whose gap closed by less than G_k^0 /
PACE_ITERATIONS in an iteration gets D_k x 2 (deficit) or / 2 (surplus), and
a class below its demand whose patches grew by less than that may start the
difference as new seeds (:func:`core.cars.rules.pace_seeds`).

Stops when every G_k is 0; when no cell of a class above its demand can
change any more; when the last STALL_ITERATIONS iterations closed less than
PROGRESS_SHARE of the gap (once tau has decayed to nothing, or after
10 x STALL_ITERATIONS iterations); or after MAX_ITERATIONS. A demand that
cannot be fully met is diagnosed and warned (before:
:mod:`core.cars.feasibility`; after: :mod:`core.cars.diagnose`) and reported
as a shortfall, not refused (unless STRICT_DEMAND).

Determinism: every draw is a counter-based hash of (RANDOM_SEED, stream,
year and iteration, cell position) (:mod:`core.common.random`), so results
do not depend on chunk or strip sizes, on the order of the candidates or on
whether the probabilities are kept in RAM or on disk: same seed, same bytes.

Memory: the current map (one byte per cell for < 255 classes) stays in RAM;
the candidate cells keep their flat position, K window counts (uint8) and K
probabilities (float32, in RAM up to a budget, else in a temporary raw file
beside the output). Window counts are computed once per target year by a box
filter per row strip with a halo of (n-1)/2 rows, then updated around each
converted cell.
"""

import dataclasses
import math
import os
import shutil
import tempfile
from dataclasses import dataclass, field

import numpy as np

from ..common import raster, tiles
from ..common.classes import ClassTable
from ..common.demand_tables import read_demand
from ..common.errors import LandCarbonError
from ..common.landmap import class_counts, open_landuse
from ..common.outputs import Outputs
from ..common.progress import Progress
from ..common.tables import write_table
from .candidates import allowed_now
from .diagnose import diagnose
from .ensemble import run_ensemble
from .feasibility import capacity_lines, check_feasible, demand_problems, reachable
from .gates import Gates
from .inputs import (
    check_demand,
    check_parameters,
    expansion_weights,
    probability_bands,
    read_weights,
    transition_allowed,
)
from .kernels import IterationRules
from .neighbourhood import check_neighborhood
from .on_dask import DaskMap
from .readers import ProbabilityReader, RestrictionReader
from .rules import (
    gate_rooms,
    pace_seeds,
    seed_budget,
    threshold_scale,
    tolerance_rooms,
    too_slow,
    update_demand_coefficient,
    within_tolerance,
)
from .settings import CarsSettings
from .strips import StripMap

# tau below this is no threshold any more (probabilities are >= 1e-6 or 0).
TAU_FLOOR = 1e-6
# The pace rules (D_k, seeds) apply once the threshold scale delta^d is below
# this (docs/cars.md, "Pace").
PACE_SCALE = 0.1

DEFAULT_LABELS = {"LANDUSE": "LANDUSE (initial map)", "PROBABILITY": "PROBABILITY raster",
                  "RESTRICTION": "RESTRICTION raster",
                  "LANDUSE_START": "LANDUSE_START (calibration start map)",
                  "DEMAND": "DEMAND table", "TRANSITION_MATRIX": "TRANSITION_MATRIX table",
                  "WEIGHTS": "WEIGHTS table", "CLASSES": "CLASSES table"}


@dataclass
class YearResult:
    """One target year: demand and allocated cells per class (class order of
    CarsResult.codes), why the simulation stopped, and the classes that
    missed their demand by more than the tolerance."""

    year: int
    path: str
    demand: np.ndarray
    allocated: np.ndarray
    iterations: int
    stop_reason: str
    failed: list = field(default_factory=list)   # codes outside the tolerance

    @property
    def shortfall(self):
        """demand - allocated per class (cells): > 0 a class that got fewer
        cells than it needed, < 0 one that kept more than its demand."""
        return self.demand - self.allocated


@dataclass
class CarsResult:
    codes: list
    years: list = field(default_factory=list)     # YearResult per target year
    log_rows: list = field(default_factory=list)
    ensemble: list = None                         # EnsembleYear per year (RUNS > 1)
    seed: int = None                              # the RANDOM_SEED of these maps

    @property
    def paths(self):
        return [y.path for y in self.years]


def year_output_paths(output_path, years):
    """OUTPUT holds the last target year; earlier years go beside it as
    <stem>_<year><ext>, or, when the stem already ends with the last year
    (sim_2040.tif), with that year replaced (sim_2030.tif)."""
    stem, ext = os.path.splitext(str(output_path))
    ext = ext or ".tif"
    suffix = "_%d" % years[-1]
    if stem.endswith(suffix) and len(stem) > len(suffix):
        stem = stem[:-len(suffix)]
    paths = ["%s_%d%s" % (stem, y, ext) for y in years[:-1]]
    return paths + [str(output_path)]


@dataclass
class RunContext:
    """Everything that stays fixed during a run (inputs, parameters, readers),
    built once by :func:`run_cars`; the input scan adds what it counts."""

    codes: list                 # class codes, ascending (class index = position)
    names: list
    classes: ClassTable
    allowed: np.ndarray         # (K, K) transition matrix
    weights: np.ndarray         # w_k
    n: int                      # neighbourhood side
    settings: CarsSettings
    info: object                # RasterInfo of the land-use map
    dev: object                 # index of DEVELOPMENT_CLASS or None
    progress: Progress
    block_rows: int             # rows of the inputs' blocks (strip alignment)
    prob: ProbabilityReader
    restriction: RestrictionReader
    free_cells: int = 0         # valid cells that may change (input scan)
    restricted: np.ndarray = None   # restricted cells per class (input scan)

    @property
    def k(self):
        return len(self.codes)

    @property
    def grid(self):
        return self.info.grid

    @property
    def shape(self):
        return (self.info.grid.ysize, self.info.grid.xsize)

    def strips(self):
        """(first row, rows) of the strips the rasters are read in."""
        rows = raster.strip_rows(self.grid, self.block_rows, self.settings.strip_cells)
        return raster.strips(self.grid, rows)


def run_cars(landuse, probability, demand, output, *, settings=None, transition_matrix=None,
             restriction=None, weights=None, landuse_start=None, classes=None, output_log=None,
             output_allocation=None, output_frequency=None, output_mode=None,
             output_ensemble=None, labels=None, cluster=None, progress=None):
    """The cars step: check every input, simulate each target year of the
    ``demand`` table from the previous one, starting from the ``landuse``
    map with the ``probability`` raster, and write the maps (``output`` =
    last year, earlier years as <stem>_<year>.tif; a .vrt ``output``: tiles
    and a VRT, core.common.tiles), the per-iteration log
    ``output_log`` and the per-class ``output_allocation`` table (demand,
    allocated, shortfall), all or nothing. A demand that cannot be fully met
    is allocated as far as it can be, with warnings; with
    ``settings.strict_demand`` it is refused before any work.

    Optional inputs (paths): ``transition_matrix`` (CSV, default all
    allowed), ``restriction`` raster, ``weights`` CSV, ``landuse_start``
    (calibration start map for the default weights), ``classes`` CSV.
    ``settings``: :class:`CarsSettings`; ``labels``: names of the inputs in
    messages, keyed by parameter name (see DEFAULT_LABELS).

    With ``settings.runs`` > 1 the simulation runs once per seed (a seed
    ensemble, core.cars.ensemble): the maps, log and allocation are the
    median run's; ``output_frequency`` and ``output_mode`` get, per target
    year (named like the maps), how many runs changed each cell and its most
    frequent class; ``output_ensemble`` a CSV per run.
    ``cluster``: a core.common.cluster.Cluster to run the iterations on
    Dask chunks (core.cars.on_dask; same maps as on this machine).
    Returns a CarsResult (with ``ensemble``: the EnsembleYear summaries)."""
    progress = progress or Progress()
    if settings is not None and settings.runs > 1:
        if any(tiles.is_tiled(p) for p in (output, output_frequency, output_mode) if p):
            raise LandCarbonError("A seed ensemble (RUNS > 1) writes single GeoTIFFs: name "
                                  "OUTPUT, OUTPUT_FREQUENCY and OUTPUT_MODE .tif (a .vrt with "
                                  "tiles is for single runs).")
        return _run_ensemble(
            landuse, probability, demand, output, settings, progress,
            dict(transition_matrix=transition_matrix, restriction=restriction, weights=weights,
                 landuse_start=landuse_start, classes=classes, labels=labels, cluster=cluster),
            output_log, output_allocation, output_frequency, output_mode, output_ensemble)
    settings = settings or CarsSettings()
    lab = dict(DEFAULT_LABELS)
    lab.update(labels or {})
    n = check_neighborhood(settings.neighborhood)
    check_parameters(settings)
    demand = read_demand(demand, lab["DEMAND"])
    table = ClassTable.from_csv(classes, lab["CLASSES"]) if classes else ClassTable()
    infos = _open_rasters(landuse, probability, restriction, landuse_start, lab, progress)
    with raster.gdal_cache_limit():
        ctx, years, targets, start = _context(
            infos, demand, table, classes, transition_matrix, weights, probability, n,
            settings, lab, progress, cluster)
        engine = None
        try:
            if settings.strict_demand:
                for i in range(1, len(years)):
                    check_feasible(years[i], targets[i] - targets[i - 1], ctx.codes, ctx.names,
                                   ctx.allowed, None, None)
            engine = StripMap(ctx) if cluster is None else DaskMap(
                ctx, cluster, probability, ctx.prob.band_numbers, infos[2])
            _scan(ctx, engine, years[0], targets[0] - start, progress.span(0.02, 0.08))
            _log_start(ctx, years, start)
            result = _simulate_years(ctx, engine, years, targets, output, output_log,
                                     output_allocation, progress)
        finally:
            if engine is not None:
                engine.close()
            ctx.prob.close()
            ctx.restriction.close()
    _report(ctx, result)
    return result


def _open_rasters(landuse, probability, restriction, landuse_start, lab, progress):
    """RasterInfo of the land-use map, the probabilities, the restriction and
    the calibration start map (None when not given), checked on one grid."""
    info = open_landuse(landuse, lab["LANDUSE"], progress)
    pinfo = raster.open_band(probability, lab["PROBABILITY"], 1, progress)
    rinfo = raster.open_band(restriction, lab["RESTRICTION"], 1, progress) \
        if restriction else None
    sinfo = open_landuse(landuse_start, lab["LANDUSE_START"], progress) \
        if landuse_start else None
    raster.check_same_grid([(i.label, i.grid) for i in (info, pinfo, rinfo, sinfo)
                            if i is not None])
    return info, pinfo, rinfo, sinfo


def _context(infos, demand, table, classes, transition_matrix, weights, probability, n,
             settings, lab, progress, cluster=None):
    """The RunContext of a run, its target years, the demand of each (cells
    per class) and the cells per class of the initial map (counted on the
    workers of ``cluster`` when given)."""
    info, pinfo, rinfo, sinfo = infos
    counts, _nodata = class_counts(info, progress.span(0.0, 0.02), cluster)
    codes = sorted(counts)
    table.complete(codes)
    if classes:
        table.check_against(codes, progress)
    check_demand(demand, counts, codes, lab["DEMAND"])
    allowed = transition_allowed(transition_matrix, codes, progress, lab["TRANSITION_MATRIX"])
    bands, _ = probability_bands(probability, lab["PROBABILITY"], codes, progress)
    w = _weights(weights, sinfo, info, codes, table, demand, counts, progress, lab)
    years = list(demand)
    targets = [np.array([demand[y][c] for c in codes], dtype=np.int64) for y in years]
    start = np.array([counts[c] for c in codes], dtype=np.int64)
    ctx = RunContext(codes=codes, names=[table.name(c) for c in codes], classes=table,
                     allowed=allowed, weights=w, n=n, settings=settings, info=info,
                     dev=_development_index(settings, codes), progress=progress,
                     block_rows=max(info.block_rows, pinfo.block_rows,
                                    rinfo.block_rows if rinfo else 1),
                     prob=ProbabilityReader(probability, lab["PROBABILITY"], bands, progress,
                                            settings.threads or (os.cpu_count() or 1)),
                     restriction=RestrictionReader(rinfo))
    return ctx, years, targets, start


def _simulate_years(ctx, engine, years, targets, output, output_log, output_allocation,
                    progress):
    """Every target year in turn from the previous one's map, its map written
    as it ends, then the log and the allocation table (all or nothing)."""
    final_paths = year_output_paths(output, years)
    result = CarsResult(ctx.codes, seed=int(ctx.settings.random_seed))
    with Outputs() as out:
        for i, (year, target) in enumerate(zip(years, targets)):
            span = progress.span(0.08 + 0.92 * i / len(years),
                                 0.08 + 0.92 * (i + 1) / len(years))
            tmp = out.path(final_paths[i])      # creates the folder
            year_result = _simulate_year(ctx, engine, year, target, span.span(0, 0.95),
                                         result.log_rows, os.path.dirname(tmp))
            year_result.path = final_paths[i]
            _write_map(ctx, engine, year, tmp, span.span(0.95, 1.0))
            result.years.append(year_result)
        if output_log:
            write_table(out.path(output_log), *_log_table(ctx, result.log_rows))
        if output_allocation:
            write_table(out.path(output_allocation), *allocation_table(ctx, result))
    return result


def _run_ensemble(landuse, probability, demand, output, settings, progress, inputs,
                  output_log, output_allocation, output_frequency, output_mode,
                  output_ensemble):
    """RUNS simulations with consecutive seeds into a temporary folder, then
    the median run's maps and tables and the ensemble's summaries as the
    outputs (all or nothing); the folder is removed afterwards."""
    if int(settings.runs) != settings.runs or settings.runs < 1:
        raise LandCarbonError("RUNS is %s; give a whole number >= 1." % settings.runs)
    years = list(read_demand(demand, (inputs["labels"] or {}).get("DEMAND", "DEMAND table")))
    seeds = [int(settings.random_seed) + r for r in range(int(settings.runs))]
    classes = ClassTable.from_csv(inputs["classes"], "CLASSES table") if inputs["classes"] \
        else ClassTable()

    def named(path):
        return dict(zip(years, year_output_paths(path, years))) if path else {}

    with Outputs() as out:
        final = {y: out.path(p) for y, p in named(output).items()}
        freq = {y: out.path(p) for y, p in named(output_frequency).items()}
        mode = {y: out.path(p) for y, p in named(output_mode).items()}
        work = tempfile.mkdtemp(prefix=".landcarbon-ensemble-",
                                dir=os.path.dirname(final[years[-1]]))
        try:
            def run_one(seed, folder, span):
                return run_cars(landuse, probability, demand, os.path.join(folder, "sim.tif"),
                                settings=dataclasses.replace(settings, runs=1,
                                                             random_seed=seed),
                                output_log=os.path.join(folder, "log.csv"),
                                output_allocation=os.path.join(folder, "allocation.csv"),
                                progress=span, **inputs)
            median, summaries, _runs = run_ensemble(
                run_one, seeds, years, landuse, final, freq or None, mode or None,
                out.path(output_ensemble) if output_ensemble else None, classes, work,
                progress)
            folder = os.path.join(work, "seed_%d" % seeds[summaries[-1].median_run])
            for path, name in ((output_log, "log.csv"), (output_allocation, "allocation.csv")):
                if path:
                    shutil.copyfile(os.path.join(folder, name), out.path(path))
        finally:
            shutil.rmtree(work, ignore_errors=True)
    for year_result, path in zip(median.years, year_output_paths(output, years)):
        year_result.path = path
    median.ensemble = summaries
    median.seed = seeds[summaries[-1].median_run]
    return median


def _weights(weights_path, sinfo, info, codes, classes, demand, counts, progress, lab):
    """w_k: the WEIGHTS table, else each class's share of expansion between
    LANDUSE_START and LANDUSE, else 1."""
    if weights_path:
        weights, extra = read_weights(weights_path, codes, lab["WEIGHTS"])
        if extra:
            progress.warning("%s names class(es) %s that are not in the map; they are ignored."
                             % (lab["WEIGHTS"], ", ".join(map(str, extra))))
        how = "from %s" % lab["WEIGHTS"]
    elif sinfo is not None:
        weights, gained = expansion_weights(sinfo, info, codes, progress.span(0.02, 0.03))
        if weights is None:
            progress.warning("%s and %s are identical (no cell changed class), so the share of "
                             "expansion is undefined; every class gets weight 1."
                             % (sinfo.label, info.label))
            weights = np.ones(len(codes))
            how = "1 (no expansion between the calibration maps)"
        else:
            how = "share of expansion between %s and %s (cells gained: %s)" % (
                sinfo.label, info.label, ", ".join("%d: %d" % (c, g)
                                                   for c, g in zip(codes, gained)))
    else:
        weights = np.ones(len(codes))
        how = "1 for every class (no WEIGHTS table and no LANDUSE_START)"
    progress.info("Neighbourhood weights w_k: %s -> %s." % (
        how, ", ".join("%d %s: %.4g" % (c, classes.name(c), w) for c, w in zip(codes, weights))))
    for i, code in enumerate(codes):
        grows = any(demand[y][code] > counts[code] for y in demand)
        if weights[i] == 0 and grows:
            progress.warning(
                "Class %d (%s) has neighbourhood weight 0 but must gain cells: it can only "
                "grow by new seed patches (SEED_PERCENTAGE, then the pace rule), not from its "
                "existing patches. Give it a weight > 0 in a WEIGHTS table if that is not "
                "intended."
                % (code, classes.name(code)))
    return np.asarray(weights, dtype=np.float64)


def _development_index(settings, codes):
    if settings.development_class is None:
        return None
    code = int(settings.development_class)
    if code not in codes:
        raise LandCarbonError("DEVELOPMENT_CLASS %d is not a class of the land-use map (%s)."
                              % (code, ", ".join(map(str, codes))))
    return codes.index(code)


def _scan(ctx, engine, year, gaps, progress):
    """One pass over the inputs before anything is written: load the map as
    class indices, check probabilities (in [0, 1]) and restriction values
    (0/1/2), count the restricted cells per class and, with STRICT_DEMAND,
    refuse a demand that cannot be met."""
    k = ctx.k
    reach = np.vstack([reachable(ctx.allowed, gaps), np.zeros((1, k), dtype=bool)])
    tally = engine.scan(reach, progress)
    if tally.missing_cells:
        ctx.progress.warning(
            "%s is nodata on %d cells that hold a class in %s; those cells get probability 0 "
            "for the missing class(es), so they cannot become them." % (
                ctx.prob.label, tally.missing_cells, ctx.info.label))
    if tally.dev_cells and ctx.dev is None:
        ctx.progress.warning(
            "%s has %d development-zone cells (2) but no DEVELOPMENT_CLASS was given; they "
            "are treated as free (1)." % (ctx.restriction.info.label, tally.dev_cells))
    if ctx.restriction.info is not None:
        ctx.progress.info("%s: %d valid cells may not change (0), %d are in development zones "
                          "(2)." % (ctx.restriction.info.label, int(tally.restricted.sum()),
                                    tally.dev_cells))
    ctx.free_cells = int(tally.free.sum())
    ctx.restricted = tally.restricted       # restricted cells never change class
    if ctx.settings.strict_demand:
        check_feasible(year, gaps, ctx.codes, ctx.names, ctx.allowed, tally.free,
                       tally.restricted, tally.pair, tally.source)


def _log_start(ctx, years, start):
    s = ctx.settings
    ctx.progress.info(
        "CARS: %d classes, %d valid cells, target year(s) %s; neighbourhood %d x %d, "
        "PATCH_THRESHOLD delta %.3g, EXPANSION_COEFFICIENT mu %.3g, SEED_PERCENTAGE %.3g "
        "(seed budget per class and year), DECAY_SHARE %.3g, GAIN_TOLERANCE %.3g, "
        "RANDOM_SEED %d, MAX_ITERATIONS %d per year%s." % (
            ctx.k, int(start.sum()), ", ".join(map(str, years)), ctx.n, ctx.n,
            s.patch_threshold, s.expansion_coefficient, s.seed_percentage, s.decay_share,
            s.gain_tolerance, int(s.random_seed), int(s.max_iterations),
            ", STRICT_DEMAND" if s.strict_demand else ""))


@dataclass
class YearState:
    """What changes from iteration to iteration within a target year."""

    target: np.ndarray          # demand per class (cells)
    totals: np.ndarray          # cells per class now
    start: np.ndarray           # cells per class at the start of the year (no drain)
    best: np.ndarray            # smallest |gap| so far (FLUS tolerance)
    seed_budget: np.ndarray     # new seed cells each class may start this year
    seeds_used: np.ndarray      # new seed cells started so far this year
    coefficient: np.ndarray     # D_k
    frontier: np.ndarray        # cells gained next to own patches in the last iteration
    seed_room: np.ndarray       # new seed cells each class may start this iteration
    previous: np.ndarray = None  # the gaps before the last iteration (PLUS eq. 5)
    floor: np.ndarray = None    # fewest cells a class below its demand may hold (no drain)
    decay: int = 0              # d
    iteration: int = 0
    gap_sums: list = field(default_factory=list)   # sum_k |G_k| after each iteration

    @classmethod
    def begin(cls, target, totals, seed_percentage):
        gaps = target - totals
        budget = seed_budget(gaps, seed_percentage)
        k = gaps.size
        return cls(target, totals, totals.copy(), np.abs(gaps), budget,
                   np.zeros(k, dtype=np.int64), np.ones(k), np.zeros(k, dtype=np.int64),
                   budget.copy(), gap_sums=[int(np.abs(gaps).sum())])

    @property
    def gaps(self):
        return self.target - self.totals

    @property
    def initial_gaps(self):
        return self.target - self.start


@dataclass
class IterationLog:
    """One row of the iteration log (OUTPUT_LOG; iteration 0 = the start of
    the year): per class arrays in class order (docs/cars.md, "Outputs")."""

    year: int
    iteration: int
    decay_step: int             # d
    threshold_scale: float      # delta^d
    converted_cells: int
    seed_cells: int
    allocated: np.ndarray
    gaps: np.ndarray            # demand - allocated
    coefficient: np.ndarray     # D_k
    seeds_used: np.ndarray      # new seed cells so far this year
    seed_room: np.ndarray       # new seed cells each class could start in the iteration

    @classmethod
    def of(cls, year, state, settings, converted=0, seeds=0):
        return cls(year, state.iteration, state.decay,
                   threshold_scale(settings.patch_threshold, state.decay), int(converted),
                   int(seeds), state.totals.copy(), state.gaps.copy(), state.coefficient.copy(),
                   state.seeds_used.copy(), state.seed_room.copy())


def _simulate_year(ctx, engine, year, target, progress, log_rows, folder):
    """Run the CA on the map of ``engine`` (a StripMap or DaskMap, changed in
    place) until the demand of ``year`` is met or a stopping rule applies
    (docs/cars.md, "Stopping rules"). Returns a YearResult."""
    s = ctx.settings
    state = YearState.begin(target, engine.totals(), s.seed_percentage)
    log_rows.append(IterationLog.of(year, state, s))
    start_gap = state.gap_sums[0]
    if start_gap == 0:
        ctx.progress.info("%d: the map already holds the demand of every class; nothing to "
                          "change." % year)
        return YearResult(year, "", target, state.totals, 0, "the map already met the demand")
    step = max(1, int(math.ceil(s.decay_share * start_gap)))
    size, where, pair_cells, source_cells = engine.start_year(
        state.gaps, _tolerance_possible(state, s), folder, progress.span(0.0, 0.05))
    ctx.progress.info(
        "%d: %d cells must change class (sum of the gaps / 2); %d cells may change (kept %s); "
        "the decay step d grows after every iteration that closes fewer than %d cells of gap "
        "(DECAY_SHARE %g of the year's gap); seed budget per class: %s."
        % (year, start_gap // 2, size, where, step, s.decay_share,
           ", ".join("%d: %d" % (c, b) for c, b in zip(ctx.codes, state.seed_budget) if b)
           or "none"))
    _log_capacity(ctx, year, state, pair_cells, source_cells)
    state.floor = _floor(state, pair_cells, s)
    work = progress.span(0.05, 0.97)
    pruned = [None, 0]                      # (sign pattern, sources) of the last prune
    try:
        while True:
            reason = _stop_reason(ctx, engine, state, pruned)
            if reason:
                break
            conversions = _iteration(ctx, engine, state, year, work,
                                     max(state.iteration / s.max_iterations,
                                         1.0 - state.gap_sums[-1] / start_gap))
            _account(state, conversions)
            seeds = int(conversions.seeds.sum())
            log_rows.append(IterationLog.of(year, state, s, conversions.cells, seeds))
            _log_iteration(ctx, year, state, conversions.cells, seeds)
            if state.gap_sums[-2] - state.gap_sums[-1] < step:
                state.decay += 1
    finally:
        engine.end_year()
    return _end_year(ctx, engine, state, year, reason, progress)


def _stop_reason(ctx, engine, state, pruned):
    """Why the year stops before the next iteration, or None (docs/cars.md,
    "Stopping rules"). Prunes the candidates first when the classes' standing
    changed (``pruned``: [pattern, sources] of the last prune, updated)."""
    s, gaps = ctx.settings, state.gaps
    if not gaps.any():
        return "every class meets its demand"
    if state.iteration >= s.max_iterations:
        return "MAX_ITERATIONS (%d) was reached" % s.max_iterations
    possible = _tolerance_possible(state, s)
    pattern = (tuple(np.sign(gaps)), tuple(possible))
    if pattern != pruned[0]:
        # which cells may still change depends on these only: prune then
        pruned[:] = [pattern, engine.prune(gaps, possible)]
    if pruned[1] == 0:
        return ("no cell of a class above its demand can change any more (restricted, "
                "forbidden by the transition matrix or probability 0)")
    window = int(s.stall_iterations)
    vanished = 2 * threshold_scale(s.patch_threshold, state.decay) < TAU_FLOOR
    if (vanished or state.iteration >= 10 * window) and too_slow(state.gap_sums, window,
                                                                 s.progress_share):
        closed = state.gap_sums[-1 - window] - state.gap_sums[-1]
        return ("the gap closed by %d cells in the last %d iterations, less than %g %% of "
                "it: too slow to go on" % (closed // 2, window, 100 * s.progress_share))
    return None


def _account(state, conversions):
    """Book an iteration's conversions (core.cars.gates.Conversions): totals,
    seeds used, the cells each class gained next to its own patches (the
    pace of its frontier), the best gaps (FLUS tolerance) and the total
    gap."""
    state.previous = state.gaps
    state.totals = state.totals + conversions.gained - conversions.lost
    state.seeds_used += conversions.seeds
    state.frontier = conversions.gained - conversions.seeds
    gaps = state.gaps
    state.best = np.minimum(state.best, np.abs(gaps))
    state.gap_sums.append(int(np.abs(gaps).sum()))


def _end_year(ctx, engine, state, year, reason, progress):
    """The YearResult, the stop message and, for every class outside its
    tolerance, the diagnosis (core.cars.diagnose)."""
    target, k = state.target, ctx.k
    result = YearResult(year, "", target, state.totals.copy(), state.iteration, reason)
    result.failed = [c for c, g, t in zip(ctx.codes, state.gaps, target)
                     if not within_tolerance(g, t)]
    ctx.progress.info("%d: stopped after %d iterations: %s." % (year, state.iteration, reason))
    if result.failed:
        reach = np.vstack([reachable(ctx.allowed, state.gaps), np.zeros((1, k), dtype=bool)])
        counts = engine.diagnosis(state.gaps, reach)
        for text in diagnose(ctx, counts, year, target, state.gaps, reason):
            ctx.progress.warning(text)
    progress.set(1.0)
    return result


def _floor(state, pair_cells, settings):
    """No drain (docs/cars.md, "Demand gates"): the fewest cells a class
    below its demand may hold while it gives cells to another class below
    its demand. It may give away start cells only as far as it can still
    regain them: no more than the cells that may become it (other classes'
    free cells with P_k > 0, ``pair_cells``) beyond its gap, and no more
    than its gap (its deficit at most doubles). A class with P = 0 (or no
    cell that may become it) never falls below its start. Regaining in time
    rests on the pace rules (they raise D_k and open seeds until the class
    catches up): without them (PACE_ITERATIONS 0) the floor is the start."""
    if settings.pace_iterations <= 0:
        return state.start.copy()
    capacity = pair_cells.sum(axis=0) - np.diag(pair_cells)
    need = np.maximum(state.initial_gaps, 0)
    spare = np.minimum(np.maximum(capacity - need, 0), need)
    return state.start - spare


def _tolerance_room(state, settings):
    return tolerance_rooms(state.gaps, state.best, state.initial_gaps,
                           settings.gain_tolerance)


def _tolerance_possible(state, settings):
    """1 for the classes whose FLUS tolerance may (still) open this year:
    above their demand by more than the tolerance, and a tolerance of at
    least one cell. A class that got within its tolerance stays there (it
    gains only while outside it), so cells kept for these targets are never
    needed again once the pattern changes."""
    gaps = state.gaps
    tol = settings.gain_tolerance * np.abs(state.initial_gaps)
    return ((gaps < 0) & (tol >= 1) & (-gaps > tol)).astype(np.int64)


def _pace(state, settings):
    """Before an iteration: D_k by PLUS eq. 5 and the pace rule, and the seed
    room of every class: what is left of the year's budget, or, when growth
    next to existing patches was too slow in the last iteration, enough new
    seeds to close the gap within PACE_ITERATIONS (docs/cars.md, "Pace",
    "Seeds"). SEED_PERCENTAGE 0 turns seeds off altogether."""
    # while the threshold still gates, slow progress is its doing (by design
    # the most suitable cells go first): the pace rules wait until it decayed
    on = threshold_scale(settings.patch_threshold, state.decay) < PACE_SCALE
    pace = int(settings.pace_iterations) if on else 0
    if state.previous is not None:
        state.coefficient = update_demand_coefficient(state.coefficient, state.previous,
                                                      state.gaps, pace, state.initial_gaps)
    state.seed_room = np.maximum(state.seed_budget - state.seeds_used, 0)
    if pace and settings.seed_percentage > 0:
        state.seed_room = np.maximum(state.seed_room,
                                     pace_seeds(state.gaps, state.initial_gaps, state.frontier,
                                                pace))


def _iteration(ctx, engine, state, year, progress, done):
    """One CA iteration: the proposals of every candidate cell, the demand
    gates and the accepted conversions applied to the map, all by the
    engine (core.cars.gates). Returns the Conversions per class.

    Every random number is a counter-based draw of (RANDOM_SEED, stream,
    year and iteration, cell position) (core.common.random), so a cell's
    draws do not depend on the chunking or on any other cell; and the gates
    sort the proposals by (kind, OP, a tie-break draw distinct per cell), so
    the order the engine makes them in does not matter either.
    """
    s, k = ctx.settings, ctx.k
    state.iteration += 1
    it = state.iteration
    gaps = state.gaps
    room = _tolerance_room(state, s)
    _pace(state, s)
    allowed = allowed_now(ctx, gaps, room)
    rules = IterationRules(
        seed=int(s.random_seed), step=(int(year) << 32) | int(it),
        scale=float(threshold_scale(s.patch_threshold, state.decay)),
        mu=float(s.expansion_coefficient), weights=ctx.weights, n=ctx.n,
        coefficient=np.asarray(state.coefficient, dtype=np.float64), allowed=allowed,
        targets=[j for j in range(k) if allowed[:, j].any()],
        seed_open=state.seed_room > 0, dev=ctx.dev, dev_weight=float(s.development_weight))
    gain, loss = gate_rooms(gaps, room, state.totals - state.floor)
    gates = Gates(gaps, gain, loss, state.seed_room, int(s.random_seed), rules.step)
    return engine.convert(rules, gates, lambda f: progress.set(
        done, "%d: iteration %d (%d %%)" % (year, it, int(100 * f))))


def _log_capacity(ctx, year, state, pair_cells, source_cells):
    """Before the first iteration: per class, the most cells it can gain or
    lose, and a warning when the demand cannot be fully met (or, with
    STRICT_DEMAND, the refusal)."""
    gaps = state.gaps
    free = state.totals - ctx.restricted
    lines = capacity_lines(year, gaps, ctx.codes, ctx.names, pair_cells,
                           source_cells, ctx.restricted, ctx.allowed)
    if lines:
        ctx.progress.info("%d, before the first iteration: %s." % (year, "; ".join(lines)))
    problems = demand_problems(year, gaps, ctx.codes, ctx.names, ctx.allowed, free,
                               ctx.restricted, pair_cells, source_cells)
    for text in problems:
        ctx.progress.warning(
            "The demand for %d cannot be fully met: %s. CARS allocates as far as it can and "
            "reports the shortfall per class (STRICT_DEMAND refuses such a demand instead)."
            % (year, text))


def _log_iteration(ctx, year, state, converted, seeds):
    gaps = state.gaps
    ctx.progress.info(
        "%d, iteration %d: %d cells converted (%d new seeds; seeds used %d, seed room %d), "
        "threshold scale delta^d = %.3g (d = %d), %d cells still to allocate; gap per class "
        "(cells): %s." % (year, state.iteration, converted, seeds, int(state.seeds_used.sum()),
                          int(state.seed_room.sum()),
                          threshold_scale(ctx.settings.patch_threshold, state.decay),
                          state.decay, int(np.abs(gaps).sum()) // 2,
                          ", ".join("%d: %+d" % (c, g) for c, g in zip(ctx.codes, gaps) if g)
                          or "none"))


# ---------------------------------------------------------------------------
# Outputs
# ---------------------------------------------------------------------------

def output_nodata(info, codes):
    """The nodata value of the simulated map: the input's, else one no class uses."""
    if info.nodata is not None:
        return int(info.nodata)
    if min(codes) >= 0 and max(codes) < 255:
        return 255
    if min(codes) >= 0 and max(codes) < 65535:
        return 65535
    return min(codes) - 1


def _write_map(ctx, engine, year, path, progress):
    """The simulated map on the input grid, class codes, colour table and names."""
    nodata = output_nodata(ctx.info, ctx.codes)
    engine.write(path, year, raster.smallest_class_dtype(ctx.codes, nodata), nodata, progress)


def _log_table(ctx, rows):
    """The iteration log: one row per target year and iteration (0 = start),
    from the :class:`IterationLog` rows."""
    header = ["year", "iteration", "decay_step", "threshold_scale", "converted_cells",
              "seed_cells"]
    for c in ctx.codes:
        header += ["allocated_cells_%d" % c, "gap_cells_%d" % c, "demand_coefficient_%d" % c,
                   "seeds_used_cells_%d" % c, "seed_room_cells_%d" % c]
    table = []
    for r in rows:
        row = [r.year, r.iteration, r.decay_step, float(r.threshold_scale), r.converted_cells,
               r.seed_cells]
        for j in range(ctx.k):
            row += [int(r.allocated[j]), int(r.gaps[j]), float(r.coefficient[j]),
                    int(r.seeds_used[j]), int(r.seed_room[j])]
        table.append(row)
    return header, table


ALLOCATION_HEADER = ["year", "code", "name", "demand_cells", "allocated_cells",
                     "shortfall_cells", "met", "iterations", "stop_reason"]


def allocation_table(ctx, result):
    """Per target year and class: demand, allocated and shortfall (demand -
    allocated) cells; met = within max(10 cells, 0.1 % of the demand)."""
    rows = []
    for yr in result.years:
        for j, code in enumerate(ctx.codes):
            rows.append([yr.year, code, ctx.names[j], int(yr.demand[j]), int(yr.allocated[j]),
                         int(yr.shortfall[j]), code not in yr.failed, yr.iterations,
                         yr.stop_reason])
    return ALLOCATION_HEADER, rows


def _report(ctx, result):
    """The per-class summary of every target year in the log, and one
    warning per year that missed its demand."""
    for yr in result.years:
        ctx.progress.info("%d -> %s: %s" % (yr.year, yr.path, "; ".join(
            "%d %s: demand %d, allocated %d, shortfall %+d cells" % (
                c, ctx.names[j], int(yr.demand[j]), int(yr.allocated[j]),
                int(yr.shortfall[j]))
            for j, c in enumerate(ctx.codes))))
        if yr.failed:
            ctx.progress.warning(
                "%d: the demand was not fully met (%s); shortfall per class (demand - allocated, "
                "cells): %s. The map is the allocation as far as it could go." % (
                    yr.year, yr.stop_reason, ", ".join(
                        "%d %s %+d" % (c, ctx.names[j], int(yr.shortfall[j]))
                        for j, c in enumerate(ctx.codes) if yr.shortfall[j])))
