"""Can the demand be met at all? Which classes can reach which through the
transition matrix, and the largest number of cells that can move from the
classes above their demand to those below it (a maximum flow), given the
restrictions and probabilities of 0 (docs/cars.md, "Feasibility").
"""

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import maximum_flow

from ..common.classes import codes_text
from ..common.errors import LandCarbonError


def reachable(allowed, gaps):
    """reach[c, k]: a cell of class c can end as class k (c != k, k must
    gain) through transitions the matrix allows, every intermediate class
    being one that gains (only those accept cells). Classes at their demand
    give no cells."""
    k = len(gaps)
    growing = gaps > 0
    step = allowed & growing[None, :] & ~np.eye(k, dtype=bool)
    step[gaps == 0, :] = False
    reach = step.copy()
    for _ in range(k):
        via = (reach.astype(np.int64) @ (step & growing[:, None]).astype(np.int64)) > 0
        new = reach | via
        if (new == reach).all():
            break
        reach = new
    np.fill_diagonal(reach, False)
    reach[gaps == 0, :] = False
    return reach


def max_transfer(gaps, reach, pair_cells, source_cells):
    """Most cells that can move from classes above their demand to classes
    below it (max flow: source -> losing class c (capacity: min(surplus,
    cells of c that may change)) -> gaining class k (capacity: cells of c that
    may become k) -> sink (capacity: deficit))."""
    k = len(gaps)
    big = np.int64(2 ** 30)
    s, t = 2 * k, 2 * k + 1
    cap = np.zeros((2 * k + 2, 2 * k + 2), dtype=np.int64)
    for c in range(k):
        if gaps[c] < 0:
            cap[s, c] = min(-int(gaps[c]), int(min(source_cells[c], big)))
            for j in range(k):
                if reach[c, j] and gaps[j] > 0:
                    cap[c, k + j] = min(int(pair_cells[c, j]), big)
        if gaps[c] > 0:
            cap[k + c, t] = int(gaps[c])
    cap = np.minimum(cap, big).astype(np.int32)
    flow = maximum_flow(csr_matrix(cap), s, t)
    return int(flow.flow_value)


def demand_problems(year, gaps, codes, names, allowed, free_cells, restricted_cells,
                    pair_cells=None, source_cells=None):
    """What keeps the demand of ``year`` from being met whatever the random
    draws, as sentences (empty when nothing does): per class that must gain
    (or lose) more cells than can become (or leave) it, and for the classes
    together the maximum flow from the classes above their demand to those
    below it.

    ``gaps``: demand - current cells per class. With ``pair_cells`` (cells of
    class c, not restricted, with P_k > 0) the analysis is cell-exact;
    without it (a later year whose starting map is not known yet) it uses the
    transition matrix only.
    """
    k = len(codes)
    reach = reachable(allowed, gaps)
    exact = pair_cells is not None
    if not exact:
        pair_cells = np.full((k, k), 2 ** 30, dtype=np.int64)
        source_cells = np.full(k, 2 ** 30, dtype=np.int64)
    why_map = "the map at the start of %d" % year if exact else "the previous target year's map"
    cells = (free_cells, restricted_cells, pair_cells, source_cells)
    problems = [text for j in range(k) if gaps[j] > 0
                for text in [_gain_problem(j, gaps, codes, names, reach, cells, exact, why_map)]
                if text]
    problems += [text for c in range(k) if gaps[c] < 0
                 for text in [_loss_problem(c, gaps, codes, names, reach, cells, exact, why_map)]
                 if text]
    need = int(gaps[gaps > 0].sum())
    if not problems and need and max_transfer(gaps, reach, pair_cells, source_cells) < need:
        problems.append(_flow_problem(gaps, codes, reach, pair_cells, source_cells, need, exact))
    return problems


