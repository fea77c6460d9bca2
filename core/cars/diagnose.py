"""Why a class missed its demand: per class outside the tolerance, how many of
the cells that could have given or taken cells were restricted, forbidden by
the transition matrix, of probability 0, or simply not reached
(docs/cars.md, "Stopping").
"""

from .rules import within_tolerance


def diagnose(ctx, counts, year, target, gaps, reason):
    """One warning per class outside the tolerance, with the reason: how
    many of the cells that could have given / taken cells were restricted,
    forbidden by the transition matrix or of probability 0. ``counts``
    (4, K): (restricted, forbidden, zero_p, open) per class, summed over the
    blocks by core.cars.kernels.diagnosis_block."""
    restricted, forbidden, zero_p, open_ = counts
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
        hint = (_not_reached_hint(reason) if open_[j] else
                " Relax the restrictions, the transition matrix or the demand.")
        out.append(head + " " + why + hint)
    return out


def _not_reached_hint(reason):
    """What to change when cells could have changed but were not reached:
    more iterations only when the cap stopped the run; after the rate-of-
    progress stop the remaining cells convert too slowly (small
    probabilities, no neighbours of the class) for more iterations to help."""
    if reason.startswith("MAX_ITERATIONS"):
        first = "Raise MAX_ITERATIONS, SEED_PERCENTAGE or lower PATCH_THRESHOLD"
    else:
        first = ("They convert too slowly to be worth more iterations (small probabilities, no "
                 "cell of the class nearby): raise SEED_PERCENTAGE or lower PATCH_THRESHOLD")
    return (" %s if cells were not reached; otherwise relax the restrictions, the transition "
            "matrix or the demand." % first)
