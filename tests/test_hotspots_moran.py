"""core.hotspots.moran: global and local Moran's I against the test vector of docs/hotspots.md,
esda 2.9 reference values, an independent dense-matrix implementation, exact
permutation distributions and seeded reproducibility."""

import itertools
import math

import numpy as np
import pytest
from lisa_reference import dense_moran, dense_weights
from scipy import stats

from landcarbon.core.common import spec
from landcarbon.core.common.errors import LandCarbonError
from landcarbon.core.hotspots import LisaSettings, moran, weights


def run_core(mask, y, kind, permutations=0, seed=0):
    c = weights.lattice_contiguity(mask, kind)
    kept_w, kept = c.without_islands()
    w = kept_w.row_standardised()
    yk = np.asarray(y, dtype=float)[kept]
    g = moran.global_moran(yk, w, permutations, seed)
    loc = moran.local_moran(yk, w, kept_w.cardinalities, permutations, seed)
    return g, loc, kept


# ---------------------------------------------------------------------------
# Published test vectors
# ---------------------------------------------------------------------------

def test_science_md_vector_3x3_rook():
    mask = np.ones((3, 3), bool)
    g, loc, _ = run_core(mask, np.arange(1, 10), "rook", permutations=999, seed=3)
    assert g.I == pytest.approx(0.5555555555555556, abs=1e-12)
    assert g.EI == -0.125
    assert g.z_norm == pytest.approx(2.8451849756238787, abs=1e-10)
    np.testing.assert_allclose(loc.Is, [1.0667, 0.8, 0.2667, 0.0889, 0, 0.0889, 0.2667, 0.8,
                                        1.0667], atol=5e-5)
    # quadrants [LL, LL, LL, LL, LL, HH, HH, HH, HH]; centre z = lag = 0 -> LL
    assert loc.q.tolist() == [3, 3, 3, 3, 3, 1, 1, 1, 1]
    # centre: I_i = 0 and every permutation gives 0 -> p = 1 (esda says 1/(P+1))
    assert loc.p_sim[4] == 1.0


# esda 2.9.0 + libpysal 4.14.1 (scratch venv, not a project dependency):
#   w = libpysal.weights.W(neighbours of MASK_6x7, built cell by cell)
#   esda.Moran(Y_6x7, w, permutations=0); esda.Moran_Local(Y_6x7, w, permutations=0)
# with the mask / values below (rng = numpy default_rng(2024), values rounded).
MASK_6x7 = ["1111100", "0101101", "0111111", "1111111", "1011111", "1111010"]
Y_6x7 = [48.6, 22.8, 214.9, 23.8, 114.2, 67.6, 155.7, 31.2, 102.9, 39.9, 39.1, 46.0, 33.3,
         90.6, 32.4, 229.3, 98.5, 137.4, 39.9, 54.1, 76.9, 74.4, 42.4, 123.6, 87.1, 67.9,
         18.9, 91.0, 93.5, 31.9, 3.0, 51.0, 272.6]
ESDA_6x7 = {
    "queen": dict(
        I=-0.12769833582121481, EI=-0.03125, VI_norm=0.011205308591239525,
        z_norm=-0.9111352055605192, p_norm=0.36222413877177584,
        VI_rand=0.01042188592509345, z_rand=-0.9447601813687926, p_rand=0.3447813247529029,
        Is=[0.28472462209954646, -0.43583489418691157, -0.4426127481021137,
            -0.6954515791629934, -0.08747992155837044, 0.024256149942957068,
            -0.16567396473101006, 0.04027185791749778, -0.10762899216999386,
            -0.34786764651366947, -0.032186623271865895, 0.09070388785440131,
            0.11778743410786736, -0.057771615034390995, -0.06936838306206394,
            -0.7612938842151082, 0.09767252970368635, -0.18374265725224764,
            0.07119427134265106, 0.15301858627083686, 0.0206235872724974, 0.0285818906796656,
            -0.3160403797209537, -0.17857926657269582, -0.020653560395949913,
            -0.01684832983268192, -0.39960986301495716, 0.0802238156317645,
            -0.14254155562442422, 0.18277460688424857, 0.13908998142757778,
            0.07531936192580856, -1.03140346491748],
        q=[3, 2, 4, 2, 4, 3, 4, 3, 4, 2, 2, 3, 3, 4, 2, 4, 1, 4, 3, 3, 3, 3, 2, 4, 4, 2, 2, 1,
           4, 3, 3, 3, 4]),
    "rook": dict(
        I=-0.2560346488977226, EI=-0.03125, VI_norm=0.021591334608338283,
        z_norm=-1.5297726950587338, p_norm=0.12607300249942593,
        VI_rand=0.020082009069228007, z_rand=-1.5862187143750683, p_rand=0.11268970395246992,
        Is=[0.4654152476627201, -0.43583489418691157, -1.9441074222880665,
            -1.1628805488390825, -0.4517083992129731, 0.1602959692974693,
            -0.8906364933991551, -0.2564403110168615, -0.2724975855355148,
            0.12419622273441333, 0.06348043257800993, 0.1177485037900039, 0.2986577483773606,
            -0.0842218831063091, -0.10707500148527935, -0.37808116733301256,
            0.250572566491751, -0.07514635493370236, -0.006704480460737964,
            0.17354614821264622, 0.019099921303322682, 0.0211705595157204,
            -0.7794592201191708, -0.05083591689006586, -0.016526607321137057,
            0.08642888425505514, -0.7259583111815046, -0.08990266967984284,
            -0.14254155562442422, 0.3963111362964151, 0.22858981149220603,
            0.2644202389337171, -2.9924833330541842],
        q=[3, 2, 4, 2, 4, 3, 4, 2, 4, 3, 3, 3, 3, 4, 2, 4, 1, 4, 2, 3, 3, 3, 2, 4, 4, 3, 2, 4,
           4, 3, 3, 3, 4]),
}


