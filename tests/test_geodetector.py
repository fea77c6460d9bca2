"""core/geodetector against independent computations: q, F and p of the
factor detector by a loop over the strata written here (and a hand case),
the interaction types on hand numbers, the risk detector against
scipy's Welch t-test, the ecological F by its formula, natural breaks
against a brute force over every partition, OPGD's choice against a brute
force over methods and class counts, the regular sample against numpy
slicing, and the step's tables."""

import itertools

import numpy as np
import pytest
from helpers import read_csv, write_raster
from scipy import stats

from landcarbon.core.common.errors import LandCarbonError
from landcarbon.core.geodetector import (
    INTERACTIONS,
    breaks,
    classify,
    ecological_detector,
    factor_detector,
    interaction_detector,
    interaction_kind,
    optimal,
    risk_detector,
    run_geodetector,
)


def q_by_loop(y, x):
    """q, F, p: strata one by one (population variances), lambda with the
    sample variance of y (Wang et al. 2016; R GD)."""
    y = np.asarray(y, float)
    n, total = len(y), np.var(y)
    within, lam1, lam2 = 0.0, 0.0, 0.0
    codes = sorted(set(x))
    for h in codes:
        part = y[np.asarray(x) == h]
        within += len(part) * np.var(part)
        lam1 += part.mean() ** 2
        lam2 += np.sqrt(len(part)) * part.mean()
    q = 1 - within / (n * total)
    big_l = len(codes)
    with np.errstate(divide="ignore"):
        f = (n - big_l) / (big_l - 1) * q / (1 - q)
    lam = (lam1 - lam2 ** 2 / n) / np.var(y, ddof=1)
    return q, f, stats.ncf.sf(f, big_l - 1, n - big_l, lam)


def test_q_by_hand():
    """Two strata {1, 2, 3} and {10, 11, 12}: within 2 x 3 x 2/3 = 4, total
    6 x 20.9167 = 125.5: q = 1 - 4 / 125.5."""
    result = factor_detector([1, 2, 3, 10, 11, 12], [7, 7, 7, 9, 9, 9])
    assert result.q == pytest.approx(1 - 4 / 125.5, rel=1e-12)
    assert result.strata == 2 and result.n == 6


@pytest.mark.parametrize("seed", range(4))
def test_factor_detector_equals_a_loop_over_the_strata(seed):
    rng = np.random.default_rng(seed)
    x = rng.integers(0, int(rng.integers(2, 7)), 400)
    y = 2.0 * x + rng.normal(0, 3, 400)
    q, f, p = q_by_loop(y, x)
    got = factor_detector(y, x)
    assert got.q == pytest.approx(q, rel=1e-12)
    assert got.f == pytest.approx(f, rel=1e-10)
    assert got.p == pytest.approx(p, rel=1e-8, abs=1e-300)


def test_one_stratum_has_no_test():
    got = factor_detector([1.0, 2.0, 3.0], [5, 5, 5])
    assert got.q == 0.0 and np.isnan(got.p)


@pytest.mark.parametrize("q1, q2, q12, kind", [
    (0.3, 0.4, 0.2, "nonlinear weakening"), (0.3, 0.4, 0.35, "univariate weakening"),
    (0.3, 0.4, 0.6, "bivariate enhancement"), (0.3, 0.4, 0.7, "independent"),
    (0.3, 0.4, 0.8, "nonlinear enhancement")])
def test_interaction_types_by_hand(q1, q2, q12, kind):
    assert interaction_kind(q1, q2, q12) == kind
    assert kind in INTERACTIONS


def test_interaction_q_is_that_of_every_pair_of_strata():
    rng = np.random.default_rng(5)
    x1, x2 = rng.integers(0, 3, 300), rng.integers(0, 4, 300)
    y = x1 * x2 + rng.normal(0, 0.5, 300)            # a product: enhancement
    pairs = [a * 10 + b for a, b in zip(x1, x2)]
    got = interaction_detector(y, x1, x2)
    assert got.q12 == pytest.approx(q_by_loop(y, pairs)[0], rel=1e-12)
    assert got.q1 == pytest.approx(q_by_loop(y, x1)[0], rel=1e-12)
    assert got.kind in ("bivariate enhancement", "nonlinear enhancement")


def test_risk_detector_equals_welch():
    rng = np.random.default_rng(2)
    x = rng.integers(0, 3, 200)
    y = x * 1.5 + rng.normal(0, 1 + x, 200)
    got = risk_detector(y, x)
    for a, b in itertools.combinations(range(3), 2):
        ref = stats.ttest_ind(y[x == a], y[x == b], equal_var=False)
        assert got.t[a, b] == pytest.approx(ref.statistic, rel=1e-10)
        assert got.p[a, b] == pytest.approx(ref.pvalue, rel=1e-8)
    assert list(got.means) == pytest.approx([y[x == h].mean() for h in range(3)])


