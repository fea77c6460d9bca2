"""The per-cell rules of CARS (docs/cars.md), as vectorised functions
on the arrays of one iteration. No I/O here: :mod:`core.cars` feeds them.

Reference: Liang X., Guan Q., Clarke K.C., Liu S., Wang B., Yao Y. (2021),
Understanding the drivers of sustainable land expansion using a patch-
generating land use simulation (PLUS) model, Computers, Environment and Urban
Systems 85:101569 (CARS: overall probability eq. 3-4, adaptive demand
coefficient eq. 5, decreasing threshold eq. 6-7).

Conventions: K classes indexed 0..K-1 (ascending class code); per-cell arrays
are (m,) or class-major (K, m) (one row per class: the loops over classes
then run on long contiguous vectors), float32 for probabilities.
"""

import math

import numpy as np
from scipy.special import ndtri

from ..common import random

# r1 ~ Normal(1, SIGMA) clipped to [0, 2] in the threshold tau = delta^d * r1.
# The papers give the mean (1) and the range [0, 2] but no spread; with
# sigma = 1/3 the range is +-3 sigma, so clipping touches 0.27 % of the draws
# and the threshold of a single cell varies by about a third around
# delta^d (a design decision, documented in README and the help).
THRESHOLD_SIGMA = 1.0 / 3.0

# Demand is met when a class ends within max(TOLERANCE_CELLS, TOLERANCE_SHARE
# * demand) of its demand (the simulation itself aims at 0).
TOLERANCE_CELLS = 10
TOLERANCE_SHARE = 0.001


# The pace rules (docs/cars.md, "Pace"): D_k of a class whose gap closes too
# slowly is multiplied (deficit) or divided (surplus) by PACE_FACTOR per
# iteration, within [1 / D_LIMIT, D_LIMIT] (powers of two: exact in float32).
PACE_FACTOR = 2.0
D_LIMIT = 2.0 ** 40


def update_demand_coefficient(coefficient, gap_older, gap_newer, pace=0, initial=None):
    """Adaptive demand coefficient D_k (PLUS eq. 5), one update, and the
    pace rule of LandCarbon.

    ``gap_older`` = G^{t-2}, ``gap_newer`` = G^{t-1} (G = demand - allocated,
    cells, per class). PLUS eq. 5: D_k is kept when the gap did not grow in
    magnitude; multiplied by G^{t-2}/G^{t-1} (< 1) when a surplus grew
    (0 > G^{t-2} > G^{t-1}); by G^{t-1}/G^{t-2} (> 1) when a deficit grew
    (G^{t-1} > G^{t-2} > 0).

    Pace (``pace`` = H iterations > 0, ``initial`` = G^0 at the start of the
    year, else G^{t-2}; a departure from PLUS, docs/cars.md "Pace"): a gap
    that kept its sign, did not grow and closed by less than |G^0| / H cells
    in the iteration (slower than a pace that closes the year's gap in H
    iterations) moves D_k by PACE_FACTOR, up for a deficit, down for a
    surplus, so that the roulette picks a stalled class more often (or a
    stalled donor's own class less often); D_k stays within [1 / D_LIMIT,
    D_LIMIT]. PLUS raises D_k only when a deficit grows, so a deficit that
    merely stalls never gets help. Returns a new float64 array.
    """
    d = np.array(coefficient, dtype=np.float64)
    old = np.asarray(gap_older, dtype=np.float64)
    new = np.asarray(gap_newer, dtype=np.float64)
    grew = np.abs(new) > np.abs(old)
    surplus = grew & (0 > old) & (old > new)
    deficit = grew & (new > old) & (old > 0)
    d[surplus] *= old[surplus] / new[surplus]
    d[deficit] *= new[deficit] / old[deficit]
    if pace > 0:
        slow = ~grew & (np.sign(new) == np.sign(old)) & (new != 0) \
            & ((np.abs(old) - np.abs(new)) * pace
               < np.abs(old if initial is None else np.asarray(initial, np.float64)))
        d[slow & (new > 0)] *= PACE_FACTOR
        d[slow & (new < 0)] /= PACE_FACTOR
        d = np.clip(d, 1.0 / D_LIMIT, D_LIMIT)
    return d


