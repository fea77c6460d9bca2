"""Global Moran's I and local Moran's I (LISA) with permutation inference
(docs/hotspots.md), numerically equal to PySAL's esda 2.9 without
depending on it.

References: Moran (1950); Cliff & Ord (1981), Spatial Processes, eq. 1.35-1.37
(moments under normality and randomisation); Anselin (1995), Local indicators
of spatial association - LISA, Geographical Analysis 27(2) (local I_i,
conditional randomisation); esda 2.9 ``Moran`` and ``Moran_Local``.

Conventions (the same as esda's unless stated):

- y are the values of the n units that have at least one neighbour, W is
  row-standardised contiguity (``core.hotspots.weights``), z = y - mean(y).
- Global ``I = n / S0 * z'Wz / z'z``; E[I] = -1 / (n - 1); variance, z and
  two-sided p under normality and under randomisation (Cliff & Ord);
  permutation p = (min(G, P - G) + 1) / (P + 1), G = #{I_sim >= I}, with
  I_sim computed on P random permutations of z over the units.
- Local ``I_i = (n - 1) * z_i * lag_i / sum_k z_k^2`` with lag_i = sum_j w_ij z_j
  (esda divides z by its standard deviation first; I_i does not change).
  Quadrant: 1 HH (z > 0, lag > 0), 2 LH (z <= 0, lag > 0), 3 LL (z <= 0,
  lag <= 0), 4 HL (z > 0, lag <= 0), esda's ``q`` codes.
- Conditional permutation: z_i is held fixed and its k_i neighbour values are
  drawn without replacement from the other n - 1 values, P times. As in
  esda's ``crand``, one table of P random draws of k_max positions among
  n - 1 is drawn once (seeded) and shared by all units: unit i uses the first
  k_i columns, and position p >= i is shifted to p + 1 so that i itself is
  never drawn. Pseudo p as for the global test, G_i = #{I_i,sim >= I_i}.
- Ties: a simulated value equal to the observed one counts as ">=" even when
  the two were summed in a different order (a tolerance of 1e-10 of the
  largest |z|); esda compares the floating-point results as they come out.
  Data derived from a few classes (carbon maps) produce such ties often.
- Deviation from esda: when every simulated value ties the observed one
  (z_i = 0, so I_i = 0 whatever the neighbours; or every draw gives the same
  neighbour sum, e.g. all other values are equal or i neighbours every other
  unit) the test has no power at all; esda then reports G = P folded to 0,
  p = 1 / (P + 1), the most significant value possible. LandCarbon reports
  p = 1 for these units.
- Significance is strict, p < alpha, as in esda's ``get_cluster_labels`` /
  ``p_sim < crit_value``.
"""

import math
from dataclasses import dataclass

import numpy as np
from scipy import stats

from ..common.errors import LandCarbonError

# Cells of simulated local statistics held at once (units x permutations,
# float64): 4 Mi values = 32 MB, whatever the number of units.
LOCAL_CHUNK_VALUES = 1 << 22
# Relative tolerance under which a simulated statistic ties the observed one.
TIE_TOLERANCE = 1e-10

QUADRANT_NAMES = {1: "HH", 2: "LH", 3: "LL", 4: "HL"}


@dataclass
class GlobalMoran:
    """Global Moran's I and its inference (esda ``Moran`` attribute names in
    brackets). Variances and z are None when undefined (n <= 3 for the
    randomisation moments, a non-positive variance)."""

    n: int
    I: float                 # [I]  # noqa: E741 (esda's name)
    EI: float                # [EI] = -1 / (n - 1)
    VI_norm: float           # [VI_norm]
    z_norm: float            # [z_norm]
    p_norm: float            # [p_norm], two-sided
    VI_rand: float           # [VI_rand]
    z_rand: float            # [z_rand]
    p_rand: float            # [p_rand], two-sided
    permutations: int = 0
    p_sim: float = None      # [p_sim]
    EI_sim: float = None     # [EI_sim], mean of the simulated I
    seI_sim: float = None    # [seI_sim], their standard deviation
    z_sim: float = None      # [z_sim]


@dataclass
class LocalMoran:
    """Local Moran's I of every unit (esda ``Moran_Local`` names in brackets)."""

    z: np.ndarray            # standardised values (y - mean) / std, ddof 0 [z]
    lag: np.ndarray          # spatial lag of z (row-standardised W) [W z]
    Is: np.ndarray           # local I_i [Is]
    q: np.ndarray            # quadrant 1 HH, 2 LH, 3 LL, 4 HL [q], uint8
    p_sim: np.ndarray = None  # pseudo p [p_sim], None without permutations


def deviations(y, units="units"):
    """z = y - mean(y) in float64; refuses a constant variable (variance 0)."""
    y = np.asarray(y, dtype=np.float64)
    if len(y) == 0 or float(np.ptp(y)) == 0.0:
        value = "%.6g" % y[0] if len(y) else "-"
        raise LandCarbonError(
            "All %d %s have the same value (%s): the variance is 0, so Moran's I and "
            "the local I are undefined (0 / 0). Spatial autocorrelation needs a variable "
            "that varies; check the input (a constant raster, a wrong band or field) or use "
            "a smaller CELL_SIZE." % (len(y), units, value))
    return y - y.mean()


