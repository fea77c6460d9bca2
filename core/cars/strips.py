"""The one-machine executor of CARS: the map in RAM as class indices, the
inputs read in row strips, the candidate cells in arrays (core/cars/
candidates.py) whose window counts are updated after every iteration
(docs/cars.md, "Memory").

:class:`StripMap` and core.cars.on_dask.DaskMap implement the same engine
contract (core.cars.engine.Engine, where the methods are documented) and
call the same kernels (core/cars/kernels.py); core/cars/simulate.py runs the
iterations, the demand gates and the outputs on either.
"""

import numpy as np

from ..common import raster, tiles
from ..common.blocks import ThreadMap, Window
from ..common.landmap import ClassIndex
from ..common.styles import class_entries, style_categorical
from .candidates import Candidates, class_totals
from .gates import Conversions, make_part, part_accept, parts_fetch, parts_histogram, plan_gates
from .kernels import ScanTally, diagnosis_block, propose_blocks, scan_block
from .neighbourhood import update_counts


class StripMap:
    """The simulated map of one run on this machine (a core.cars.engine.Engine)."""

    where = "on this machine"

    def __init__(self, ctx):
        self.ctx = ctx
        self.cur = None             # (rows, cols) class indices, K = nodata
        self.cand = None
        # THREADS threads for the candidates, proposals, pruning and count updates;
        # each result depends on its block alone, so the maps do not depend on them
        self.run = ThreadMap(ctx.settings.threads)

    def strips(self):
        return self.ctx.strips()

    def scan(self, reach, progress):
        """Load the map as class indices and check the inputs (probabilities
        in [0, 1], restriction values); returns the :class:`ScanTally`."""
        ctx = self.ctx
        k, width = ctx.k, ctx.grid.xsize
        index = ClassIndex(ctx.codes)
        lookup = index.lookup(ctx.info)
        self.cur = np.empty(ctx.shape, dtype=index.index_dtype)
        tally = ScanTally.zeros(k)
        reader = raster.BandReader(ctx.info)
        parts = self.strips()

        def read():             # GDAL reads in this thread
            for y0, rows in parts:
                idx = lookup(reader.read(y0, rows))
                self.cur[y0:y0 + rows] = idx
                valid = idx < k
                yield (idx, valid, ctx.restriction.read(y0, rows, width, valid),
                       ctx.prob.read_raw(y0, rows, width))

        def check(item):
            idx, valid, rest, raw = item
            prob, missing = ctx.prob.clean(raw, ctx.codes, valid)
            return scan_block(idx, rest, prob, missing, reach, k)
        try:
            for s, block_tally in enumerate(self.run(check, read())):
                tally += block_tally
                progress.set((s + 1) / len(parts), "checking the inputs")
        finally:
            reader.close()
        return tally

    def totals(self):
        return class_totals(self.cur.reshape(-1), self.ctx.k)

    def start_year(self, gaps, possible, folder, progress):
        """Find the candidate cells; returns (cells, where they are kept,
        pair_cells, source_cells)."""
        self.cand = Candidates(self.ctx, self.cur, gaps, possible, folder, progress, self.run)
        c = self.cand
        return c.size, c.where, c.pair_cells, c.source_cells

    def prune(self, gaps, possible):
        return self.cand.prune(self.ctx, self.cur.reshape(-1), gaps, possible, self.run)

    def propose(self, rules, gates, progress):
        """The proposals of every candidate as parts of ``part_cells``
        candidates, each sorted in the gates' order (a core.cars.gates.Part;
        see kernels.propose), the parts in THREADS threads (numpy releases
        the GIL; every draw is counter-based, so the parts do not depend on
        the threads). Few parts keep the gates' rounds short."""
        ctx, cand = self.ctx, self.cand
        flat = self.cur.reshape(-1)

        def inputs(a, b):
            pos = cand.pos[a:b].astype(np.int64)
            return (pos, flat[pos], cand.counts[:, a:b],
                    cand.dev[a:b] if ctx.dev is not None else None, cand.store.read(a, b))

        def one(bounds):
            return make_part(propose_blocks(rules, *bounds, ctx.settings.chunk_cells, inputs),
                             gates)
        chunks = cand.chunks(ctx.settings.part_cells)
        out = []
        for c, part in enumerate(self.run(one, chunks)):
            if part.size:
                out.append(part)
            progress((c + 1) / len(chunks))     # here, not in the threads (cancel)
        return out

    def convert(self, rules, gates, progress):
        """One iteration: every candidate's proposal, the demand gates from
        the parts' counts (core.cars.gates.plan_gates, as on Dask: the sort
        of the proposals is shared among the threads, not done here over all
        of them), the accepted cells converted. Returns the Conversions."""
        parts = self.propose(rules, gates, progress)
        k = gates.k
        if not parts:
            return Conversions.none(k)

        def histogram(lo, hi, width, bins, open_):
            return parts_histogram(parts, lo, hi, width, bins, open_, k, self.run)

        def fetch(lo, hi, open_):
            return parts_fetch(parts, lo, hi, open_, k, self.run)
        plan = plan_gates(histogram, fetch, gates)
        if plan.conversions.cells:
            # parts follow the candidates (ascending positions): so do their cells
            accepted = list(self.run(lambda p: part_accept(p, plan, k), parts))
            self.commit(*(np.concatenate(x) for x in list(zip(*accepted))[:3]))
        return plan.conversions

    def commit(self, pos, src, dst):
        """Convert the accepted cells and update the candidates' window counts."""
        self.cur.reshape(-1)[pos] = dst
        update_counts(self.cand.counts, self.cand.pos, pos, src, dst, self.ctx.shape,
                      self.ctx.n, self.run)

    def end_year(self):
        if self.cand is not None:
            self.cand.close()
            self.cand = None

    def diagnosis(self, gaps, reach):
        """(restricted, forbidden, zero_p, open) per class, see kernels.diagnosis_block."""
        ctx = self.ctx
        k, width = ctx.k, ctx.grid.xsize
        out = np.zeros((4, k), dtype=np.int64)
        for y0, rows in self.strips():
            rest = ctx.restriction.read(y0, rows, width)
            prob, _ = ctx.prob.read(y0, rows, width)
            out += diagnosis_block(self.cur[y0:y0 + rows], rest, prob, gaps, reach, k)
        return out

    def write(self, path, year, dtype, nodata, progress):
        """The simulated map on the input grid: class codes, colour table,
        names; a .vrt path: one tile per strip (core.common.tiles)."""
        ctx = self.ctx
        lut = np.array(list(ctx.codes) + [nodata], dtype=dtype)
        if tiles.is_tiled(path):
            done = [Window(y0, 0, rows, ctx.grid.xsize) for y0, rows in self.strips()]
            for w in done:
                tiles.write_tile(tiles.tile_folder(path), w, ctx.grid,
                                 [lut[self.cur[w.y0:w.y0 + w.rows]]], dtype, nodata)
            tiles.finish_vrt(path, ctx.grid, dtype, done, nodata,
                             ["simulated land use %d" % year],
                             class_entries(ctx.codes, ctx.classes))
            return
        ds = raster.create_raster(path, ctx.grid, dtype, nodata=nodata,
                                  descriptions=["simulated land use %d" % year])
        try:
            style_categorical(ds, path, class_entries(ctx.codes, ctx.classes))
            for y0, rows in self.strips():
                raster.write_strip(ds, y0, lut[self.cur[y0:y0 + rows]])
        finally:
            ds = None

    def close(self):
        self.end_year()
        self.run.close()
