"""The Dask executor of CARS: the map as chunks held by the workers, one
synchronisation per iteration (docs/cluster.md, docs/cars.md).

Per target year every chunk keeps its candidate cells (local positions,
probabilities, development zone) on a worker. Per iteration:

1. each chunk proposes conversions (kernels.propose) from its own map chunk
   plus a halo of h = (n-1)/2 cells taken from the borders of its eight
   neighbours (the previous iteration's map), with window counts recomputed
   exactly (kernels.halo_counts);
2. the client gathers the proposals, runs the demand gates on them (the
   same code as on one machine, core/cars/simulate.py) and
3. sends each chunk its accepted conversions; the chunk's new map and its
   borders replace the old ones (released).

Because every draw is a function of (seed, stream, iteration, global cell
position) and the gates sort proposals by (kind, OP, a per-cell tie draw),
the maps equal those of the one-machine path (core/cars/strips.py) for any
chunk shape at least the halo deep. Inputs are read by the workers with
GDAL (the files must be reachable from the workers); the maps are written
by the client as chunks arrive.
"""

from dataclasses import dataclass

import numpy as np

from ..common import chunked, raster
from ..common.cluster import check_chunks
from ..common.landmap import ClassIndex
from ..common.progress import Progress
from ..common.styles import class_entries, style_categorical
from .inputs import DEVELOPMENT
from .kernels import (
    ScanTally,
    candidate_block,
    diagnosis_block,
    halo_counts,
    propose,
    scan_block,
    still_candidates,
)
from .readers import ProbabilityReader, RestrictionReader

DIRECTIONS = [(di, dj) for di in (-1, 0, 1) for dj in (-1, 0, 1) if di or dj]


@dataclass
class Window:
    """A chunk: first row and column, rows and columns (cells)."""

    y0: int
    x0: int
    rows: int
    cols: int


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
    """A chunk's candidate cells for the current target year."""

    local: np.ndarray        # flat index within the chunk, int32
    prob: np.ndarray         # (K, m) float32
    dev: object              # (m,) bool or None
    sources: int = 0         # after a prune: candidates of classes above their demand


# ---------------------------------------------------------------------------
# Worker tasks (pure functions of their arguments)
# ---------------------------------------------------------------------------

def _load(inputs, w):
    block = chunked.BandWindows(inputs.landuse)[w.y0:w.y0 + w.rows, w.x0:w.x0 + w.cols]
    return ClassIndex(inputs.codes).lookup(inputs.landuse)(block)


def _scan(idx, inputs, w, reach, k):
    prob, missing, rest = inputs.read(w, check=idx < k)
    return scan_block(idx, rest, prob, missing, reach, k)


def _borders(idx, h):
    """The pieces of this chunk its neighbours need as their halo, keyed by
    the neighbour's direction (di, dj)."""
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


def _start(idx, inputs, w, allowed, targets, k, with_dev):
    prob, _missing, rest = inputs.read(w)
    local, pair, source = candidate_block(idx, rest, prob, allowed, targets, k)
    state = ChunkState(local.astype(np.int32), prob.reshape(k, -1)[:, local].copy(),
                       rest.reshape(-1)[local] == DEVELOPMENT if with_dev else None)
    return state, pair, source


def _prune(state, idx, allowed, gaps):
    keep, sources = still_candidates(idx.reshape(-1)[state.local], state.prob, allowed, gaps)
    return ChunkState(state.local[keep], state.prob[:, keep],
                      state.dev[keep] if state.dev is not None else None, sources)


def _propose(state, idx, neighbours, rules, w, width, k):
    if state.local.size == 0:
        return None
    h = rules.n // 2
    rows, cols = np.divmod(state.local.astype(np.int64), w.cols)
    counts = halo_counts(_halo(idx, neighbours, h, k), h, rows, cols, k, rules.n)
    pos = (rows + w.y0) * width + cols + w.x0
    result = propose(rules, pos, idx.reshape(-1)[state.local], counts, state.dev, state.prob)
    return result if result[0].size else None


def _apply(idx, local, dst):
    out = idx.copy()
    out.reshape(-1)[local] = dst
    return out


def _totals(idx, k):
    return np.bincount(idx.reshape(-1), minlength=k + 1)[:k]


def _diagnose(idx, inputs, w, gaps, reach, k):
    prob, _missing, rest = inputs.read(w)
    return diagnosis_block(idx, rest, prob, gaps, reach, k)


def _codes(idx, lut):
    return lut[idx]


def _field(item, i):
    return item[i]


# ---------------------------------------------------------------------------
# The client side
# ---------------------------------------------------------------------------

