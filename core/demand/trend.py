"""Land demand by linear trend, PLUS's second demand method (docs/demand.md,
"Linear trend").

For each class k, the cells n_k(t) of the maps at years t_1 < ... < t_m
(m >= 3) are fitted by ordinary least squares, n_k(t) = a_k + b_k t, and
the fit is read at each target year y: e_k(y) = a_k + b_k y. A class whose
line falls below zero gets 0 (a class cannot hold negative area). The
values are then rescaled to the valid cell count N of the last map (the map
CARS starts from) and rounded to whole cells by largest remainder, so the
demand sums to N exactly, like the Markov demand.

Per class the coefficient of determination of the fit is reported,
R2_k = 1 - SS_res / SS_tot (1 when the class never changed, SS_tot = 0).
The years are centred before the fit so that the numbers stay well
conditioned for calendar years.

Only classes of the last map are in the demand (as in the Markov demand):
a class absent from the map CARS starts from cannot be grown by it.
"""

from dataclasses import dataclass

import numpy as np

from ..common.errors import LandCarbonError
from .chain import largest_remainder

MIN_MAPS = 3        # PLUS: "linear regression ... over three or more maps"


@dataclass
class TrendResult:
    """``demand``: {year: {code: cells}} (integers summing to ``valid_cells``);
    ``expected``: {year: {code: float cells}} on the fitted lines (before the
    clip at 0, the rescaling and the rounding); ``slope_cells_per_year``
    and ``r2``: {code: float}; ``clipped``: {year: [codes set to 0]}."""

    codes: list
    demand: dict
    expected: dict
    slope_cells_per_year: dict
    r2: dict
    clipped: dict
    valid_cells: int


def check_trend_years(years, target_years):
    """At least MIN_MAPS maps in increasing years, targets after the last."""
    years = [int(y) for y in years]
    if len(years) < MIN_MAPS:
        raise LandCarbonError(
            "The linear-trend demand needs land-use maps of at least %d dates (PLUS fits a "
            "line through the class areas of three or more maps); the study has %d (%s). "
            "Add a map or use the Markov demand." % (MIN_MAPS, len(years),
                                                     ", ".join(map(str, years))))
    if any(b <= a for a, b in zip(years, years[1:])):
        raise LandCarbonError("The years of the maps must increase: %s."
                              % ", ".join(map(str, years)))
    early = [int(y) for y in target_years if int(y) <= years[-1]]
    if early:
        raise LandCarbonError("Target years %s are not after the last map's year %d."
                              % (", ".join(map(str, early)), years[-1]))


def trend_demand(counts, years, target_years, valid_cells=None, codes=None):
    """Linear-trend demand (module docstring).

    ``counts``: one {code: cells} per map, oldest first; ``years``: the
    maps' years; ``target_years``: the years to project; ``valid_cells``:
    what the demand sums to (default: the cells of the last map in
    ``counts``); ``codes``: the classes of the demand (default: those of
    the last map). Returns a TrendResult."""
    check_trend_years(years, target_years)
    if len(counts) != len(years):
        raise LandCarbonError("%d maps but %d years." % (len(counts), len(years)))
    codes = sorted(codes or (c for c, n in counts[-1].items() if n > 0))
    total = int(valid_cells if valid_cells is not None else sum(counts[-1][c] for c in codes))
    t = np.asarray(years, dtype=np.float64)
    t_mean = t.mean()
    x = t - t_mean
    slopes, intercepts, r2 = {}, {}, {}
    for code in codes:
        n = np.array([float(c.get(code, 0)) for c in counts])
        slope = float((x * (n - n.mean())).sum() / (x * x).sum())
        intercept = float(n.mean())
        residual = n - (intercept + slope * x)
        ss_tot = float(((n - n.mean()) ** 2).sum())
        slopes[code], intercepts[code] = slope, intercept
        r2[code] = 1.0 if ss_tot == 0 else 1.0 - float((residual ** 2).sum()) / ss_tot
    demand, expected, clipped = {}, {}, {}
    for year in sorted(int(y) for y in target_years):
        line = np.array([intercepts[c] + slopes[c] * (year - t_mean) for c in codes])
        expected[year] = dict(zip(codes, line.tolist()))
        clipped[year] = [c for c, v in zip(codes, line) if v < 0]
        cells = largest_remainder(np.maximum(line, 0.0), total)
        demand[year] = {c: int(v) for c, v in zip(codes, cells)}
    return TrendResult(codes=codes, demand=demand, expected=expected,
                       slope_cells_per_year=slopes, r2=r2, clipped=clipped, valid_cells=total)
