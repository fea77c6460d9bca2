"""The Dask executor of CARS: the map as chunks held by the workers, one
synchronisation per iteration (docs/cluster.md, docs/cars.md).

Per target year every chunk keeps its candidate cells (local positions,
probabilities, development zone) on a worker: its home, given after the
input scan so that each worker holds one row-major run of chunks with
about as many cells that may change as the others (DaskMap._place), and
where every task of the chunk runs. Per iteration:

1. each chunk proposes conversions (kernels.propose) from its own map chunk
   plus a halo of h = (n-1)/2 cells taken from the borders of its eight
   neighbours (the previous iteration's map), with window counts recomputed
   exactly (kernels.halo_counts);
2. the proposals stay on the workers, sorted in the gates' order
   (core.cars.gates.Part); the client finds where each demand room fills
   from summed histograms of them and a few thousand fetched proposals
   (core.cars.gates.plan_gates): its memory and traffic depend on the
   number of classes, not on the map;
3. each chunk applies the plan to its proposals and updates its map and
   window counts with its own accepted conversions and those of its eight
   neighbours (passed from worker to worker); the chunk's new map and its
   borders replace the old ones (released).

Because every draw is a function of (seed, stream, iteration, global cell
position) and the gates sort proposals by (kind, OP, a per-cell tie draw),
the maps equal those of the one-machine path (core/cars/strips.py) for any
chunk shape at least the halo deep. Inputs are read by the workers with
GDAL (the files must be reachable from the workers); the maps are written
by the client as chunks arrive, or for a .vrt output as one tile per chunk
by the workers (core.common.tiles). A chunk's candidate probabilities stay
in memory up to CarsSettings.memory_budget per worker, else in a file on
the worker's disk (ProbFile; pruning replaces the file, so a pruned
state's old file is gone: the client never uses an old state again).
"""

import collections
import dataclasses
import os
import shutil
import tempfile
import uuid
from dataclasses import dataclass
from functools import partial

import numpy as np

from ..common import blocks, raster, tiles
from ..common.cluster import check_chunks
from ..common.landmap import ClassIndex
from ..common.progress import Progress
from ..common.styles import class_entries, style_categorical
from .gates import (
    Conversions,
    concat_fetched,
    make_part,
    part_accept,
    parts_fetch,
    parts_histogram,
    plan_gates,
    sum_arrays,
)
from .inputs import DEVELOPMENT
from .kernels import (
    ScanTally,
    candidate_block,
    diagnosis_block,
    halo_counts,
    propose_blocks,
    scan_block,
    still_candidates,
)
from .neighbourhood import update_counts
from .readers import ProbabilityReader, RestrictionReader

DIRECTIONS = [(di, dj) for di in (-1, 0, 1) for dj in (-1, 0, 1) if di or dj]


@dataclass
class Inputs:
    """What a worker needs to read a chunk's inputs (paths, bands, labels)."""

    landuse: object          # RasterInfo of the land-use map
    codes: list
    probability: str
    prob_label: str
    bands: list
    restriction: object      # RasterInfo or None

    def read(self, w, check=None):
        """(P (K, rows, cols), missing, restriction) of window ``w``."""
        prob = ProbabilityReader(self.probability, self.prob_label, self.bands, Progress())
        rest = RestrictionReader(self.restriction)
        try:
            p, missing = prob.read(w.y0, w.rows, w.cols, self.codes, check, x0=w.x0)
            r = rest.read(w.y0, w.rows, w.cols, check, x0=w.x0)
        finally:
            prob.close()
            rest.close()
        return p, missing, r


