"""The evidence of core/landuse beyond cell-by-cell agreement (issue 21):
the budget at multiple resolutions against a direct aggregation written
here (and hand cases), KSim against its formula by hand, the skill per
transition against a loop over the cells; the accuracy step's outputs."""

import numpy as np
import pytest
from helpers import listdir, read_csv, read_raster, write_raster

from landcarbon.core.common.blocks import windows
from landcarbon.core.common.errors import LandCarbonError
from landcarbon.core.common.progress import Progress
from landcarbon.core.landuse import (
    AccuracySettings,
    ThreeWay,
    kappa_simulation,
    transition_skill,
)
from landcarbon.core.landuse.accuracy import assess_accuracy, run_accuracy
from landcarbon.core.landuse.multiresolution import Budget, level_count, window_budget

ND = 255


# ---------------------------------------------------------------------------
# A second implementation of the budget: every coarse cell, one by one
# ---------------------------------------------------------------------------

def direct_budget(sim, obs, init, valid, k):
    """(quantity, exchange, shift, difference, persistence difference) per
    factor 1, 2, 4, ...: the maps aggregated block by block with numpy, the
    composite operator of Pontius & Cheuk (2006) in float, the components
    of Pontius & Santacruz (2014)."""
    h, w = sim.shape
    n = valid.sum()
    out = []
    for level in range((max(h, w) - 1).bit_length() + 1):
        f = 1 << level
        matrix = np.zeros((k, k))
        agree = null = 0
        for y in range(0, h, f):
            for x in range(0, w, f):
                block = (slice(y, y + f), slice(x, x + f))
                v = valid[block]
                c, r, p = (np.bincount(a[block][v], minlength=k) for a in (sim, obs, init))
                m = np.minimum(c, r)
                agree += m.sum()
                null += np.minimum(p, r).sum()
                matrix += np.diag(m)
                if c.sum() > m.sum():
                    matrix += np.outer(c - m, r - m) / (c.sum() - m.sum())
        quantity = np.abs(matrix.sum(1) - matrix.sum(0)).sum() / 2 / n
        exchange = sum(2 * min(matrix[i, j], matrix[j, i])
                       for i in range(k) for j in range(i + 1, k)) / n
        difference = 1 - agree / n
        out.append((quantity, exchange, difference - quantity - exchange, difference,
                    1 - null / n))
    return np.array(out)


def cube_of(init, sim, obs, valid, k):
    cube = np.zeros((k, k, k), np.int64)
    np.add.at(cube, (init[valid], sim[valid], obs[valid]), 1)
    return cube


def streamed_budget(sim, obs, init, valid, k, rows, cols, seed=0):
    """The core's budget from windows of rows x cols cells, merged in a
    shuffled order."""
    h, w = sim.shape
    budget = Budget(k, h, w)
    s, o, i = (np.where(valid, a, k).astype(np.uint8) for a in (sim, obs, init))
    parts = list(windows(h, w, rows, cols).values())
    np.random.default_rng(seed).shuffle(parts)
    for win in parts:
        cut = (slice(win.y0, win.y0 + win.rows), slice(win.x0, win.x0 + win.cols))
        budget.add(window_budget(k, h, w, win, s[cut], o[cut], i[cut]))
    result = budget.result(ThreeWay.from_cube(cube_of(init, sim, obs, valid, k)))
    return np.array([(r.quantity, r.exchange, r.shift, r.difference, r.persistence_difference)
                     for r in result.rows]), result


def random_case(rng, h, w, k, change=0.3, missing=0.1):
    init = rng.integers(0, k, (h, w))
    obs = np.where(rng.random((h, w)) < change, rng.integers(0, k, (h, w)), init)
    sim = np.where(rng.random((h, w)) < change, rng.integers(0, k, (h, w)), init)
    return sim, obs, init, rng.random((h, w)) > missing


@pytest.mark.parametrize("seed", range(5))
def test_budget_equals_a_direct_aggregation_on_random_maps(seed):
    rng = np.random.default_rng(seed)
    h, w = (int(v) for v in rng.integers(5, 60, 2))
    k = int(rng.integers(2, 12))          # up to 11 classes: two byte-lane words
    sim, obs, init, valid = random_case(rng, h, w, k)
    expected = direct_budget(sim, obs, init, valid, k)
    for rows, cols in ((h, w), (7, w), (16, 16), (5, 9), (1, 3)):
        got, result = streamed_budget(sim, obs, init, valid, k, rows, cols, seed)
        np.testing.assert_allclose(got, expected, atol=1e-12)
        assert [r.factor for r in result.rows][:-1] == [1 << i for i in range(len(got) - 1)]
        assert result.rows[-1].factor == max(h, w) and result.rows[-1].coarse_cells == 1