def threshold_scale(delta, decay_step):
    """delta^d: the threshold's scale after d decay steps (0^0 = 1)."""
    return float(delta) ** int(decay_step)


# r1 for each of 2^16 equally likely bins of the normal distribution (the
# inverse CDF at the bin's middle), clipped to [0, 2]: a table lookup per cell
# instead of an inverse CDF (the threshold is noise; 2^16 levels are plenty).
THRESHOLD_BITS = 16
THRESHOLD_TABLE = np.clip(
    1.0 + ndtri((np.arange(1 << THRESHOLD_BITS) + 0.5) / (1 << THRESHOLD_BITS))
    * THRESHOLD_SIGMA, 0.0, 2.0).astype(np.float32)


def draw_thresholds(seed, step, positions, scale):
    """tau = delta^d * r1 per cell (``scale`` = delta^d), r1 ~ Normal(1,
    THRESHOLD_SIGMA) clipped to [0, 2], from the top 16 bits of one counter-
    based draw per cell position (float32)."""
    bins = random.bits(seed, random.THRESHOLD, step, positions) >> np.uint64(64 - THRESHOLD_BITS)
    r1 = THRESHOLD_TABLE[bins]
    r1 *= np.float32(scale)
    return r1


def seed_draws(seed, step, positions, prob, counts, dev=None, zone=None):
    """r ~ U(0, 1) of the new-seed rule, (K, m) float32, drawn (counter-
    based, index position * K + k) only where it matters: where no class-k
    cell is in the window and P_k > 0 (elsewhere r is not used; it is left
    0, which never makes a seed), plus every development-zone cell for the
    development class ``dev`` (its OP uses r)."""
    k_count, m = prob.shape
    r = np.zeros((k_count, m), dtype=np.float32)
    base = np.asarray(positions, dtype=np.uint64) * np.uint64(k_count)
    for k in range(k_count):
        need = (counts[k] == 0) & (prob[k] > 0)
        if dev is not None and k == dev and zone is not None:
            need |= zone
        idx = np.flatnonzero(need)
        if idx.size:
            r[k, idx] = random.uniform(seed, random.SEED_DRAW, step, base[idx] + np.uint64(k))
    return r


def overall_probability(prob, counts, weights, n, coefficient, r, mu):
    """OP_k(i) of PLUS eq. 3-4 for K classes and m cells (class-major arrays).

    ``prob``: P_k(i) (K, m) float32; ``counts``: cells of class k in the
    n x n window of the previous map, centre excluded (K, m) integers;
    ``weights``: w_k (K,); ``coefficient``: D_k (K,); ``r``: U(0,1) per class
    and cell (K, m); ``mu``: expansion coefficient.

    Omega_k = counts / (n*n - 1) * w_k. Where no class-k cell is in the
    window and r < P_k a new patch may start: OP_k = P_k * r * mu * D_k;
    elsewhere OP_k = P_k * Omega_k * D_k. "No class-k cell" is read on the
    counts, so a class with weight 0 behaves like one without neighbours.
    Returns (OP float32 (K, m), seed bool (K, m)).
    """
    scale = np.asarray(weights, dtype=np.float64) / (n * n - 1)
    d = np.asarray(coefficient, dtype=np.float64)
    op = np.empty(prob.shape, dtype=np.float32)
    seed = np.empty(prob.shape, dtype=bool)
    for k in range(prob.shape[0]):
        s = seed[k]
        np.equal(counts[k], 0, out=s)
        s &= r[k] < prob[k]
        o = op[k]
        np.multiply(counts[k], np.float32(scale[k]), out=o, casting="unsafe")
        if s.any():
            np.copyto(o, r[k] * np.float32(mu), where=s)
        o *= prob[k]
        o *= np.float32(d[k])
    return op, seed


