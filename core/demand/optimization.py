"""Carbon-optimal land demand by linear programming (docs/demand.md,
"Optimisation"): the class areas of a target year that store the most
carbon under the user's constraints, for CARS to allocate like any other
demand (the "multi-objective" or "ecological-economic balance" scenario of
PLUS + InVEST carbon studies).

Formulation, per target year, with x_k the cells of class k (the classes
of the map CARS starts from)::

    maximise    sum_k c_k x_k                  c_k = D_k * a  (Mg C per cell)
    subject to  sum_k x_k = N                  (every valid cell has a class)
                L_r <= sum_{k in G_r} x_k <= U_r   for every constraint row r
                x_k >= 0

D_k is the total carbon density of class k (above + below + soil + dead,
Mg C/ha, the POOLS table at today's climate), a the area of a cell in ha,
N the valid cells of the map. A row names one class code or one class role
(every class with that role: the CLASSES table's role column or the CNLUCC
codes, docs/demand.md "Class roles") and gives its bounds in km2, cells, as
a share of today's cells (``share_of_today``) or of the Markov natural-
evolution demand of the target year (``share_of_ne``); an empty bound is
no bound.

With a VALUES table (code, value per km2, e.g. economic output) and a
weight w in [0, 1] the objective is (1 - w) C(x) / C* + w V(x) / V*, where
C* and V* are the best carbon and the best value each alone under the same
constraints (so both terms are shares of their own optimum and the weight
is unit free).

Solved exactly by HiGHS through scipy.optimize.linprog. Optima are often
not unique (classes of equal density, e.g. the classes of one role bounded
together): among them a second programme takes the areas closest to the
Markov NE demand (least sum_k |x_k - ne_k|), so that the result is unique
and leaves alone what carbon does not decide. The areas are then rounded to
whole cells by largest remainder (a bound may be missed by less than one
cell). A constraint "binds" when it holds with equality at the
optimum; its shadow price is the objective gained per km2 by which it is
relaxed (from HiGHS's dual values). When the constraints cannot all hold,
a deletion filter (Chinneck & Dravnieks 1991) finds an irreducible set of
rows that conflict, named in the message.
"""

from dataclasses import dataclass

import numpy as np

from ..common.classes import ROLES, parse_role, read_roles
from ..common.errors import LandCarbonError
from ..common.tables import parse_float, read_table
from .chain import largest_remainder

UNITS = ("km2", "cells", "share_of_today", "share_of_ne")
SIDES = ("lower", "upper")
TIGHT = 1e-7            # relative slack under which a constraint binds


@dataclass
class Constraint:
    """One row of the constraints table: the classes ``codes`` it bounds
    (from ``what``, a code or a role), ``lower``/``upper`` as written (None:
    no bound) in ``unit``; ``row``: its data row number."""

    row: int
    what: str
    codes: tuple
    lower: float
    upper: float
    unit: str
    note: str = ""

    def cells(self, value, today, ne, cell_km2):
        """A bound in cells."""
        if value is None:
            return None
        if self.unit == "cells":
            return value
        if self.unit == "km2":
            return value / cell_km2
        base = today if self.unit == "share_of_today" else ne
        return value * sum(base.get(c, 0) for c in self.codes)

    def describe(self):
        bounds = []
        if self.lower is not None:
            bounds.append("at least %g" % self.lower)
        if self.upper is not None:
            bounds.append("at most %g" % self.upper)
        return "row %d (%s %s %s)" % (self.row, self.what, " and ".join(bounds),
                                      self.unit.replace("_", " "))


@dataclass
class Binding:
    """One side of a constraint at the optimum: its bound in cells, whether
    it binds (holds with equality) and the objective gained per km2 by
    which it is relaxed (0 when it does not bind)."""

    constraint: Constraint
    side: str
    bound_cells: float
    binds: bool
    shadow_per_km2: float


@dataclass
class OptimizationResult:
    """One target year: ``demand`` {code: cells} (sums to N); ``cells``
    {code: float} the exact LP optimum; ``carbon_Mg`` and ``value`` of the
    optimum (value None without VALUES); ``sides``: a Binding per bound
    given; ``objective_unit``: 'Mg C' or 'share of the optimum' (weighted)."""

    year: int
    demand: dict
    cells: dict
    carbon_Mg: float
    value: float
    sides: list
    objective_unit: str
    cell_km2: float = None

    @property
    def binding(self):
        """The sides that bind at the optimum."""
        return [b for b in self.sides if b.binds]


