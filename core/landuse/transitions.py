"""Skill per transition and Kappa Simulation, from the three-way table of a
simulation (docs/accuracy.md, "Skill per transition" and "KSim").

The three-way table ``n[j, s, a]`` counts the assessed cells of class j in
the initial map, s in the simulated map and a in the actual (observed) map;
everything here (and the confusion matrix and A/B/C/D counts of
core/landuse/accuracy.py) is a function of four K x K projections of it,
held by :class:`ThreeWay`, tallied once per strip (or chunk) and merged
exactly.

Kappa Simulation (van Vliet, Bregt & Hagen-Zanker 2011, Ecol. Model.
222:1367): with p(j) the share of initial class j and the
transition shares p(s=i|j), p(a=i|j) of the simulated and actual maps,

- ``p_o = sum_{s=a} n / N`` (cells simulated right);
- ``p_e(T) = sum_j p(j) sum_i p(s=i|j) p(a=i|j)``, the agreement expected
  when each initial class's simulated transitions are allocated at random
  among its cells;
- ``p_max(T) = sum_j p(j) sum_i min(p(s=i|j), p(a=i|j))``;
- ``KSim = (p_o - p_e(T)) / (1 - p_e(T))`` = KTransition x KTransloc with
  ``KTransition = (p_max(T) - p_e(T)) / (1 - p_e(T))`` (are the amounts of
  each transition right?) and ``KTransloc = (p_o - p_e(T)) / (p_max(T) -
  p_e(T))`` (are they in the right places?).

Per transition j -> i (j != i): observed cells O = sum_s n[j, s, i],
simulated cells S = sum_a n[j, i, a], hits H = n[j, i, i], misses O - H,
false alarms S - H and ``FoM = H / (O + S - H)`` (Pontius et al. 2008's
figure of merit restricted to one conversion); per class i the same over
every j != i (its gains).
"""

from dataclasses import dataclass

import numpy as np

TRANSITIONS_HEADER = ["from_code", "from_name", "to_code", "to_name", "observed_cells",
                      "simulated_cells", "hits_cells", "misses_cells", "false_alarms_cells",
                      "fom"]


def _ratio(num, den):
    return None if den == 0 else float(num) / float(den)


# At most this many classes: the full K^3 table is counted per window
# (one bincount); above, its four projections are counted one by one.
DENSE_CLASSES = 40


class ThreeWay:
    """The three-way table of initial (j), simulated (s) and observed (a)
    classes of some cells, held as K x K projections (cells, int64):
    ``start_simulated[j, s]``, ``start_observed[j, a]``, ``confusion[s, a]``
    (rows simulated, columns observed) and ``hits[j, i] = n[j, i, i]``.
    Tables of parts of a map :meth:`merge` into the table of the whole."""

    def __init__(self, k):
        self.k = k
        self.start_simulated, self.start_observed, self.confusion, self.hits = (
            np.zeros((k, k), np.int64) for _ in range(4))

    @classmethod
    def count(cls, k, initial, simulated, observed):
        """The table of cells given by class-index arrays (all < K)."""
        table = cls(k)
        if k <= DENSE_CLASSES:
            code = initial.astype(np.uint16 if k ** 3 <= 65536 else np.int32)
            code *= k
            np.add(code, simulated, out=code, casting="unsafe")
            code *= k
            np.add(code, observed, out=code, casting="unsafe")
            return table.add_cube(np.bincount(code.ravel(), minlength=k ** 3).reshape(k, k, k))
        for name, a, b in (("start_simulated", initial, simulated),
                           ("start_observed", initial, observed),
                           ("confusion", simulated, observed)):
            getattr(table, name)[:] = np.bincount(a.astype(np.int64) * k + b,
                                                  minlength=k * k).reshape(k, k)
        same = simulated == observed
        table.hits[:] = np.bincount(initial[same].astype(np.int64) * k + observed[same],
                                    minlength=k * k).reshape(k, k)
        return table

    @classmethod
    def from_cube(cls, cube):
        cube = np.asarray(cube, dtype=np.int64)
        return cls(cube.shape[0]).add_cube(cube)

    def add_cube(self, cube):
        self.start_simulated += cube.sum(axis=2)
        self.start_observed += cube.sum(axis=1)
        self.confusion += cube.sum(axis=0)
        self.hits += np.einsum("jii->ji", cube)
        return self

    def merge(self, other):
        for name in ("start_simulated", "start_observed", "confusion", "hits"):
            getattr(self, name)[:] += getattr(other, name)
        return self

    @property
    def cells(self):
        return int(self.confusion.sum())

    @property
    def persistence(self):
        """Cells that persist in both maps (j = s = a)."""
        return int(np.trace(self.hits))

    def abcd(self):
        """A misses (observed change simulated as persistence), B hits, C
        wrong hits, D false alarms (cells), as core/landuse/accuracy.py
        defines them."""
        kept = self.persistence
        misses = int(np.trace(self.start_simulated)) - kept
        false_alarms = int(np.trace(self.start_observed)) - kept
        hits = int(self.hits.sum()) - kept
        return misses, hits, self.cells - kept - misses - false_alarms - hits, false_alarms


