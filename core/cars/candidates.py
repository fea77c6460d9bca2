"""The cells that may change during a target year and the arrays CARS keeps
for them: sorted flat positions, window counts (K, M), probabilities (K, M) in
a ProbabilityStore and, with a development class, whether each lies in a
development zone (docs/cars.md, "Memory").

Only cells that could change (valid, not restricted, of a class that may
become an allowed class still below its demand with P > 0) enter these arrays;
they are allocated once for an upper bound and compacted in place, so memory
never holds two copies of them.
"""


import os

import numpy as np

from .feasibility import reachable
from .inputs import DEVELOPMENT
from .kernels import candidate_block, still_candidates
from .neighbourhood import count_dtype, halo_rows, window_counts
from .store import ProbabilityStore


def allowed_now(ctx, gaps, tolerance_room=None):
    """(K + 1, K) bool: may a cell of class c (row; row K = nodata) become k
    now? The transition matrix allows it, k != c, c is not at its demand, and
    k is below its demand, or both are above it, k has FLUS tolerance room
    (``tolerance_room`` > 0; see core.cars.rules.tolerance_rooms) and k can
    pass cells on to every class below its demand that c can reach (so that
    the tolerance never moves a surplus to a class that could not give it
    on, which would make the demand impossible)."""
    k = ctx.k
    gaps = np.asarray(gaps)
    target = np.broadcast_to((gaps > 0)[None, :], (k, k)).copy()
    if tolerance_room is not None and ((gaps < 0) & (np.asarray(tolerance_room) > 0)).any():
        reach = reachable(ctx.allowed, gaps)
        covers = ~(reach[:, None, :] & ~reach[None, :, :]).any(axis=2)   # reach[c] <= reach[j]
        target |= (gaps < 0)[:, None] & ((gaps < 0) & (np.asarray(tolerance_room) > 0))[None, :] \
            & covers
    a = ctx.allowed & target & (gaps != 0)[:, None] & ~np.eye(k, dtype=bool)
    return np.vstack([a, np.zeros((1, k), dtype=bool)])