def roulette(op, u):
    """Roulette wheel over the classes (class-major OP (K, m)): the winner of
    cell i is the first k with cumsum(OP)_k > u_i * sum(OP) (u ~ U(0,1) per
    cell), i.e. k wins with probability OP_k / sum_k OP_k. A class with OP 0
    never wins (its cumulative sum equals the previous one). Cells whose OP
    are all 0 get -1."""
    k = op.shape[0]
    cum = np.empty(op.shape, dtype=np.float32)
    cum[0] = op[0]
    for j in range(1, k):               # faster than np.cumsum along a short axis
        np.add(cum[j - 1], op[j], out=cum[j])
    total = cum[-1]
    target = u.astype(np.float32) * total
    winner = np.zeros(op.shape[1], dtype=np.int64)
    for j in range(k - 1):
        winner += cum[j] <= target
    rounding = winner == k - 1
    rounding &= op[k - 1] <= 0          # u * total rounded up to total
    if rounding.any():
        last = k - 1 - (op[::-1, rounding] > 0).argmax(axis=0)
        winner[rounding] = last
    winner[total <= 0] = -1
    return winner


def seed_budget(gaps, seed_percentage):
    """New seed cells a class may start: ceil(s * G_k) for classes that need
    cells (G_k > 0), else 0. It is a budget for the whole target year, not a
    rate per iteration: otherwise more iterations would mean more scattered
    seed patches, most of them false alarms (docs/cars.md, "Seeds")."""
    gaps = np.asarray(gaps, dtype=np.int64)
    budget = np.zeros(gaps.size, dtype=np.int64)
    need = gaps > 0
    budget[need] = [int(math.ceil(seed_percentage * g - 1e-9)) for g in gaps[need]]
    return budget


