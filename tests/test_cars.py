"""CARS core (core/cars/): every rule on hand-checkable cases, checked
against hand calculations or a second, deliberately simple implementation
written here (loops), and small end-to-end runs whose expectations come from
the inputs (demand, restrictions, transition matrix)."""

import os

import numpy as np
import pytest
from helpers import listdir, read_csv, read_raster, write_raster
from osgeo import gdal
from scipy import ndimage

from landcarbon.core import cars
from landcarbon.core.cars import feasibility as cars_feasibility
from landcarbon.core.cars import inputs as cars_inputs
from landcarbon.core.cars import neighbourhood as cars_neighbourhood
from landcarbon.core.cars import rules as cars_rules
from landcarbon.core.cars.store import ProbabilityStore
from landcarbon.core.common.errors import Cancelled, LandCarbonError
from landcarbon.core.common.progress import Progress

NODATA = 255


# ---------------------------------------------------------------------------
# Neighbourhood counts
# ---------------------------------------------------------------------------

def brute_counts(index_map, k, n):
    """Loop over every cell and its window: the definition, nothing clever."""
    h = n // 2
    rows, cols = index_map.shape
    out = np.zeros((k, rows, cols), dtype=np.int64)
    for y in range(rows):
        for x in range(cols):
            for dy in range(-h, h + 1):
                for dx in range(-h, h + 1):
                    if dy == 0 and dx == 0:
                        continue
                    yy, xx = y + dy, x + dx
                    if 0 <= yy < rows and 0 <= xx < cols and index_map[yy, xx] < k:
                        out[index_map[yy, xx], y, x] += 1
    return out


@pytest.mark.parametrize("n", [3, 5])
def test_window_counts_match_brute_force_at_edges_and_nodata(n):
    rng = np.random.default_rng(3)
    k = 3
    index_map = rng.integers(0, k, size=(9, 11)).astype(np.uint8)
    index_map[4, 5] = k           # nodata in the middle
    index_map[0, :3] = k          # and on the edge
    expected = brute_counts(index_map, k, n)
    whole = cars_neighbourhood.window_counts(
        cars_neighbourhood.halo_rows(index_map, 0, 9, n, k), k, n)
    np.testing.assert_array_equal(whole, expected)
    # strip by strip with a halo of (n-1)/2 rows gives the same counts
    for y0, rows in [(0, 2), (2, 3), (5, 4)]:
        part = cars_neighbourhood.window_counts(
            cars_neighbourhood.halo_rows(index_map, y0, rows, n, k), k, n)
        np.testing.assert_array_equal(part, expected[:, y0:y0 + rows])


def test_window_counts_hand_example():
    # 3 x 3 map, class 0 everywhere except a 1 in the corner and nodata (2) in the centre:
    #   0 0 1
    #   0 X 0
    #   0 0 0
    m = np.array([[0, 0, 1], [0, 2, 0], [0, 0, 0]], dtype=np.uint8)
    c = cars_neighbourhood.window_counts(cars_neighbourhood.halo_rows(m, 0, 3, 3, 2), 2, 3)
    # centre: 7 zeros and one 1 around it (itself excluded)
    assert (c[0, 1, 1], c[1, 1, 1]) == (7, 1)
    # top-left corner: neighbours (0,1)=0, (1,0)=0, (1,1)=nodata -> 2 zeros, no 1
    assert (c[0, 0, 0], c[1, 0, 0]) == (2, 0)
    # top-right corner (the 1): (0,1)=0, (1,2)=0, (1,1)=nodata
    assert (c[0, 0, 2], c[1, 0, 2]) == (2, 0)
    # (0,1): neighbours (0,0)=0, (0,2)=1, (1,0)=0, (1,2)=0, centre nodata
    assert (c[0, 0, 1], c[1, 0, 1]) == (3, 1)


def test_update_counts_keeps_candidate_counts_current():
    rng = np.random.default_rng(5)
    k, n = 4, 5
    index_map = rng.integers(0, k, size=(12, 10)).astype(np.uint8)
    index_map[3, 3] = k
    candidates = np.sort(rng.choice(index_map.size, 70, replace=False)).astype(np.uint32)
    full = brute_counts(index_map, k, n).reshape(k, -1)
    counts = full[:, candidates].astype(np.uint8)
    changed = rng.choice(np.flatnonzero(index_map.ravel() < k), 15, replace=False)
    old = index_map.ravel()[changed].astype(np.int64)
    new = (old + 1) % k
    flat = index_map.ravel()
    flat[changed] = new
    cars_neighbourhood.update_counts(counts, candidates, changed, old, new, index_map.shape, n)
    expected = brute_counts(index_map, k, n).reshape(k, -1)[:, candidates]
    np.testing.assert_array_equal(counts, expected)


@pytest.mark.parametrize("n", [2, 4, 1, 0, 33, 3.5])
def test_neighborhood_must_be_odd(n):
    with pytest.raises(LandCarbonError, match="NEIGHBORHOOD is .*odd whole number from 3"):
        cars_neighbourhood.check_neighborhood(n)


# ---------------------------------------------------------------------------
# Rules
# ---------------------------------------------------------------------------

def test_demand_coefficient_rules_on_hand_cases():
    older = [100, -50, 20, 30, -10, 5]
    newer = [80, -70, 40, 30, -5, -10]
    d = cars_rules.update_demand_coefficient(np.ones(6), older, newer)
    # 0: gap shrank -> keep; 1: surplus grew 0 > -50 > -70 -> * (-50 / -70);
    # 2: deficit grew 40 > 20 > 0 -> * 40/20; 3: equal -> keep; 4: shrank -> keep;
    # 5: sign changed (no rule applies) -> keep
    np.testing.assert_allclose(d, [1.0, 5.0 / 7.0, 2.0, 1.0, 1.0, 1.0])


def test_demand_coefficient_over_a_gap_sequence():
    # one class whose deficit goes 10, 20, 30, 25, 50 cells:
    # x2 (20/10), x1.5 (30/20), keep (25 < 30), x2 (50/25) -> 6
    gaps = [10, 20, 30, 25, 50]
    d = np.ones(1)
    seen = []
    for a, b in zip(gaps, gaps[1:]):
        d = cars_rules.update_demand_coefficient(d, [a], [b])
        seen.append(float(d[0]))
    assert seen == [2.0, 3.0, 3.0, 6.0]
    # a surplus going -40, -80, -60, -120: x0.5, keep, x0.5 -> 0.25
    d = np.ones(1)
    for a, b in zip([-40, -80, -60], [-80, -60, -120]):
        d = cars_rules.update_demand_coefficient(d, [a], [b])
    assert d[0] == 0.25


