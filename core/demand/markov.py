"""Land demand by a Markov chain, adjusted per scenario (docs/demand.md).

Steps
-----
1. Count matrix ``n_ij`` (rows = class at t0, columns = class at t1) over the
   cells valid at both dates, one pass over the two maps in row strips.
2. Observed transition probabilities ``P_ij = n_ij / sum_j n_ij``; a class
   with no cell at t0 keeps ``P_ii = 1`` (it can still gain from others).
3. Scenario adjustment (before the projection): the table's rules, written
   on class codes or class roles, become rules on code pairs (the roles come
   from the CLASSES table or the CNLUCC codes); every off-diagonal ``p_ij``
   named by them is multiplied by its factor (1 + a_ij); a
   forbidden conversion gets ``p_ij = 0`` (whatever the factor) and a 0 in the
   CARS transition matrix; the diagonal takes the residual
   ``p_ii = 1 - sum_{j != i} p_ij``; where that residual is negative, the
   off-diagonals of the row are scaled down to sum 1 and ``p_ii = 0``.
4. Projection to year y: ``m = (y - t1) / (t1 - t0)`` periods,
   ``x_y = x_t1 P^m``, where ``x_t1`` holds the cells of each class in the END
   map (all its valid cells, so that the demand sums to the valid cell count of
   the map cars starts from; the method writes it N * pi_t1). Integer m: exact
   matrix power. Non-integer m: ``P^m = P^floor(m) P^f``, with the real matrix
   power ``P^f`` (0 < f < 1) of scipy.linalg.fractional_matrix_power (principal
   branch, Higham & Lin 2011). Its result is only used if it is real and gives
   no negative class (tolerance 1e-6 cells + 1e-9 N); tiny imaginary parts and
   tiny negatives within the tolerance are dropped and the vector rescaled to
   N. Otherwise (a matrix with negative or complex eigenvalues of large
   modulus, e.g. strong swaps between classes, has no stochastic root) the
   demand is interpolated linearly between the whole periods floor(m) and
   floor(m) + 1, which is always a valid distribution, and a warning says so.
5. Rounding: largest remainder (Hamilton), so that the demand in integer
   cells sums exactly to N; ties go to the lower class code.

Several target years are each projected from t1 (not from each other).
A class with no cell in the END map has a zero column in P (no cell became
it), so it stays empty: it is left out of the projection and of the demand,
which lists exactly the classes of the map cars starts from.
"""

from dataclasses import dataclass

import numpy as np

from ..common import raster
from ..common.classes import ClassTable
from ..common.demand_tables import write_demand, write_transition_matrix
from ..common.errors import LandCarbonError
from ..common.landmap import cross_tabulate, open_landuse_set, scan_codes
from ..common.outputs import Outputs
from ..common.progress import Progress
from ..common.spec import checked
from ..common.tables import write_table
from .chain import largest_remainder, project, transition_probabilities
from .scenario_rules import ScenarioTable, adjust_probabilities, resolve_scenario
from .settings import MarkovSettings

# ---------------------------------------------------------------------------
# The algorithm
# ---------------------------------------------------------------------------

@dataclass
class MarkovResult:
    """Everything markovdemand computes.

    ``demand``: {year: {code: cells}} (integers summing to ``valid_cells``;
    classes of the END map only); ``expected``: {year: float vector over
    ``codes``} before rounding; ``methods``: how each year was projected."""

    codes: list
    year_start: int
    year_end: int
    counts: np.ndarray
    end_cells: np.ndarray
    observed_P: np.ndarray
    adjusted_P: np.ndarray
    allowed: np.ndarray
    factors: np.ndarray
    rescaled_rows: list
    empty_rows: list
    demand: dict
    expected: dict
    methods: dict
    valid_cells: int
    cell_km2: object
    scenario: str
    no_change: bool = False


def check_markov_years(year_start, year_end, target_years):
    """YEAR_START < YEAR_END < every target year (no repeats); returns them
    as ints, the targets sorted."""
    year_start, year_end = int(year_start), int(year_end)
    if year_end <= year_start:
        raise LandCarbonError("YEAR_END (%d) must be later than YEAR_START (%d): the Markov "
                              "chain runs from the earlier map to the later one."
                              % (year_end, year_start))
    targets = [int(y) for y in target_years]
    if not targets:
        raise LandCarbonError("YEARS_TARGET is empty; give one or more years after YEAR_END, "
                              "e.g. 2030,2040.")
    early = [y for y in targets if y <= year_end]
    if early:
        raise LandCarbonError("YEARS_TARGET %s: target years must be later than YEAR_END (%d)."
                              % (", ".join(map(str, early)), year_end))
    dup = sorted({y for y in targets if targets.count(y) > 1})
    if dup:
        raise LandCarbonError("YEARS_TARGET lists %s more than once." % ", ".join(map(str, dup)))
    return year_start, year_end, sorted(targets)


