"""A slow, per-cell CARS written from the rules of docs/cars.md, to check
core/cars against: plain Python loops over cells, classes and proposals, no
candidate arrays, no strips, no vectorised gates. It shares with the core
only the random draws (core.common.random: the draws are inputs of the
rules, not rules) and float32 for the quantities the core stores in float32
(probabilities, OP, thresholds), so that results can be compared cell for
cell.
"""

import math

import numpy as np
from scipy.special import ndtri

from landcarbon.core.common import random


def _window_counts(cur, y, x, k, n, nodata):
    h = n // 2
    counts = [0] * k
    height, width = cur.shape
    for dy in range(-h, h + 1):
        for dx in range(-h, h + 1):
            if dy == 0 and dx == 0:
                continue
            yy, xx = y + dy, x + dx
            if 0 <= yy < height and 0 <= xx < width and cur[yy, xx] != nodata:
                counts[cur[yy, xx]] += 1
    return counts


def _ceil_share(share, gap):
    return int(math.ceil(share * gap - 1e-9)) if gap > 0 else 0


def _roulette(op, u):
    """The winner: the first class whose cumulative OP exceeds u * total
    (float32 as the core stores OP); -1 when every OP is 0."""
    k = len(op)
    cum, total = [], np.float32(0.0)
    for value in op:
        total = np.float32(total + value)
        cum.append(total)
    if total <= 0:
        return -1
    target = np.float32(u) * total
    winner = sum(1 for j in range(k - 1) if cum[j] <= target)
    if winner == k - 1 and op[k - 1] <= 0:
        winner = max(j for j in range(k) if op[j] > 0)
    return winner


PACE_SCALE = 0.1          # the pace rules act once delta^d is below this
PACE_FACTOR = 2.0         # D_k of a stalled class: x2 (deficit) or / 2 (surplus) ...
D_LIMIT = 2.0 ** 40       # ... within [1 / D_LIMIT, D_LIMIT]


def _pace_coefficient(coefficient, old, new, initial, pace):
    """The pace rule of docs/cars.md: a gap that kept its sign, did not grow
    and closed by less than |G^0| / pace cells in the iteration moves D_k."""
    for c in range(len(coefficient)):
        if new[c] == 0 or (new[c] > 0) != (old[c] > 0) or abs(new[c]) > abs(old[c]):
            continue
        if (abs(old[c]) - abs(new[c])) * pace < abs(initial[c]):
            coefficient[c] = coefficient[c] * PACE_FACTOR if new[c] > 0 \
                else coefficient[c] / PACE_FACTOR
            coefficient[c] = min(max(coefficient[c], 1.0 / D_LIMIT), D_LIMIT)


def _floors(cur, prob, gaps, allowed, restricted, nodata, pace):
    """No drain: the fewest cells a class below its demand may hold, its cells
    at the start less the cells that may become it (free cells of another
    class not at its demand, allowed, with P_k > 0) beyond its gap, at most
    its gap; without the pace rules (pace 0) its start."""
    k = prob.shape[0]
    floor = []
    for j in range(k):
        start = int((cur == j).sum())
        if gaps[j] <= 0 or pace <= 0:
            floor.append(start)
            continue
        capacity = 0
        for (y, x), c in np.ndenumerate(cur):
            if c != nodata and c != j and not restricted[y, x] and gaps[c] != 0 \
                    and allowed[c, j] and prob[j, y, x] > 0:
                capacity += 1
        floor.append(start - min(max(capacity - gaps[j], 0), gaps[j]))
    return floor