@dataclass
class KappaSimulation:
    """KSim and its two parts (None when undefined), with the agreements
    they are made of (fractions of the assessed cells)."""

    ksim: object
    ktransition: object
    ktransloc: object
    observed_agreement: float
    expected_agreement: float        # p_e(Transition)
    maximum_agreement: float         # p_max(Transition)


def kappa_simulation(table):
    """:class:`KappaSimulation` of a :class:`ThreeWay` table (module
    docstring)."""
    total = float(table.cells)
    if total == 0:
        return KappaSimulation(None, None, None, 0.0, 0.0, 0.0)
    start = table.start_simulated.sum(axis=1).astype(np.float64)   # cells per initial class
    with np.errstate(invalid="ignore", divide="ignore"):
        ps = np.where(start[:, None] > 0, table.start_simulated / start[:, None], 0.0)
        pa = np.where(start[:, None] > 0, table.start_observed / start[:, None], 0.0)
    share = start / total
    p_o = float(np.trace(table.confusion)) / total
    p_e = float((share * (ps * pa).sum(axis=1)).sum())
    p_max = float((share * np.minimum(ps, pa).sum(axis=1)).sum())
    return KappaSimulation(
        ksim=_ratio(p_o - p_e, 1.0 - p_e) if p_e < 1.0 else None,
        ktransition=_ratio(p_max - p_e, 1.0 - p_e) if p_e < 1.0 else None,
        ktransloc=_ratio(p_o - p_e, p_max - p_e) if p_max > p_e else None,
        observed_agreement=p_o, expected_agreement=p_e, maximum_agreement=p_max)


@dataclass
class TransitionSkill:
    """Cells and FoM of one conversion (``source`` None: every other class,
    i.e. the gains of ``target``); codes are class codes."""

    source: object
    target: int
    observed: int
    simulated: int
    hits: int

    @property
    def misses(self):
        return self.observed - self.hits

    @property
    def false_alarms(self):
        return self.simulated - self.hits

    @property
    def fom(self):
        return _ratio(self.hits, self.observed + self.simulated - self.hits)


def transition_skill(table, codes):
    """(pairs, gains) of a :class:`ThreeWay` table: a
    :class:`TransitionSkill` per from -> to pair that was observed or
    simulated, largest observed conversion first (then largest simulated,
    then codes), and one per class that gained cells in either map (its
    gains from every other class), in code order."""
    observed, simulated, hits = table.start_observed, table.start_simulated, table.hits
    k = len(codes)
    pairs = [TransitionSkill(codes[j], codes[i], int(observed[j, i]), int(simulated[j, i]),
                             int(hits[j, i]))
             for j in range(k) for i in range(k)
             if j != i and observed[j, i] + simulated[j, i] > 0]
    pairs.sort(key=lambda t: (-t.observed, -t.simulated, t.source, t.target))
    off = 1 - np.eye(k, dtype=np.int64)
    gains = [TransitionSkill(None, codes[i], int((observed[:, i] * off[:, i]).sum()),
                             int((simulated[:, i] * off[:, i]).sum()),
                             int((hits[:, i] * off[:, i]).sum()))
             for i in range(k)]
    return pairs, [g for g in gains if g.observed + g.simulated > 0]


def transition_rows(pairs, gains, classes):
    """The rows of the per-transition CSV (TRANSITIONS_HEADER): the pairs,
    then each class's gains from any other class (from_code empty)."""
    rows = []
    for t in list(pairs) + list(gains):
        rows.append([t.source, classes.name(t.source) if t.source is not None
                     else "any other class", t.target, classes.name(t.target), t.observed,
                     t.simulated, t.hits, t.misses, t.false_alarms, t.fom])
    return rows