@dataclass
class ChunkState:
    """A chunk on a worker: its map (class indices) and, during a target
    year, its candidate cells with their window counts, kept current after
    every iteration as on one machine (neighbourhood.update_counts)."""

    idx: np.ndarray                         # (rows, cols) class indices, K = nodata
    local: np.ndarray = None                # candidates' flat index in the chunk, int32, ascending
    counts: np.ndarray = None               # (K, m) window counts
    prob: np.ndarray = None                 # (K, m) float32
    dev: object = None                      # (m,) bool or None
    sources: int = 0                        # after a prune: candidates above their demand
    origin: tuple = (0, 0, 0)               # chunk's first row and column, the grid's width

    def replace(self, **changes):
        return dataclasses.replace(self, **changes)

    def positions(self, a=0, b=None):
        """Candidates a..b-1's global flat positions (int64, ascending), made
        when needed: kept, they would be a sixth of a chunk's memory."""
        y0, x0, width = self.origin
        cols = self.idx.shape[1]
        local = self.local[a:b]
        # (row + y0) * width + col + x0, with one 32-bit division
        rows = (local // cols).astype(np.int64)
        return local + rows * (width - cols) + (y0 * width + x0)


@dataclass
class ProbFile:
    """A chunk's candidate probabilities (K, m) float32 in a file on the
    worker's local disk, one record of K values per candidate: kept there
    instead of in memory when the worker's budget is short (docs/cluster.md,
    "Memory on the workers"). Picklable (Dask may spill a state): only the
    path and the shape travel."""

    path: str
    k: int
    m: int

    @classmethod
    def write(cls, folder, prob):
        os.makedirs(folder, exist_ok=True)
        fd, path = tempfile.mkstemp(prefix="cars_", suffix=".f32", dir=folder)
        with os.fdopen(fd, "wb") as fh:
            fh.write(np.ascontiguousarray(prob.T).tobytes())
        return cls(path, prob.shape[0], prob.shape[1])

    def read(self, a, b):
        """Candidates a..b-1 as a (K, b - a) float32 array."""
        b = min(b, self.m)
        with open(self.path, "rb") as fh:
            fh.seek(a * self.k * 4)
            data = np.fromfile(fh, dtype=np.float32, count=(b - a) * self.k)
        return np.ascontiguousarray(data.reshape(b - a, self.k).T)

    def keep(self, mask, block_cells):
        """A new file with the candidates where ``mask`` is True; this one is
        removed (its state is replaced)."""
        folder = os.path.dirname(self.path)
        fd, path = tempfile.mkstemp(prefix="cars_", suffix=".f32", dir=folder)
        with os.fdopen(fd, "wb") as fh:
            for a in range(0, self.m, block_cells):
                part = self.read(a, a + block_cells)[:, mask[a:a + block_cells]]
                fh.write(np.ascontiguousarray(part.T).tobytes())
        self.remove()
        return ProbFile(path, self.k, int(np.count_nonzero(mask)))

    def remove(self):
        try:
            os.remove(self.path)
        except OSError:
            pass


def _probabilities(state, a, b):
    """Candidates a..b-1's probabilities, in memory or in the worker's file."""
    if isinstance(state.prob, ProbFile):
        return state.prob.read(a, b)
    return state.prob[:, a:b]


def _run_folder(run, worker=None):
    """This run's folder on the local disk of the worker running the task
    (or of ``worker``)."""
    if worker is None:
        from distributed import get_worker
        worker = get_worker()
    return os.path.join(worker.local_directory, "landcarbon-cars-%s" % run)


def _remove_run_folder(run, dask_worker=None):
    """Run on every worker by Client.run (which passes ``dask_worker``)."""
    shutil.rmtree(_run_folder(run, dask_worker), ignore_errors=True)


# ---------------------------------------------------------------------------
# Worker tasks (pure functions of their arguments: they return new states)
# ---------------------------------------------------------------------------

def _load(inputs, w):
    block = blocks.read_window(inputs.landuse, w)
    return ChunkState(ClassIndex(inputs.codes).lookup(inputs.landuse)(block))


def _scan(state, inputs, w, reach, k):
    prob, missing, rest = inputs.read(w, check=state.idx < k)
    return scan_block(state.idx, rest, prob, missing, reach, k)


def _borders(state, h):
    """The pieces of this chunk's map its neighbours need as their halo,
    keyed by the neighbour's direction (di, dj)."""
    idx = state.idx
    out = {}
    for di, dj in DIRECTIONS:
        rows = slice(-h, None) if di == 1 else slice(0, h) if di == -1 else slice(None)
        cols = slice(-h, None) if dj == 1 else slice(0, h) if dj == -1 else slice(None)
        out[(di, dj)] = idx[rows, cols].copy()
    return out


def _halo(idx, neighbours, h, k):
    """The chunk with h cells of its neighbours around it (K outside)."""
    rows, cols = idx.shape
    block = np.full((rows + 2 * h, cols + 2 * h), k, dtype=idx.dtype)
    block[h:h + rows, h:h + cols] = idx
    for (di, dj), borders in zip(DIRECTIONS, neighbours):
        if borders is None:
            continue
        ys = slice(0, h) if di == -1 else slice(h + rows, None) if di == 1 else slice(h, h + rows)
        xs = slice(0, h) if dj == -1 else slice(h + cols, None) if dj == 1 else slice(h, h + cols)
        block[ys, xs] = borders[(-di, -dj)]
    return block


def _start(state, neighbours, inputs, w, width, allowed, targets, k, n, with_dev, keep):
    """The chunk's candidates for a target year, with their window counts
    from the map and its halo (once per year, as on one machine); their
    probabilities in memory up to ``keep`` = (bytes, run), else in a file
    on the worker's disk."""
    prob, _missing, rest = inputs.read(w)
    local, pair, source = candidate_block(state.idx, rest, prob, allowed, targets, k)
    h = n // 2
    rows, cols = np.divmod(local, w.cols)
    counts = halo_counts(_halo(state.idx, neighbours, h, k), h, rows, cols, k, n)
    prob = prob.reshape(k, -1)[:, local]
    budget, run = keep
    if budget is not None and prob.nbytes > budget:
        prob = ProbFile.write(_run_folder(run), prob)
    started = state.replace(local=local.astype(np.int32), origin=(w.y0, w.x0, width),
                            counts=counts, prob=prob,
                            dev=rest.reshape(-1)[local] == DEVELOPMENT if with_dev else None)
    return started, (local.size, pair, source)


def _prune(state, allowed, gaps, block_cells):
    cls = state.idx.reshape(-1)[state.local]
    keep = np.zeros(cls.size, dtype=bool)
    sources = 0
    for a in range(0, cls.size, block_cells):
        keep[a:a + block_cells], n = still_candidates(cls[a:a + block_cells],
                                                      _probabilities(state, a, a + block_cells),
                                                      allowed, gaps)
        sources += n
    prob = state.prob.keep(keep, block_cells) if isinstance(state.prob, ProbFile) \
        else state.prob[:, keep]
    return state.replace(local=state.local[keep], counts=state.counts[:, keep], prob=prob,
                         dev=state.dev[keep] if state.dev is not None else None,
                         sources=sources)


def _propose(state, rules, block_cells):
    """The chunk's proposals, made ``block_cells`` candidates at a time."""
    if state.local is None or state.local.size == 0:
        return None
    flat = state.idx.reshape(-1)

    def inputs(a, b):
        return (state.positions(a, b), flat[state.local[a:b]], state.counts[:, a:b],
                None if state.dev is None else state.dev[a:b], _probabilities(state, a, b))
    return propose_blocks(rules, 0, state.local.size, block_cells, inputs)


def _propose_part(state, rules, gates, block_cells):
    return make_part(_propose(state, rules, block_cells), gates)


def _size(part):
    return part.size


def _histogram_of(lo, hi, width, bins, open_, k, *parts):
    return parts_histogram(parts, lo, hi, width, bins, open_, k)


def _fetch_from(lo, hi, open_, k, *parts):
    return parts_fetch(parts, lo, hi, open_, k)


def _commit(state, w, shape, n, *accepted):
    """Apply the accepted conversions of this chunk (the first of
    ``accepted``) and of its neighbours (the others, None outside the grid)
    to the chunk's map, and update the window counts of its candidates for
    every conversion within reach (h cells outside the chunk)."""
    height, width = shape
    h = n // 2
    parts = [a for a in accepted if a is not None and a[0].size]
    if not parts:
        return state
    pos, src, dst = (np.concatenate(x) for x in list(zip(*parts))[:3])
    rows, cols = np.divmod(pos, width)
    near = (rows >= w.y0 - h) & (rows < w.y0 + w.rows + h) & (cols >= w.x0 - h) \
        & (cols < w.x0 + w.cols + h)
    pos, src, dst, rows, cols = pos[near], src[near], dst[near], rows[near], cols[near]
    inside = (rows >= w.y0) & (rows < w.y0 + w.rows) & (cols >= w.x0) & (cols < w.x0 + w.cols)
    idx = state.idx.copy()
    idx.reshape(-1)[(rows[inside] - w.y0) * w.cols + cols[inside] - w.x0] = dst[inside]
    counts = state.counts
    if counts is not None and state.local.size and pos.size:
        counts = counts.copy()
        update_counts(counts, state.positions(), pos, src, dst, (height, width), n)
    return state.replace(idx=idx, counts=counts)


def _end_year(state):
    if isinstance(state.prob, ProbFile):
        state.prob.remove()
    return ChunkState(state.idx)


def _totals(state, k):
    return np.bincount(state.idx.reshape(-1), minlength=k + 1)[:k]


def _diagnose(state, inputs, w, gaps, reach, k):
    prob, _missing, rest = inputs.read(w)
    return diagnosis_block(state.idx, rest, prob, gaps, reach, k)


def _codes(state, lut):
    return lut[state.idx]


def _write_tile(state, folder, w, grid, lut, nodata):
    return tiles.write_tile(folder, w, grid, [lut[state.idx]], lut.dtype, nodata)


def _field(item, i):
    return item[i]


def _sources_of(state):
    return state.sources


# ---------------------------------------------------------------------------
# The client side
# ---------------------------------------------------------------------------

class DaskMap:
    """The simulated map of one run, as chunks on the workers of ``cluster``
    (a core.cars.engine.Engine, as core.cars.strips.StripMap)."""

    def __init__(self, ctx, cluster, probability, bands, restriction_info):
        self.ctx = ctx
        self.cluster = cluster
        self.client = cluster.client
        self.h = ctx.n // 2
        check_chunks(cluster.chunk_rows, cluster.chunk_cols, self.h)
        self.windows = blocks.windows(*ctx.shape, cluster.chunk_rows, cluster.chunk_cols)
        self.row_edges = np.array(sorted({w.y0 for w in self.windows.values()}), dtype=np.int64)
        self.col_edges = np.array(sorted({w.x0 for w in self.windows.values()}), dtype=np.int64)
        self.inputs = Inputs(ctx.info, list(ctx.codes), str(probability), ctx.prob.label,
                             list(bands), restriction_info)
        self.states = {}
        self.homes = {}                         # chunk -> its worker's address (_place)
        self.run = uuid.uuid4().hex[:12]
        self.where = "on %d Dask worker(s), %d chunks of up to %d x %d cells" % (
            cluster.workers, len(self.windows), cluster.chunk_rows, cluster.chunk_cols)

    def _submit(self, func, *args, at=None):
        """``func(*args)`` as a task; ``at``: the chunk whose state it works
        on, run on that chunk's worker (see _place)."""
        home = self.homes.get(at)
        return self.client.submit(func, *args, pure=False, workers=[home] if home else None,
                                  allow_other_workers=bool(home))

    def _each(self, func, *args, progress=None, message=None):
        """``func(state, *args)`` on every chunk; the results by chunk."""
        return self._gather({key: self._submit(func, st, *args, at=key)
                             for key, st in self.states.items()}, progress, message)

    def _gather(self, futures, progress=None, message=None):
        """Results of ``futures`` (a dict) by key, as they complete, with
        ``progress`` (a Progress) and cancel (core.common.blocks.gather)."""
        keys = list(futures)
        out = {}
        blocks.gather(self.cluster, [futures[key] for key in keys], progress, message,
                      consume=lambda n, result: out.__setitem__(keys[n], result))
        return out

    def scan(self, reach, progress):
        k = self.ctx.k
        self.states = {key: self._submit(_load, self.inputs, w)
                       for key, w in self.windows.items()}
        tallies = self._gather({key: self._submit(_scan, self.states[key], self.inputs, w,
                                                  reach, k)
                                for key, w in self.windows.items()},
                               progress, "checking the inputs (Dask): chunk")
        self._place({key: int(t.source.sum()) for key, t in tallies.items()}, progress)
        tally = ScanTally.zeros(k)
        for key in sorted(tallies):
            tally += tallies[key]
        return tally

    def _place(self, cells, progress):
        """Give each chunk a home worker: the chunks in row-major order cut
        into one run per worker of about as many cells that may change
        (``cells``, by chunk: the work of every iteration), and every later
        task of a chunk sent to its home (a loose restriction: a worker
        that has gone is replaced by any other). Left to Dask, chunks were
        spread one by one as they were loaded and later tasks went wherever
        the scheduler chose, so workers held uneven work and neighbours sat
        on different workers; the slowest worker sets the pace of every
        synchronisation. Chunks whose home is not where they were loaded
        are read again there."""
        workers = sorted(self.client.scheduler_info()["workers"])
        if len(workers) < 2:
            return
        keys = sorted(self.windows)
        weights = [cells[key] for key in keys]
        runs = blocks.balanced_runs(weights, len(workers))
        where = self.client.who_has(list(self.states.values()))
        self.homes = {key: workers[run] for key, run in zip(keys, runs)}
        moved = 0
        for key in keys:
            if self.homes[key] not in where.get(self.states[key].key, ()):
                self.states[key] = self._submit(_load, self.inputs, self.windows[key], at=key)
                moved += 1
        chunks = np.bincount(runs, minlength=len(workers))
        share = np.bincount(runs, weights=weights, minlength=len(workers))
        share = 100 * share / max(share.sum(), 1)
        progress.info("Dask: chunks per worker %s, cells that may change %s (%d chunks moved)"
                      % (" / ".join("%d" % n for n in chunks),
                         " / ".join("%.1f %%" % x for x in share), moved))

    def totals(self):
        parts = self._each(_totals, self.ctx.k)
        return np.sum([parts[key] for key in sorted(parts)], axis=0).astype(np.int64)

    def start_year(self, gaps, possible, folder, progress):
        from .candidates import allowed_now
        ctx = self.ctx
        allowed = allowed_now(ctx, gaps, possible)
        targets = [j for j in range(ctx.k) if allowed[:, j].any()]
        borders = {key: self._submit(_borders, st, self.h, at=key)
                   for key, st in self.states.items()}
        budget = self._chunk_budget()
        started = {}
        for key, w in self.windows.items():
            i, j = key
            neighbours = [borders.get((i + di, j + dj)) for di, dj in DIRECTIONS]
            started[key] = self._submit(_start, self.states[key], neighbours, self.inputs, w,
                                        ctx.shape[1], allowed, targets, ctx.k, ctx.n,
                                        ctx.dev is not None, (budget, self.run), at=key)
        self.states = {key: self._submit(_field, f, 0, at=key) for key, f in started.items()}
        sums = self._gather({key: self._submit(_field, f, 1, at=key)
                             for key, f in started.items()},
                            progress, "finding the cells that may change (Dask): chunk")
        if budget is not None:
            self.where += " (probabilities beyond %.0f MB per chunk on the workers' disks)" \
                % (budget / 2 ** 20)
        size = sum(int(s[0]) for s in sums.values())
        pair = np.sum([s[1] for s in sums.values()], axis=0)
        source = np.sum([s[2] for s in sums.values()], axis=0)
        return size, self.where, pair, source

    def prune(self, gaps, possible):
        from .candidates import allowed_now
        allowed = allowed_now(self.ctx, gaps, possible)
        block = int(self.ctx.settings.chunk_cells)
        self.states = {key: self._submit(_prune, st, allowed, gaps, block, at=key)
                       for key, st in self.states.items()}
        return int(sum(self._each(_sources_of).values()))

    def convert(self, rules, gates, progress):
        """One iteration on the workers (module docstring, steps 1-3);
        ``progress(fraction)`` after each chunk's proposals. Returns the
        core.cars.gates.Conversions."""
        rules_future = self.client.scatter(rules, broadcast=True)
        gates_future = self.client.scatter(gates, broadcast=True)
        block = int(self.ctx.settings.chunk_cells)
        parts = {key: self._submit(_propose_part, st, rules_future, gates_future, block, at=key)
                 for key, st in self.states.items()}
        each = Progress(report=lambda fraction, _message: progress(fraction))
        sizes = self._gather({key: self._submit(_size, f, at=key) for key, f in parts.items()},
                             progress=each)
        if not any(sizes.values()):
            return Conversions.none(gates.k)
        plan = plan_gates(*self._rounds(parts, gates.k), gates)
        if plan.conversions.cells:
            plan_future = self.client.scatter(plan, broadcast=True)
            accepted = {key: self._submit(part_accept, f, plan_future, gates.k, at=key)
                        for key, f in parts.items()}
            for (i, j), w in self.windows.items():
                neighbours = [accepted.get((i + di, j + dj)) for di, dj in DIRECTIONS]
                self.states[(i, j)] = self._submit(_commit, self.states[(i, j)], w,
                                                   self.ctx.shape, self.ctx.n,
                                                   accepted[(i, j)], *neighbours, at=(i, j))
        return plan.conversions

    def _rounds(self, parts, k):
        """The histogram and fetch functions of core.cars.gates.plan_gates
        over ``parts`` (futures by chunk): one task per worker over the
        parts it holds; the client receives one count array (or one short
        fetch) per worker and round."""
        holders = self.client.who_has(list(parts.values()))
        by_worker = {}
        for f in parts.values():
            by_worker.setdefault(tuple(holders.get(f.key, ()))[:1], []).append(f)

        def per_worker(func, *args):
            return [self.client.submit(func, *args, k, *fs, workers=list(addr) or None,
                                       allow_other_workers=not addr, pure=False)
                    for addr, fs in by_worker.items()]

        # one answer per worker, combined here: one round trip per round
        def histogram(lo, hi, width, bins, open_):
            return sum_arrays(*self.client.gather(per_worker(_histogram_of, lo, hi, width,
                                                             bins, open_)))

        def fetch(lo, hi, open_):
            return concat_fetched(*self.client.gather(per_worker(_fetch_from, lo, hi, open_)))
        return histogram, fetch

    def end_year(self):
        self.states = {key: self._submit(_end_year, st, at=key)
                       for key, st in self.states.items()}

    def diagnosis(self, gaps, reach):
        parts = self._gather({key: self._submit(_diagnose, self.states[key], self.inputs, w,
                                                gaps, reach, self.ctx.k, at=key)
                              for key, w in self.windows.items()})
        return np.sum([parts[key] for key in sorted(parts)], axis=0)

    def write(self, path, year, dtype, nodata, progress):
        ctx = self.ctx
        lut = np.array(list(ctx.codes) + [nodata], dtype=dtype)
        if tiles.is_tiled(path):
            self._write_tiles(path, year, lut, nodata, progress)
            return
        ds = raster.create_raster(path, ctx.grid, dtype, nodata=nodata,
                                  descriptions=["simulated land use %d" % year])
        try:
            style_categorical(ds, path, class_entries(ctx.codes, ctx.classes))
            order = sorted(self.windows)

            def write(n, codes):
                w = self.windows[order[n]]
                raster.write_strip(ds, w.y0, codes, x0=w.x0)

            # submitted as earlier chunks are written: few chunks wait on the
            # workers; they arrive in any order, so GDAL keeps few dirty tiles
            with raster.gdal_cache_limit():
                blocks.gather(self.cluster, [partial(self._submit, _codes, self.states[key], lut,
                                                     at=key)
                                             for key in order], progress, "Dask: block",
                              consume=write)
        finally:
            ds = None

    def _write_tiles(self, path, year, lut, nodata, progress):
        """Every worker writes its chunks as tiles; the client the VRT."""
        ctx, order = self.ctx, sorted(self.windows)
        folder = tiles.tile_folder(path)
        blocks.gather(self.cluster, [partial(self._submit, _write_tile, self.states[key],
                                             folder, self.windows[key], ctx.grid, lut, nodata,
                                             at=key)
                                     for key in order], progress, "Dask: tile")
        tiles.finish_vrt(path, ctx.grid, lut.dtype, list(self.windows.values()), nodata,
                         ["simulated land use %d" % year], class_entries(ctx.codes, ctx.classes))

    def _chunk_budget(self):
        """Bytes of candidate probabilities a chunk keeps in memory: the
        memory_budget setting per worker (else a quarter of the smallest
        worker memory limit; no limit when the workers have none) over the
        most chunks a worker holds."""
        workers = self.client.scheduler_info()["workers"].values()
        budget = self.ctx.settings.memory_budget
        if budget is None:
            limits = [w.get("memory_limit") or 0 for w in workers]
            if not limits or min(limits) <= 0:
                return None
            budget = min(limits) // 4
        per_worker = (max(collections.Counter(self.homes.values()).values()) if self.homes
                      else -(-len(self.windows) // max(1, len(workers))))
        return int(budget) // per_worker

    def close(self):
        """Release the chunks and remove this run's files on the workers."""
        self.states = {}
        try:
            self.client.run(_remove_run_folder, self.run)
        except Exception:               # noqa: BLE001 - a worker gone: nothing to remove
            pass