def memory_budget(setting):
    """Bytes of candidate probabilities CARS keeps in RAM: ``setting``, or
    with None a quarter of the machine's physical memory, at least 768 MB
    (the rest goes to a temporary file; the maps are the same)."""
    if setting is not None:
        return int(setting)
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):     # not on every system (Windows)
        total = 0
    return max(768 << 20, total // 4)


def compact(array, keep, chunk=1 << 22):
    """Keep the entries (last axis) where ``keep`` is True, in place, chunk
    by chunk (never a second full-size copy). Returns a view of the kept part."""
    dst = 0
    for a in range(0, keep.size, chunk):
        part = array[..., a:a + chunk][..., keep[a:a + chunk]]
        array[..., dst:dst + part.shape[-1]] = part
        dst += part.shape[-1]
    return array[..., :dst]


def class_totals(values, k, chunk=1 << 22):
    """Cells per class index 0..k-1 of a large index array, chunk by chunk
    (np.bincount alone would make an int64 copy of the whole array)."""
    out = np.zeros(k + 1, dtype=np.int64)
    for a in range(0, values.size, chunk):
        out += np.bincount(values[a:a + chunk], minlength=k + 1)[:k + 1]
    return out[:k]


class Candidates:
    """The cells that may change during a target year: sorted flat positions,
    window counts (K, M), probabilities (K, M) in a ProbabilityStore and, with
    a development class, whether each lies in a development zone.

    The arrays are allocated once for every free valid cell (an upper bound
    known from the input scan) and compacted in place, so memory never holds
    two copies of them."""

    def __init__(self, ctx, cur, gaps, tolerance_room, folder, progress, run=map):
        k = ctx.k
        cells = ctx.shape[0] * ctx.shape[1]
        pos_dtype = np.uint32 if cells < 2 ** 32 else np.int64
        in_ram = ctx.free_cells * k * 4 <= memory_budget(ctx.settings.memory_budget)
        capacity = ctx.free_cells
        self.store = ProbabilityStore(k, None if in_ram else folder, capacity)
        allowed = allowed_now(ctx, gaps, tolerance_room)
        self.pos = np.empty(capacity, dtype=pos_dtype)
        self.counts = np.empty((k, capacity), dtype=count_dtype(ctx.n))
        self.dev = np.empty(capacity, dtype=bool) if ctx.dev is not None else None
        # for the capacity analysis: candidates of class c with P_j > 0 that may become j
        self.pair_cells = np.zeros((k, k), dtype=np.int64)
        self.source_cells = np.zeros(k, dtype=np.int64)
        size = 0
        parts = ctx.strips()
        strip = _StripCandidates(ctx, cur, allowed)
        try:
            # strips read here, in order; their candidates found by ``run``
            for s, (y0, found) in enumerate(run(strip, strip.read_all(parts))):
                flat, pair, source, prob, window, dev = found
                self.pair_cells += pair
                self.source_cells += source
                if flat.size:
                    end = size + flat.size
                    self.pos[size:end] = flat + y0 * ctx.grid.xsize
                    self.store.append(prob)
                    self.counts[:, size:end] = window
                    if self.dev is not None:
                        self.dev[size:end] = dev
                    size = end
                progress.set((s + 1) / len(parts), "finding the cells that may change")
            self.store.finish()
        except BaseException:
            self.store.close()
            raise
        self.pos = self.pos[:size]
        self.counts = self.counts[:, :size]
        if self.dev is not None:
            self.dev = self.dev[:size]
        if size < 0.75 * capacity:          # give the unused part back
            self.pos = self.pos.copy()
            self.counts = self.counts.copy()
            self.dev = self.dev.copy() if self.dev is not None else None
        self.where = "on disk" if self.store.on_disk else "in RAM"

    @property
    def size(self):
        return int(self.pos.size)

    def chunks(self, chunk):
        return [(a, min(a + chunk, self.size)) for a in range(0, self.size, chunk)]

    def prune(self, ctx, flat, gaps, tolerance_room=None, run=map):
        """Drop the cells that can no longer change (their class reached its
        demand, or no class they may become still needs cells with P > 0)
        and return how many remaining cells belong to classes above their
        demand (0: no further net progress is possible). ``run``: a map
        function (e.g. a thread pool's) over the chunks."""
        allowed = allowed_now(ctx, gaps, tolerance_room)
        keep = np.zeros(self.size, dtype=bool)

        def one(bounds):
            a, b = bounds
            keep[a:b], n = still_candidates(flat[self.pos[a:b]], self.store.read(a, b),
                                            allowed, gaps)
            return n
        sources = sum(run(one, self.chunks(ctx.settings.chunk_cells)))
        if not keep.all():
            self.pos = compact(self.pos, keep)
            self.counts = compact(self.counts, keep)
            if self.dev is not None:
                self.dev = compact(self.dev, keep)
            self.store.compact(keep)
        return sources

    def close(self):
        self.store.close()


class _StripCandidates:
    """The candidate cells of one strip (:func:`kernels.candidate_block`)
    with what the arrays keep of them: a function of the strip's inputs
    alone, so strips may be worked on in threads."""

    def __init__(self, ctx, cur, allowed):
        self.ctx, self.cur, self.allowed = ctx, cur, allowed
        self.targets = [j for j in range(ctx.k) if allowed[:, j].any()]

    def read_all(self, parts):
        """(first row, restriction, probabilities) of each strip, read when taken."""
        ctx = self.ctx
        for y0, rows in parts:
            yield (y0, ctx.restriction.read(y0, rows, ctx.grid.xsize),
                   ctx.prob.read_raw(y0, rows, ctx.grid.xsize))

    def __call__(self, item):
        """(first row, (flat positions in the strip, pair cells, source
        cells, their probabilities (K, m), window counts (K, m), in a
        development zone or None))."""
        y0, rest, raw = item
        ctx, k = self.ctx, self.ctx.k
        prob = ctx.prob.clean(raw)[0]
        rows = rest.shape[0]
        cls = self.cur[y0:y0 + rows]
        flat, pair, source = candidate_block(cls, rest, prob, self.allowed, self.targets, k)
        if flat.size == 0:
            return y0, (flat, pair, source, None, None, None)
        window = window_counts(halo_rows(self.cur, y0, rows, ctx.n, k), k, ctx.n)
        dev = rest.reshape(-1)[flat] == DEVELOPMENT if ctx.dev is not None else None
        return y0, (flat, pair, source, prob.reshape(k, -1)[:, flat],
                    window.reshape(k, -1)[:, flat], dev)