def spatial_lag(w, z):
    """W z (one value per unit) for a sparse row-standardised W."""
    return w @ z


def _two_sided_p(zvalue):
    return None if zvalue is None else float(2.0 * stats.norm.sf(abs(zvalue)))


def global_moran(y, w, permutations=0, seed=None, progress=None):
    """Global Moran's I of y on sparse weights w (n x n, CSR), with the
    moments of Cliff & Ord (1981) as in esda 2.9 ``Moran.__moments``:

    S0 = sum w_ij, S1 = 1/2 sum (w_ij + w_ji)^2, S2 = sum_i (w_i. + w_.i)^2,
    VI_norm = (n^2 S1 - n S2 + 3 S0^2) / ((n^2 - 1) S0^2) - E[I]^2,
    VI_rand = (n((n^2 - 3n + 3) S1 - n S2 + 3 S0^2) - b2((n^2 - n) S1 - 2n S2
              + 6 S0^2)) / ((n - 1)(n - 2)(n - 3) S0^2) - E[I]^2,
    b2 = n sum z^4 / (sum z^2)^2 (kurtosis). p values are two-sided.
    """
    z = deviations(y)
    n = len(z)
    zz = float(z @ z)
    s0 = float(w.sum())
    lag = spatial_lag(w, z)
    i_obs = n / s0 * float(z @ lag) / zz
    ei = -1.0 / (n - 1)
    wsym = (w + w.T).tocsr()
    s1 = 0.5 * float((wsym.data ** 2).sum())
    s2 = float(((np.asarray(w.sum(axis=1)).ravel() + np.asarray(w.sum(axis=0)).ravel()) ** 2).sum())
    n2, s02 = n * n, s0 * s0
    vi_norm = (n2 * s1 - n * s2 + 3 * s02) / ((n - 1) * (n + 1) * s02) - ei * ei
    kurt = (float((z ** 4).sum()) / n) / (zz / n) ** 2
    vi_rand = None
    if n > 3:
        a = n * ((n2 - 3 * n + 3) * s1 - n * s2 + 3 * s02)
        b = kurt * ((n2 - n) * s1 - 2 * n * s2 + 6 * s02)
        vi_rand = (a - b) / ((n - 1) * (n - 2) * (n - 3) * s02) - ei * ei
    z_norm = (i_obs - ei) / math.sqrt(vi_norm) if vi_norm > 0 else None
    z_rand = (i_obs - ei) / math.sqrt(vi_rand) if vi_rand is not None and vi_rand > 0 else None
    result = GlobalMoran(n, i_obs, ei, vi_norm, z_norm, _two_sided_p(z_norm),
                         vi_rand if vi_rand is not None and vi_rand > 0 else None,
                         z_rand, _two_sided_p(z_rand), permutations)
    if permutations:
        sims = _global_simulations(z, w, s0, zz, permutations, seed, progress)
        larger = int((sims >= i_obs - TIE_TOLERANCE * max(1.0, abs(i_obs))).sum())
        larger = min(larger, permutations - larger)
        result.p_sim = (larger + 1.0) / (permutations + 1.0)
        result.EI_sim = float(sims.mean())
        result.seI_sim = float(sims.std())
        result.z_sim = (i_obs - result.EI_sim) / result.seI_sim if result.seI_sim > 0 else None
    return result


