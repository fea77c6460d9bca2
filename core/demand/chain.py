"""The Markov chain of land demand (docs/demand.md): transition
probabilities from the counts of two maps, projection of the class totals to
a target year (integer and fractional periods), and rounding to whole cells.

Pure functions on numpy arrays; no file I/O.
"""

import numpy as np
import scipy.linalg

# A projected class may be this far below 0 (cells) before the fractional
# matrix power is rejected: absolute part + share of N (floating-point noise).
NEGATIVE_TOLERANCE_CELLS = 1e-6
NEGATIVE_TOLERANCE_SHARE = 1e-9


def transition_probabilities(counts):
    """P_ij = n_ij / sum_j n_ij; rows without cells get P_ii = 1.
    Returns (P, indices of the empty rows)."""
    n = np.asarray(counts, dtype=np.float64)
    totals = n.sum(axis=1)
    empty = [i for i in range(len(n)) if totals[i] == 0]
    p = np.zeros_like(n)
    full = totals > 0
    p[full] = n[full] / totals[full, None]
    for i in empty:
        p[i, i] = 1.0
    return p, empty


def periods(year, year_start, year_end):
    """(whole periods, fractional part) of m = (y - t1) / (t1 - t0)."""
    span = year_end - year_start
    whole, rest = divmod(year - year_end, span)
    return int(whole), rest / span


def project(state, p, year, year_start, year_end):
    """Expected cells per class in ``year``: state @ P^m (module docstring,
    step 4). Returns (float vector summing to state.sum(), method text,
    warning text or None)."""
    state = np.asarray(state, dtype=np.float64)
    total = state.sum()
    whole, frac = periods(year, year_start, year_end)
    m = whole + frac
    base = state @ np.linalg.matrix_power(p, whole)
    if frac == 0:
        return base, "m = %g periods: integer matrix power" % m, None
    tolerance = NEGATIVE_TOLERANCE_CELLS + NEGATIVE_TOLERANCE_SHARE * total
    problem = None
    try:
        with np.errstate(all="ignore"):
            root = scipy.linalg.fractional_matrix_power(p, frac)
        x = base @ root
    except (ValueError, np.linalg.LinAlgError, ArithmeticError) as exc:
        x, problem = None, "scipy could not compute it (%s)" % exc
    if x is not None:
        if not np.all(np.isfinite(x)):
            problem = "it is not finite (P is singular or ill-conditioned)"
        elif np.iscomplexobj(x) and np.abs(x.imag).max() > tolerance:
            problem = ("it is complex (largest imaginary part %.3g cells): P has negative "
                       "or complex eigenvalues" % np.abs(x.imag).max())
        else:
            x = np.real(x)
            if x.min() < -tolerance:
                problem = ("it gives a negative demand (%.3g cells) for a class: P has no "
                           "stochastic root" % x.min())
            else:
                x = np.clip(x, 0.0, None)
                x *= total / x.sum()
                return x, ("m = %g periods: real matrix power P^%d x P^%g "
                           "(scipy.linalg.fractional_matrix_power)" % (m, whole, frac)), None
    following = base @ p
    x = (1.0 - frac) * base + frac * following
    method = ("m = %g periods: linear interpolation between %d and %d periods" %
              (m, whole, whole + 1))
    warning = ("Year %d is %g periods after the END year. The real matrix power P^%g was "
               "not usable: %s. The demand was interpolated linearly between %d and %d "
               "periods instead (a valid distribution, close to the Markov chain for short "
               "steps). A target year a whole number of periods after the END year avoids "
               "this." % (year, m, frac, problem, whole, whole + 1))
    return x, method, warning


def largest_remainder(values, total):
    """Integers >= 0 summing exactly to ``total`` (largest remainder method):
    floor every value, then give one more cell to the largest remainders
    (ties: the lower index first). ``values`` >= 0 are first rescaled to sum
    to ``total``."""
    v = np.asarray(values, dtype=np.float64)
    if v.min() < 0:
        raise ValueError("largest_remainder needs values >= 0")
    s = v.sum()
    if s > 0:
        v = v * (total / s)
    floors = np.floor(v)
    result = floors.astype(np.int64)
    deficit = int(total - result.sum())
    if deficit < 0 or deficit > len(v):
        raise ArithmeticError("rounding deficit %d out of range" % deficit)
    order = np.argsort(-(v - floors), kind="stable")
    result[order[:deficit]] += 1
    return result