@pytest.mark.parametrize("kind", ["queen", "rook"])
def test_matches_esda_reference_values(kind):
    mask = np.array([[ch == "1" for ch in row] for row in MASK_6x7])
    ref = ESDA_6x7[kind]
    g, loc, kept = run_core(mask, Y_6x7, kind)
    assert len(kept) == len(Y_6x7)   # no islands in this case
    for key in ("I", "EI", "VI_norm", "z_norm", "p_norm", "VI_rand", "z_rand", "p_rand"):
        assert getattr(g, key) == pytest.approx(ref[key], abs=1e-10), key
    np.testing.assert_allclose(loc.Is, ref["Is"], rtol=0, atol=1e-10)
    assert loc.q.tolist() == ref["q"]


# ---------------------------------------------------------------------------
# Against the dense implementation on random lattices with nodata holes
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["queen", "rook"])
@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_matches_dense_implementation_on_lattices_with_holes(kind, seed):
    rng = np.random.default_rng(100 + seed)
    rows, cols = rng.integers(5, 14), rng.integers(5, 14)
    mask = rng.random((rows, cols)) > 0.3
    y = rng.lognormal(3.0, 1.0, size=int(mask.sum()))
    ref = dense_moran(y, dense_weights(mask, kind))
    g, loc, kept = run_core(mask, y, kind)
    np.testing.assert_array_equal(np.flatnonzero(ref["keep"]), kept)
    assert g.n == ref["n"]
    for key in ("I", "EI", "VI_norm", "VI_rand"):
        assert getattr(g, key) == pytest.approx(ref[key], abs=1e-10), key
    np.testing.assert_allclose(loc.Is, ref["local"], rtol=0, atol=1e-10)
    np.testing.assert_array_equal(loc.q, ref["q"])


def test_islands_are_dropped_like_esda_on_the_remaining_units():
    # rook: the cell at (0, 4) touches (1, 3) only by a corner -> island;
    # with queen it is connected
    mask = np.array([[1, 1, 0, 0, 1],
                     [1, 1, 1, 1, 0],
                     [0, 1, 1, 1, 1]], bool)
    y = [3.0, 1.0, 7.0, 2.0, 9.0, 4.0, 6.0, 5.0, 8.0, 2.5, 1.5]
    c = weights.lattice_contiguity(mask, "rook")
    assert c.islands.tolist() == [2]
    g, loc, kept = run_core(mask, y, "rook")
    assert 2 not in kept and g.n == 10
    ref = dense_moran(y, dense_weights(mask, "rook"))
    assert g.I == pytest.approx(ref["I"], abs=1e-12)
    # the island's value does not enter the mean: changing it changes nothing
    y2 = list(y)
    y2[2] = 1000.0
    g2, loc2, _ = run_core(mask, y2, "rook")
    assert g2.I == g.I and np.array_equal(loc2.Is, loc.Is)


# ---------------------------------------------------------------------------
# Permutation inference
# ---------------------------------------------------------------------------

def naive_counts(z, lag, card, table):
    """G_i by a plain loop over units with the same random table: unit i
    draws z without i at positions table[p, :k_i]."""
    n = len(z)
    scaling = (n - 1) / (z @ z)
    counts = np.zeros(n, dtype=np.int64)
    for i in range(n):
        others = np.delete(z, i)
        k = card[i]
        sims = z[i] * others[table[:, :k]].sum(axis=1) / k * scaling
        observed = z[i] * lag[i] * scaling
        counts[i] = int((sims >= observed).sum())
    return counts