def test_budget_is_the_same_for_every_window_shape_to_the_last_bit():
    rng = np.random.default_rng(11)
    sim, obs, init, valid = random_case(rng, 70, 57, 13, change=0.4, missing=0.2)
    first, _ = streamed_budget(sim, obs, init, valid, 13, 70, 57)
    for rows, cols in ((3, 5), (64, 48), (17, 57), (70, 1)):
        other, _ = streamed_budget(sim, obs, init, valid, 13, rows, cols, seed=rows)
        np.testing.assert_array_equal(other, first)


def test_budget_by_hand():
    """2 x 2 maps: one disagreement of quantity (a 1 where 3 is observed)
    and one of allocation at factor 1; at factor 2 the block holds the
    classes {1, 1, 2, 3} and {2, 1, 3, 3}: only the quantity is left."""
    sim = np.array([[0, 0], [1, 2]])
    obs = np.array([[1, 0], [2, 2]])
    valid = np.ones((2, 2), bool)
    got, result = streamed_budget(sim, obs, sim, valid, 3, 2, 2)
    # factor 1: D = 2/4, Q = |2-1| + |1-1| + |1-2| = 2 / 2 / 4 = 1/4, no exchange, S = 1/4
    np.testing.assert_allclose(got[0, :4], [0.25, 0.0, 0.25, 0.5])
    np.testing.assert_allclose(got[1, :4], [0.25, 0.0, 0.0, 0.25])
    # the persistence map is the simulation here: the model never beats it
    assert result.null_resolution is None


def test_exchange_and_shift_by_hand():
    valid = np.ones((1, 2), bool)
    swap, _ = streamed_budget(np.array([[0, 1]]), np.array([[1, 0]]), np.array([[0, 0]]),
                              valid, 2, 1, 2)
    np.testing.assert_allclose(swap[0, :4], [0.0, 1.0, 0.0, 1.0])     # a pure exchange
    np.testing.assert_allclose(swap[1, :4], [0.0, 0.0, 0.0, 0.0])     # gone at factor 2
    valid = np.ones((1, 3), bool)
    ring, _ = streamed_budget(np.array([[0, 1, 2]]), np.array([[1, 2, 0]]),
                              np.array([[0, 1, 2]]), valid, 3, 1, 3)
    np.testing.assert_allclose(ring[0, :4], [0.0, 0.0, 1.0, 1.0])     # a pure shift


def test_null_resolution_by_hand():
    """The simulation grows class 1 next to the observed growth, one cell
    off: the persistence map is better cell by cell (one error against
    two), the simulation from factor 2 on (its block holds the right
    count)."""
    init = np.array([[0, 0, 0, 0]])
    obs = np.array([[1, 0, 0, 0]])
    sim = np.array([[0, 1, 0, 0]])
    got, result = streamed_budget(sim, obs, init, np.ones((1, 4), bool), 2, 1, 4)
    assert got[0, 3] == pytest.approx(0.5) and got[0, 4] == pytest.approx(0.25)
    assert got[1, 3] == pytest.approx(0.0) and got[1, 4] == pytest.approx(0.25)
    assert result.null_resolution.factor == 2


# ---------------------------------------------------------------------------
# KSim and the skill per transition
# ---------------------------------------------------------------------------

def test_ksim_by_hand():
    """Initial: 10 cells of class 0, 10 of class 1. Class 0: 4 cells become
    1 in the simulation, 4 in the observed map, 2 of them the same cells;
    class 1 persists in both. p(j) = 1/2; class 0: p(s|0) = p(a|0) = (.6, .4)
    -> sum p(s|0) p(a|0) = .52, sum min = 1; class 1: 1 and 1. p_e(T) =
    .5 * .52 + .5 = .76, p_max(T) = 1, p_o = (4 + 2 + 10) / 20 = .8."""
    cube = np.zeros((2, 2, 2), np.int64)
    cube[0, 0, 0], cube[0, 1, 1], cube[0, 0, 1], cube[0, 1, 0] = 4, 2, 2, 2
    cube[1, 1, 1] = 10
    k = kappa_simulation(ThreeWay.from_cube(cube))
    assert k.observed_agreement == pytest.approx(0.8)
    assert k.expected_agreement == pytest.approx(0.76)
    assert k.maximum_agreement == pytest.approx(1.0)
    assert k.ksim == pytest.approx((0.8 - 0.76) / 0.24)
    assert k.ktransition == pytest.approx(1.0)
    assert k.ktransloc == pytest.approx((0.8 - 0.76) / 0.24)
    # Cohen's Kappa of the same maps credits the persistence of class 1: both
    # maps hold 6 cells of class 0 and 14 of class 1, p_e = .3^2 + .7^2 = .58
    kappa = (0.8 - 0.58) / (1 - 0.58)
    assert kappa == pytest.approx(0.5238, abs=1e-4) and kappa > k.ksim


