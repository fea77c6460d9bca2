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

Demand gates (:func:`core.cars_rules.gate_rooms`): the proposals of an
iteration are swept in random order with demand counters updated after every
accepted cell (:func:`core.cars_rules.sweep_gates`), so a class gains only
while below its demand, a class above its demand loses only down to it, a
class at its demand neither gains nor loses (no class overshoots). A class
below its demand may lose cells to another one below its demand (gross
change, as in PLUS: its D_k then rises); such swaps are swept after the
conversions out of classes above their demand, so they only use the room
those leave. New seeds (cells without a class-k neighbour) of class k are
capped per iteration at ceil(SEED_PERCENTAGE * G_k).

Between iterations: G_k = demand - allocated; D_k by PLUS eq. 5
(:func:`core.cars_rules.update_demand_coefficient`); the decay step d grows
by one when an iteration reduced sum_k |G_k| by less than DECAY_SHARE of its
value at the start of the target year (at least one cell), so tau falls
geometrically and ever less suitable cells may convert.

Stops when every G_k is 0; when no cell of a class above its demand can
change any more; after STALL_ITERATIONS iterations without any conversion
once tau has decayed to nothing (or 10 x that many in any case); or after
MAX_ITERATIONS. Every class that ends more than max(10 cells, 0.1 % of its
demand) from its demand gets a warning with the reason.

Determinism: one numpy Generator seeded with RANDOM_SEED; per iteration the
draws are made chunk by chunk over the candidate cells in row-major order
(thresholds, then seed r and roulette u for the cells that pass), then one
permutation of the proposals. Chunks hold a fixed number of candidate cells
(CHUNK_CELLS), so results do not depend on strip sizes or on whether the
probabilities are kept in RAM or on disk: same seed, same bytes.