def test_pace_rule_of_the_demand_coefficient_on_hand_cases():
    # pace H = 10, initial gaps |G^0| = 100: a gap that closes by less than 10 cells
    # (and kept its sign, did not grow) moves D: x2 for a deficit, / 2 for a surplus
    initial = [100, -100, 100, -100, 100, 100, 100]
    older = [50, -50, 50, -50, 50, 30, 5]
    newer = [45, -45, 40, -40, 60, 0, -3]
    d = cars_rules.update_demand_coefficient(np.ones(7), older, newer, 10, initial)
    # 0: closed 5 < 10 -> x2; 1: surplus closed 5 -> / 2; 2, 3: closed 10, not less -> keep;
    # 4: the deficit grew: PLUS eq. 5 (x 60/50), no pace; 5: met; 6: sign changed -> keep
    np.testing.assert_allclose(d, [2.0, 0.5, 1.0, 1.0, 1.2, 1.0, 1.0])
    # without H (0) only PLUS eq. 5; D stays within [2^-40, 2^40]
    np.testing.assert_allclose(
        cars_rules.update_demand_coefficient(np.ones(7), older, newer), [1, 1, 1, 1, 1.2, 1, 1])
    assert cars_rules.update_demand_coefficient([2.0 ** 40], [50], [50], 10, [100])[0] \
        == 2.0 ** 40


def test_pace_seeds_and_the_rate_of_progress_on_hand_cases():
    # H = 20, initial gaps 400, 400, 30, -50, 400: the pace is ceil(G^0 / 20) = 20, 20, 2,
    # -, 20 cells per iteration; seeds make up what growth next to the patches (frontier)
    # missed, at most the gap
    seeds = cars_rules.pace_seeds([300, 300, 30, -50, 5], [400, 400, 30, -50, 400],
                                  [5, 25, 0, 0, 0], 20)
    np.testing.assert_array_equal(seeds, [15, 0, 2, 0, 5])
    np.testing.assert_array_equal(cars_rules.pace_seeds([300], [400], [0], 0), [0])
    # the gap sums 1000, 990, ..., after 10 iterations closed 40 < 5 % of 1000 -> too slow
    sums = [1000, 996, 992, 988, 984, 980, 976, 972, 968, 964, 960]
    assert cars_rules.too_slow(sums, 10, 0.05)
    assert not cars_rules.too_slow(sums[:-1], 10, 0.05)           # not 10 iterations yet
    assert not cars_rules.too_slow(sums[:-1] + [949], 10, 0.05)   # 51 >= 50 closed


def test_overall_probability_hand_values():
    # two classes x three cells, class-major; n = 3 -> Omega = count / 8 * w
    prob = np.array([[0.5, 0.5, 0.2], [0.8, 0.8, 0.0]], dtype=np.float32)
    counts = np.array([[4, 4, 0], [0, 0, 8]], dtype=np.uint8)
    r = np.array([[0.1, 0.1, 0.1], [0.6, 0.9, 0.1]], dtype=np.float32)
    op, seed = cars_rules.overall_probability(prob, counts, [1.0, 0.5], 3, [1.0, 2.0], r, 0.1)
    # cell 0: class 0 = 0.5 * 4/8 * 1 * 1 = 0.25; class 1 has no neighbour and r = 0.6 < 0.8:
    #         a seed, 0.8 * 0.6 * 0.1 * 2 = 0.096
    # cell 1: as cell 0 but r = 0.9 >= 0.8: no seed, OP 0
    # cell 2: class 0 no neighbour, r = 0.1 < 0.2: seed 0.2 * 0.1 * 0.1 * 1 = 0.002;
    #         class 1 all 8 neighbours but P = 0: 0
    np.testing.assert_allclose(op, [[0.25, 0.25, 0.002], [0.096, 0.0, 0.0]], rtol=1e-6)
    np.testing.assert_array_equal(seed, [[False, False, True], [True, False, False]])


def test_seeds_only_where_no_neighbour_of_the_class():
    rng = np.random.default_rng(1)
    k, m = 4, 5000
    prob = rng.random((k, m), dtype=np.float32)
    counts = rng.integers(0, 3, size=(k, m)).astype(np.uint8)
    r = rng.random((k, m), dtype=np.float32)
    op, seed = cars_rules.overall_probability(prob, counts, np.ones(k), 3, np.ones(k), r, 0.1)
    assert seed.any()
    assert (counts[seed] == 0).all()
    # and every cell without neighbour of k with r < P_k is a seed
    np.testing.assert_array_equal(seed, (counts == 0) & (r < prob))


def test_roulette_proportions():
    m = 600000
    op = np.tile(np.array([[1.0], [2.0], [0.0], [3.0]], dtype=np.float32), (1, m))
    u = np.random.default_rng(11).random(m, dtype=np.float32)
    winner = cars_rules.roulette(op, u)
    share = np.bincount(winner, minlength=4) / m
    # binomial standard error < 0.0007; 0.004 is > 5 of them
    np.testing.assert_allclose(share, [1 / 6, 2 / 6, 0.0, 3 / 6], atol=0.004)


def test_roulette_edges():
    # one row per cell here (transposed below: the function takes classes x cells)
    per_cell = np.array([[0.0, 0.0, 0.0, 2.0],
                         [0.0, 0.0, 0.0, 0.0],
                         [0.5, 0.0, 0.7, 0.0]], dtype=np.float32)
    op = np.ascontiguousarray(per_cell.T)
    # u = 0 picks the first class with OP > 0, u just below 1 the last one; all-zero -> -1
    np.testing.assert_array_equal(
        cars_rules.roulette(op, np.zeros(3, dtype=np.float32)), [3, -1, 0])
    np.testing.assert_array_equal(
        cars_rules.roulette(op, np.full(3, 0.99999994, dtype=np.float32)), [3, -1, 2])


def test_thresholds_decay_and_stay_in_range():
    cells = np.arange(200000)
    t0 = cars_rules.draw_thresholds(3, 7, cells, cars_rules.threshold_scale(0.5, 0))
    assert t0.min() >= 0 and t0.max() <= 2
    assert abs(float(t0.mean()) - 1.0) < 0.01
    assert abs(float(t0.std()) - 1 / 3) < 0.01
    t2 = cars_rules.draw_thresholds(3, 8, cells, cars_rules.threshold_scale(0.5, 2))
    assert t2.max() <= 0.5 and abs(float(t2.mean()) - 0.25) < 0.005   # delta^2 = 0.25
    assert cars_rules.threshold_scale(0.0, 0) == 1.0
    # a cell's threshold depends on its position only, not on the other cells drawn with it
    some = np.array([5, 199999, 17])
    np.testing.assert_array_equal(cars_rules.draw_thresholds(3, 7, some, 1.0), t0[some])


def test_gate_rooms_seed_budget_and_tolerance():
    gaps = np.array([150, -40, 0, 100, -400])
    # FLUS tolerance of the two classes above demand, by hand: initial gaps -100 and -400,
    # best |gap| so far 30 and 380: rooms floor(30 + 5) - 40 = -5 -> 0 and floor(380 + 20)
    # - 400 = 0; with best 390: 410 - 400 = 10; class 2 at |gap| 40 > 5 may gain, but has no
    # room; a class whose |gap| is within the tolerance itself may not gain at all
    tol = cars_rules.tolerance_rooms(gaps, [150, 30, 0, 100, 380], [150, -100, 0, 100, -400],
                                     0.05)
    np.testing.assert_array_equal(tol, [0, 0, 0, 0, 0])
    tol = cars_rules.tolerance_rooms(gaps, [150, 30, 0, 100, 390], [150, -100, 0, 100, -400],
                                     0.05)
    np.testing.assert_array_equal(tol, [0, 0, 0, 0, 10])
    near = cars_rules.tolerance_rooms(np.array([-4]), [1], [-100], 0.05)
    np.testing.assert_array_equal(near, [0])            # |gap| 4 <= 5: it must converge
    # no drain: a growing class gives at most its spare cells (now - floor), 7 and none
    gain, loss = cars_rules.gate_rooms(gaps, np.array([0, 0, 0, 0, 10]), [7, 99, 99, -3, 99])
    np.testing.assert_array_equal(gain, [150, 0, 0, 100, 10])
    np.testing.assert_array_equal(loss, [7, 40, 0, 0, 400])
    # ceil(0.01 * 150) = 2, ceil(0.01 * 100) = 1 (not 2 by floating-point error)
    np.testing.assert_array_equal(cars_rules.seed_budget(gaps, 0.01), [2, 0, 0, 1, 0])