def _scenario_table(scenario):
    if scenario is None:
        return ScenarioTable([], "no scenario (natural evolution)")
    if isinstance(scenario, ScenarioTable):
        return scenario
    return ScenarioTable.from_csv(str(scenario), "SCENARIO_TABLE (%s)" % scenario)


def markov_demand(start, end, year_start, year_end, target_years, *, scenario=None,
                  classes=None, labels=None, progress=None):
    """Land demand of each target year (module docstring) from the maps
    ``start`` (YEAR_START) and ``end`` (YEAR_END).

    ``scenario``: None (natural evolution), the path of a scenario CSV, or a
    ScenarioTable (e.g. ``ScenarioTable.from_preset("UD")``); ``classes``: a
    ClassTable for names and class roles (a scenario written on roles needs
    them, unless the codes are CNLUCC's; docs/demand.md, "Class roles");
    ``labels``: LANDUSE_START, LANDUSE_END. Returns a MarkovResult; writes
    nothing."""
    progress = progress or Progress()
    classes = classes or ClassTable()
    year_start, year_end, targets = check_markov_years(year_start, year_end, target_years)
    table = _scenario_table(scenario)
    lab = {"LANDUSE_START": "LANDUSE_START", "LANDUSE_END": "LANDUSE_END"}
    lab.update(labels or {})
    names = [lab["LANDUSE_START"], lab["LANDUSE_END"]]
    info_start, info_end = open_landuse_set([start, end], names, progress)
    with raster.gdal_cache_limit():
        codes, _nodata = scan_codes([info_start, info_end], progress.span(0.0, 0.4))
        rules = table.rules_for(codes, progress, classes=classes)   # before the counting pass
        counts = cross_tabulate(info_start, info_end, codes, progress.span(0.4, 0.9))
    classes.complete(codes)
    if counts.matrix.sum() == 0:
        raise LandCarbonError(
            "No cell holds a class in both %s and %s (each has data, but never in the same "
            "places). Check that the maps cover the same area." % tuple(names))
    observed, empty = transition_probabilities(counts.matrix)
    adjustment = adjust_probabilities(observed, codes, rules)
    state = counts.end_cells
    total = int(state.sum())
    no_change = int(counts.matrix.sum() - np.trace(counts.matrix)) == 0
    # A class without any cell in the END map has a zero column in P (nothing
    # became it), so no cell can ever enter it: the chain is projected on the
    # other classes only, and the class is left out of the demand, which must
    # list exactly the classes of the map cars starts from.
    keep = np.nonzero(state > 0)[0]
    chain = adjustment.probabilities[np.ix_(keep, keep)]
    demand, expected, methods = {}, {}, {}
    for year in targets:
        x, method, warning = project(state[keep], chain, year, year_start, year_end)
        if warning:
            progress.warning(warning)
        expected[year] = np.zeros(len(codes))
        expected[year][keep] = x
        methods[year] = method
        cells = largest_remainder(x, total)
        demand[year] = {codes[i]: int(c) for i, c in zip(keep, cells)}
    areas = raster.CellAreas(info_end.grid, progress, info_end.label)
    cell_km2 = areas.constant_m2 / 1e6 if areas.is_constant else None
    result = MarkovResult(codes=codes, year_start=year_start, year_end=year_end,
                          counts=counts.matrix, end_cells=state, observed_P=observed,
                          adjusted_P=adjustment.probabilities, allowed=adjustment.allowed,
                          factors=adjustment.factors, rescaled_rows=adjustment.rescaled_rows,
                          empty_rows=empty, demand=demand, expected=expected, methods=methods,
                          valid_cells=total, cell_km2=cell_km2, scenario=table.name,
                          no_change=no_change)
    _log(result, counts, classes, names, progress)
    progress.set(1.0)
    return result