@pytest.mark.parametrize("kind", ["queen", "rook"])
def test_vectorised_conditional_permutations_equal_a_plain_loop(kind, monkeypatch):
    rng = np.random.default_rng(7)
    mask = rng.random((23, 17)) > 0.2
    c, kept = weights.lattice_contiguity(mask, kind).without_islands()
    y = rng.normal(size=c.n)
    z = (y - y.mean()) / y.std()
    w = c.row_standardised()
    lag = w @ z
    # small chunks, so that the chunk boundaries are exercised many times
    monkeypatch.setattr(moran, "LOCAL_CHUNK_VALUES", 199 * 37)
    counts, degenerate = moran.conditional_permutation_counts(z, lag, c.cardinalities, 199,
                                                              seed=11)
    table = moran.permutation_table(c.n, int(c.cardinalities.max()), 199, 11)
    np.testing.assert_array_equal(counts, naive_counts(z, lag, c.cardinalities, table))
    assert not degenerate.any()


def test_permutation_table_draws_without_replacement_from_the_others():
    table = moran.permutation_table(12, 8, 500, seed=5)
    assert table.min() >= 0 and table.max() <= 10          # positions among n - 1 = 11
    assert all(len(set(row)) == 8 for row in table.tolist())
    # every position equally likely in every column (chi-square, 11 cells)
    for column in range(8):
        counts = np.bincount(table[:, column], minlength=11)
        assert stats.chisquare(counts).pvalue > 1e-4


def exact_conditional_share(z, i, neighbours):
    """Share of all k-subsets of the other units whose local I >= observed."""
    others = np.delete(z, i)
    k = len(neighbours)
    observed = z[i] * z[neighbours].mean()
    subsets = itertools.combinations(range(len(others)), k)
    sims = np.array([z[i] * others[list(s)].mean() for s in subsets])
    return float((sims >= observed - 1e-12).mean())


def test_local_pseudo_p_within_monte_carlo_error_of_the_exact_value():
    # 2 x 5 rook lattice: 10 units, 2 or 3 neighbours, C(9, 3) = 84 subsets
    mask = np.ones((2, 5), bool)
    y = np.array([5.0, 4.2, 3.1, 0.5, 0.2, 4.8, 3.9, 2.2, 1.0, 0.1])
    c = weights.lattice_contiguity(mask, "rook")
    w = c.row_standardised()
    permutations = 9999
    loc = moran.local_moran(y, w, c.cardinalities, permutations, seed=21)
    z = (y - y.mean()) / y.std()
    for i in range(10):
        nb = c.indices[c.indptr[i]:c.indptr[i + 1]]
        f = exact_conditional_share(z, i, nb)
        expected = min(f, 1 - f)
        sd = math.sqrt(max(f * (1 - f), 1e-4) / permutations)
        assert abs(loc.p_sim[i] - expected) < 4.5 * sd + 2.0 / permutations, (i, f)


def test_global_permutations_against_the_exact_permutation_distribution():
    # 2 x 4 queen lattice, 8 units: all 8! = 40320 permutations enumerated
    mask = np.ones((2, 4), bool)
    y = np.array([1.0, 2.0, 6.0, 7.5, 1.5, 3.0, 8.0, 9.0])
    c = weights.lattice_contiguity(mask, "queen")
    w = c.row_standardised().toarray()
    z = y - y.mean()
    observed = z @ w @ z
    perms = np.array(list(itertools.permutations(range(8))))
    zp = z[perms]
    sims = np.einsum("pi,ij,pj->p", zp, w, zp)
    f = float((sims >= observed - 1e-12).mean())
    g = moran.global_moran(y, c.row_standardised(), 9999, seed=4)
    sd = math.sqrt(f * (1 - f) / 9999)
    assert abs(g.p_sim - min(f, 1 - f)) < 4.5 * sd + 2.0 / 9999
    # the randomisation moments are the exact permutation moments
    exact_i = sims / (z @ z)   # n / S0 = 1 with row standardisation
    assert g.EI == pytest.approx(exact_i.mean(), abs=1e-12)
    assert g.VI_rand == pytest.approx(exact_i.var(), rel=1e-9)