def pace_seeds(gaps, initial, frontier_gain, pace):
    """Seed cells a class may start in one iteration because growth from its
    existing patches is too slow (docs/cars.md, "Seeds"): a class below its
    demand should gain at least ceil(G_k^0 / H) cells per iteration (the
    pace that closes its gap of the start of the year, ``initial``, in H =
    ``pace`` iterations), at most its gap G_k; what growth next to its
    patches delivered in the previous iteration (``frontier_gain``) short of
    that, it may start as new seeds. 0 for the other classes (and for every
    class when H is 0)."""
    gaps = np.asarray(gaps, dtype=np.int64)
    if pace <= 0:
        return np.zeros(gaps.size, dtype=np.int64)
    want = -(-np.maximum(np.asarray(initial, dtype=np.int64), 0) // int(pace))   # ceil
    want = np.minimum(want, np.maximum(gaps, 0))
    return np.maximum(want - np.asarray(frontier_gain, dtype=np.int64), 0)


def tolerance_rooms(gaps, best, initial, tolerance):
    """FLUS tolerance: how many cells a class ABOVE its demand may still gain
    from another class above its demand, so that observed two-way flows (e.g.
    cropland <-> water) can happen (Liu et al. 2017, FLUS; docs/cars.md).

    A class with G_k < 0 may gain while its surplus |G_k| stays within its
    best (smallest) surplus so far this year + ``tolerance`` x its initial
    surplus, and only while |G_k| is larger than that tolerance (near its
    demand it must converge). Other classes: 0. ``best``: smallest |G_k| so
    far; ``initial``: G_k at the start of the year (cells).
    """
    gaps = np.asarray(gaps, dtype=np.int64)
    tol = float(tolerance) * np.abs(np.asarray(initial, dtype=np.float64))
    surplus = -gaps
    room = np.floor(np.asarray(best, dtype=np.float64) + tol).astype(np.int64) - surplus
    open_ = (gaps < 0) & (surplus > tol)
    return np.where(open_, np.maximum(room, 0), 0)


def gate_rooms(gaps, tolerance_room, spare):
    """(gain room, loss room) per class for one iteration.

    Demand gates (docs/cars.md): a class below its demand (G_k > 0) gains at
    most G_k cells; a class above its demand (G_k < 0) loses at most -G_k
    cells, and may gain ``tolerance_room`` cells from another class above
    its demand (FLUS tolerance, no seeds); a class exactly at its demand
    neither gains nor loses. So no class ever passes its demand.

    No drain: a class below its demand may lose cells to another class below
    its demand (gross change, as in PLUS) only ``spare`` cells: its cells
    now less its floor (core.cars.simulate._floor: its cells at the start of
    the year less what it could lose and still regain, at most its gap; the
    start itself for a class that cannot gain). PLUS lets it lose without
    limit; on a real 11-class map that drained classes of probability 0 or
    tiny that could never win the cells back (issue 20: 18 807 cells at the
    start, a demand of 33 578, 785 at the end).
    """
    gaps = np.asarray(gaps, dtype=np.int64)
    gain = np.where(gaps > 0, gaps, np.where(gaps < 0, tolerance_room, 0))
    spare = np.maximum(np.asarray(spare, dtype=np.int64), 0)
    loss = np.where(gaps < 0, -gaps, np.where(gaps > 0, spare, 0))
    return gain, loss


NET, SWAP, TWO_WAY = 0, 1, 2


def proposal_kind(gaps, source, target):
    """NET (from a class above its demand to one below it: closes two gaps),
    SWAP (between two classes below their demand: gross change), TWO_WAY
    (between two classes above their demand: the FLUS tolerance)."""
    from_surplus = gaps[source] < 0
    return np.where(from_surplus, np.where(gaps[target] > 0, NET, TWO_WAY), SWAP).astype(np.int8)


def proposal_order(kind, op, tie, pos=None):
    """The order in which the demand gates take an iteration's proposals:
    net conversions first, then swaps, then two-way flows; within each, the
    most suitable first (descending overall probability OP of the class the
    cell proposes), ties by the seeded draw ``tie`` and then (64-bit draws
    all but never tie) by the cell position ``pos``. When proposals exceed a
    class's room, the most suitable win (docs/cars.md, "Demand gates")."""
    keys = (tie, -np.asarray(op, dtype=np.float32), kind)
    return np.lexsort(keys if pos is None else (pos,) + keys)


def sweep_gates(target, source, is_seed, gain_room, loss_room, seed_room):
    """Which proposed conversions the demand gates accept, exactly as a sweep
    over the proposals in the given (random) order that updates the demand
    counters after every accepted cell.

    Proposal i (source[i] -> target[i], a new seed if is_seed[i]) is accepted
    iff, at its turn, the target still has gain room, the source loss room
    and, for a seed, the target seed room; accepting uses one unit of each.
    Rooms only ever close, so the sweep runs in at most 3K + 1 vectorised
    passes: each pass accepts every open proposal up to the one that fills a
    room. Returns a bool mask.
    """
    target = np.asarray(target, dtype=np.int64)
    source = np.asarray(source, dtype=np.int64)
    n = target.size
    k = len(gain_room)
    accepted = np.zeros(n, dtype=bool)
    if n == 0:
        return accepted
    never = n + 1                       # room of the dummy constraint: never fills
    room = np.concatenate([np.minimum(gain_room, never), np.minimum(loss_room, never),
                           np.minimum(seed_room, never), [never]]).astype(np.int64)
    ids = (target, source + k, np.where(is_seed, target + 2 * k, 3 * k))
    size = 3 * k + 1
    start = 0
    while start < n:
        open_ = room > 0
        ok = open_[ids[0][start:]] & open_[ids[1][start:]] & open_[ids[2][start:]]
        idx = np.flatnonzero(ok)
        if idx.size == 0:
            break
        stop = idx.size                 # accept idx[:stop]
        for group in ids:
            members = group[start:][idx]
            used = np.bincount(members, minlength=size)
            for j in np.flatnonzero((used >= room) & (room > 0) & (room < never)):
                stop = min(stop, int(np.flatnonzero(members == j)[room[j] - 1]) + 1)
        take = start + idx[:stop]
        accepted[take] = True
        for group in ids:
            room -= np.bincount(group[take], minlength=size)
        room[-1] = never
        start = int(take[-1]) + 1
    return accepted


def too_slow(gap_sums, window, share):
    """The rate-of-progress stop rule (docs/cars.md, "Stopping rules"): True
    when the total gap sum_k |G_k| (``gap_sums``, one value per iteration,
    cells) closed by less than ``share`` of its value ``window`` iterations
    ago over those iterations: at that pace the rest would take more than
    window / share iterations (200 by default), so what is left is not
    worth the iterations (and is diagnosed)."""
    if len(gap_sums) <= window:
        return False
    then, now = gap_sums[-1 - window], gap_sums[-1]
    return then - now < share * then


def within_tolerance(gap, demand):
    return abs(int(gap)) <= max(TOLERANCE_CELLS, TOLERANCE_SHARE * int(demand))
