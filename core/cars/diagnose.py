"""Why a class missed its demand: per class outside the tolerance, how many of
the cells that could have given or taken cells were restricted, forbidden by
the transition matrix, of probability 0, or simply not reached
(docs/cars.md, "Stopping").
"""


import numpy as np

from .feasibility import reachable
from .inputs import RESTRICTED
from .rules import within_tolerance


def diagnose(ctx, cur, year, target, gaps, reason):
    """One warning per class outside the tolerance, with the reason: how
    many of the cells that could have given / taken cells were restricted,
    forbidden by the transition matrix or of probability 0."""
    k, width = ctx.k, ctx.grid.xsize
    reach = np.vstack([reachable(ctx.allowed, gaps), np.zeros((1, k), dtype=bool)])
    givers = np.append(gaps != 0, False)
    restricted = np.zeros(k, dtype=np.int64)        # per gaining class j / losing class c
    forbidden = np.zeros(k, dtype=np.int64)
    zero_p = np.zeros(k, dtype=np.int64)
    open_ = np.zeros(k, dtype=np.int64)
    for y0, rows in ctx.strips():
        cls = cur[y0:y0 + rows]
        rest = ctx.restriction.read(y0, rows, width)
        prob, _ = ctx.prob.read(y0, rows, width)
        free = rest != RESTRICTED
        for j in range(k):
            if gaps[j] > 0:
                may = givers[cls] & (cls != j)
                restricted[j] += np.count_nonzero(may & ~free)
                ok = may & free & reach[cls, j]
                forbidden[j] += np.count_nonzero(may & free & ~reach[cls, j])
                zero_p[j] += np.count_nonzero(ok & (prob[j] <= 0))
                open_[j] += np.count_nonzero(ok & (prob[j] > 0))
            elif gaps[j] < 0:
                mine = cls == j
                restricted[j] += np.count_nonzero(mine & ~free)
                targets = np.flatnonzero(reach[j])
                if targets.size == 0:
                    forbidden[j] += np.count_nonzero(mine & free)
                    continue
                positive = (prob[targets] > 0).any(axis=0)
                zero_p[j] += np.count_nonzero(mine & free & ~positive)
                open_[j] += np.count_nonzero(mine & free & positive)
    out = []
    for j, code in enumerate(ctx.codes):
        if within_tolerance(gaps[j], target[j]):
            continue
        allocated = int(target[j] - gaps[j])
        head = ("%d: class %d (%s) missed its demand: %d cells wanted, %d allocated (gap %+d "
                "cells); the simulation stopped because %s." % (
                    year, code, ctx.names[j], int(target[j]), allocated, int(gaps[j]), reason))
        if gaps[j] > 0:
            why = ("Of the cells of the classes that could still give cells, %d are restricted "
                   "(RESTRICTION = 0), %d may not become class %d under the transition matrix, "
                   "%d have probability 0 for it, and %d could have changed but were not "
                   "reached." % (restricted[j], forbidden[j], code, zero_p[j], open_[j]))
        else:
            why = ("Of its cells, %d are restricted (RESTRICTION = 0), %d may not become any "
                   "class that still needs cells (transition matrix), %d have probability 0 for "
                   "all of those, and %d could have changed but were not reached." % (
                       restricted[j], forbidden[j], zero_p[j], open_[j]))
        hint = (" Raise MAX_ITERATIONS, SEED_PERCENTAGE or lower PATCH_THRESHOLD if cells were "
                "not reached; otherwise relax the restrictions, the transition matrix or the "
                "demand." if open_[j] else
                " Relax the restrictions, the transition matrix or the demand.")
        out.append(head + " " + why + hint)
    return out