def _gain_problem(j, gaps, codes, names, reach, cells, exact, why_map):
    """Why class j cannot gain its gap, or None."""
    free_cells, restricted_cells, pair_cells, _source = cells
    k = len(codes)
    givers = [c for c in range(k) if c != j and gaps[c] != 0]
    may = [c for c in givers if reach[c, j]]
    supply = int(sum(pair_cells[c, j] for c in may))
    if supply >= gaps[j]:
        return None
    forbidden = [codes[c] for c in givers if not reach[c, j]]
    parts = []
    if exact:
        restricted = int(sum(restricted_cells[c] for c in givers))
        zero_p = int(sum(free_cells[c] - pair_cells[c, j] for c in may))
        if restricted:
            parts.append("%d of their cells are restricted (RESTRICTION = 0)" % restricted)
        if zero_p:
            parts.append("%d cells of the classes that may become it have probability 0 "
                         "for it" % zero_p)
    if forbidden:
        parts.append("the transition matrix does not let class(es) %s become %d"
                     % (codes_text(forbidden), codes[j]))
    if not givers:
        parts.append("every other class is already at its demand")
    return ("class %d (%s) must gain %d cells, but at most %d cells of %s can become it (%s)"
            % (codes[j], names[j], int(gaps[j]), supply, why_map,
               "; ".join(parts) or "no class may give it cells"))


def _loss_problem(c, gaps, codes, names, reach, cells, exact, why_map):
    """Why class c cannot lose its surplus, or None."""
    free_cells, restricted_cells, _pair, source_cells = cells
    k = len(codes)
    targets = [j for j in range(k) if reach[c, j]]
    able = int(source_cells[c]) if targets else 0
    if able >= -gaps[c]:
        return None
    parts = []
    if exact and restricted_cells[c]:
        parts.append("%d of its cells are restricted (RESTRICTION = 0)" % restricted_cells[c])
    if not targets:
        parts.append("the transition matrix lets it become none of the classes that must "
                     "gain (%s)" % codes_text([codes[j] for j in range(k) if gaps[j] > 0]))
    elif exact:
        parts.append("%d of its free cells have probability 0 for every class it may "
                     "become (%s)" % (int(free_cells[c]) - able,
                                      codes_text([codes[j] for j in targets])))
    return ("class %d (%s) must lose %d cells, but at most %d of its cells in %s can change (%s)"
            % (codes[c], names[c], -int(gaps[c]), able, why_map, "; ".join(parts)))


def _flow_problem(gaps, codes, reach, pair_cells, source_cells, need, exact):
    """The classes together: the maximum flow is below what they need."""
    k = len(codes)
    losers = [codes[c] for c in range(k) if gaps[c] < 0]
    gainers = [codes[c] for c in range(k) if gaps[c] > 0]
    allowed_pairs = ["%d -> %d" % (codes[c], codes[j]) for c in range(k)
                     for j in range(k) if gaps[c] < 0 and reach[c, j]]
    return ("the classes that must lose cells (%s) cannot give the classes that must gain (%s) "
            "the %d cells they need together (at most %d) through the conversions the "
            "transition matrix allows (%s)%s"
            % (codes_text(losers), codes_text(gainers), need,
               max_transfer(gaps, reach, pair_cells, source_cells),
               ", ".join(allowed_pairs) or "none",
               " and the restriction raster permits" if exact else ""))


def check_feasible(year, gaps, codes, names, allowed, free_cells, restricted_cells,
                   pair_cells=None, source_cells=None):
    """STRICT_DEMAND: refuse a demand that cannot be met whatever the random
    draws (the first problem of :func:`demand_problems`)."""
    problems = demand_problems(year, gaps, codes, names, allowed, free_cells, restricted_cells,
                               pair_cells, source_cells)
    if problems:
        raise LandCarbonError(
            "The demand for %d cannot be met: %s. Change the demand, the transition matrix or "
            "the restriction raster, or clear STRICT_DEMAND to allocate as far as possible."
            % (year, problems[0]))


def capacity_lines(year, gaps, codes, names, pair_cells, source_cells, restricted_cells,
                   allowed):
    """One sentence per class that must change: the most cells it can gain
    (or lose) on the map at the start of ``year``, for the log before the
    first iteration."""
    k = len(codes)
    reach = reachable(allowed, gaps)
    lines = []
    for j in range(k):
        if gaps[j] > 0:
            supply = int(sum(pair_cells[c, j] for c in range(k)
                             if c != j and gaps[c] != 0 and reach[c, j]))
            lines.append("class %d (%s) must gain %d cells; %d cells may become it"
                         % (codes[j], names[j], int(gaps[j]), supply))
        elif gaps[j] < 0:
            lines.append("class %d (%s) must lose %d cells; %d of its cells may change "
                         "(%d restricted)" % (codes[j], names[j], -int(gaps[j]),
                                              int(source_cells[j]), int(restricted_cells[j])))
    return lines