def test_ksim_from_the_formula_on_random_tables():
    rng = np.random.default_rng(3)
    for _ in range(5):
        k = int(rng.integers(2, 7))
        cube = rng.integers(0, 20, (k, k, k))
        n = cube.sum()
        pe = pmax = 0.0
        for j in range(k):
            nj = cube[j].sum()
            if nj:
                ps, pa = cube[j].sum(axis=1) / nj, cube[j].sum(axis=0) / nj
                pe += nj / n * (ps * pa).sum()
                pmax += nj / n * np.minimum(ps, pa).sum()
        po = sum(cube[:, i, i].sum() for i in range(k)) / n
        got = kappa_simulation(ThreeWay.from_cube(cube))
        assert got.ksim == pytest.approx((po - pe) / (1 - pe))
        assert got.ktransition * got.ktransloc == pytest.approx(got.ksim)


@pytest.mark.parametrize("k", [5, 45])      # dense table, and projections one by one
def test_three_way_tables_and_transitions_against_a_loop(k):
    rng = np.random.default_rng(k)
    init, obs, sim = (rng.integers(0, k, 3000) for _ in range(3))
    obs[:2000], sim[:1000] = init[:2000], init[:1000]
    table = ThreeWay.count(k, init, sim, obs)
    codes = [10 + 3 * c for c in range(k)]
    pairs, gains = transition_skill(table, codes)
    expected = {}
    for j, s, a in zip(init, sim, obs):
        for pair in {(j, a), (j, s)}:
            if pair[0] != pair[1]:
                row = expected.setdefault(pair, [0, 0, 0])
                row[0] += a == pair[1]
                row[1] += s == pair[1]
                row[2] += a == pair[1] and s == pair[1]
    assert {(codes.index(t.source), codes.index(t.target)): [t.observed, t.simulated, t.hits]
            for t in pairs} == expected
    assert [t.observed for t in pairs] == sorted((t.observed for t in pairs), reverse=True)
    for t in pairs:
        assert t.fom == pytest.approx(t.hits / (t.observed + t.simulated - t.hits))
        assert t.misses == t.observed - t.hits and t.false_alarms == t.simulated - t.hits
    for g in gains:
        i = codes.index(g.target)
        assert g.observed == int(np.sum((obs == i) & (init != i)))
        assert g.simulated == int(np.sum((sim == i) & (init != i)))
        assert g.hits == int(np.sum((sim == i) & (obs == i) & (init != i)))
    # A/B/C/D of the table against their definitions
    a = np.sum((init != obs) & (sim == init))
    b = np.sum((init != obs) & (sim != init) & (sim == obs))
    c = np.sum((init != obs) & (sim != init) & (sim != obs))
    d = np.sum((init == obs) & (sim != init))
    assert table.abcd() == (a, b, c, d)
    assert table.persistence == np.sum((init == obs) & (sim == init))


# ---------------------------------------------------------------------------
# The accuracy step
# ---------------------------------------------------------------------------

def map_files(folder, seed=1, shape=(37, 23), k=4):
    rng = np.random.default_rng(seed)
    init = rng.integers(1, k + 1, shape)
    obs = np.where(rng.random(shape) < 0.2, rng.integers(1, k + 1, shape), init)
    sim = np.where(rng.random(shape) < 0.2, rng.integers(1, k + 1, shape), init)
    init[0, :3] = ND
    sim[5, 5] = ND
    folder.mkdir(parents=True, exist_ok=True)
    return [write_raster(folder / ("%s.tif" % n), a.astype(np.uint8), nodata=ND)
            for n, a in (("initial", init), ("observed", obs), ("simulated", sim))]