def simulate(lu, prob, target, allowed, weights, *, year=2030, n=3, delta=0.5, mu=0.1,
             seed_share=0.01, seed=1, max_iterations=1000, decay_share=0.5, tolerance=0.05,
             stall=10, restricted=None, pace=20, progress_share=0.05):
    """One target year of CARS on ``lu`` (class indices 0..K-1, K = nodata).

    ``prob``: (K, rows, cols) float32; ``target``: demand per class (cells);
    ``allowed``: K x K transition matrix; ``weights``: w_k; ``pace``:
    PACE_ITERATIONS; ``progress_share``: PROGRESS_SHARE. Returns (map,
    iterations)."""
    k = prob.shape[0]
    nodata = k
    cur = lu.copy()
    height, width = cur.shape
    restricted = np.zeros(cur.shape, bool) if restricted is None else restricted
    totals = np.array([int((cur == c).sum()) for c in range(k)])
    target = np.asarray(target)
    gaps = target - totals
    initial = gaps.copy()
    best = np.abs(gaps).astype(float)
    tol = [tolerance * abs(g) for g in initial]
    budget = [_ceil_share(seed_share, g) for g in gaps]
    used = [0] * k
    coefficient = [1.0] * k
    d, it = 0, 0
    history = [gaps.copy()]
    start_gap = int(np.abs(gaps).sum())
    sums = [start_gap]
    floor = _floors(cur, prob, gaps, allowed, restricted, nodata, pace)
    frontier = [0] * k
    step_cells = max(1, int(math.ceil(decay_share * start_gap)))

    def room(j):
        if gaps[j] < 0 and -gaps[j] > tol[j]:
            return max(0, int(math.floor(best[j] + tol[j])) - (-gaps[j]))
        return 0

    def possible(j):
        return int(gaps[j] < 0 and tol[j] >= 1 and -gaps[j] > tol[j])

    def reach(c):
        """The classes below their demand that a cell of class c can end as,
        passing only through classes below their demand."""
        if gaps[c] == 0:
            return set()
        found, todo = set(), [c]
        while todo:
            a = todo.pop()
            for b in range(k):
                if b != a and allowed[a, b] and gaps[b] > 0 and b not in found:
                    found.add(b)
                    todo.append(b)
        found.discard(c)
        return found

    def may(c, j, rooms):
        if j == c or not allowed[c, j] or gaps[c] == 0:
            return False
        if gaps[j] > 0:
            return True
        return gaps[j] < 0 and gaps[c] < 0 and rooms[j] > 0 and reach(c) <= reach(j)

    pattern, sources = None, 0
    while True:
        if not gaps.any() or it >= max_iterations:
            break
        # whether a class above its demand can still change is checked when the
        # classes' standing (sign of the gap, open tolerance) changes
        now = (tuple(np.sign(gaps)), tuple(possible(j) for j in range(k)))
        if now != pattern:
            pattern = now
            sources = sum(1 for y in range(height) for x in range(width)
                          if cur[y, x] != nodata and not restricted[y, x]
                          and gaps[cur[y, x]] < 0
                          and any(may(cur[y, x], j, now[1]) and prob[j, y, x] > 0
                                  for j in range(k)))
        if sources == 0:
            break
        rooms = [room(j) for j in range(k)]
        # rate of progress: the last `stall` iterations closed less than
        # progress_share of the total gap they started from
        if (2 * delta ** d < 1e-6 or it >= 10 * stall) and len(sums) > stall \
                and sums[-1 - stall] - sums[-1] < progress_share * sums[-1 - stall]:
            break
        it += 1
        pacing = delta ** d < PACE_SCALE
        if len(history) >= 2:
            old, new = history[-2], history[-1]
            for c in range(k):
                if abs(new[c]) > abs(old[c]):
                    if 0 > old[c] > new[c]:
                        coefficient[c] *= old[c] / new[c]
                    elif new[c] > old[c] > 0:
                        coefficient[c] *= new[c] / old[c]
            if pacing and pace > 0:
                _pace_coefficient(coefficient, old, new, initial, pace)
        seed_room = [max(0, budget[j] - used[j]) for j in range(k)]
        if pacing and pace > 0 and seed_share > 0 and it > 1:
            for j in range(k):
                want = min(-(-max(initial[j], 0) // pace), max(gaps[j], 0))
                seed_room[j] = max(seed_room[j], want - frontier[j])
        step = (year << 32) | it
        scale = np.float32(delta ** d)
        proposals = []
        for y in range(height):
            for x in range(width):
                c = cur[y, x]
                if c == nodata or restricted[y, x]:
                    continue
                pos = y * width + x
                p = [np.float32(prob[j, y, x]) for j in range(k)]
                bits = int(random.bits(seed, random.THRESHOLD, step, np.array([pos]))[0])
                z = float(ndtri(((bits >> 48) + 0.5) / 65536.0))
                tau = np.float32(min(max(1.0 + z * (1.0 / 3.0), 0.0), 2.0))
                tau = np.float32(tau * scale)
                passing = [may(c, j, rooms) and p[j] > tau for j in range(k)]
                if not any(passing):
                    continue
                counts = _window_counts(cur, y, x, k, n, nodata)
                op, is_seed = [], []
                for j in range(k):
                    r = np.float32(0.0)
                    if counts[j] == 0 and p[j] > 0:
                        r = random.uniform(seed, random.SEED_DRAW, step,
                                           np.array([pos * k + j], dtype=np.uint64))[0]
                    s = counts[j] == 0 and r < p[j]
                    o = np.float32(r * np.float32(mu)) if s else \
                        np.float32(np.float32(counts[j]) * np.float32(weights[j] / (n * n - 1)))
                    o = np.float32(np.float32(o * p[j]) * np.float32(coefficient[j]))
                    op.append(o)
                    is_seed.append(s)
                u = random.uniform(seed, random.ROULETTE, step, np.array([pos]))[0]
                w = _roulette(op, u)
                if w < 0 or not passing[w]:
                    continue
                kind = (0 if gaps[w] > 0 else 2) if gaps[c] < 0 else 1
                if kind == 2 and is_seed[w]:
                    continue
                tie = int(random.bits(seed, random.TIE_BREAK, step, np.array([pos]))[0])
                proposals.append((kind, -float(op[w]), tie, pos, c, w, is_seed[w]))
        proposals.sort()
        gain = [gaps[j] if gaps[j] > 0 else (rooms[j] if gaps[j] < 0 else 0) for j in range(k)]
        loss = [-gaps[c] if gaps[c] < 0 else (max(totals[c] - floor[c], 0) if gaps[c] > 0 else 0)
                for c in range(k)]
        accepted = []
        for _kind, _op, _tie, pos, c, w, s in proposals:
            if gain[w] > 0 and loss[c] > 0 and (not s or seed_room[w] > 0):
                gain[w] -= 1
                loss[c] -= 1
                if s:
                    seed_room[w] -= 1
                    used[w] += 1
                accepted.append((pos, c, w, s))
        before = int(np.abs(gaps).sum())
        frontier = [0] * k
        for pos, c, w, s in accepted:
            cur[pos // width, pos % width] = w
            totals[c] -= 1
            totals[w] += 1
            if not s:
                frontier[w] += 1
        gaps = target - totals
        best = np.minimum(best, np.abs(gaps))
        history.append(gaps.copy())
        sums.append(int(np.abs(gaps).sum()))
        if before - sums[-1] < step_cells:
            d += 1
    return cur, it