def test_proposals_ordered_net_first_then_by_overall_probability():
    gaps = np.array([-10, 5, 5, -3])
    src = np.array([1, 0, 0, 3, 1, 0, 3])
    dst = np.array([2, 1, 2, 0, 2, 3, 1])
    op = np.array([0.9, 0.2, 0.7, 0.8, 0.9, 0.5, 0.1], np.float32)
    tie = np.array([5, 1, 2, 3, 4, 6, 9], np.uint64)
    kind = cars_rules.proposal_kind(gaps, src, dst)
    # 1 -> 2 swap (both below demand), 0 -> 1 / 0 -> 2 / 3 -> 1 net, 3 -> 0 / 0 -> 3 two-way
    np.testing.assert_array_equal(kind, [1, 0, 0, 2, 1, 2, 0])
    order = cars_rules.proposal_order(kind, op, tie)
    # net by descending OP (0.7, 0.2, 0.1), swaps: equal OP 0.9 -> by tie (4 before 5),
    # two-way: 0.8 then 0.5
    np.testing.assert_array_equal(order, [2, 1, 6, 4, 0, 3, 5])


def sequential_sweep(target, source, is_seed, gain, loss, seed_room):
    """The demand gates as the plain loop they describe."""
    gain, loss, seed_room = list(gain), list(loss), list(seed_room)
    out = []
    for t, s, sd in zip(target, source, is_seed):
        ok = gain[t] > 0 and loss[s] > 0 and (not sd or seed_room[t] > 0)
        if ok:
            gain[t] -= 1
            loss[s] -= 1
            if sd:
                seed_room[t] -= 1
        out.append(ok)
    return np.array(out, dtype=bool)


@pytest.mark.parametrize("seed", range(6))
def test_sweep_gates_equals_sequential_loop(seed):
    rng = np.random.default_rng(seed)
    k, n = 5, 3000
    target = rng.integers(0, k, n)
    source = rng.integers(0, k, n)
    is_seed = rng.random(n) < 0.3
    gain = rng.integers(0, 400, k)
    loss = rng.integers(0, 500, k)
    loss[0] = 10 ** 12                    # an unlimited room
    seed_room = rng.integers(0, 60, k)
    got = cars_rules.sweep_gates(target, source, is_seed, gain, loss, seed_room)
    np.testing.assert_array_equal(got, sequential_sweep(target, source, is_seed, gain, loss,
                                                        seed_room))
    # never overshoots a room
    assert (np.bincount(target[got], minlength=k) <= gain).all()
    assert (np.bincount(source[got], minlength=k) <= loss).all()
    assert (np.bincount(target[got & is_seed], minlength=k) <= seed_room).all()


# ---------------------------------------------------------------------------
# Inputs and feasibility
# ---------------------------------------------------------------------------

def test_reachable_through_classes_that_gain():
    allowed = np.array([[1, 1, 0], [1, 1, 1], [1, 1, 1]], dtype=bool)  # 1 -> 3 forbidden
    # class 1 loses, 2 and 3 gain: 1 -> 2 -> 3 is possible through class 2
    reach = cars_feasibility.reachable(allowed, np.array([-10, 5, 5]))
    assert reach[0, 1] and reach[0, 2]
    # class 2 at its demand: it accepts no cells, so 1 cannot reach 3
    reach = cars_feasibility.reachable(allowed, np.array([-10, 0, 10]))
    assert not reach[0, 2] and not reach[1, 2]


def test_check_feasible_refuses_with_the_reason():
    allowed = np.ones((3, 3), dtype=bool)
    allowed[0, 2] = False
    allowed[1, 2] = False
    gaps = np.array([-10, 0, 10])
    with pytest.raises(LandCarbonError, match=r"(?s)demand for 2030 cannot be met: class 3 "
                       r"\(c\) must gain 10 cells, but at most 0.*transition matrix does not "
                       r"let class\(es\) 1 become 3"):
        cars_feasibility.check_feasible(2030, gaps, [1, 2, 3], ["a", "b", "c"], allowed, None, None)
    # restrictions: class 1 must lose 10 cells but 95 of its 100 are restricted; class 4
    # loses 10 as well, classes 2 and 3 gain 10 each
    free = np.array([5, 50, 50, 100])
    restricted = np.array([95, 0, 0, 0])
    pair = np.array([[0, 5, 5, 0], [0, 0, 50, 0], [0, 50, 0, 0], [0, 100, 100, 0]])
    with pytest.raises(LandCarbonError, match=r"class 1 \(a\) must lose 10 cells, but at most "
                       r"5 .*\(95 of its cells are restricted"):
        cars_feasibility.check_feasible(2030, np.array([-10, 10, 10, -10]), [1, 2, 3, 4],
                                   list("abcd"), np.ones((4, 4), dtype=bool), free, restricted,
                                   pair, np.array([5, 50, 50, 100]))
    # a gaining class that too few cells may become
    with pytest.raises(LandCarbonError, match=r"class 2 \(b\) must gain 10 cells, but at most "
                       r"5 cells of the map at the start of 2030 can become it \(95 of their "
                       r"cells are restricted"):
        cars_feasibility.check_feasible(2030, np.array([-10, 10, 0, 0]), [1, 2, 3, 4],
                                   list("abcd"), np.ones((4, 4), dtype=bool), free, restricted,
                                   pair, np.array([5, 50, 50, 100]))


def test_max_transfer_needs_the_flow_not_only_per_class_counts():
    # 1 and 2 lose 10 each; 3 gains 5, 4 gains 15; 1 may become 3 or 4, 2 only 3. Each
    # class alone is fine, but 2 can give at most 5 (all 3 needs): 15 < 20 cells can move
    gaps = np.array([-10, -10, 5, 15])
    allowed = np.array([[1, 0, 1, 1], [0, 1, 1, 0], [0, 0, 1, 0], [0, 0, 0, 1]], dtype=bool)
    reach = cars_feasibility.reachable(allowed, gaps)
    pair = np.full((4, 4), 1000)
    sources = np.full(4, 1000)
    assert cars_feasibility.max_transfer(gaps, reach, pair, sources) == 15
    with pytest.raises(LandCarbonError, match=r"classes that must lose cells \(1, 2\) cannot "
                       r"give the classes that must gain \(3, 4\) the 20 cells.*1 -> 3, 1 -> 4, "
                       r"2 -> 3"):
        cars_feasibility.check_feasible(2030, gaps, [1, 2, 3, 4], list("abcd"), allowed,
                                   np.full(4, 1000), np.zeros(4, int), pair, sources)