def _global_simulations(z, w, s0, zz, permutations, seed, progress):
    """Moran's I of ``permutations`` random permutations of z over the units
    (randomisation null hypothesis). One buffer is shuffled in place each
    time: memory stays at a few vectors of n values."""
    n = len(z)
    rng = np.random.default_rng(seed)
    sims = np.empty(permutations, dtype=np.float64)
    buf = z.copy()
    lag = np.empty(n, dtype=np.float64)
    report = max(1, permutations // 50)
    for p in range(permutations):
        rng.shuffle(buf)             # a uniformly random permutation of z
        lag[:] = w @ buf
        sims[p] = float(buf @ lag)
        if progress is not None and (p + 1) % report == 0:
            progress.set((p + 1) / permutations, "Global Moran's I: %d of %d permutations"
                         % (p + 1, permutations))
    return sims * (n / s0 / zz)


def local_moran(y, w, card, permutations=0, seed=None, progress=None):
    """Local Moran's I_i, quadrants and (P > 0) conditional-permutation
    pseudo p values, as esda 2.9 ``Moran_Local`` (see the module docstring).

    ``w`` is the row-standardised sparse W (no islands: every k_i >= 1) and
    ``card`` the number of neighbours of each unit.
    """
    dev = deviations(y)
    n = len(dev)
    z = dev / dev.std()
    lag = spatial_lag(w, z)
    zz = float(z @ z)
    local_i = (n - 1) * z * lag / zz
    zpos, lpos = z > 0, lag > 0
    q = np.where(zpos, np.where(lpos, 1, 4), np.where(lpos, 2, 3)).astype(np.uint8)
    result = LocalMoran(z, lag, local_i, q)
    if permutations:
        larger, degenerate = conditional_permutation_counts(
            z, lag, np.asarray(card), permutations, seed, progress)
        larger = np.minimum(larger, permutations - larger)
        p = (larger + 1.0) / (permutations + 1.0)
        p[degenerate] = 1.0   # every simulated I_i ties the observed one: no evidence
        result.p_sim = p
    return result


def permutation_table(n, kmax, permutations, seed):
    """(P, kmax) int64 table; row p holds kmax distinct positions in
    0..n-2 drawn at random (without replacement), seeded."""
    if kmax > n - 1:
        raise ValueError("a unit cannot have more neighbours than other units")
    rng = np.random.default_rng(seed)
    table = np.empty((permutations, kmax), dtype=np.int64)
    for p in range(permutations):
        table[p] = rng.choice(n - 1, size=kmax, replace=False)
    return table


def conditional_permutation_counts(z, lag, card, permutations, seed=None, progress=None):
    """(G, degenerate): G_i = #{p : I_i,sim(p) >= I_i} for every unit,
    vectorised, and a mask of the units whose every simulated value ties
    the observed one.

    Unit i draws, in permutation p, the values z[t(i, p, c)] for c < k_i with
    t = table[p, c] + (table[p, c] >= i) (positions among the n - 1 others).
    With row-standardised weights I_i,sim >= I_i is equivalent to
    S_i(p) >= k_i lag_i when z_i > 0 and S_i(p) <= k_i lag_i when z_i < 0,
    where S_i(p) = sum_c z[t(i, p, c)] is the simulated neighbour sum.

    Vectorisation: for the units of one cardinality k taken in index order,
    S_i(p) only changes when i passes a table entry b = table[p, c]: the
    term z[b + 1] becomes z[b]. So S for a chunk of units is S of its first
    unit (computed directly) plus the cumulative sum of these changes placed
    at the units where they happen: one (chunk x P) array, a cumulative sum
    and a comparison, O(n P) work in total and LOCAL_CHUNK_VALUES memory.
    """
    n = len(z)
    kmax = int(card.max())
    table = permutation_table(n, kmax, permutations, seed)
    z_lo = z[table]              # the term for units i > b (position unchanged)
    z_hi = z[table + 1]          # the term for units i <= b (shifted past i)
    step = z_lo - z_hi
    tol = TIE_TOLERANCE * float(np.abs(z).max())
    larger = np.zeros(n, dtype=np.int64)
    degenerate = np.zeros(n, dtype=bool)
    chunk = max(1, LOCAL_CHUNK_VALUES // permutations)
    total_chunks = sum(-(-int((card == k).sum()) // chunk) for k in np.unique(card))
    done = 0
    for k in np.unique(card):
        k = int(k)
        units = np.flatnonzero(card == k)
        tk, lo, hi = table[:, :k], z_lo[:, :k], z_hi[:, :k]
        # the change at entry (p, c) applies from the first unit i > b on
        first = np.searchsorted(units, tk, side="right").ravel()
        order = np.argsort(first, kind="stable")
        ev_unit = first[order]
        ev_perm = np.repeat(np.arange(permutations), k)[order]
        ev_step = step[:, :k].ravel()[order]
        for r0 in range(0, len(units), chunk):
            r1 = min(r0 + chunk, len(units))
            m = r1 - r0
            i0 = units[r0]
            start = np.where(tk < i0, lo, hi).sum(axis=1)        # S of the first unit
            a, b = np.searchsorted(ev_unit, [r0 + 1, r1])        # changes inside the chunk
            flat = (ev_unit[a:b] - r0) * permutations + ev_perm[a:b]
            sums = np.bincount(flat, weights=ev_step[a:b], minlength=m * permutations)
            sums = sums.astype(np.float64, copy=False).reshape(m, permutations)
            np.cumsum(sums, axis=0, out=sums)
            sel = units[r0:r1]
            # S - k lag, signed so that ">= -tol" means "I_sim >= I_obs"
            sums += start[None, :]
            sums -= (k * lag[sel])[:, None]
            sign = np.sign(z[sel])
            sums *= sign[:, None]
            count = (sums >= -tol * k).sum(axis=1)
            larger[sel] = count
            every = np.flatnonzero(count == permutations)   # ties or all above: look closer
            if len(every):
                degenerate[sel[every]] = (np.abs(sums[every]) <= tol * k).all(axis=1)
            done += 1
            if progress is not None:
                progress.set(done / total_chunks, "Local Moran: conditional permutations, "
                             "chunk %d of %d" % (done, total_chunks))
    return larger, degenerate


# More permutations than this add nothing (p resolution 1e-5) but memory.
MAX_PERMUTATIONS = 99999


def cluster_codes(local, alpha):
    """Cluster code per unit: the quadrant (1 HH, 2 LH, 3 LL, 4 HL) where
    p < alpha (strictly, as esda), 0 elsewhere. Without permutations every
    unit is 0 (no test)."""
    if local.p_sim is None:
        return np.zeros(len(local.q), dtype=np.uint8)
    return np.where(local.p_sim < alpha, local.q, 0).astype(np.uint8)