def test_ecological_f_by_its_formula():
    rng = np.random.default_rng(3)
    x1, x2 = rng.integers(0, 3, 150), rng.integers(0, 5, 150)
    y = x2 + rng.normal(0, 0.3, 150)
    ssw = [sum(((y[x == h] - y[x == h].mean()) ** 2).sum() for h in set(x)) for x in (x1, x2)]
    got = ecological_detector(y, x1, x2)
    assert got.f == pytest.approx(ssw[0] / ssw[1], rel=1e-12)
    assert got.p == pytest.approx(stats.f.sf(ssw[0] / ssw[1], 149, 149), rel=1e-8)
    assert got.significant                        # x2 explains y far better


def test_equal_and_quantile_breaks():
    v = np.arange(0.0, 101.0)
    np.testing.assert_allclose(breaks(v, "equal", 4), [25, 50, 75])
    np.testing.assert_allclose(breaks(v, "quantile", 4), np.quantile(v, [0.25, 0.5, 0.75]))
    assert list(classify([0, 25, 26, 100], [25, 50, 75])) == [0, 0, 1, 3]


def test_natural_breaks_equal_a_brute_force_over_every_partition():
    v = np.array([1.0, 1.2, 1.3, 4.0, 4.4, 5.0, 9.0, 9.5, 9.7, 10.0, 15.0, 15.2])
    best = None
    for cuts in itertools.combinations(range(1, len(v)), 3):       # 4 classes
        parts = np.split(v, cuts)
        ssw = sum(((p - p.mean()) ** 2).sum() for p in parts)
        if best is None or ssw < best[0]:
            best = (ssw, [p[-1] for p in parts[:-1]])
    np.testing.assert_allclose(breaks(v, "natural", 4), best[1])


def test_opgd_chooses_the_largest_q_of_a_brute_force():
    rng = np.random.default_rng(8)
    v = rng.gamma(2.0, 2.0, 500)
    y = np.sin(v) + 0.2 * rng.normal(size=500)
    choice = optimal(y, v, 6)
    qs = {(m, k): q_by_loop(y, classify(v, breaks(v, m, k)))[0]
          for m in ("equal", "natural", "quantile", "geometric", "sd") for k in range(3, 7)}
    assert choice.q == pytest.approx(max(qs.values()), rel=1e-12)
    assert qs[(choice.method, choice.classes)] == pytest.approx(choice.q, rel=1e-12)
    assert len(choice.tried) == 20


def test_the_step_samples_regularly_and_writes_its_tables(tmp_path):
    rng = np.random.default_rng(4)
    land = rng.integers(1, 4, (40, 50)).astype(np.uint8)
    slope = rng.random((40, 50)).astype(np.float32) * 30
    y = (land * 20 + slope + rng.normal(0, 2, (40, 50))).astype(np.float32)
    y[0, :] = -9999
    paths = [write_raster(tmp_path / n, a, nodata=nd) for n, a, nd in
             (("y.tif", y, -9999), ("land.tif", land, 0), ("slope.tif", slope, None))]
    out = tmp_path / "out"
    result = run_geodetector(paths[0], [paths[2]], [paths[1]], sample_share=0.25,
                             output_factors=str(out / "f.csv"),
                             output_interactions=str(out / "i.csv"),
                             output_risk=str(out / "r.csv"), output_ecological=str(out / "e.csv"),
                             output_chart=str(out / "q.png"), output_heatmap=str(out / "h.png"))
    assert result.stride == 2
    rows, cols = slice(1, None, 2), slice(1, None, 2)
    ys, ls = y[rows, cols].ravel(), land[rows, cols].ravel()
    keep = ys != -9999
    assert result.cells == int(keep.sum())
    q_land = q_by_loop(ys[keep], ls[keep])[0]
    table = {r["factor"]: r for r in read_csv(out / "f.csv")}
    assert float(table["land"]["q"]) == pytest.approx(q_land, rel=1e-10)
    assert table["land"]["method"] == "categorical" and table["slope"]["method"] in (
        "equal", "natural", "quantile", "geometric", "sd")
    assert read_csv(out / "i.csv")[0]["interaction"] in INTERACTIONS
    assert (out / "q.png").stat().st_size > 1000 and (out / "h.png").exists()


def test_a_float_raster_as_categorical_is_refused(tmp_path):
    y = write_raster(tmp_path / "y.tif", np.ones((5, 5), np.float32))
    with pytest.raises(LandCarbonError, match="integer codes"):
        run_geodetector(y, [], [y])