def read_constraints(path, map_codes, classes=None, label=None):
    """The rows of a constraints CSV (class,lower,upper,unit[,note]) as
    Constraints, their classes resolved among ``map_codes``. A class code
    the map lacks is refused (a typo); a role no class of the map has gives
    a Constraint without codes, which the programme skips (:func:`skipped`):
    one table of roles serves maps of different schemes."""
    label = label or "OPTIMIZATION_CONSTRAINTS table %s" % path
    header, rows = read_table(path, label, required=("class", "lower", "upper", "unit"),
                              aliases={"code": "class", "role": "class"})
    reading = None
    out = []
    for r, row in enumerate(rows, start=1):
        row = row + [""] * (len(header) - len(row))
        what = row[header.index("class")]
        unit = row[header.index("unit")].lower()
        if unit not in UNITS:
            raise LandCarbonError("%s, data row %d: unit '%s'; use one of %s."
                                  % (label, r, unit, ", ".join(UNITS)))
        lower, upper = (parse_float(row[header.index(s)], label, r, s, allow_empty=True)
                        for s in SIDES)
        if lower is None and upper is None:
            raise LandCarbonError("%s, data row %d: give a lower or an upper bound (or both)."
                                  % (label, r))
        if any(v is not None and v < 0 for v in (lower, upper)) or (
                lower is not None and upper is not None and lower > upper):
            raise LandCarbonError("%s, data row %d: bounds %s .. %s; give 0 <= lower <= upper."
                                  % (label, r, row[header.index("lower")],
                                     row[header.index("upper")]))
        try:
            codes = (int(what),)
        except ValueError:
            role = parse_role(what, "%s, data row %d" % (label, r))
            reading = reading or read_roles(map_codes, classes)
            if reading is None:
                raise LandCarbonError(
                    "%s, data row %d names the role '%s', but the classes' roles are unknown; "
                    "give a CLASSES table with a role column, or write class codes."
                    % (label, r, what)) from None
            codes = tuple(c for c in reading.codes_with(role) if c in map_codes)
        unknown = [c for c in codes if c not in map_codes]
        if unknown:
            raise LandCarbonError(
                "%s, data row %d: '%s' is no class of the map the simulation starts from "
                "(classes %s; roles %s)." % (label, r, what, ", ".join(map(str, map_codes)),
                                             ", ".join(ROLES)))
        note = row[header.index("note")] if "note" in header else ""
        out.append(Constraint(r, what, codes, lower, upper, unit, note))
    return out


def skipped(constraints):
    """The rows about a role no class of the map has."""
    return [c for c in constraints if not c.codes]


def _system(codes, constraints, today, ne, cell_km2):
    """A_ub, b_ub and (constraint, side) per row of the inequalities (rows
    without classes skipped)."""
    a, b, index = [], [], []
    for con in constraints:
        if not con.codes:
            continue
        member = np.array([1.0 if c in con.codes else 0.0 for c in codes])
        lo, hi = (con.cells(v, today, ne, cell_km2) for v in (con.lower, con.upper))
        if lo is not None:
            a.append(-member)
            b.append(-lo)
            index.append((con, "lower"))
        if hi is not None:
            a.append(member)
            b.append(hi)
            index.append((con, "upper"))
    width = len(codes)
    return (np.array(a).reshape(-1, width), np.array(b, dtype=np.float64), index)


def _solve(objective, codes, constraints, today, ne, cell_km2, total):
    """linprog (HiGHS) maximising ``objective`` . x; returns the result."""
    from scipy.optimize import linprog
    a_ub, b_ub, index = _system(codes, constraints, today, ne, cell_km2)
    res = linprog(-np.asarray(objective, dtype=np.float64),
                  A_ub=a_ub if len(b_ub) else None, b_ub=b_ub if len(b_ub) else None,
                  A_eq=np.ones((1, len(codes))), b_eq=[float(total)],
                  bounds=[(0, None)] * len(codes), method="highs")
    return res, a_ub, b_ub, index


def conflicting(codes, constraints, today, ne, cell_km2, total):
    """An irreducible set of constraint rows that cannot hold together with
    the total area (deletion filter), or [] when they all can."""
    def feasible(rows):
        return _solve(np.zeros(len(codes)), codes, rows, today, ne, cell_km2,
                      total)[0].status != 2
    if feasible(constraints):
        return []
    keep = list(constraints)
    for con in list(keep):
        trial = [c for c in keep if c is not con]
        if not feasible(trial):
            keep = trial
    return keep