Memory: the current map (one byte per cell for < 255 classes) stays in RAM;
the candidate cells keep their flat position, K window counts (uint8) and K
probabilities (float32, in RAM up to a budget, else in a temporary raw file
beside the output). Window counts are computed once per target year by a box
filter per row strip with a halo of (n-1)/2 rows, then updated around each
converted cell.
"""

import math
import os
from dataclasses import dataclass, field

import numpy as np

from ..common import raster
from ..common.classes import ClassTable
from ..common.demand_tables import read_demand
from ..common.errors import LandCarbonError
from ..common.landmap import ClassIndex, class_counts, open_landuse
from ..common.outputs import Outputs
from ..common.progress import Progress
from ..common.styles import class_entries, style_categorical
from ..common.tables import write_table
from .candidates import Candidates, allowed_now, class_totals
from .diagnose import diagnose
from .feasibility import check_feasible, reachable
from .inputs import (
    DEVELOPMENT,
    RESTRICTED,
    check_demand,
    check_parameters,
    expansion_weights,
    probability_bands,
    read_weights,
    transition_allowed,
)
from .neighbourhood import check_neighborhood, update_counts
from .readers import ProbabilityReader, RestrictionReader
from .rules import (
    draw_thresholds,
    gate_rooms,
    overall_probability,
    roulette,
    sweep_gates,
    threshold_scale,
    update_demand_coefficient,
    within_tolerance,
)

# tau below this is no threshold any more (probabilities are >= 1e-6 or 0).
TAU_FLOOR = 1e-6

DEFAULT_LABELS = {"LANDUSE": "LANDUSE (initial map)", "PROBABILITY": "PROBABILITY raster",
                  "RESTRICTION": "RESTRICTION raster",
                  "LANDUSE_START": "LANDUSE_START (calibration start map)",
                  "DEMAND": "DEMAND table", "TRANSITION_MATRIX": "TRANSITION_MATRIX table",
                  "WEIGHTS": "WEIGHTS table", "CLASSES": "CLASSES table"}


@dataclass
class CarsSettings:
    """The parameters of CARS (names as in the Processing algorithm) and a
    few engineering settings (documented, not exposed)."""

    neighborhood: int = 3
    patch_threshold: float = 0.5          # delta
    expansion_coefficient: float = 0.1    # mu
    seed_percentage: float = 0.01         # s
    random_seed: int = 0
    max_iterations: int = 1000
    development_class: object = None
    development_weight: float = 0.5
    # engineering
    decay_share: float = 0.01             # decay when progress < this share of the year's gap
    stall_iterations: int = 10
    chunk_cells: int = 1 << 20            # candidate cells per chunk (fixes the draw order)
    memory_budget: int = 768 << 20        # bytes of candidate probabilities kept in RAM
    strip_cells: int = 1 << 20            # cells per row strip when reading rasters


@dataclass
class YearResult:
    year: int
    path: str
    demand: np.ndarray
    allocated: np.ndarray
    iterations: int
    stop_reason: str
    failed: list = field(default_factory=list)   # codes outside the tolerance


@dataclass
class CarsResult:
    codes: list
    years: list = field(default_factory=list)     # YearResult per target year
    log_rows: list = field(default_factory=list)

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


# ---------------------------------------------------------------------------
# Reading the rasters strip by strip
# ---------------------------------------------------------------------------

# ---------------------------------------------------------------------------
# The run
# ---------------------------------------------------------------------------

class RunContext:
    """Everything that stays fixed during a run (inputs, parameters, readers)."""

    def __init__(self, **kw):
        self.__dict__.update(kw)

    def strips(self):
        """(first row, rows) of the strips the rasters are read in."""
        rows = raster.strip_rows(self.grid, self.block_rows, self.settings.strip_cells)
        return raster.strips(self.grid, rows)


def run_cars(landuse, probability, demand, output, *, settings=None, transition_matrix=None,
             restriction=None, weights=None, landuse_start=None, classes=None, output_log=None,
             labels=None, progress=None):
    """The cars step: check every input, simulate each target year of the
    ``demand`` table from the previous one, starting from the ``landuse``
    map with the ``probability`` raster, and write the maps (``output`` =
    last year, earlier years as <stem>_<year>.tif) and the per-iteration log
    ``output_log``, all or nothing.

    Optional inputs (paths): ``transition_matrix`` (CSV, default all
    allowed), ``restriction`` raster, ``weights`` CSV, ``landuse_start``
    (calibration start map for the default weights), ``classes`` CSV.
    ``settings``: :class:`CarsSettings`; ``labels``: names of the inputs in
    messages, keyed by parameter name (see DEFAULT_LABELS).
    Returns a CarsResult."""
    progress = progress or Progress()
    settings = settings or CarsSettings()
    lab = dict(DEFAULT_LABELS)
    lab.update(labels or {})
    n = check_neighborhood(settings.neighborhood)
    check_parameters(settings)

    demand = read_demand(demand, lab["DEMAND"])
    table = ClassTable.from_csv(classes, lab["CLASSES"]) if classes else ClassTable()
    info = open_landuse(landuse, lab["LANDUSE"], progress)
    pinfo = raster.open_band(probability, lab["PROBABILITY"], 1, progress)
    rinfo = raster.open_band(restriction, lab["RESTRICTION"], 1, progress) \
        if restriction else None
    sinfo = open_landuse(landuse_start, lab["LANDUSE_START"], progress) \
        if landuse_start else None
    raster.check_same_grid([(i.label, i.grid) for i in (info, pinfo, rinfo, sinfo)
                            if i is not None])

    with raster.gdal_cache_limit():
        counts, _nodata = class_counts(info, progress.span(0.0, 0.02))
        codes = sorted(counts)
        table.complete(codes)
        if classes:
            table.check_against(codes, progress)
        check_demand(demand, counts, codes, lab["DEMAND"])
        allowed = transition_allowed(transition_matrix, codes, progress,
                                     lab["TRANSITION_MATRIX"])
        bands, _ = probability_bands(probability, lab["PROBABILITY"], codes, progress)
        w = _weights(weights, sinfo, info, codes, table, demand, counts, progress, lab)
        years = list(demand)
        targets = [np.array([demand[y][c] for c in codes], dtype=np.int64) for y in years]
        start = np.array([counts[c] for c in codes], dtype=np.int64)
        ctx = RunContext(codes=codes, k=len(codes), names=[table.name(c) for c in codes],
                         classes=table, allowed=allowed, weights=w, n=n,
                         settings=settings, grid=info.grid, info=info,
                         shape=(info.grid.ysize, info.grid.xsize),
                         dev=_development_index(settings, codes), progress=progress,
                         block_rows=max(info.block_rows, pinfo.block_rows,
                                        rinfo.block_rows if rinfo else 1),
                         prob=None, restriction=None, free_cells=0)
        ctx.prob = ProbabilityReader(probability, lab["PROBABILITY"], bands, progress)
        ctx.restriction = RestrictionReader(rinfo)
        try:
            for i in range(1, len(years)):
                check_feasible(years[i], targets[i] - targets[i - 1], codes, ctx.names,
                               allowed, None, None)
            cur = _scan(ctx, years[0], targets[0] - start, progress.span(0.02, 0.08))
            _log_start(ctx, years, start)
            final_paths = year_output_paths(output, years)
            result = CarsResult(codes)
            rng = np.random.default_rng(int(settings.random_seed))
            with Outputs() as out:
                for i, (year, target) in enumerate(zip(years, targets)):
                    span = progress.span(0.08 + 0.92 * i / len(years),
                                         0.08 + 0.92 * (i + 1) / len(years))
                    tmp = out.path(final_paths[i])      # creates the folder
                    year_result = _simulate_year(ctx, cur, year, target, rng, span,
                                                 result.log_rows, os.path.dirname(tmp))
                    year_result.path = final_paths[i]
                    _write_map(ctx, cur, year, tmp)
                    result.years.append(year_result)
                if output_log:
                    write_table(out.path(output_log), *_log_table(ctx, result.log_rows))
        finally:
            ctx.prob.close()
            ctx.restriction.close()
    _report(ctx, result)
    return result


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
                "grow by new seed patches (capped by SEED_PERCENTAGE), not from its existing "
                "patches. Give it a weight > 0 in a WEIGHTS table if that is not intended."
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


def _scan(ctx, year, gaps, progress):
    """One pass over the inputs before anything is written: load the map as
    class indices, check probabilities (in [0, 1]) and restriction values
    (0/1/2), count what the feasibility check of the first target year needs,
    and refuse a demand that cannot be met."""
    k, width = ctx.k, ctx.grid.xsize
    index = ClassIndex(ctx.codes)
    lookup = index.lookup(ctx.info)
    cur = np.empty(ctx.shape, dtype=index.index_dtype)
    reach = np.vstack([reachable(ctx.allowed, gaps), np.zeros((1, k), dtype=bool)])
    pair = np.zeros((k, k), dtype=np.int64)
    source = np.zeros(k, dtype=np.int64)
    free = np.zeros(k, dtype=np.int64)
    restricted = np.zeros(k, dtype=np.int64)
    missing_cells = dev_cells = 0
    reader = raster.BandReader(ctx.info)
    parts = ctx.strips()
    try:
        for s, (y0, rows) in enumerate(parts):
            idx = lookup(reader.read(y0, rows))
            cur[y0:y0 + rows] = idx
            valid = idx < k
            rest = ctx.restriction.read(y0, rows, width, valid)
            prob, missing = ctx.prob.read(y0, rows, width, ctx.codes, valid)
            missing_cells += int(np.count_nonzero(missing & valid))
            dev_cells += int(np.count_nonzero((rest == DEVELOPMENT) & valid))
            is_free = valid & (rest != RESTRICTED)
            restricted += np.bincount(idx[valid & ~is_free], minlength=k + 1)[:k]
            free += np.bincount(idx[is_free], minlength=k + 1)[:k]
            any_target = np.zeros(idx.shape, dtype=bool)
            for j in range(k):
                positive = prob[j] > 0
                pair[:, j] += np.bincount(idx[is_free & positive], minlength=k + 1)[:k]
                any_target |= reach[idx, j] & positive
            source += np.bincount(idx[is_free & any_target], minlength=k + 1)[:k]
            progress.set((s + 1) / len(parts), "checking the inputs")
    finally:
        reader.close()
    if missing_cells:
        ctx.progress.warning(
            "%s is nodata on %d cells that hold a class in %s; those cells get probability 0 "
            "for the missing class(es), so they cannot become them." % (
                ctx.prob.label, missing_cells, ctx.info.label))
    if dev_cells and ctx.dev is None:
        ctx.progress.warning(
            "%s has %d development-zone cells (2) but no DEVELOPMENT_CLASS was given; they "
            "are treated as free (1)." % (ctx.restriction.info.label, dev_cells))
    if ctx.restriction.info is not None:
        ctx.progress.info("%s: %d valid cells may not change (0), %d are in development zones "
                          "(2)." % (ctx.restriction.info.label, int(restricted.sum()), dev_cells))
    ctx.free_cells = int(free.sum())
    check_feasible(year, gaps, ctx.codes, ctx.names, ctx.allowed, free, restricted, pair, source)
    return cur


def _log_start(ctx, years, start):
    s = ctx.settings
    ctx.progress.info(
        "CARS: %d classes, %d valid cells, target year(s) %s; neighbourhood %d x %d, "
        "PATCH_THRESHOLD delta %.3g, EXPANSION_COEFFICIENT mu %.3g, SEED_PERCENTAGE %.3g, "
        "RANDOM_SEED %d, MAX_ITERATIONS %d per year." % (
            ctx.k, int(start.sum()), ", ".join(map(str, years)), ctx.n, ctx.n,
            s.patch_threshold, s.expansion_coefficient, s.seed_percentage,
            int(s.random_seed), int(s.max_iterations)))


# ---------------------------------------------------------------------------
# Candidate cells of one target year
# ---------------------------------------------------------------------------


# ---------------------------------------------------------------------------
# One target year
# ---------------------------------------------------------------------------

def _simulate_year(ctx, cur, year, target, rng, progress, log_rows, folder):
    """Run the CA on ``cur`` (modified in place) until the demand of
    ``year`` is met or a stopping rule applies. Returns a YearResult."""
    s, k = ctx.settings, ctx.k
    flat = cur.reshape(-1)
    totals = class_totals(flat, k)
    gaps = target - totals
    coefficient = np.ones(k)
    d = 0
    log_rows.append((year, 0, d, 1.0, 0, 0, totals.copy(), gaps.copy(), coefficient.copy()))
    start_gap = int(np.abs(gaps).sum())
    if start_gap == 0:
        ctx.progress.info("%d: the map already holds the demand of every class; nothing to "
                          "change." % year)
        return YearResult(year, "", target, totals, 0, "the map already met the demand")
    step = max(1, int(math.ceil(s.decay_share * start_gap)))
    cand = Candidates(ctx, cur, gaps, folder, progress.span(0.0, 0.05))
    ctx.progress.info(
        "%d: %d cells must change class (sum of the gaps / 2); %d cells may change (kept %s); "
        "the decay step d grows when an iteration closes fewer than %d cells of gap."
        % (year, start_gap // 2, cand.size, cand.where, step))
    work = progress.span(0.05, 0.97)
    history = [gaps.copy()]
    pattern, sources = None, 0
    stalled, it = 0, 0
    try:
        while True:
            if not gaps.any():
                reason = "every class meets its demand"
                break
            if it >= s.max_iterations:
                reason = "MAX_ITERATIONS (%d) was reached" % s.max_iterations
                break
            if tuple(np.sign(gaps)) != pattern:
                pattern = tuple(np.sign(gaps))
                sources = cand.prune(ctx, flat, gaps)
            if sources == 0:
                reason = ("no cell of a class above its demand can change any more (restricted, "
                          "forbidden by the transition matrix or probability 0)")
                break
            if stalled >= 10 * s.stall_iterations or (
                    stalled >= s.stall_iterations
                    and 2 * threshold_scale(s.patch_threshold, d) < TAU_FLOOR):
                reason = "no cell changed in the last %d iterations" % stalled
                break
            it += 1
            if len(history) >= 2:
                coefficient = update_demand_coefficient(coefficient, history[-2], history[-1])
            done = max(it / s.max_iterations, 1.0 - np.abs(gaps).sum() / start_gap)
            converted, seeds = _iteration(ctx, cand, flat, gaps, coefficient, d, rng,
                                          work, done, year, it)
            before = gaps.copy()
            if converted[0].size:
                pos, src, dst = converted
                totals += np.bincount(dst, minlength=k) - np.bincount(src, minlength=k)
                sources -= int(np.count_nonzero(before[src] < 0))
            gaps = target - totals
            history.append(gaps.copy())
            closed = int(np.abs(before).sum() - np.abs(gaps).sum())
            log_rows.append((year, it, d, threshold_scale(s.patch_threshold, d),
                             int(converted[0].size), seeds, totals.copy(), gaps.copy(),
                             coefficient.copy()))
            ctx.progress.info(
                "%d, iteration %d: %d cells converted (%d new seeds), threshold scale "
                "delta^d = %.3g (d = %d), %d cells still to allocate; gap per class (cells): %s."
                % (year, it, converted[0].size, seeds, threshold_scale(s.patch_threshold, d), d,
                   int(np.abs(gaps).sum()) // 2,
                   ", ".join("%d: %+d" % (c, g) for c, g in zip(ctx.codes, gaps) if g)))
            stalled = stalled + 1 if converted[0].size == 0 else 0
            if closed < step:
                d += 1
    finally:
        cand.close()
    result = YearResult(year, "", target, totals.copy(), it, reason)
    result.failed = [c for c, g, t in zip(ctx.codes, gaps, target) if not within_tolerance(g, t)]
    ctx.progress.info("%d: stopped after %d iterations: %s." % (year, it, reason))
    if result.failed:
        for text in diagnose(ctx, cur, year, target, gaps, reason):
            ctx.progress.warning(text)
    progress.set(1.0)
    return result


def _iteration(ctx, cand, flat, gaps, coefficient, d, rng, progress, done, year, it):
    """One CA iteration: proposals chunk by chunk, the demand gates, and the
    accepted conversions applied to the map and the window counts.
    Returns ((positions, from, to) of the converted cells, new seeds).

    Draws per chunk of m candidate cells, always in this order and for every
    cell: m threshold draws, K x m seed draws r, m roulette draws u; then one
    permutation of the iteration's proposals.
    """
    s, k = ctx.settings, ctx.k
    allowed = allowed_now(ctx, gaps)
    targets = [j for j in range(k) if allowed[:, j].any()]
    slot = np.full(k, -1, dtype=np.int64)
    slot[targets] = np.arange(len(targets))
    proposals = []
    chunks = cand.chunks(s.chunk_cells)
    for c, (a, b) in enumerate(chunks):
        m = b - a
        pos = cand.pos[a:b]
        cls = flat[pos]
        prob = cand.store.read(a, b)                                 # (K, m)
        tau = draw_thresholds(rng, m, s.patch_threshold, d)
        r = rng.random((k, m), dtype=np.float32)
        u = rng.random(m, dtype=np.float32)
        passing = np.empty((len(targets), m), dtype=bool)
        for t, j in enumerate(targets):
            np.greater(prob[j], tau, out=passing[t])
            passing[t] &= allowed[cls, j]
        rows = np.flatnonzero(passing.any(axis=0))
        if rows.size:
            counts = cand.counts[:, a:b]
            if rows.size < m // 2:          # compute on the passing cells only
                prob, counts, r, u = prob[:, rows], counts[:, rows], r[:, rows], u[rows]
                passing = passing[:, rows]
                sub = np.arange(rows.size)
            else:
                sub = rows
            op, seed = overall_probability(prob, counts, ctx.weights, ctx.n, coefficient, r,
                                           s.expansion_coefficient)
            if ctx.dev is not None:
                zone = cand.dev[a:b] if sub is rows else cand.dev[a:b][rows]
                if zone.any():
                    j = ctx.dev
                    op[j, zone] = np.minimum(r[j, zone] + op[j, zone], 1.0) \
                        * np.float32(s.development_weight)
            win = roulette(op, u)[sub]
            ok = np.flatnonzero(win >= 0)
            ok = ok[slot[win[ok]] >= 0]
            ok = ok[passing[slot[win[ok]], sub[ok]]]
            if ok.size:
                w = win[ok]
                proposals.append((pos[rows[ok]], cls[rows[ok]].astype(np.int64), w,
                                  seed[w, sub[ok]]))
        progress.set(done, "%d: iteration %d (%d/%d)" % (year, it, c + 1, len(chunks)))
    empty = (np.zeros(0, dtype=np.int64),) * 3
    if not proposals:
        return empty, 0
    pos, src, dst, is_seed = (np.concatenate(p) for p in zip(*proposals))
    # random order, but conversions out of classes above their demand first:
    # they close two gaps at once, while a swap between two classes below
    # their demand (gross change) closes one and opens another; so swaps only
    # take the room that net conversions leave (without this the last 1 % of
    # the demand took half the iterations on the Wuhan-sized benchmark).
    order = rng.permutation(pos.size)
    order = order[np.argsort(gaps[src[order]] >= 0, kind="stable")]
    gain, loss, seed_room = gate_rooms(gaps, s.seed_percentage)
    take = order[sweep_gates(dst[order], src[order], is_seed[order], gain, loss, seed_room)]
    if take.size == 0:
        return empty, 0
    take.sort()
    pos, src, dst = pos[take], src[take], dst[take]
    flat[pos] = dst
    update_counts(cand.counts, cand.pos, pos, src, dst, ctx.shape, ctx.n)
    return (pos, src, dst), int(np.count_nonzero(is_seed[take]))


# ---------------------------------------------------------------------------
# Why a class missed its demand
# ---------------------------------------------------------------------------

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


def _write_map(ctx, cur, year, path):
    """The simulated map on the input grid, class codes, colour table and names."""
    nodata = output_nodata(ctx.info, ctx.codes)
    dtype = raster.smallest_class_dtype(ctx.codes, nodata)
    ds = raster.create_raster(path, ctx.grid, dtype, nodata=nodata,
                              descriptions=["simulated land use %d" % year])
    try:
        style_categorical(ds, path, class_entries(ctx.codes, ctx.classes))
        lut = np.array(list(ctx.codes) + [nodata], dtype=dtype)
        for y0, rows in ctx.strips():
            raster.write_strip(ds, y0, lut[cur[y0:y0 + rows]])
    finally:
        ds = None


def _log_table(ctx, rows):
    header = ["year", "iteration", "decay_step", "threshold_scale", "converted_cells",
              "seed_cells"]
    for c in ctx.codes:
        header += ["allocated_cells_%d" % c, "gap_cells_%d" % c, "demand_coefficient_%d" % c]
    table = []
    for year, it, d, scale, converted, seeds, totals, gaps, coefficient in rows:
        row = [year, it, d, float(scale), converted, seeds]
        for j in range(ctx.k):
            row += [int(totals[j]), int(gaps[j]), float(coefficient[j])]
        table.append(row)
    return header, table


def _report(ctx, result):
    """The per-class summary of every target year in the log."""
    for yr in result.years:
        ctx.progress.info("%d -> %s: %s" % (yr.year, yr.path, "; ".join(
            "%d %s: demand %d, allocated %d, gap %+d cells" % (
                c, ctx.names[j], int(yr.demand[j]), int(yr.allocated[j]),
                int(yr.demand[j] - yr.allocated[j]))
            for j, c in enumerate(ctx.codes))))
