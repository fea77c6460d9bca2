"""Discretisation of continuous factors and the optimal parameters of OPGD
(Song et al. 2020; docs/geodetector.md): arrays in, arrays out.

Methods, for k classes of the values v (breaks b_1 < ... < b_(k-1); class
i holds b_(i-1) < v <= b_i):

- ``equal``: equal intervals between min and max;
- ``quantile``: the i/k quantiles (numpy's linear interpolation); repeated
  breaks merge classes;
- ``geometric``: a geometric progression between min and max, on
  v - min + 1 (so that it is defined for any values);
- ``sd``: intervals one standard deviation wide, centred on the mean
  (breaks mean + sd (i - k / 2), i = 1 .. k - 1), clipped to the range;
- ``natural``: Jenks's natural breaks (Fisher's exact dynamic programme,
  least within-class sum of squares) on the sorted distinct values of at
  most ``NATURAL_SAMPLE`` values (an even subsample of them when there are
  more).

OPGD tries every method with k = 3 .. max classes and keeps the one of
largest q (ties: the fewer classes, then the method listed first).
"""

from dataclasses import dataclass

import numpy as np

from .statistics import factor_detector

METHODS = ("equal", "natural", "quantile", "geometric", "sd")
NATURAL_SAMPLE = 1000


@dataclass
class Choice:
    """The discretisation OPGD chose for one factor: its method, classes,
    breaks and q; ``tried``: [(method, k, q)] of every candidate."""

    method: str
    classes: int
    breaks: np.ndarray
    q: float
    tried: list


def breaks(values, method, k):
    """The k - 1 inner breaks of ``method`` (module docstring)."""
    v = np.asarray(values, dtype=np.float64)
    lo, hi = float(v.min()), float(v.max())
    i = np.arange(1, k)
    if method == "equal":
        return lo + (hi - lo) * i / k
    if method == "quantile":
        return np.quantile(v, i / k)
    if method == "geometric":
        return lo - 1.0 + (hi - lo + 1.0) ** (i / k)
    if method == "sd":
        return np.clip(v.mean() + v.std() * (i - k / 2.0), lo, hi)
    if method == "natural":
        return _jenks(v, k)
    raise ValueError("unknown discretisation method %r" % method)


def classify(values, inner):
    """Class numbers 0 .. k - 1 of ``values`` for the inner breaks."""
    return np.searchsorted(np.asarray(inner, dtype=np.float64), values, side="left")


def _jenks(v, k):
    """Fisher-Jenks breaks of the distinct values (subsampled evenly)."""
    x = np.unique(v)
    if x.size > NATURAL_SAMPLE:
        x = x[np.linspace(0, x.size - 1, NATURAL_SAMPLE).round().astype(int)]
    n = x.size
    if n <= k:
        return x[:-1] if n > 1 else x
    s1 = np.concatenate([[0.0], np.cumsum(x)])
    s2 = np.concatenate([[0.0], np.cumsum(x * x)])

    def cost(a, b):
        """Sum of squares of x[a:b] (arrays of starts a, one end b)."""
        m = b - a
        return s2[b] - s2[a] - (s1[b] - s1[a]) ** 2 / m

    best = np.full((k + 1, n + 1), np.inf)
    back = np.zeros((k + 1, n + 1), dtype=np.int64)
    best[0, 0] = 0.0
    for c in range(1, k + 1):
        for b in range(c, n + 1):
            a = np.arange(c - 1, b)
            total = best[c - 1, a] + cost(a, b)
            j = int(np.argmin(total))
            best[c, b], back[c, b] = total[j], a[j]
    cuts, b = [], n
    for c in range(k, 1, -1):
        b = back[c, b]
        cuts.append(x[b - 1])
    return np.array(cuts[::-1])


def optimal(y, values, max_classes, methods=METHODS):
    """OPGD's choice for one continuous factor (module docstring)."""
    tried, best = [], None
    for k in range(3, max(3, max_classes) + 1):
        for method in methods:
            inner = breaks(values, method, k)
            q = factor_detector(y, classify(values, inner)).q
            tried.append((method, k, q))
            if best is None or q > best.q + 1e-15:
                best = Choice(method, k, np.asarray(inner), q, tried)
    best.tried = tried
    return best