class DaskMap:
    """The simulated map of one run, as chunks on the workers of ``cluster``
    (the same methods as core.cars.strips.StripMap)."""

    def __init__(self, ctx, cluster, probability, bands, restriction_info):
        self.ctx = ctx
        self.cluster = cluster
        self.client = cluster.client
        h = ctx.n // 2
        check_chunks(cluster.chunk_rows, cluster.chunk_cols, h)
        height, width = ctx.shape
        self.windows = {}
        for i, y0 in enumerate(range(0, height, cluster.chunk_rows)):
            for j, x0 in enumerate(range(0, width, cluster.chunk_cols)):
                self.windows[(i, j)] = Window(y0, x0, min(cluster.chunk_rows, height - y0),
                                              min(cluster.chunk_cols, width - x0))
        self.row_edges = np.array(sorted({w.y0 for w in self.windows.values()}), dtype=np.int64)
        self.col_edges = np.array(sorted({w.x0 for w in self.windows.values()}), dtype=np.int64)
        self.inputs = Inputs(ctx.info, list(ctx.codes), str(probability), ctx.prob.label,
                             list(bands), restriction_info)
        self.maps = {}
        self.borders = {}
        self.states = {}
        self.where = "on %d Dask worker(s), %d chunks of up to %d x %d cells" % (
            cluster.workers, len(self.windows), cluster.chunk_rows, cluster.chunk_cols)

    def _submit(self, func, *args):
        return self.client.submit(func, *args, pure=False)

    def _gather(self, futures, progress=None):
        """Results of ``futures`` (a dict) as they complete, honouring cancel."""
        from distributed import as_completed
        out = {}
        keys = {f.key: key for key, f in futures.items()}
        done = 0
        try:
            for future in as_completed(list(futures.values())):
                out[keys[future.key]] = future.result()
                done += 1
                if progress is not None:
                    progress(done / len(futures))
        except BaseException:
            self.client.cancel(list(futures.values()))
            raise
        return out

    def _set_map(self, key, future):
        self.maps[key] = future
        self.borders[key] = self._submit(_borders, future, self.ctx.n // 2)

    def scan(self, reach, progress):
        k = self.ctx.k
        for key, w in self.windows.items():
            self._set_map(key, self._submit(_load, self.inputs, w))
        tallies = self._gather({key: self._submit(_scan, self.maps[key], self.inputs, w, reach, k)
                                for key, w in self.windows.items()},
                               lambda f: progress.set(f, "checking the inputs (Dask)"))
        tally = ScanTally.zeros(k)
        for key in sorted(tallies):
            tally += tallies[key]
        return tally

    def totals(self):
        parts = self._gather({key: self._submit(_totals, m, self.ctx.k)
                              for key, m in self.maps.items()})
        return np.sum([parts[key] for key in sorted(parts)], axis=0).astype(np.int64)

    def start_year(self, gaps, possible, folder, progress):
        from .candidates import allowed_now
        ctx = self.ctx
        allowed = allowed_now(ctx, gaps, possible)
        targets = [j for j in range(ctx.k) if allowed[:, j].any()]
        started = {key: self._submit(_start, self.maps[key], self.inputs, w, allowed, targets,
                                     ctx.k, ctx.dev is not None)
                   for key, w in self.windows.items()}
        self.states = {key: self._submit(_field, f, 0) for key, f in started.items()}
        sums = self._gather({key: self._submit(_counts_of, f) for key, f in started.items()},
                            lambda f: progress.set(f, "finding the cells that may change (Dask)"))
        size = sum(int(s[0]) for s in sums.values())
        pair = np.sum([s[1] for s in sums.values()], axis=0)
        source = np.sum([s[2] for s in sums.values()], axis=0)
        return size, self.where, pair, source

    def prune(self, gaps, possible):
        from .candidates import allowed_now
        allowed = allowed_now(self.ctx, gaps, possible)
        self.states = {key: self._submit(_prune, s, self.maps[key], allowed, gaps)
                       for key, s in self.states.items()}
        sources = self._gather({key: self._submit(_sources_of, s)
                                for key, s in self.states.items()})
        return int(sum(sources.values()))

    def _neighbours(self, key):
        i, j = key
        return [self.borders.get((i + di, j + dj)) for di, dj in DIRECTIONS]

    def propose(self, rules, progress):
        width, k = self.ctx.shape[1], self.ctx.k
        rules_future = self.client.scatter(rules, broadcast=True)
        futures = {key: self._submit(_propose, s, self.maps[key], self._neighbours(key),
                                     rules_future, self.windows[key], width, k)
                   for key, s in self.states.items()}
        results = self._gather(futures, progress)
        return [results[key] for key in sorted(results) if results[key] is not None]

    def commit(self, pos, src, dst):
        """Send each chunk its accepted conversions; replace its map and borders."""
        width = self.ctx.shape[1]
        rows, cols = np.divmod(pos, width)
        i = np.searchsorted(self.row_edges, rows, side="right") - 1
        j = np.searchsorted(self.col_edges, cols, side="right") - 1
        chunk = i * len(self.col_edges) + j
        order = np.argsort(chunk, kind="stable")
        bounds = np.flatnonzero(np.diff(chunk[order])) + 1
        for part in np.split(order, bounds):
            key = (int(i[part[0]]), int(j[part[0]]))
            w = self.windows[key]
            local = (rows[part] - w.y0) * w.cols + cols[part] - w.x0
            self._set_map(key, self._submit(_apply, self.maps[key], local,
                                            dst[part].astype(self.ctx_dtype())))

    def ctx_dtype(self):
        return ClassIndex(self.ctx.codes).index_dtype

    def end_year(self):
        self.states = {}

    def diagnosis(self, gaps, reach):
        parts = self._gather({key: self._submit(_diagnose, self.maps[key], self.inputs, w, gaps,
                                                reach, self.ctx.k)
                              for key, w in self.windows.items()})
        return np.sum([parts[key] for key in sorted(parts)], axis=0)

    def write(self, path, year, dtype, nodata, progress):
        ctx = self.ctx
        lut = np.array(list(ctx.codes) + [nodata], dtype=dtype)
        ds = raster.create_raster(path, ctx.grid, dtype, nodata=nodata,
                                  descriptions=["simulated land use %d" % year])
        try:
            style_categorical(ds, path, class_entries(ctx.codes, ctx.classes))
            tasks = [((lambda m=self.maps[key]: self._submit(_codes, m, lut)), w.y0, w.x0)
                     for key, w in sorted(self.windows.items())]
            chunked.write_blocks(self.cluster, tasks, ds, progress)
        finally:
            ds = None

    def close(self):
        self.states, self.maps, self.borders = {}, {}, {}


def _counts_of(started):
    state, pair, source = started
    return state.local.size, pair, source


def _sources_of(state):
    return state.sources