def test_accuracy_writes_the_new_outputs(tmp_path):
    paths = map_files(tmp_path / "in")
    out = tmp_path / "out"
    progress = Progress()
    result = run_accuracy(*paths, baselines=False, output_report=str(out / "report.csv"),
                          output_transitions=str(out / "transitions.csv"),
                          output_multiresolution=str(out / "mr.csv"),
                          output_multiresolution_chart=str(out / "mr.png"), progress=progress)
    init, obs, sim = (read_raster(p).astype(int) for p in paths)
    valid = (init != ND) & (obs != ND) & (sim != ND)
    expected = direct_budget(sim - 1, obs - 1, init - 1, valid, 4)
    rows = read_csv(out / "mr.csv")
    assert [int(r["factor_cells"]) for r in rows] == [1, 2, 4, 8, 16, 32, 37]
    got = np.array([[float(r[c]) for c in ("quantity_fraction", "exchange_fraction",
                                            "shift_fraction", "difference_fraction",
                                            "persistence_difference_fraction")] for r in rows])
    np.testing.assert_allclose(got, expected, atol=1e-10)
    assert rows[0]["resolution_map_units"] == "30"
    report = {r["statistic"]: r for r in read_csv(out / "report.csv")}
    assert float(report["ksim"]["value"]) == pytest.approx(result.ksim.ksim)
    null = result.multiresolution.null_resolution
    assert report["null_resolution_factor"]["value"] == (str(null.factor) if null else "")
    transitions = read_csv(out / "transitions.csv")
    assert len(transitions) == len(result.transitions) + len(result.gains)
    top = transitions[0]
    assert int(top["observed_cells"]) == max(t.observed for t in result.transitions)
    assert transitions[-1]["from_name"] == "any other class"
    assert (out / "mr.png").stat().st_size > 1000
    assert any(line.startswith("KSim ") for line in progress.infos)


def test_multiresolution_outputs_need_the_setting(tmp_path):
    paths = map_files(tmp_path / "in")
    out = tmp_path / "out"
    with pytest.raises(LandCarbonError, match="MULTIRESOLUTION is off"):
        run_accuracy(*paths, settings=AccuracySettings(multiresolution=False),
                     output_report=str(out / "report.csv"),
                     output_multiresolution=str(out / "mr.csv"))
    assert listdir(out) == []


def test_multiresolution_off_leaves_the_rest_unchanged(tmp_path):
    paths = map_files(tmp_path / "in")
    on = assess_accuracy(*paths, baselines=False)
    off = assess_accuracy(*paths, settings=AccuracySettings(multiresolution=False,
                                                            baselines=False))
    assert off.multiresolution is None and on.multiresolution is not None
    np.testing.assert_array_equal(on.confusion, off.confusion)
    assert on.ksim == off.ksim and on.fom == off.fom


def test_budget_with_sampling_covers_every_valid_cell(tmp_path):
    paths = map_files(tmp_path / "in")
    full = assess_accuracy(*paths, baselines=False)
    sampled = assess_accuracy(*paths, baselines=False, sampling_rate=0.3, seed=4)
    assert sampled.cells < full.cells
    assert sampled.multiresolution.table() == full.multiresolution.table()
    assert sampled.table.cells == sampled.cells


def test_accuracy_on_dask_equals_one_machine(dask_cluster, tmp_path):
    import dataclasses
    paths = map_files(tmp_path / "in", seed=5, shape=(61, 53), k=5)
    here = run_accuracy(*paths, output_map=str(tmp_path / "here" / "abcd.tif"),
                        output_report=str(tmp_path / "here" / "report.csv"),
                        output_transitions=str(tmp_path / "here" / "t.csv"),
                        output_multiresolution=str(tmp_path / "here" / "mr.csv"))
    for chunks in ((16, 16), (13, 7)):
        cluster = dataclasses.replace(dask_cluster, chunk_rows=chunks[0], chunk_cols=chunks[1])
        name = "dask_%d_%d" % chunks
        there = run_accuracy(*paths, output_map=str(tmp_path / name / "abcd.tif"),
                             output_report=str(tmp_path / name / "report.csv"),
                             output_transitions=str(tmp_path / name / "t.csv"),
                             output_multiresolution=str(tmp_path / name / "mr.csv"),
                             cluster=cluster)
        for f in ("report.csv", "t.csv", "mr.csv"):
            assert (tmp_path / name / f).read_bytes() == (tmp_path / "here" / f).read_bytes()
        np.testing.assert_array_equal(read_raster(tmp_path / name / "abcd.tif"),
                                      read_raster(tmp_path / "here" / "abcd.tif"))
        assert there.multiresolution.table() == here.multiresolution.table()
        sampled = [assess_accuracy(*paths, sampling_rate=0.4, seed=2, baselines=False,
                                   cluster=c) for c in (None, cluster)]
        np.testing.assert_array_equal(sampled[0].confusion, sampled[1].confusion)


def test_levels_cover_the_map():
    assert level_count(1, 1) == 0 and level_count(2, 1) == 1
    assert level_count(100, 7) == 7 and level_count(128, 128) == 7 and level_count(129, 3) == 8