def test_probability_store_in_ram_and_on_disk_agree(tmp_path):
    rng = np.random.default_rng(0)
    blocks = [rng.random((3, m), dtype=np.float32) for m in (5, 0, 7, 4)]
    stores = [ProbabilityStore(3), ProbabilityStore(3, str(tmp_path))]
    for store in stores:
        for b in blocks:
            store.append(b)
        store.finish()
    whole = np.concatenate(blocks, axis=1)
    keep = rng.random(16) < 0.6
    for store in stores:
        np.testing.assert_array_equal(store.read(2, 11), whole[:, 2:11])
        store.compact(keep)
        np.testing.assert_array_equal(store.read(0, store.rows), whole[:, keep])
        store.close()
    assert listdir(tmp_path) == []


# ---------------------------------------------------------------------------
# End-to-end on small rasters
# ---------------------------------------------------------------------------

def write_probabilities(path, prob, codes, descriptions=True):
    write_raster(path, prob.astype(np.float32), nodata=float(np.finfo(np.float32).min))
    if descriptions:
        ds = gdal.Open(str(path), gdal.GA_Update)
        for i, code in enumerate(codes):
            ds.GetRasterBand(i + 1).SetDescription("%d class%d" % (code, code))
        ds = None
    return str(path)


def write_demand(path, rows):
    with open(path, "w") as fh:
        fh.write("year,code,cells\n")
        for year, code, cells in rows:
            fh.write("%d,%d,%d\n" % (year, code, cells))
    return str(path)