def optimize_demand(year, codes, today, ne, density, cell_km2, constraints, values=None,
                    weight=0.0, label="OPTIMIZATION_CONSTRAINTS"):
    """The carbon-optimal demand of one target year (module docstring).

    ``codes``: classes of the map CARS starts from; ``today``: {code: cells}
    of that map; ``ne``: {code: cells} of the Markov NE demand of ``year``;
    ``density``: {code: Mg C/ha} (total of the pools); ``cell_km2``: area
    of a cell; ``constraints``: from :func:`read_constraints`; ``values``:
    {code: value per km2} or None; ``weight``: w of the value objective."""
    total = int(sum(today[c] for c in codes))
    carbon = np.array([density[c] * cell_km2 * 100.0 for c in codes])    # Mg C per cell
    objective, unit = carbon, "Mg C"
    if values is not None and weight > 0:
        value = np.array([values.get(c, 0.0) * cell_km2 for c in codes])
        best_c = -_solve(carbon, codes, constraints, today, ne, cell_km2, total)[0].fun
        res_v = _solve(value, codes, constraints, today, ne, cell_km2, total)[0]
        if res_v.status == 0 and -res_v.fun > 0 and best_c > 0:
            objective = (1 - weight) * carbon / best_c + weight * value / -res_v.fun
            unit = "share of the optimum"
    res, a_ub, b_ub, index = _solve(objective, codes, constraints, today, ne, cell_km2, total)
    if res.status == 2:
        rows = conflicting(codes, constraints, today, ne, cell_km2, total)
        raise LandCarbonError(
            "%s: the constraints cannot all hold in %d: %s cannot hold together with the total "
            "area of %d cells (%s km2). Relax one of them." % (
                label, year, "; ".join(c.describe() for c in rows), total,
                "%.6g" % (total * cell_km2)))
    if res.status != 0:
        raise LandCarbonError("%s: the linear programme of %d was not solved (%s)."
                              % (label, year, res.message))
    x = _closest_to_trend(objective, -res.fun, codes, constraints, today, ne, cell_km2, total)
    sides = []
    if len(b_ub):
        slack = b_ub - a_ub @ np.maximum(res.x, 0.0)
        for (con, side), gap, dual in zip(index, slack, res.ineqlin.marginals):
            binds = abs(gap) <= TIGHT * max(total, 1)
            sides.append(Binding(con, side, _bound(con, side, today, ne, cell_km2), binds,
                                 -float(dual) / cell_km2 if binds else 0.0))
    cells = largest_remainder(x, total)
    return OptimizationResult(
        year=int(year), demand={c: int(v) for c, v in zip(codes, cells)},
        cells=dict(zip(codes, x.tolist())), carbon_Mg=float(carbon @ x),
        value=None if values is None else float(sum(values.get(c, 0.0) * cell_km2 * v
                                                    for c, v in zip(codes, x))),
        sides=sides, objective_unit=unit, cell_km2=cell_km2)


def _closest_to_trend(objective, best, codes, constraints, today, ne, cell_km2, total):
    """Among the optima (objective >= best, to rounding), the areas closest
    to the Markov NE demand in sum_k |x_k - ne_k|: a second linear programme
    over x and u_k >= |x_k - ne_k|. Classes of equal density (e.g. the
    classes of one role, bounded together) share the role's area as the
    trend does instead of one of them taking it all."""
    from scipy.optimize import linprog
    k = len(codes)
    a_ub, b_ub, _index = _system(codes, constraints, today, ne, cell_km2)
    target = np.array([float(ne.get(c, 0)) for c in codes])
    eye = np.eye(k)
    rows = [np.hstack([a_ub, np.zeros((len(b_ub), k))]),
            np.hstack([-np.asarray(objective, dtype=np.float64)[None, :], np.zeros((1, k))]),
            np.hstack([eye, -eye]), np.hstack([-eye, -eye])]
    tolerance = 1e-9 * max(abs(best), 1.0)
    bounds = np.concatenate([b_ub, [-(best - tolerance)], target, -target])
    res = linprog(np.concatenate([np.zeros(k), np.ones(k)]), A_ub=np.vstack(rows),
                  b_ub=bounds, A_eq=np.hstack([np.ones((1, k)), np.zeros((1, k))]),
                  b_eq=[float(total)], bounds=[(0, None)] * (2 * k), method="highs")
    if res.status != 0:          # numerically at the edge: keep the first optimum
        return np.maximum(_solve(objective, codes, constraints, today, ne, cell_km2,
                                 total)[0].x, 0.0)
    return np.maximum(res.x[:k], 0.0)


def _bound(con, side, today, ne, cell_km2):
    return con.cells(con.lower if side == "lower" else con.upper, today, ne, cell_km2)


def read_values(path, label=None):
    """{code: value per km2} of a VALUES CSV (code,value); values >= 0."""
    label = label or "OPTIMIZATION_VALUES table %s" % path
    header, rows = read_table(path, label, required=("code", "value"),
                              aliases={"lucode": "code", "class": "code"})
    out = {}
    for r, row in enumerate(rows, start=1):
        row = row + [""] * (len(header) - len(row))
        code = int(parse_float(row[header.index("code")], label, r, "code"))
        value = parse_float(row[header.index("value")], label, r, "value")
        if value < 0:
            raise LandCarbonError("%s, data row %d: value %g; give values >= 0 (per km2)."
                                  % (label, r, value))
        out[code] = value
    if not out:
        raise LandCarbonError("%s has no data rows." % label)
    return out