def test_permutation_moments_match_the_analytic_randomisation_moments():
    # E[I] = -1/(n-1) and Var(I) = VI_rand are exact for random permutations:
    # the simulated mean and sd must agree within Monte Carlo error
    rng = np.random.default_rng(3)
    mask = rng.random((15, 15)) > 0.1
    c, _ = weights.lattice_contiguity(mask, "rook").without_islands()
    y = rng.gamma(2.0, 30.0, size=c.n)
    permutations = 4000
    g = moran.global_moran(y, c.row_standardised(), permutations, seed=8)
    se_mean = math.sqrt(g.VI_rand / permutations)
    assert abs(g.EI_sim - g.EI) < 4.5 * se_mean
    # sd of a sample sd ~ sigma / sqrt(2 P) for a near-normal statistic
    assert abs(g.seI_sim - math.sqrt(g.VI_rand)) < 4.5 * math.sqrt(g.VI_rand / (2 * permutations))


def test_same_seed_same_numbers_other_seed_other_draws():
    rng = np.random.default_rng(9)
    mask = rng.random((12, 12)) > 0.2
    y = rng.normal(size=int(mask.sum()))
    g1, l1, _ = run_core(mask, y, "queen", 199, seed=5)
    g2, l2, _ = run_core(mask, y, "queen", 199, seed=5)
    g3, l3, _ = run_core(mask, y, "queen", 199, seed=6)
    assert g1.p_sim == g2.p_sim and g1.EI_sim == g2.EI_sim
    np.testing.assert_array_equal(l1.p_sim, l2.p_sim)
    assert g1.EI_sim != g3.EI_sim and not np.array_equal(l1.p_sim, l3.p_sim)


def test_ties_count_as_greater_or_equal():
    # 2 x 2 queen: every unit neighbours the 3 others, so every draw is the
    # observed neighbour set: all simulated values tie the observed one; the
    # test has no power -> p = 1 (esda's folding would give 1 / (P + 1))
    c = weights.lattice_contiguity(np.ones((2, 2), bool), "queen")
    loc = moran.local_moran([1.0, 2.0, 3.0, 5.0], c.row_standardised(), c.cardinalities, 99,
                            seed=1)
    assert loc.p_sim.tolist() == [1.0] * 4
    # integer data with repeated values: a unit whose simulated sums often
    # equal the observed one (ties) gets the count a plain exact comparison
    # of the mathematical values gives
    mask = np.ones((3, 4), bool)
    y = np.array([1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 1, 2], dtype=float)
    c = weights.lattice_contiguity(mask, "rook")
    z = y - y.mean()   # not standardised: the integer structure stays exact in 12ths
    lag = c.row_standardised() @ z
    counts, _ = moran.conditional_permutation_counts(z, lag, c.cardinalities, 300, seed=2)
    table = moran.permutation_table(12, int(c.cardinalities.max()), 300, 2)
    twelve_y = np.round(y * 12).astype(np.int64)
    for i in range(12):
        k = int(c.cardinalities[i])
        others = np.delete(twelve_y, i)
        total = twelve_y.sum()
        nb = c.indices[c.indptr[i]:c.indptr[i + 1]]
        # exact integer arithmetic: z_i * sum(drawn) >= z_i * sum(neighbours), scaled by 12
        zi = 12 * twelve_y[i] - total
        drawn = 12 * others[table[:, :k]].sum(axis=1) - k * total
        obs = 12 * twelve_y[nb].sum() - k * total
        assert counts[i] == int((zi * drawn >= zi * obs).sum()), i


def test_cluster_codes_strict_alpha():
    loc = moran.LocalMoran(z=np.zeros(4), lag=np.zeros(4), Is=np.zeros(4),
                           q=np.array([1, 2, 3, 4], np.uint8),
                           p_sim=np.array([0.049, 0.05, 0.051, 0.001]))
    assert moran.cluster_codes(loc, 0.05).tolist() == [1, 0, 0, 4]


def test_constant_variable_is_refused():
    c = weights.lattice_contiguity(np.ones((3, 3), bool), "queen")
    with pytest.raises(LandCarbonError, match="All 9 units have the same value \\(2.5\\): "
                                              "the variance is 0"):
        moran.global_moran(np.full(9, 2.5), c.row_standardised())


@pytest.mark.parametrize("value", [-1, 2.5, 100000])
def test_bad_permutations(value):
    with pytest.raises(LandCarbonError, match="PERMUTATIONS is %s; it must be a whole number "
                                              "from 0 to 99999" % value):
        spec.check(LisaSettings(permutations=value))


@pytest.mark.parametrize("value", [-3, 1.5])
def test_bad_seed(value):
    with pytest.raises(LandCarbonError, match="SEED is %s; it must be a whole number >= 0"
                                              % value):
        spec.check(LisaSettings(seed=value))