def _log(result, counts, classes, labels, progress):
    """Facts and warnings for the Processing log."""
    name = classes.name
    progress.info("Markov chain %d -> %d over %d cells valid in both maps; scenario: %s."
                  % (result.year_start, result.year_end, int(result.counts.sum()),
                     result.scenario))
    if counts.start_only or counts.end_only:
        progress.info("%d cells valid only in %s and %d only in %s are left out of the "
                      "transition counts; the demand covers all %d valid cells of %s."
                      % (counts.start_only, labels[0], counts.end_only, labels[1],
                         result.valid_cells, labels[1]))
    if result.no_change:
        progress.warning(
            "No cell changed class between %s (%d) and %s (%d): the transition matrix is "
            "the identity, so the demand of every target year equals the current state "
            "(the cells of each class in %s). Check that the two maps are different dates."
            % (labels[0], result.year_start, labels[1], result.year_end, labels[1]))
    for i in range(len(result.codes)):
        if result.end_cells[i] == 0:
            progress.info("Class %d (%s) has no cell in %s: it cannot come back (nothing "
                          "became it), so it is left out of the demand (cars allocates the "
                          "classes of that map)." % (result.codes[i], name(result.codes[i]),
                                                     labels[1]))
    for i in result.empty_rows:
        progress.info("Class %d (%s) has no cell in %s: its row keeps P_ii = 1 (it can only "
                      "gain cells)." % (result.codes[i], name(result.codes[i]), labels[0]))
    for i in result.rescaled_rows:
        progress.warning(
            "Scenario %s: the adjusted conversions from class %d (%s) add up to more than 1, "
            "so its persistence would be negative; the row's conversions were scaled down to "
            "sum 1 and P_ii = 0." % (result.scenario, result.codes[i], name(result.codes[i])))
    for year in sorted(result.demand):
        parts = ["%d %s %d" % (c, name(c), n) for c, n in sorted(result.demand[year].items())]
        progress.info("Demand %d (%s), cells: %s." % (year, result.methods[year],
                                                      ", ".join(parts)))
    if result.cell_km2 is None:
        progress.info("%s has a geographic CRS: cells differ in area, so the demand's km2 "
                      "column is left empty (cells are what cars allocates)." % labels[1])


def probability_rows(result, classes):
    """Rows of the probabilities CSV: one per (from, to) pair."""
    header = ["from_code", "from_name", "to_code", "to_name", "observed_cells",
              "p_observed", "scenario_factor", "allowed", "p_scenario", "note"]
    rows = []
    codes = result.codes
    for i, a in enumerate(codes):
        for j, b in enumerate(codes):
            note = ""
            if i == j:
                if i in result.empty_rows:
                    note = "no cell at the start: P_ii = 1"
                elif i in result.rescaled_rows:
                    note = "residual was negative: row scaled to sum 1, P_ii = 0"
                else:
                    note = "diagonal = 1 - sum of the row's conversions"
            elif not result.allowed[i, j]:
                note = "forbidden by the scenario (0 in the transition matrix)"
            rows.append([a, classes.name(a), b, classes.name(b), int(result.counts[i, j]),
                         float(result.observed_P[i, j]),
                         None if i == j else float(result.factors[i, j]),
                         1 if result.allowed[i, j] else 0, float(result.adjusted_P[i, j]),
                         note])
    return header, rows


def run_markov_demand(start, end, year_start, year_end, target_years, *, settings=None,
                      scenario=None, scenario_table=None, classes=None, output_demand=None,
                      output_probabilities=None, output_transition_matrix=None, labels=None,
                      progress=None):
    """The markovdemand step: check inputs, compute (:func:`markov_demand`),
    write the demand, probabilities and transition-matrix CSVs, all or none.

    ``settings``: a MarkovSettings, whose SCENARIO is a preset name (NE,
    UD, CP, EP) or 'Custom' with ``scenario_table`` (CSV
    from,to,factor,allowed); ``scenario``: that value given alone;
    ``classes``: CSV code,name,color[,role] of class names and roles.
    Returns the MarkovResult."""
    s = checked(MarkovSettings, settings, scenario=scenario)
    progress = progress or Progress()
    table = resolve_scenario(s.scenario, scenario_table)
    names = ClassTable.from_csv(classes, "CLASSES table") if classes else ClassTable()
    with Outputs() as out:
        tmp = [out.path(p) if p else None
               for p in (output_demand, output_probabilities, output_transition_matrix)]
        result = markov_demand(start, end, year_start, year_end, target_years, scenario=table,
                               classes=names, labels=labels, progress=progress)
        if classes:
            names.check_against(result.codes, progress)
        if tmp[0]:
            write_demand(tmp[0], result.demand, result.cell_km2)
        if tmp[1]:
            write_table(tmp[1], *probability_rows(result, names))
        if tmp[2]:
            write_transition_matrix(tmp[2], result.codes, result.allowed)
    return result
