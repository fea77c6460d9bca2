"""The geographical detector's statistics (docs/geodetector.md): arrays in,
objects with named attributes out, no file I/O.

For a numeric Y over N units and a factor X that puts them into strata
h = 1..L (N_h units, mean Y_h, variance sigma_h^2):

- **factor detector** (Wang et al. 2010): the power of determinant
  ``q = 1 - sum_h N_h sigma_h^2 / (N sigma^2)`` (population variances), in
  [0, 1]; its test (Wang, Zhang & Fu 2016):
  ``F = (N - L) / (L - 1) * q / (1 - q)`` follows a noncentral F(L - 1,
  N - L) with ``lambda = (sum_h Y_h^2 - (sum_h sqrt(N_h) Y_h)^2 / N) / s^2``
  (s^2 the sample variance of Y, as the R package GD and py-geodetector),
  ``p = P(F' > F)``;
- **interaction detector**: q of the strata of X1 and X2 overlaid (every
  pair of strata), compared with q1 and q2: nonlinear weakening (q12 <
  min), univariate weakening (min <= q12 <= max), bivariate enhancement
  (max < q12 < q1 + q2), independence (q12 = q1 + q2) and nonlinear
  enhancement (q12 > q1 + q2);
- **risk detector**: the mean of Y per stratum and Welch's t-test between
  every two strata of a factor;
- **ecological detector**: ``F = N1 (N2 - 1) SSW1 / (N2 (N1 - 1) SSW2)``
  (SSW the within-strata sum of squares) with F(N1 - 1, N2 - 1): does X1
  explain Y significantly less than X2?

Strata with one unit have variance 0. A factor with one stratum has q = 0
and no test (p is NaN).
"""

from dataclasses import dataclass

import numpy as np

TOLERANCE = 1e-12          # q12 = q1 + q2 within this: independent

INTERACTIONS = ("nonlinear weakening", "univariate weakening", "bivariate enhancement",
                "independent", "nonlinear enhancement")


@dataclass
class FactorResult:
    """``q`` in [0, 1], ``f`` its statistic, ``p`` its p value (NaN with one
    stratum), ``strata`` L, ``n`` units."""

    q: float
    f: float
    p: float
    strata: int
    n: int


@dataclass
class InteractionResult:
    """q of each factor, q of the two overlaid and the interaction type."""

    q1: float
    q2: float
    q12: float
    kind: str


@dataclass
class RiskResult:
    """Per stratum (sorted codes) its units and mean Y; ``t``, ``p`` of
    Welch's test between strata i and j (``significant``: p < alpha)."""

    strata: np.ndarray
    counts: np.ndarray
    means: np.ndarray
    t: np.ndarray
    p: np.ndarray
    significant: np.ndarray


@dataclass
class EcologicalResult:
    f: float
    p: float
    significant: bool


def _index(x):
    """(stratum codes, the stratum number of every unit): small integer
    codes by offset (no sort), others by np.unique."""
    x = np.asarray(x)
    if x.dtype.kind in "iu" and x.size and int(x.max()) - int(x.min()) < 1 << 20:
        low = int(x.min())
        index = (x - low).astype(np.int64)
        present = np.flatnonzero(np.bincount(index))
        lookup = np.zeros(present[-1] + 1, dtype=np.int64)
        lookup[present] = np.arange(present.size)
        return present + low, lookup[index]
    return np.unique(x, return_inverse=True)


def _strata(y, x):
    """(codes, N_h, mean_h, within sum of squares) of Y by the strata of X."""
    codes, index = _index(x)
    counts = np.bincount(index).astype(np.float64)
    sums = np.bincount(index, weights=y)
    means = sums / counts
    ssw = np.bincount(index, weights=(y - means[index]) ** 2)
    return codes, counts, means, ssw