def blob_case(folder, size=40, codes=(1, 2, 3)):
    """A map of class 1 with a disc of class 2 and a band of class 3,
    nodata in one corner; P_2 highest near the centre."""
    yy, xx = np.mgrid[0:size, 0:size]
    lu = np.full((size, size), codes[0], np.uint8)
    lu[(xx - size // 3) ** 2 + (yy - size // 3) ** 2 < (size // 6) ** 2] = codes[1]
    lu[yy > size * 0.8] = codes[2]
    lu[:2, :2] = NODATA
    prob = np.zeros((3, size, size), np.float32)
    prob[0] = 0.3
    prob[1] = np.clip(1 - np.hypot(xx - size / 2, yy - size / 2) / size, 0, 1)
    prob[2] = 0.2
    lu_path = write_raster(os.path.join(folder, "lu.tif"), lu, nodata=NODATA)
    p_path = write_probabilities(os.path.join(folder, "prob.tif"), prob, codes)
    counts = {c: int((lu == c).sum()) for c in codes}
    return lu, lu_path, p_path, counts


def run(folder, lu_path, p_path, demand_path, **kw):
    out = os.path.join(folder, "out")
    settings = cars.CarsSettings(**{k: v for k, v in kw.items()
                                    if k in cars.CarsSettings.__dataclass_fields__})
    extra = {k: v for k, v in kw.items() if k not in cars.CarsSettings.__dataclass_fields__}
    progress = extra.pop("progress", None) or Progress()
    result = cars.run_cars(lu_path, p_path, demand_path, os.path.join(out, "sim.tif"),
                           output_log=os.path.join(out, "log.csv"), settings=settings, **extra,
                           progress=progress)
    return result, out, progress


def test_demand_met_exactly_and_class_at_demand_untouched(tmp_path):
    lu, lu_path, p_path, counts = blob_case(str(tmp_path))
    demand = write_demand(tmp_path / "d.csv", [(2030, 1, counts[1] - 150),
                                               (2030, 2, counts[2] + 150),
                                               (2030, 3, counts[3])])
    result, out, progress = run(str(tmp_path), lu_path, p_path, demand, random_seed=4)
    sim = read_raster(os.path.join(out, "sim.tif"))
    assert int((sim == 1).sum()) == counts[1] - 150
    assert int((sim == 2).sum()) == counts[2] + 150
    # the class at its demand neither gains nor loses, cell for cell
    np.testing.assert_array_equal(sim == 3, lu == 3)
    # nodata stays nodata, same grid
    assert (sim[lu == NODATA] == NODATA).all() and sim.shape == lu.shape
    assert result.years[0].stop_reason == "every class meets its demand"
    assert not progress.warnings


def test_log_shows_gates_never_overshoot(tmp_path):
    lu, lu_path, p_path, counts = blob_case(str(tmp_path))
    demand = write_demand(tmp_path / "d.csv", [(2030, 1, counts[1] - 200),
                                               (2030, 2, counts[2] + 120),
                                               (2030, 3, counts[3] + 80)])
    _result, out, _ = run(str(tmp_path), lu_path, p_path, demand, random_seed=2)
    rows = read_csv(os.path.join(out, "log.csv"))
    assert rows[0]["iteration"] == "0" and int(rows[-1]["iteration"]) >= 1
    for r in rows:
        # a growing class never passes its demand (gap >= 0), a shrinking one neither
        assert int(r["gap_cells_2"]) >= 0 and int(r["gap_cells_3"]) >= 0
        assert int(r["gap_cells_1"]) <= 0
        assert sum(int(r["allocated_cells_%d" % c]) for c in (1, 2, 3)) == sum(counts.values())
        assert int(r["allocated_cells_%d" % 1]) + int(r["gap_cells_1"]) == counts[1] - 200
    assert rows[-1]["gap_cells_1"] == rows[-1]["gap_cells_2"] == rows[-1]["gap_cells_3"] == "0"


def test_restricted_cells_never_change(tmp_path):
    lu, lu_path, p_path, counts = blob_case(str(tmp_path))
    rest = np.ones(lu.shape, np.uint8)
    rest[:, :20] = 0                     # the left half may not change
    r_path = write_raster(tmp_path / "rest.tif", rest)
    demand = write_demand(tmp_path / "d.csv", [(2030, 1, counts[1] - 100),
                                               (2030, 2, counts[2] + 100),
                                               (2030, 3, counts[3])])
    _result, out, _ = run(str(tmp_path), lu_path, p_path, demand, random_seed=1,
                          restriction=r_path)
    sim = read_raster(os.path.join(out, "sim.tif"))
    np.testing.assert_array_equal(sim[:, :20], lu[:, :20])
    assert int((sim == 2).sum()) == counts[2] + 100


def test_forbidden_transitions_never_happen(tmp_path):
    # four classes: 1 and 2 lose, 3 and 4 gain; 1 -> 3, 2 -> 4 and the swaps 3 <-> 4 are
    # forbidden, so no cell of class 1 may end as 3 and none of class 2 as 4
    size = 40
    yy, xx = np.mgrid[0:size, 0:size]
    lu = np.where(xx < 20, 1, 2).astype(np.uint8)
    lu[18:22, 18:22] = 3
    lu[5:8, 5:8] = 4
    lu[30:33, 30:33] = 4
    prob = np.full((4, size, size), 0.6, np.float32)
    lu_path = write_raster(tmp_path / "lu.tif", lu)
    p_path = write_probabilities(tmp_path / "p.tif", prob, [1, 2, 3, 4])
    tm = tmp_path / "tm.csv"
    tm.write_text("from/to,1,2,3,4\n1,1,1,0,1\n2,1,1,1,0\n3,1,1,1,0\n4,1,1,0,1\n")
    c = {k: int((lu == k).sum()) for k in (1, 2, 3, 4)}
    demand = write_demand(tmp_path / "d.csv", [(2030, 1, c[1] - 60), (2030, 2, c[2] - 60),
                                               (2030, 3, c[3] + 60), (2030, 4, c[4] + 60)])
    _result, out, progress = run(str(tmp_path), lu_path, p_path, demand, random_seed=3,
                                 transition_matrix=str(tm))
    sim = read_raster(os.path.join(out, "sim.tif"))
    assert not ((lu == 1) & (sim == 3)).any()
    assert not ((lu == 2) & (sim == 4)).any()
    assert [int((sim == k).sum()) for k in (1, 2, 3, 4)] == [c[1] - 60, c[2] - 60, c[3] + 60,
                                                             c[4] + 60]
    assert not progress.warnings


def test_without_seeds_growth_only_from_existing_patches(tmp_path):
    lu, lu_path, p_path, counts = blob_case(str(tmp_path))
    demand = write_demand(tmp_path / "d.csv", [(2030, 1, counts[1] - 200),
                                               (2030, 2, counts[2] + 200),
                                               (2030, 3, counts[3])])
    _result, out, _ = run(str(tmp_path), lu_path, p_path, demand, random_seed=5,
                          seed_percentage=0.0)
    sim = read_raster(os.path.join(out, "sim.tif"))
    # every patch of class 2 (8-connected) holds a cell that was class 2 at the start
    labels, count = ndimage.label(sim == 2, structure=np.ones((3, 3)))
    assert count >= 1
    for patch in range(1, count + 1):
        assert (lu[labels == patch] == 2).any()
    rows = read_csv(os.path.join(out, "log.csv"))
    assert all(r["seed_cells"] == "0" for r in rows)


def test_seeds_start_new_patches(tmp_path):
    # class 2 must grow, its only cell sits in a corner where P_2 = 0; elsewhere P_2 is high:
    # only new seed patches can take the demand
    size = 30
    lu = np.ones((size, size), np.uint8)
    lu[0, 0] = 2
    prob = np.zeros((2, size, size), np.float32)
    prob[0] = 0.2
    prob[1] = 0.9
    prob[1, :3, :3] = 0.0
    lu_path = write_raster(tmp_path / "lu.tif", lu)
    p_path = write_probabilities(tmp_path / "p.tif", prob, [1, 2])
    demand = write_demand(tmp_path / "d.csv", [(2030, 1, size * size - 41), (2030, 2, 41)])
    _result, out, _ = run(str(tmp_path), lu_path, p_path, demand, random_seed=1,
                          seed_percentage=0.05)
    sim = read_raster(os.path.join(out, "sim.tif"))
    assert int((sim == 2).sum()) == 41
    rows = read_csv(os.path.join(out, "log.csv"))
    seeds = [int(r["seed_cells"]) for r in rows]
    gaps = [int(r["gap_cells_2"]) for r in rows]
    assert sum(seeds) >= 1
    # the seed budget of the year is ceil(0.05 * 40) = 2 cells; once the threshold scale
    # 0.5^d is below 0.1 (PACE_SCALE), the pace rule opens ceil(40 / 20) = 2 seeds per
    # iteration (PACE_ITERATIONS 20) less what class 2 gained next to its patches in the
    # previous iteration (converted - seeds: class 2 is the only one that grows)
    room = [int(r["seed_room_cells_2"]) for r in rows]
    used = [int(r["seeds_used_cells_2"]) for r in rows]
    assert room[0] == 2
    for i in range(1, len(rows)):
        assert seeds[i] <= room[i]
        left = max(2 - used[i - 1], 0)
        if 0.5 ** int(rows[i]["decay_step"]) >= 0.1 or i == 1:   # d of iteration i
            assert room[i] == left
        else:
            frontier = int(rows[i - 1]["converted_cells"]) - seeds[i - 1]
            assert room[i] == max(left, min(2, gaps[i - 1]) - frontier, 0)


def _bytes(folder):
    return {name: open(os.path.join(folder, name), "rb").read()
            for name in sorted(os.listdir(folder))}


def test_same_seed_same_bytes_whatever_strip_size_or_memory(tmp_path):
    lu, lu_path, p_path, counts = blob_case(str(tmp_path), size=60)
    demand = write_demand(tmp_path / "d.csv", [(2030, 1, counts[1] - 300),
                                               (2030, 2, counts[2] + 200),
                                               (2030, 3, counts[3] + 100),
                                               (2040, 1, counts[1] - 500),
                                               (2040, 2, counts[2] + 350),
                                               (2040, 3, counts[3] + 150)])
    runs = {}
    for name, kw in {"a": {"threads": 1}, "b": {}, "strips": {"strip_cells": 60 * 7},
                     "disk": {"memory_budget": 0},
                     "threads": {"threads": 3, "chunk_cells": 97, "part_cells": 250},
                     "disk_threads": {"threads": 2, "chunk_cells": 61, "part_cells": 200,
                                      "memory_budget": 0}}.items():
        folder = tmp_path / name
        folder.mkdir()
        _r, out, _ = run(str(folder), lu_path, p_path, demand, random_seed=9, **kw)
        runs[name] = _bytes(out)
    assert runs["a"] == runs["b"]
    assert runs["a"] == runs["disk"]
    # candidate chunks proposed in threads, the gates over several parts: the same bytes
    assert runs["a"] == runs["threads"] == runs["disk_threads"]
    # another strip size writes the GeoTIFF tiles in another order: same pixels, same log
    assert runs["a"]["log.csv"] == runs["strips"]["log.csv"]
    for name in ("sim.tif", "sim_2030.tif"):
        np.testing.assert_array_equal(read_raster(tmp_path / "a" / "out" / name),
                                      read_raster(tmp_path / "strips" / "out" / name))
    assert sorted(runs["a"]) == ["log.csv", "sim.qml", "sim.tif", "sim.tif.aux.xml",
                                 "sim_2030.qml", "sim_2030.tif", "sim_2030.tif.aux.xml"]
    other = tmp_path / "other"
    other.mkdir()
    _r, out, _ = run(str(other), lu_path, p_path, demand, random_seed=10)
    assert _bytes(out)["sim.tif"] != runs["a"]["sim.tif"]


def test_target_years_run_in_sequence(tmp_path):
    lu, lu_path, p_path, counts = blob_case(str(tmp_path))
    demand = write_demand(tmp_path / "d.csv", [(2030, 1, counts[1] - 100),
                                               (2030, 2, counts[2] + 100),
                                               (2030, 3, counts[3]),
                                               (2040, 1, counts[1] - 100),
                                               (2040, 2, counts[2] + 60),
                                               (2040, 3, counts[3] + 40)])
    result, out, _ = run(str(tmp_path), lu_path, p_path, demand, random_seed=1)
    first = read_raster(os.path.join(out, "sim_2030.tif"))
    last = read_raster(os.path.join(out, "sim.tif"))
    assert result.paths == [os.path.join(out, "sim_2030.tif"), os.path.join(out, "sim.tif")]
    assert [int((first == c).sum()) for c in (1, 2, 3)] == [counts[1] - 100, counts[2] + 100,
                                                             counts[3]]
    assert [int((last == c).sum()) for c in (1, 2, 3)] == [counts[1] - 100, counts[2] + 60,
                                                            counts[3] + 40]
    # 2040 starts from 2030: class 1 is already at its 2040 demand there, so its cells
    # do not change between the two maps
    np.testing.assert_array_equal(last == 1, first == 1)


def test_development_zone_attracts_the_development_class(tmp_path):
    size = 40
    yy, xx = np.mgrid[0:size, 0:size]
    lu = np.ones((size, size), np.uint8)
    lu[18:22, :] = 2                     # a horizontal band of class 2 across the map
    prob = np.full((2, size, size), 0.5, np.float32)
    rest = np.ones((size, size), np.uint8)
    rest[:, 20:] = 2                     # the right half is a development zone
    lu_path = write_raster(tmp_path / "lu.tif", lu)
    p_path = write_probabilities(tmp_path / "p.tif", prob, [1, 2])
    r_path = write_raster(tmp_path / "r.tif", rest)
    c1 = int((lu == 1).sum())
    demand = write_demand(tmp_path / "d.csv", [(2030, 1, c1 - 200),
                                               (2030, 2, size * size - c1 + 200)])
    new_right = {}
    for dev in (None, 2):
        folder = tmp_path / ("dev%s" % dev)
        folder.mkdir()
        _r, out, _ = run(str(folder), lu_path, p_path, demand, random_seed=3,
                         restriction=r_path, development_class=dev)
        sim = read_raster(os.path.join(out, "sim.tif"))
        new = (sim == 2) & (lu == 1)
        assert int(new.sum()) == 200
        new_right[dev] = int(new[:, 20:].sum())
    # symmetric map and probabilities: without the zone about half the growth goes right
    assert 60 < new_right[None] < 140
    assert new_right[2] > 170


def test_missed_demand_is_a_warning_with_the_reason(tmp_path):
    lu, lu_path, p_path, counts = blob_case(str(tmp_path))
    demand = write_demand(tmp_path / "d.csv", [(2030, 1, counts[1] - 400),
                                               (2030, 2, counts[2] + 400),
                                               (2030, 3, counts[3])])
    result, out, progress = run(str(tmp_path), lu_path, p_path, demand, random_seed=1,
                                max_iterations=1)
    assert result.years[0].stop_reason == "MAX_ITERATIONS (1) was reached"
    text = " ".join(progress.warnings)
    assert "class 2 (class 2) missed its demand" in text
    assert "could have changed but were not reached" in text and "Raise MAX_ITERATIONS" in text
    # the outputs are written anyway (a warning, not an error)
    assert os.path.exists(os.path.join(out, "sim.tif"))


def test_locked_cells_stop_early_with_a_warning(tmp_path):
    # class 2 must gain 50 cells; only 30 cells of class 1 have P_2 > 0 ... but the
    # up-front check refuses that; here the cells exist but sit beyond a restricted ring
    # around the only patch, and seeds are off: the patch cannot grow
    size = 20
    lu = np.ones((size, size), np.uint8)
    lu[9:11, 9:11] = 2
    rest = np.ones((size, size), np.uint8)
    rest[8:12, 8:12] = 0
    prob = np.full((2, size, size), 0.5, np.float32)
    lu_path = write_raster(tmp_path / "lu.tif", lu)
    p_path = write_probabilities(tmp_path / "p.tif", prob, [1, 2])
    r_path = write_raster(tmp_path / "r.tif", rest)
    demand = write_demand(tmp_path / "d.csv", [(2030, 1, size * size - 4 - 50), (2030, 2, 54)])
    result, out, progress = run(str(tmp_path), lu_path, p_path, demand, random_seed=1,
                                seed_percentage=0.0, restriction=r_path,
                                stall_iterations=3)
    assert result.years[0].stop_reason.startswith("the gap closed by 0 cells in the last 3 ")
    assert any("class 2 (class 2) missed its demand" in w and "12 are restricted" in w
               for w in progress.warnings)
    sim = read_raster(os.path.join(out, "sim.tif"))
    np.testing.assert_array_equal(sim, lu)


def test_cancel_within_an_iteration_writes_nothing(tmp_path):
    lu, lu_path, p_path, counts = blob_case(str(tmp_path))
    demand = write_demand(tmp_path / "d.csv", [(2030, 1, counts[1] - 300),
                                               (2030, 2, counts[2] + 300),
                                               (2030, 3, counts[3])])
    seen = []

    def report(_fraction, message):
        seen.append(message or "")

    def cancelled():                     # cancel in the middle of iteration 3
        return any(m.startswith("2030: iteration 3 ") for m in seen)

    with pytest.raises(Cancelled):
        run(str(tmp_path), lu_path, p_path, demand, random_seed=1,
            progress=Progress(report=report, cancelled=cancelled))
    assert not any(m.startswith("2030: iteration 4 ") for m in seen)
    assert listdir(tmp_path / "out") == []


def test_expansion_weights_are_shares_of_gained_cells(tmp_path):
    start = np.array([[1, 1, 2, 2], [1, 1, 2, 3], [3, 3, 3, 3]], np.uint8)
    end = np.array([[1, 2, 2, 2], [3, 1, 2, 2], [3, 3, 1, 3]], np.uint8)
    # gained: class 1 one cell ((2,2)), class 2 two ((0,1), (1,3)), class 3 one ((1,0))
    from landcarbon.core.common.landmap import open_landuse
    s = open_landuse(write_raster(tmp_path / "s.tif", start))
    e = open_landuse(write_raster(tmp_path / "e.tif", end))
    weights, gained = cars_inputs.expansion_weights(s, e, [1, 2, 3], Progress())
    np.testing.assert_array_equal(gained, [1, 2, 1])
    np.testing.assert_allclose(weights, [0.25, 0.5, 0.25])


def test_probability_bands_by_description_or_order(tmp_path):
    prob = np.full((3, 4, 4), 0.5, np.float32)
    p = write_raster(tmp_path / "p.tif", prob)
    ds = gdal.Open(p, gdal.GA_Update)
    for i, text in enumerate(["7 wetland", "1 forest", "3 town"]):
        ds.GetRasterBand(i + 1).SetDescription(text)
    ds = None
    bands, _ = cars_inputs.probability_bands(p, "P", [1, 3], Progress())
    assert bands == [2, 3]
    with pytest.raises(LandCarbonError, match=r"no probability band for land-use class\(es\) 2"):
        cars_inputs.probability_bands(p, "P", [1, 2, 3], Progress())
    plain = write_raster(tmp_path / "plain.tif", prob)
    assert cars_inputs.probability_bands(plain, "P", [4, 5, 6], Progress())[0] == [1, 2, 3]
    with pytest.raises(LandCarbonError, match="has 3 band.*map has 2 classes"):
        cars_inputs.probability_bands(plain, "P", [4, 5], Progress())


def test_year_output_paths_name_earlier_years_beside_the_last():
    from landcarbon.core.cars.simulate import year_output_paths
    assert year_output_paths("/o/sim.tif", [2030, 2040]) == ["/o/sim_2030.tif", "/o/sim.tif"]
    assert year_output_paths("/o/sim_2040.tif", [2030, 2040]) == ["/o/sim_2030.tif",
                                                                  "/o/sim_2040.tif"]


# ---------------------------------------------------------------------------
# The whole CA against the slow per-cell reference (tests/cars_reference.py)
# ---------------------------------------------------------------------------

def _random_case(rng, size, k):
    """Patchy classes (blocks of 3 x 3 cells), random probabilities with some
    exact zeros, a nodata corner."""
    blocks = rng.integers(0, k, (size // 3 + 1, size // 3 + 1))
    lu = np.kron(blocks, np.ones((3, 3), int))[:size, :size].astype(np.uint8)
    lu[:2, :3] = k                                   # nodata (index K)
    prob = rng.random((k, size, size)).astype(np.float32)
    prob[rng.random((k, size, size)) < 0.15] = 0.0
    return lu, prob


def _against_reference(folder, lu, prob, target, weights, allowed=None, restricted=None,
                       seed=11, **options):
    """Run the case (class indices, K = nodata) through the per-cell reference
    and through run_cars; assert the same map and iteration count. Returns
    (simulated class indices, CarsResult, Progress)."""
    import cars_reference
    k = prob.shape[0]
    codes = list(range(1, k + 1))
    allowed = np.ones((k, k), bool) if allowed is None else allowed
    restricted = np.zeros(lu.shape, bool) if restricted is None else restricted
    settings = cars.CarsSettings()
    expected, iterations = cars_reference.simulate(
        lu, prob, target, allowed, weights, year=2030, seed=seed,
        seed_share=options.get("seed_percentage", settings.seed_percentage),
        tolerance=options.get("gain_tolerance", settings.gain_tolerance),
        stall=options.get("stall_iterations", settings.stall_iterations),
        pace=options.get("pace_iterations", settings.pace_iterations),
        progress_share=options.get("progress_share", settings.progress_share),
        max_iterations=options.get("max_iterations", settings.max_iterations),
        restricted=restricted)
    lu_codes = np.where(lu == k, NODATA, lu + 1).astype(np.uint8)
    lu_path = write_raster(folder / "lu.tif", lu_codes, nodata=NODATA)
    p_path = write_probabilities(folder / "p.tif", prob, codes)
    demand = write_demand(folder / "d.csv", [(2030, codes[j], int(target[j])) for j in range(k)])
    tm = folder / "tm.csv"
    tm.write_text("from/to,%s\n" % ",".join(map(str, codes)) + "".join(
        "%d,%s\n" % (codes[i], ",".join(str(int(v)) for v in allowed[i])) for i in range(k)))
    w = folder / "w.csv"
    w.write_text("code,weight\n" + "".join("%d,%r\n" % (c, float(x))
                                             for c, x in zip(codes, weights)))
    extra = {}
    if restricted.any():
        extra["restriction"] = write_raster(folder / "r.tif",
                                            np.where(restricted, 0, 1).astype(np.uint8))
    result, out, progress = run(str(folder), lu_path, p_path, demand, random_seed=seed,
                                transition_matrix=str(tm), weights=str(w), **options, **extra)
    sim = read_raster(os.path.join(out, "sim.tif"))
    np.testing.assert_array_equal(sim, np.where(expected == k, NODATA, expected + 1))
    assert result.years[0].iterations == iterations
    return np.where(sim == NODATA, k, sim.astype(np.int64) - 1), result, progress


@pytest.mark.parametrize("case", ["net", "swaps and seeds", "two-way flows", "forbidden",
                                  "restricted and stalled"])
def test_cars_equals_the_per_cell_reference(tmp_path, case):
    rng = np.random.default_rng(["net", "swaps and seeds", "two-way flows", "forbidden",
                                 "restricted and stalled"].index(case))
    k, size = 4, 18
    lu, prob = _random_case(rng, size, k)
    counts = np.array([(lu == c).sum() for c in range(k)])
    allowed = np.ones((k, k), bool)
    restricted = np.zeros(lu.shape, bool)
    options = dict(seed_percentage=0.01)
    if case == "net":
        target = counts + np.array([-30, 20, 10, 0])
    elif case == "swaps and seeds":
        target = counts + np.array([-25, 15, 10, 0])
        options = dict(seed_percentage=0.2)
        prob[1] = np.where(prob[1] > 0, 0.95, 0.0)   # class 2 grows fast, also by seeds
    elif case == "two-way flows":
        target = counts + np.array([-40, -30, 40, 30])
        options = dict(gain_tolerance=0.2, seed_percentage=0.05)
    elif case == "forbidden":
        target = counts + np.array([-20, -10, 10, 20])     # 3 only from 2, 4 only from 1
        allowed[0, 2] = allowed[1, 3] = allowed[3, 2] = allowed[2, 3] = False
    else:
        target = counts + np.array([-30, 30, 0, 0])
        restricted[:, : size // 2] = True
        prob[1, :, size // 2:][lu[:, size // 2:] == 0] = 0.0   # free class-1 cells cannot become 2
        options = dict(seed_percentage=0.0, stall_iterations=3)
    sim, result, _ = _against_reference(tmp_path, lu, prob, target, np.array([0.6, 0.9, 0.3, 0.5]),
                                         allowed, restricted, **options)
    if case != "restricted and stalled":
        assert [int((sim == c).sum()) for c in range(k)] == [int(t) for t in target]
    else:
        assert result.years[0].shortfall[1] > 0       # the stalled case misses its demand


# ---------------------------------------------------------------------------
# Convergence (issue 20): no drain, pace, the rate-of-progress stop
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("name,value,match", [
    ("pace_iterations", -1, "PACE_ITERATIONS is -1; it must be a whole number >= 0"),
    ("pace_iterations", 2.5, "PACE_ITERATIONS is 2.5"),
    ("stall_iterations", 0, "STALL_ITERATIONS is 0; it must be a whole number >= 1"),
    ("progress_share", 1.5, "PROGRESS_SHARE is 1.5; it must be between 0 and 1")])
def test_pace_and_progress_settings_are_checked(name, value, match):
    with pytest.raises(LandCarbonError, match=match):
        cars_inputs.check_parameters(cars.CarsSettings(**{name: value}))


def _patches(rng, size, shares, block=4):
    """Classes in square patches of ``block`` cells drawn with ``shares``."""
    cells = rng.choice(len(shares), (size // block + 1, size // block + 1), p=shares)
    return np.kron(cells, np.ones((block, block), int))[:size, :size].astype(np.uint8)


def test_growing_classes_of_zero_or_tiny_probability_are_never_drained(tmp_path):
    """Classes 3 (P = 0) and 4 (P = 0.002) must grow by 30 and 10, class 2 (high
    P) a lot, class 1 gives. Cells of 3 and 4 next to class 2 propose to
    become 2 (a swap between two classes below their demand); PLUS would let
    them go without limit. Neither may end below its start: class 3 can gain
    nothing (it keeps exactly its start, its shortfall diagnosed), class 4
    reaches its demand. (CARS 0.2 left class 3 with 77 of its 96 cells.)"""
    rng = np.random.default_rng(20)
    size = 24
    lu = _patches(rng, size, [0.55, 0.15, 0.15, 0.15])
    prob = np.stack([np.full((size, size), 0.3), 0.5 + 0.5 * rng.random((size, size)),
                     np.zeros((size, size)), np.full((size, size), 0.002)]).astype(np.float32)
    start = np.array([(lu == c).sum() for c in range(4)])
    target = start + np.array([-100, 60, 30, 10])
    sim, result, progress = _against_reference(tmp_path, lu, prob, target,
                                               np.array([0.5, 0.9, 0.5, 0.5]))
    end = np.array([(sim == c).sum() for c in range(4)])
    assert end[2] == start[2] and (sim == 2)[lu == 2].all()       # P = 0: untouched
    assert end[3] >= start[3] and end[3] == target[3]             # tiny P: met
    assert end[1] == target[1]
    assert any("class 3 (class 3) missed its demand" in w and "probability 0" in w
               for w in progress.warnings)


def test_half_of_the_map_changes_within_100_iterations(tmp_path):
    """800 of 1600 cells change class (class 1 -> 2 and 3) with modest
    probabilities and a small weight for class 2: growth next to the patches
    alone is slow, the pace rules (seeds, D_k) finish it within 100
    iterations with the demand met (22); PLUS's own rules (PACE_ITERATIONS
    0) close 6 cells in 10 iterations after 20 and stop far from it."""
    rng = np.random.default_rng(50)
    size = 40
    lu = _patches(rng, size, [0.85, 0.1, 0.05])
    prob = np.stack([np.full((size, size), 0.2), 0.1 * rng.random((size, size)),
                     0.3 * rng.random((size, size))]).astype(np.float32)
    start = np.array([(lu == c).sum() for c in range(3)])
    target = start + np.array([-800, 700, 100])
    sim, result, _ = _against_reference(tmp_path, lu, prob, target, np.array([0.5, 0.01, 0.2]))
    assert result.years[0].iterations <= 100
    assert [int((sim == c).sum()) for c in range(3)] == list(target)
    slow = tmp_path / "plus"
    slow.mkdir()
    plus, _out, _ = run(str(slow), str(tmp_path / "lu.tif"), str(tmp_path / "p.tif"),
                        str(tmp_path / "d.csv"), random_seed=11, weights=str(tmp_path / "w.csv"),
                        pace_iterations=0, max_iterations=100)
    assert plus.years[0].failed


def test_a_slowly_closing_gap_stops_on_the_rate_of_progress(tmp_path):
    """Class 2 must gain 400 cells, but only 150 cells may become it, with
    P_2 = 0.01 and weight 0 (new seeds only): about 1.5 cells per iteration.
    The run stops on the rate of progress (less than 5 % of the gap closed
    in 10 iterations) long before MAX_ITERATIONS, and the shortfall is
    diagnosed."""
    size = 30
    lu = np.zeros((size, size), np.uint8)
    lu[:3, :3] = 1
    prob = np.zeros((2, size, size), np.float32)
    prob[0] = 0.5
    prob[1, 15:25, 10:25] = 0.01
    start = np.array([(lu == c).sum() for c in range(2)])
    target = start + np.array([-400, 400])
    sim, result, progress = _against_reference(tmp_path, lu, prob, target, np.array([1.0, 0.0]))
    year = result.years[0]
    assert year.stop_reason.startswith("the gap closed by ")
    assert "too slow" in year.stop_reason
    assert year.iterations <= 60
    gained = int((sim == 1).sum()) - start[1]
    assert 0 < gained < 150
    assert any("class 2 (class 2) missed its demand" in w and "not reached" in w
               for w in progress.warnings)


# ---------------------------------------------------------------------------
# Seed ensembles
# ---------------------------------------------------------------------------

def test_ensemble_frequency_mode_and_median_run(tmp_path):
    """RUNS = 4: the change frequency and the most frequent class equal a
    count over four single runs with the same seeds; the median run is the
    one that agrees most with the most frequent classes; same inputs, same
    bytes."""
    lu, lu_path, p_path, counts = blob_case(str(tmp_path))
    demand = write_demand(tmp_path / "d.csv", [(2030, 1, counts[1] - 150),
                                               (2030, 2, counts[2] + 100),
                                               (2030, 3, counts[3] + 50),
                                               (2040, 1, counts[1] - 250),
                                               (2040, 2, counts[2] + 180),
                                               (2040, 3, counts[3] + 70)])
    singles = {}
    for seed in range(5, 9):
        folder = tmp_path / ("single%d" % seed)
        folder.mkdir()
        _r, out, _ = run(str(folder), lu_path, p_path, demand, random_seed=seed)
        singles[seed] = {2030: read_raster(os.path.join(out, "sim_2030.tif")),
                         2040: read_raster(os.path.join(out, "sim.tif"))}
    outputs = {}
    for name in ("a", "b"):
        out = tmp_path / name
        settings = cars.CarsSettings(random_seed=5, runs=4)
        result = cars.run_cars(lu_path, p_path, demand, str(out / "sim.tif"), settings=settings,
                               output_log=str(out / "log.csv"),
                               output_frequency=str(out / "freq.tif"),
                               output_mode=str(out / "mode.tif"),
                               output_ensemble=str(out / "runs.csv"), progress=Progress())
        outputs[name] = _bytes(out)
    assert outputs["a"] == outputs["b"]
    assert sorted(outputs["a"]) == sorted(
        ["log.csv", "runs.csv", "sim.qml", "sim.tif", "sim.tif.aux.xml", "sim_2030.qml",
         "sim_2030.tif", "sim_2030.tif.aux.xml", "freq.qml", "freq.tif", "freq_2030.qml",
         "freq_2030.tif", "mode.qml", "mode.tif", "mode.tif.aux.xml", "mode_2030.qml",
         "mode_2030.tif", "mode_2030.tif.aux.xml"])
    out = tmp_path / "a"
    valid = lu != NODATA
    agreement = {}
    for year, suffix in ((2030, "_2030"), (2040, "")):
        maps = np.stack([singles[s][year] for s in range(5, 9)])
        changed = ((maps != lu[None]) & valid[None]).sum(axis=0)
        freq = read_raster(out / ("freq%s.tif" % suffix))
        np.testing.assert_array_equal(freq[valid], changed[valid])
        assert (freq[~valid] == 65535).all()
        votes = np.stack([(maps == c).sum(axis=0) for c in (1, 2, 3)])
        mode = read_raster(out / ("mode%s.tif" % suffix))
        for y, x in zip(*np.nonzero(valid)):
            best = votes[:, y, x].max()
            tied = [c for c in (1, 2, 3) if votes[c - 1, y, x] == best]
            assert mode[y, x] == (lu[y, x] if lu[y, x] in tied else min(tied))
        agreement[year] = [int(((maps[r] == mode) & valid).sum()) for r in range(4)]
    median = int(np.argmax(agreement[2040]))
    assert result.seed == 5 + median
    np.testing.assert_array_equal(read_raster(out / "sim.tif"), singles[5 + median][2040])
    np.testing.assert_array_equal(read_raster(out / "sim_2030.tif"), singles[5 + median][2030])
    rows = read_csv(out / "runs.csv")
    assert [int(r["agreement_with_mode_cells"]) for r in rows if r["year"] == "2040"] == \
        agreement[2040]
    assert not [n for n in os.listdir(out) if n.startswith(".")]      # work folder removed