def factor_detector(y, x):
    """q of factor ``x`` (stratum codes, any integers) for ``y`` and its
    noncentral-F test (module docstring)."""
    from scipy.stats import ncf
    y = np.asarray(y, dtype=np.float64)
    _codes, counts, means, ssw = _strata(y, np.asarray(x))
    n, strata = y.size, counts.size
    sst = ((y - y.mean()) ** 2).sum()
    if strata < 2 or sst == 0:
        return FactorResult(0.0, np.nan, np.nan, strata, n)
    q = float(1.0 - ssw.sum() / sst)
    if q >= 1.0:
        return FactorResult(1.0, np.inf, 0.0, strata, n)
    f = (n - strata) / (strata - 1) * q / (1 - q)
    lam = ((means ** 2).sum() - (np.sqrt(counts) * means).sum() ** 2 / n) / (sst / (n - 1))
    p = np.nan
    if n > strata:
        with np.errstate(all="ignore"):      # boost's tail overflows for a huge F: p = 0
            p = float(ncf.sf(f, strata - 1, n - strata, max(lam, 0.0)))
        p = p if np.isfinite(p) else 0.0
    return FactorResult(q, float(f), p, strata, n)


def overlay(x1, x2):
    """The strata of two factors overlaid: one code per pair."""
    _c1, i1 = _index(x1)
    _c2, i2 = _index(x2)
    return i1.astype(np.int64) * (i2.max() + 1) + i2


def interaction_kind(q1, q2, q12):
    """The interaction type of q12 against q1 and q2 (module docstring)."""
    low, high, both = min(q1, q2), max(q1, q2), q1 + q2
    if abs(q12 - both) <= TOLERANCE:
        return INTERACTIONS[3]
    if q12 < low:
        return INTERACTIONS[0]
    if q12 <= high:
        return INTERACTIONS[1]
    if q12 < both:
        return INTERACTIONS[2]
    return INTERACTIONS[4]


def interaction_detector(y, x1, x2):
    q1, q2 = factor_detector(y, x1).q, factor_detector(y, x2).q
    q12 = factor_detector(y, overlay(x1, x2)).q
    return InteractionResult(q1, q2, q12, interaction_kind(q1, q2, q12))


def risk_detector(y, x, alpha=0.05):
    """Mean Y per stratum and Welch's t-test between every two strata."""
    from scipy.stats import t as student
    y = np.asarray(y, dtype=np.float64)
    codes, counts, means, ssw = _strata(y, np.asarray(x))
    var = np.where(counts > 1, ssw / np.maximum(counts - 1, 1), 0.0)
    se2 = var / counts
    denom = np.sqrt(se2[:, None] + se2[None, :])
    diff = means[:, None] - means[None, :]
    term = np.where(counts > 1, se2 ** 2 / np.maximum(counts - 1, 1), 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.where(denom > 0, diff / denom, np.nan)
        dof = (se2[:, None] + se2[None, :]) ** 2 / (term[:, None] + term[None, :])
        p = np.where(np.isfinite(t) & (dof > 0), 2 * student.sf(np.abs(t), dof), np.nan)
    np.fill_diagonal(p, np.nan)
    return RiskResult(codes, counts.astype(np.int64), means, t, p,
                      np.nan_to_num(p, nan=1.0) < alpha)


def ecological_detector(y, x1, x2, alpha=0.05):
    """Is Y's within-strata variance under X1 significantly larger than
    under X2 (F test, module docstring)?"""
    from scipy.stats import f as fisher
    y = np.asarray(y, dtype=np.float64)
    ssw1 = _strata(y, np.asarray(x1))[3].sum()
    ssw2 = _strata(y, np.asarray(x2))[3].sum()
    n = y.size
    if ssw2 == 0:
        return EcologicalResult(np.inf if ssw1 > 0 else np.nan, 0.0 if ssw1 > 0 else np.nan,
                                bool(ssw1 > 0))
    f = n * (n - 1) * ssw1 / (n * (n - 1) * ssw2)
    p = float(fisher.sf(f, n - 1, n - 1))
    return EcologicalResult(float(f), p, p < alpha)
