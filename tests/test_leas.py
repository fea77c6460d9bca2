"""core.leas: sampling, normalisation, forests, probabilities, contributions and
model files (docs/leas.md).

Synthetic maps with a planted relationship: changed cells become class 2 where
driver A is high (east) and class 4 where it is low; driver B is noise. Expected
values come from the construction of the data, from hand computations of the
contribution formula, and from a second implementation inside the tests
(numpy normalisation + scikit-learn's predict_proba).
"""

import math
import os
import sys

import numpy as np
import pytest
from helpers import listdir, read_csv, write_raster
from osgeo import gdal

from landcarbon.core import leas
from landcarbon.core.common import random, raster
from landcarbon.core.common.errors import GridMismatchError, LandCarbonError
from landcarbon.core.common.landmap import ClassIndex, open_landuse_set
from landcarbon.core.common.progress import Progress
from landcarbon.core.leas import predict as leas_predict

ND = raster.FLOAT32_NODATA


def write_stack(path, bands, names, nodata=-9999.0):
    write_raster(path, np.stack(bands).astype(np.float32), nodata=nodata)
    ds = gdal.Open(str(path), gdal.GA_Update)
    for i, name in enumerate(names):
        ds.GetRasterBand(i + 1).SetDescription(name)
    ds = None
    return str(path)


class Planted:
    """Start / end maps and drivers A (west -> east gradient) and B (noise)."""

    def __init__(self, folder, rows=60, cols=80, seed=0, share=0.4, extra=None):
        rng = np.random.default_rng(seed)
        self.A = np.tile(np.linspace(0.0, 100.0, cols), (rows, 1)).astype(np.float32)
        self.B = rng.random((rows, cols)).astype(np.float32) * 10
        start = np.ones((rows, cols), np.uint8)
        start[:, :4] = 3
        change = rng.random((rows, cols)) < share
        end = start.copy()
        end[change & (self.A > 50)] = 2
        end[change & (self.A <= 50)] = 4
        if extra is not None:
            extra(start, end)
        start[0, :3] = 255
        end[0, :3] = 255
        self.start_array, self.end_array = start, end
        os.makedirs(folder, exist_ok=True)
        self.start = write_raster(os.path.join(folder, "start.tif"), start, nodata=255)
        self.end = write_raster(os.path.join(folder, "end.tif"), end, nodata=255)
        self.stack = write_stack(os.path.join(folder, "drivers.tif"), [self.A, self.B],
                                 ["A", "B"])

    @property
    def expansion_mask(self):
        s, e = self.start_array, self.end_array
        return (s != e) & (s != 255) & (e != 255)


def outputs(folder):
    return dict(output_contributions=os.path.join(folder, "contrib.csv"),
                output_chart=os.path.join(folder, "contrib.png"),
                output_accuracy=os.path.join(folder, "accuracy.csv"),
                output_model=os.path.join(folder, "model.leas"))


def read_bands(path):
    ds = gdal.Open(str(path))
    return ([ds.GetRasterBand(b).GetDescription() for b in range(1, ds.RasterCount + 1)],
            np.stack([ds.GetRasterBand(b).ReadAsArray() for b in range(1, ds.RasterCount + 1)]))


def sample_of(p, rate=0.1, balanced=False, seed=5, single=False):
    start, end = open_landuse_set([p.start, p.end], ["start", "end"], Progress())
    if single:
        start = None
    drivers = leas.open_drivers([p.stack])
    codes = sorted((set(np.unique(p.start_array)) | set(np.unique(p.end_array))) - {255})
    index = ClassIndex(codes)
    expansion = leas.expansion_counts(start, end, index, Progress())
    plan = leas.plan_sample(expansion, rate, balanced, seed)
    return codes, expansion, leas.collect_sample(start, end, drivers, index, plan, Progress())


# ---------------------------------------------------------------------------
# sampling
# ---------------------------------------------------------------------------

def test_expansion_counts_and_sample_of_expansion_cells_only(tmp_path):
    p = Planted(tmp_path)
    codes, expansion, sample = sample_of(p, rate=0.1)
    mask = p.expansion_mask
    # expansion per class, counted with numpy on the whole arrays
    assert list(expansion) == [int((mask & (p.end_array == c)).sum()) for c in codes]
    picked = drawn_cells(mask, 0.1, 5)
    np.testing.assert_array_equal(sample.cells, picked)              # the rule, in raster order
    assert abs(picked.size - 0.1 * mask.sum()) < 3 * math.sqrt(0.1 * 0.9 * mask.sum())
    assert mask[sample.rows, sample.cols].all()                      # expansion cells only
    assert len(set(zip(sample.rows.tolist(), sample.cols.tolist()))) == len(sample.rows)
    np.testing.assert_array_equal(np.array(codes)[sample.labels],
                                  p.end_array[sample.rows, sample.cols])
    np.testing.assert_array_equal(sample.values[:, 0], p.A[sample.rows, sample.cols])
    np.testing.assert_array_equal(sample.values[:, 1], p.B[sample.rows, sample.cols])
    assert sample.study_cells == int((p.end_array != 255).sum())


def test_sample_does_not_depend_on_strips(tmp_path, monkeypatch):
    p = Planted(tmp_path)
    _c, _e, whole = sample_of(p)
    monkeypatch.setattr(raster, "strip_rows", lambda grid, block_rows=1, max_cells=0: 7)
    _c, _e, strips = sample_of(p)
    np.testing.assert_array_equal(whole.rows, strips.rows)
    np.testing.assert_array_equal(whole.cols, strips.cols)
    _c, _e, other = sample_of(p, seed=6)
    assert not np.array_equal(whole.rows * 1000 + whole.cols, other.rows * 1000 + other.cols)


def test_sample_is_uniform_over_expansion_cells(tmp_path):
    # each expansion cell is drawn with probability rate: over 200 seeds the
    # count per cell is Binomial(200, 0.1); its mean over cells is 20
    p = Planted(tmp_path, rows=20, cols=30)
    counts = np.zeros(p.end_array.shape)
    for seed in range(200):
        _c, _e, s = sample_of(p, rate=0.1, seed=seed)
        np.add.at(counts, (s.rows, s.cols), 1)
    chosen = counts[p.expansion_mask]
    assert chosen.mean() == pytest.approx(20, abs=0.5)
    assert chosen.std() < 2 * math.sqrt(200 * 0.1 * 0.9)
    assert counts[~p.expansion_mask].sum() == 0


def test_balanced_sample_has_equal_counts_or_all_cells(tmp_path):
    def rare(start, end):
        end[30:34, 10:15] = 5        # 20 cells become class 5
    p = Planted(tmp_path, extra=rare)
    codes, expansion, sample = sample_of(p, rate=0.2, balanced=True)
    mask = p.expansion_mask
    per_class = 0.2 * mask.sum() / 3         # 3 classes expanded: 2, 4, 5
    # each class's cells with probability per_class / E_k (at most 1)
    rate = np.zeros(mask.shape)
    for c in (2, 4, 5):
        mine = mask & (p.end_array == c)
        rate[mine] = min(1.0, per_class / mine.sum())
    np.testing.assert_array_equal(sample.cells, drawn_cells(mask, rate[mask], 5))
    counts = {c: int((np.array(codes)[sample.labels] == c).sum()) for c in (2, 4, 5)}
    assert counts[5] == 20                   # fewer than per_class: all of them
    for c in (2, 4):
        assert abs(counts[c] - per_class) < 3 * math.sqrt(per_class)
    assert mask[sample.rows, sample.cols].all()


def test_single_map_mode_samples_every_valid_cell(tmp_path):
    p = Planted(tmp_path)
    codes, expansion, sample = sample_of(p, rate=0.05, single=True)
    valid = p.end_array != 255
    assert list(expansion) == [int((p.end_array == c).sum()) for c in codes]
    np.testing.assert_array_equal(sample.cells, drawn_cells(valid, 0.05, 5))
    assert valid[sample.rows, sample.cols].all()
    assert not p.expansion_mask[sample.rows, sample.cols].all()     # unchanged cells too


def test_normalise_by_hand():
    values = np.array([2.0, 4.0, 6.0, 10.0, -9999.0])
    valid = values != -9999.0
    np.testing.assert_allclose(leas.normalise(values, valid, 2.0, 10.0),
                               [0.0, 0.25, 0.5, 1.0, 0.0])
    np.testing.assert_array_equal(leas.normalise(values, valid, 3.0, 3.0), np.zeros(5))
    assert leas.normalise(values, valid, 2.0, 10.0).dtype == np.float32


# ---------------------------------------------------------------------------
# contributions
# ---------------------------------------------------------------------------

def test_contributions_hand_computed_single_driver_matters():
    X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [0.0, 0.0]])
    y = np.array([1.0, 0.0, 1.0, 0.0])
    c = leas.permutation_contributions(lambda d: d[:, 0], X, y,
                                       [np.array([1, 0, 2, 3]), np.array([3, 2, 1, 0])])
    # r0 = 0; permuted column 0 = [0, 1, 1, 0]: errors -1, 1, 0, 0 -> sqrt(2/4)
    assert c.r0 == 0.0
    assert c.r == pytest.approx([math.sqrt(0.5), 0.0])
    assert c.shares == pytest.approx([1.0, 0.0])


def test_contributions_hand_computed_two_drivers():
    X = np.array([[1.0, 1.0], [0.0, 0.0], [1.0, 0.0], [0.0, 1.0]])
    y = np.array([1.0, 0.0, 1.0, 0.0])
    predict = lambda d: 0.5 * d[:, 0] + 0.5 * d[:, 1]   # noqa: E731
    c = leas.permutation_contributions(predict, X, y,
                                       [np.array([3, 2, 1, 0]), np.array([1, 0, 2, 3])])
    # p = 1, 0, .5, .5 -> errors 0, 0, -.5, .5 -> r0 = sqrt(.125); column 0 reversed
    # (0, 1, 0, 1): p = .5, .5, 0, 1 -> errors -.5, .5, -1, 1 -> r_0 = sqrt(.625);
    # column 1 with rows 0 and 1 swapped (0, 1, 0, 1): p = .5 everywhere -> r_1 = .5
    r0, r_a, r_b = math.sqrt(0.125), math.sqrt(0.625), 0.5
    assert c.r0 == pytest.approx(r0)
    assert c.r == pytest.approx([r_a, r_b])
    total = (r_a - r0) + (r_b - r0)
    assert c.shares == pytest.approx([(r_a - r0) / total, (r_b - r0) / total])
    assert sum(c.shares) == pytest.approx(1.0)


def test_contributions_clamp_negative_gains_and_all_zero():
    X = np.array([[0.0], [1.0]])
    y = np.array([1.0, 0.0])
    c = leas.permutation_contributions(lambda d: d[:, 0], X, y, [np.array([1, 0])])
    assert c.r0 == 1.0 and c.r == [0.0]
    assert c.shares == [0.0]
    assert "all contributions are 0" in c.note


def test_contributions_of_a_real_forest_against_a_second_implementation():
    rng = np.random.default_rng(2)
    X = rng.random((300, 3)).astype(np.float32)
    y = (X[:, 1] + 0.2 * rng.random(300) > 0.6).astype(np.int64)
    forest = leas.fit_forest(X, y, 10, 0, 7, 2)
    perms = [rng.permutation(300) for _j in range(3)]
    got = leas.permutation_contributions(
        lambda d: leas.predict_threaded([forest], d, None, 1)[0], X, y.astype(float), perms)
    # second implementation: sklearn directly, numpy RMSE, the formula
    def rmse(data):
        return math.sqrt(np.mean((forest.predict_proba(data)[:, 1] - y) ** 2))
    r0 = rmse(X)
    r = []
    for j in range(3):
        Xp = X.copy()
        Xp[:, j] = X[perms[j], j]
        r.append(rmse(Xp))
    gains = [max(v - r0, 0) for v in r]
    assert got.r0 == pytest.approx(r0)
    assert got.shares == pytest.approx([g / sum(gains) for g in gains])
    assert int(np.argmax(got.shares)) == 1


# ---------------------------------------------------------------------------
# training and prediction
# ---------------------------------------------------------------------------

def test_planted_relationship(tmp_path):
    p = Planted(tmp_path / "in")
    out = tmp_path / "out"
    progress = Progress()
    model, summary = leas.run_leas(p.start, p.end, [p.stack], str(out / "prob.tif"),
                                   settings=leas.LeasSettings(sampling_rate=0.2, seed=3),
                                   **outputs(out), progress=progress)
    names, prob = read_bands(out / "prob.tif")
    assert names == ["1 class 1", "2 class 2", "3 class 3", "4 class 4"]
    valid = p.end_array != 255
    assert (prob[:, ~valid] == ND).all()
    assert ((prob[:, valid] >= 0) & (prob[:, valid] <= 1)).all()
    east, west = p.A > 60, p.A < 40
    assert prob[1][valid & east].mean() > 0.9 and prob[1][valid & west].mean() < 0.1
    assert prob[3][valid & west].mean() > 0.9 and prob[3][valid & east].mean() < 0.1
    # classes 1 and 3 never expanded: P = 0 and a warning each
    assert (prob[0][valid] == 0).all() and (prob[2][valid] == 0).all()
    assert sum("did not expand" in w for w in progress.warnings) == 2
    rows = {r["code"]: r for r in read_csv(out / "contrib.csv")}
    assert rows["1"]["A"] == "" and "no expansion" in rows["1"]["note"]
    for code in ("2", "4"):
        assert float(rows[code]["A"]) > float(rows[code]["B"])
        assert float(rows[code]["A"]) + float(rows[code]["B"]) == pytest.approx(1.0)
    accuracy = {r["code"]: r for r in read_csv(out / "accuracy.csv")}
    n = drawn_cells(p.expansion_mask, 0.2, 3).size
    assert int(accuracy["2"]["sample_cells"]) == n == int(accuracy["4"]["sample_cells"])
    # one shared sample: every sampled cell is a positive of exactly one class
    assert int(accuracy["2"]["positive_cells"]) + int(accuracy["4"]["positive_cells"]) == n
    assert int(accuracy["2"]["positive_cells"]) + int(accuracy["2"]["negative_cells"]) == n
    assert float(accuracy["2"]["oob_accuracy"]) > 0.9
    assert summary.valid_cells == int(valid.sum())
    assert sorted(listdir(out)) == ["accuracy.csv", "contrib.csv", "contrib.png", "model.leas",
                                    "prob.qml", "prob.tif"]


def test_probability_is_predict_proba_of_independently_normalised_drivers(tmp_path):
    p = Planted(tmp_path / "in")
    model, _s = leas.run_leas(p.start, p.end, [p.stack], str(tmp_path / "prob.tif"),
                              settings=leas.LeasSettings(sampling_rate=0.2, seed=3))
    _names, prob = read_bands(tmp_path / "prob.tif")
    valid = p.end_array != 255
    features = np.column_stack([
        (p.A[valid] - p.A.min()) / (p.A.max() - p.A.min()),
        (p.B[valid] - p.B.min()) / (p.B.max() - p.B.min())]).astype(np.float32)
    for k, _code in enumerate(model.codes):
        forest = model.forests[k]
        if forest is None:
            continue
        expected = forest.predict_proba(features)[:, list(forest.classes_).index(1)]
        np.testing.assert_allclose(prob[k][valid], expected.astype(np.float32), rtol=0, atol=0)


@pytest.mark.parametrize("leaf, weighted", [(1, False), (5, True)])
def test_positive_probability_is_predict_proba_bit_for_bit(leaf, weighted):
    from sklearn.ensemble import RandomForestClassifier
    rng = np.random.default_rng(4)
    X = rng.random((3000, 3), dtype=np.float32)
    y = ((X[:, 0] + 0.3 * rng.random(3000)) > 0.8).astype(int)
    forest = RandomForestClassifier(n_estimators=15, min_samples_leaf=leaf, random_state=2)
    forest.fit(X, y, sample_weight=rng.random(3000) + 0.5 if weighted else None)
    grid = rng.random((20000, 3), dtype=np.float32)
    expected = forest.predict_proba(grid)[:, 1]
    got = leas.forests.positive_probability(forest, grid)
    assert got.dtype == np.float64 and np.array_equal(got, expected)
    only = RandomForestClassifier(n_estimators=3, random_state=0).fit(X, np.ones(3000, int))
    assert np.array_equal(leas.forests.positive_probability(only, grid), np.ones(20000))
    never = RandomForestClassifier(n_estimators=3, random_state=0).fit(X, np.zeros(3000, int))
    assert np.array_equal(leas.forests.positive_probability(never, grid), np.zeros(20000))


def noisy(start, end):
    """Give a fifth of the changed cells a random class, so that the forests
    (and so the seed) matter."""
    rng = np.random.default_rng(11)
    flip = (end != start) & (rng.random(end.shape) < 0.2)
    end[flip] = rng.choice([2, 4], size=int(flip.sum()))


def test_same_seed_gives_identical_files_whatever_the_threads(tmp_path):
    p = Planted(tmp_path / "in", extra=noisy)
    for name, threads, seed in (("a", 1, 9), ("b", 2, 9), ("c", 2, 10)):
        leas.run_leas(p.start, p.end, [p.stack], str(tmp_path / name / "prob.tif"),
                      settings=leas.LeasSettings(sampling_rate=0.3, seed=seed, threads=threads))
    a, b, c = (open(tmp_path / n / "prob.tif", "rb").read() for n in "abc")
    assert a == b
    assert a != c


def test_prediction_windows_cover_the_grid_once():
    grid = raster.Grid(1000, 700, (0, 1, 0, 0, 0, -1), "")
    for cells in (1 << 20, 5000):
        seen = np.zeros((700, 1000), np.int32)
        old = leas_predict.PREDICT_CELLS
        leas_predict.PREDICT_CELLS = cells
        try:
            windows = leas.prediction_windows(grid)
        finally:
            leas_predict.PREDICT_CELLS = old
        for w in windows:
            seen[w.y0:w.y0 + w.rows, w.x0:w.x0 + w.cols] += 1
            assert w.y0 % 256 == 0 and w.x0 % 256 == 0
        assert (seen == 1).all()
    assert len(windows) > 3


def test_small_windows_give_the_same_probabilities(tmp_path, monkeypatch):
    p = Planted(tmp_path / "in", rows=300, cols=600, share=0.05)
    leas.run_leas(p.start, p.end, [p.stack], str(tmp_path / "a.tif"),
                  settings=leas.LeasSettings(sampling_rate=0.05, seed=2))
    monkeypatch.setattr(leas_predict, "PREDICT_CELLS", 3000)
    assert len(leas.prediction_windows(raster.open_band(p.end).grid)) == 6
    leas.run_leas(p.start, p.end, [p.stack], str(tmp_path / "b.tif"),
                  settings=leas.LeasSettings(sampling_rate=0.05, seed=2))
    np.testing.assert_array_equal(read_bands(tmp_path / "a.tif")[1],
                                  read_bands(tmp_path / "b.tif")[1])


def test_single_map_mode(tmp_path):
    p = Planted(tmp_path / "in")
    model, _s = leas.run_leas(None, p.end, [p.stack], str(tmp_path / "prob.tif"),
                              settings=leas.LeasSettings(sampling_rate=0.1, seed=1))
    assert model.settings["single_map"] is True
    assert all(f is not None for f in model.forests)   # every class present is learnt
    _n, prob = read_bands(tmp_path / "prob.tif")
    valid = p.end_array != 255
    # class 3 occupies the 4 western columns of the map
    assert prob[2][:, :4][valid[:, :4]].mean() > prob[2][:, 10:][valid[:, 10:]].mean()


# ---------------------------------------------------------------------------
# options: TRAINING = all, MIN_SAMPLES_LEAF
# ---------------------------------------------------------------------------

def test_training_all_samples_every_valid_cell(tmp_path, monkeypatch):
    p = Planted(tmp_path)
    start, end = open_landuse_set([p.start, p.end], ["start", "end"], Progress())
    drivers = leas.open_drivers([p.stack])
    index = ClassIndex([1, 2, 3, 4])
    counts = leas.count_cells(start, end, index, Progress())
    both = (p.start_array != 255) & (p.end_array != 255)
    assert counts.population == int(both.sum())
    assert list(counts.candidates) == [int((both & (p.start_array != c)).sum())
                                       for c in (1, 2, 3, 4)]
    def draw():
        plan = leas.plan_sample(counts.expansion, 0.1, False, 5, all_valid=True)
        return leas.collect_sample(start, end, drivers, index, plan, Progress())
    sample = draw()
    picked = drawn_cells(both, 0.1, 5)
    np.testing.assert_array_equal(sample.rows * p.end_array.shape[1] + sample.cols, picked)
    codes = np.array([1, 2, 3, 4])
    np.testing.assert_array_equal(codes[sample.labels], p.end_array.ravel()[picked])
    np.testing.assert_array_equal(codes[sample.origins], p.start_array.ravel()[picked])
    assert not p.expansion_mask.ravel()[picked].all()          # unchanged cells too
    monkeypatch.setattr(raster, "strip_rows", lambda grid, block_rows=1, max_cells=0: 7)
    again = draw()
    np.testing.assert_array_equal(again.rows, sample.rows)
    np.testing.assert_array_equal(again.cols, sample.cols)


def test_training_all_fits_each_class_on_the_cells_that_could_have_become_it(tmp_path):
    p = Planted(tmp_path / "in", extra=noisy)
    out = tmp_path / "out"
    settings = leas.LeasSettings(sampling_rate=0.3, seed=7, trees=5, training="all")
    model, _s = leas.run_leas(p.start, p.end, [p.stack], str(out / "prob.tif"),
                              settings=settings, **outputs(out))
    both = (p.start_array != 255) & (p.end_array != 255)
    picked = drawn_cells(both, 0.3, 7)
    s0, s1 = p.start_array.ravel()[picked], p.end_array.ravel()[picked]
    accuracy = {r["code"]: r for r in read_csv(out / "accuracy.csv")}
    X = np.column_stack([(p.A.ravel()[picked] - p.A.min()) / (p.A.max() - p.A.min()),
                         (p.B.ravel()[picked] - p.B.min()) / (p.B.max() - p.B.min())]
                        ).astype(np.float32)
    states = np.random.SeedSequence(7).spawn(3)[2].generate_state(4)
    from sklearn.ensemble import RandomForestClassifier
    for k, code in enumerate((1, 2, 3, 4)):
        rows = s0 != code                       # could have become `code`
        y = (s1[rows] == code).astype(int)      # ... and did
        expanded = int((p.expansion_mask & (p.end_array == code)).sum())
        assert int(accuracy[str(code)]["expansion_cells"]) == expanded
        if not expanded:
            assert model.forests[k] is None
            continue
        assert int(accuracy[str(code)]["sample_cells"]) == int(rows.sum())
        assert int(accuracy[str(code)]["positive_cells"]) == int(y.sum())
        # an independent forest on the independently built training set
        forest = RandomForestClassifier(n_estimators=5, max_features=2, bootstrap=True,
                                        random_state=int(states[k])).fit(X[rows], y)
        np.testing.assert_array_equal(model.forests[k].predict_proba(X),
                                      forest.predict_proba(X))
    # persistence dominates: P_2 is the chance that a cell becomes 2 (here
    # 0.4 of the east's cells change, most of them into 2), not the share of
    # the changed cells that became 2 (about 0.9 there)
    _n, prob = read_bands(out / "prob.tif")
    east = (p.A > 60) & (p.start_array == 1)
    became = (p.end_array[east] == 2).mean()
    assert abs(prob[1][east].mean() - became) < 0.1
    assert model.settings["training"] == "all"


def test_training_all_is_byte_identical_whatever_the_threads_and_reloads(tmp_path):
    p = Planted(tmp_path / "in", extra=noisy)
    for name, threads in (("a", 1), ("b", 2)):
        leas.run_leas(p.start, p.end, [p.stack], str(tmp_path / name / "prob.tif"),
                      settings=leas.LeasSettings(sampling_rate=0.2, seed=3, threads=threads,
                                                 training="all", min_samples_leaf=3),
                      output_model=str(tmp_path / name / "m.leas"))
    a, b = (open(tmp_path / n / "prob.tif", "rb").read() for n in "ab")
    assert a == b
    progress = Progress()
    loaded, _s = leas.run_leas_predict(str(tmp_path / "a" / "m.leas"), [p.stack], p.end,
                                       str(tmp_path / "again.tif"), progress=progress)
    assert loaded.settings["training"] == "all" and loaded.settings["min_samples_leaf"] == 3
    assert any("TRAINING all, MIN_SAMPLES_LEAF 3" in i for i in progress.infos)
    assert read_bands(tmp_path / "again.tif")[1].tobytes() == \
        read_bands(tmp_path / "a" / "prob.tif")[1].tobytes()


def test_plan_of_training_all_oversamples_rare_expansion_by_hand():
    # K = 3; cells that expanded into class 0 (30 of them) at min(1, 50/30) = 1,
    # into class 1 (9000) at the rate 0.01 (90 expected positives >= 50), class
    # 2 did not expand; kept cells (group K + 1) at 0.01, nodata (K) never
    plan = leas.plan_sample(np.array([30, 9000, 0]), 0.01, False, 1, all_valid=True,
                            positives=50)
    np.testing.assert_allclose(plan.rates, [1.0, 0.01, 0.01, 0.0, 0.01])
    # design weights = 0.01 / rate of the cell's group
    labels = np.array([0, 0, 1, 2, 1])
    origins = np.array([1, 0, 0, 2, 1])
    np.testing.assert_allclose(plan.weights(labels, origins), [0.01, 1, 1, 1, 1])
    # without oversampling every cell has the same rate: no weights
    flat = leas.plan_sample(np.array([30, 9000, 0]), 0.01, False, 1, all_valid=True)
    assert flat.weights(labels, origins) is None


def test_training_all_gives_a_rare_class_a_forest_weighted_back_to_its_rate(tmp_path):
    # 30 of 40,000 cells became class 5 (all in the west); at rate 0.01 a
    # uniform sample would hold about 0.3 of them (P = 0). Stratified: all 30,
    # each weighted 0.01, so the forest's P_5 stays on the scale of the true
    # conversion rate (30 / 39,930) instead of 30 / 430.
    def rare(start, end):
        west = np.argwhere((start == 1) & (end == 1))[:4000:133][:30]
        end[west[:, 0], west[:, 1]] = 5
    p = Planted(tmp_path / "in", rows=200, cols=200, share=0.3, extra=rare)
    out = tmp_path / "out"
    model, _s = leas.run_leas(p.start, p.end, [p.stack], str(out / "prob.tif"),
                              settings=leas.LeasSettings(sampling_rate=0.01, seed=2, trees=10,
                                                         training="all",
                                                         min_samples_leaf=40),
                              **outputs(out))
    both = (p.start_array != 255) & (p.end_array != 255)
    into5 = both & (p.end_array == 5)
    assert into5.sum() == 30
    rate = np.where(into5, 1.0, 0.01).ravel()[np.flatnonzero(both.ravel())]
    picked = drawn_cells(both, rate, 2)
    assert np.isin(np.flatnonzero(into5.ravel()), picked).all()
    accuracy = {r["code"]: r for r in read_csv(out / "accuracy.csv")}
    assert int(accuracy["5"]["positive_cells"]) == 30
    k5 = [1, 2, 3, 4, 5].index(5)
    assert model.forests[k5] is not None
    # an independent weighted forest on the independently built training set
    s0, s1 = p.start_array.ravel()[picked], p.end_array.ravel()[picked]
    X = np.column_stack([(p.A.ravel()[picked] - p.A.min()) / (p.A.max() - p.A.min()),
                         (p.B.ravel()[picked] - p.B.min()) / (p.B.max() - p.B.min())]
                        ).astype(np.float32)
    w = np.where((s0 != s1) & (s1 == 5), 0.01, 1.0)
    rows = s0 != 5
    y = (s1[rows] == 5).astype(int)
    states = np.random.SeedSequence(2).spawn(3)[2].generate_state(5)
    from sklearn.ensemble import RandomForestClassifier
    forest = RandomForestClassifier(n_estimators=10, max_features=2, bootstrap=True,
                                    min_samples_leaf=40, random_state=int(states[k5])
                                    ).fit(X[rows], y, sample_weight=w[rows])
    np.testing.assert_array_equal(model.forests[k5].predict_proba(X), forest.predict_proba(X))
    # the scale: mean P_5 over the cells that could have become 5, against
    # the true rate (hand count) and an unweighted forest on the same sample
    _n, prob = read_bands(out / "prob.tif")
    could = both & (p.start_array != 5)
    true_rate = 30 / could.sum()
    unweighted = RandomForestClassifier(n_estimators=10, max_features=2, min_samples_leaf=40,
                                        random_state=0).fit(X[rows], y)
    assert 0.5 * true_rate < prob[k5][could].mean() < 2 * true_rate
    assert unweighted.predict_proba(X[rows])[:, 1].mean() > 20 * true_rate


def test_min_samples_leaf_stops_the_trees(tmp_path):
    p = Planted(tmp_path / "in", extra=noisy)
    out = tmp_path / "out"
    model, _s = leas.run_leas(p.start, p.end, [p.stack], str(out / "prob.tif"),
                              settings=leas.LeasSettings(sampling_rate=0.3, seed=4,
                                                         min_samples_leaf=5), **outputs(out))
    assert model.settings["min_samples_leaf"] == 5
    forests = [f for f in model.forests if f is not None]
    for tree in (t for f in forests for t in f.estimators_):
        leaves = tree.tree_.children_left == -1
        assert tree.tree_.n_node_samples[leaves].min() >= 5
    # fully grown trees vote 0/1 per tree: with 20 trees P is a multiple of 1/20;
    # leaves of 5 samples give shares in between
    _n, prob = read_bands(out / "prob.tif")
    valid = p.end_array != 255
    p2 = prob[1][valid].astype(np.float64)
    assert not np.allclose(p2 * 20, np.round(p2 * 20), atol=1e-4)
    leas.run_leas(p.start, p.end, [p.stack], str(tmp_path / "grown.tif"),
                  settings=leas.LeasSettings(sampling_rate=0.3, seed=4))
    grown = read_bands(tmp_path / "grown.tif")[1][1][valid].astype(np.float64)
    np.testing.assert_allclose(grown * 20, np.round(grown * 20), atol=1e-4)


# ---------------------------------------------------------------------------
# bad inputs
# ---------------------------------------------------------------------------

def drawn_cells(mask, rate, seed):
    """A second implementation of the sampling rule (docs/leas.md, step 2),
    on the whole array at once: cell i (flat index, row * width + column) of
    ``mask`` is sampled iff the counter-based uniform of (SEED, stream SAMPLE,
    step 1, i) is below ``rate`` (a number, or one rate per cell of ``mask``
    in raster order). Returns flat cell indices in raster order."""
    cells = np.flatnonzero(mask.ravel())
    u = random.uniform(seed, random.SAMPLE, 1, cells.astype(np.uint64), np.float64)
    return cells[u < rate]


def test_rare_class_gets_probability_zero_and_says_what_would_train_it(tmp_path):
    def rare(start, end):
        end[30:34, 10:20] = 5        # 40 cells become class 5
    p = Planted(tmp_path / "in", extra=rare)
    out = tmp_path / "out"
    progress = Progress()
    model, _s = leas.run_leas(p.start, p.end, [p.stack], str(out / "prob.tif"),
                              settings=leas.LeasSettings(sampling_rate=0.05, seed=1),
                              **outputs(out), progress=progress)
    picked = drawn_cells(p.expansion_mask, 0.05, 1)
    positives = int((p.end_array.ravel()[picked] == 5).sum())
    assert int(p.expansion_mask.sum() * 0.05) > 60 and positives < 10   # the case we want
    warning = [w for w in progress.warnings if w.startswith("Class 5 (class 5)")]
    assert len(warning) == 1
    assert "too few samples for a random forest: 40 cell(s) expanded into it between the maps " \
           "and %d of them are in the sample (a forest needs at least 10)" % positives \
           in warning[0]
    assert "development probability is 0 everywhere" in warning[0]
    assert "raise SAMPLING_RATE to at least 0.38 (now 0.05)" in warning[0]   # 1.5 * 10 / 40
    assert "BALANCED" in warning[0] and "maps further apart in time" in warning[0]
    names, prob = read_bands(out / "prob.tif")
    valid = p.end_array != 255
    assert names[4] == "5 class 5" and (prob[4][valid] == 0).all()
    assert model.forests[4] is None
    assert model.forests[1] is not None and model.forests[3] is not None   # 2 and 4 still learnt
    east = valid & (p.A > 60)
    assert prob[1][east].mean() > 0.8
    contrib = {r["code"]: r for r in read_csv(out / "contrib.csv")}
    assert contrib["5"]["A"] == "" and contrib["5"]["B"] == ""
    assert "too few samples" in contrib["5"]["note"]
    accuracy = {r["code"]: r for r in read_csv(out / "accuracy.csv")}
    assert int(accuracy["5"]["expansion_cells"]) == 40
    assert int(accuracy["5"]["positive_cells"]) == positives
    assert int(accuracy["5"]["sample_cells"]) == picked.size
    assert accuracy["5"]["oob_accuracy"] == ""
    assert accuracy["5"]["note"] == ("too few samples: 40 expansion cells, %d sampled positives "
                                     "(a forest needs 10): P = 0 everywhere, no contributions"
                                     % positives)
    # the suggested rate gives it a forest
    progress = Progress()
    model = leas.train_leas(p.start, p.end, [p.stack],
                            settings=leas.LeasSettings(sampling_rate=0.38, seed=1),
                            progress=progress)
    picked = drawn_cells(p.expansion_mask, 0.38, 1)
    assert model.results[4].positive_cells == int((p.end_array.ravel()[picked] == 5).sum()) >= 10
    assert model.forests[4] is not None
    assert not any("too few samples" in w for w in progress.warnings)


def test_class_that_hardly_expanded(tmp_path):
    def rare(start, end):
        end[30, 10:15] = 5           # 5 cells become class 5
    p = Planted(tmp_path / "in", extra=rare)
    out = tmp_path / "out"
    progress = Progress()
    model, _s = leas.run_leas(p.start, p.end, [p.stack], str(out / "p.tif"),
                              settings=leas.LeasSettings(sampling_rate=1.0), **outputs(out),
                              progress=progress)
    warning = [w for w in progress.warnings if w.startswith("Class 5 (class 5)")]
    assert len(warning) == 1
    assert "only 5 cell(s) expanded into it between the maps (a forest needs at least 10 " \
           "sampled positives, so no sampling rate can give it one)" in warning[0]
    assert "use maps further apart in time" in warning[0]
    assert "merge a class that hardly expanded into a similar class" in warning[0]
    assert "SAMPLING_RATE" not in warning[0]
    _n, prob = read_bands(out / "p.tif")
    valid = p.end_array != 255
    assert (prob[4][valid] == 0).all() and model.forests[4] is None
    accuracy = {r["code"]: r for r in read_csv(out / "accuracy.csv")}
    # rate 1: every expansion cell is in the sample, so all 5 are positives
    assert int(accuracy["5"]["positive_cells"]) == 5
    assert int(accuracy["5"]["sample_cells"]) == int(p.expansion_mask.sum())
    assert "too few samples: 5 expansion cells, 5 sampled positives" in accuracy["5"]["note"]
    assert sorted(listdir(out)) == ["accuracy.csv", "contrib.csv", "contrib.png", "model.leas",
                                    "p.qml", "p.tif"]


def test_refused_only_when_no_class_can_be_trained(tmp_path):
    p = Planted(tmp_path / "in")
    out = tmp_path / "out"
    with pytest.raises(LandCarbonError) as info:
        leas.run_leas(p.start, p.end, [p.stack], str(out / "prob.tif"),
                      settings=leas.LeasSettings(sampling_rate=0.002, seed=1), **outputs(out))
    message = str(info.value)
    picked = drawn_cells(p.expansion_mask, 0.002, 1)
    end = p.end_array.ravel()[picked]
    assert message.startswith("Too few samples to train a random forest for any class")
    assert "(the sample has %d cells)" % picked.size in message
    for code in (2, 4):
        expanded = int((p.expansion_mask & (p.end_array == code)).sum())
        assert "- class %d class %d: %d sampled cell(s) of the %d cells that expanded into it" % (
            code, code, int((end == code).sum()), expanded) in message
    least = min(int((p.expansion_mask & (p.end_array == c)).sum()) for c in (2, 4))
    assert "raise SAMPLING_RATE to at least %.2g (now 0.002)" % (15.0 / least) in message
    assert listdir(out) == []


def test_balanced_refusal_names_the_rate_with_a_margin(tmp_path):
    def rare(start, end):
        end[30:34, 10:15] = 5        # 20 cells become class 5
    p = Planted(tmp_path / "in", extra=rare)
    with pytest.raises(LandCarbonError) as info:
        leas.train_leas(p.start, p.end, [p.stack],
                        settings=leas.LeasSettings(sampling_rate=0.002, balanced=True))
    # balanced: about rate * E / 3 cells per class (classes 2, 4 and 5
    # expanded); the rate that gives 1.5 x 10 of them is 15 * 3 / E
    expansion = int(p.expansion_mask.sum())
    assert "raise SAMPLING_RATE to at least %.2g (now 0.002)" % (45.0 / expansion) \
        in str(info.value)


def test_refused_before_sampling_when_every_class_hardly_expanded(tmp_path):
    def rare(start, end):
        end[30, 10:15] = 5           # the only change: 5 cells become class 5
    p = Planted(tmp_path / "in", share=0.0, extra=rare)
    out = tmp_path / "out"
    with pytest.raises(LandCarbonError, match=r"(?s)for any class.*class 5 class 5: only 5 "
                                              r"cell\(s\) expanded into it between the maps, "
                                              r"too few at any sampling rate.*maps further apart"
                                              r".*single-map mode"):
        leas.run_leas(p.start, p.end, [p.stack], str(out / "p.tif"),
                      settings=leas.LeasSettings(sampling_rate=1.0), **outputs(out))
    assert listdir(out) == []


def test_leakage_guard_names_the_class_and_the_driver(tmp_path):
    from scipy import ndimage
    p = Planted(tmp_path / "in", extra=noisy)
    # planted leak: distance to class 2 measured on the END map (0 on every
    # cell that became 2), as a distance-to-built-up made from the later map
    leak = ndimage.distance_transform_edt(p.end_array != 2).astype(np.float32) * 30
    stack = write_stack(tmp_path / "leak.tif", [p.A, p.B, leak], ["A", "B", "dist2_end"])
    progress = Progress()
    model = leas.train_leas(p.start, p.end, [stack],
                            settings=leas.LeasSettings(sampling_rate=0.3, seed=2),
                            progress=progress)
    leaks = [w for w in progress.warnings if "alone separates" in w]
    assert any(w.startswith("Class 2 (class 2): driver dist2_end alone separates") and
               "END map of the calibration interval" in w and
               "from the start map (start.tif)" in w for w in leaks)
    assert all("dist2_end" in w for w in leaks)
    r = model.results[1]
    assert r.oob_accuracy >= 0.999 and r.contribution.shares[2] >= 0.95
    # the same data without the leak: A explains much, but not perfectly
    progress = Progress()
    model = leas.train_leas(p.start, p.end, [p.stack],
                            settings=leas.LeasSettings(sampling_rate=0.3, seed=2),
                            progress=progress)
    assert model.results[1].oob_accuracy < 0.95
    assert not any("alone separates" in w for w in progress.warnings)


def test_nan_in_a_driver_is_nodata_with_a_warning(tmp_path):
    p = Planted(tmp_path / "in")
    B = p.B.copy()
    B[10:12, 20:30] = np.nan
    stack = write_stack(tmp_path / "nan.tif", [p.A, B], ["A", "B"])
    progress = Progress()
    model, summary = leas.run_leas(p.start, p.end, [stack], str(tmp_path / "prob.tif"),
                                   settings=leas.LeasSettings(sampling_rate=0.2, seed=3),
                                   progress=progress)
    assert any("Driver B (nan.tif band 2) has 20 NaN cells" in w for w in progress.warnings)
    assert summary.nodata_driver_cells == [0, 20]
    assert model.driver_max[1] == pytest.approx(float(np.nanmax(B)))
    _n, prob = read_bands(tmp_path / "prob.tif")
    assert np.isfinite(prob[:, 10:12, 20:30]).all()
    assert ((prob[:, 10:12, 20:30] >= 0) & (prob[:, 10:12, 20:30] <= 1)).all()


def test_infinite_driver_values_are_refused(tmp_path):
    p = Planted(tmp_path / "in")
    B = p.B.copy()
    B[5, 5] = -np.inf
    stack = write_stack(tmp_path / "inf.tif", [p.A, B], ["A", "B"])
    out = tmp_path / "out"
    with pytest.raises(LandCarbonError, match=r"Driver B \(inf.tif band 2\) has 1 infinite cell"):
        leas.run_leas(p.start, p.end, [stack], str(out / "prob.tif"), **outputs(out))
    assert listdir(out) == []


def test_constant_driver_warns(tmp_path):
    p = Planted(tmp_path / "in")
    stack = write_stack(tmp_path / "c.tif", [p.A, np.full_like(p.A, 7.0)], ["A", "flat"])
    progress = Progress()
    model, _s = leas.run_leas(p.start, p.end, [stack], str(tmp_path / "prob.tif"),
                              settings=leas.LeasSettings(sampling_rate=0.2), **outputs(tmp_path),
                              progress=progress)
    assert any("flat" in w and "same value (7)" in w and "no information" in w
               for w in progress.warnings)
    rows = {r["code"]: r for r in read_csv(tmp_path / "contrib.csv")}
    assert float(rows["2"]["flat"]) == 0.0 and float(rows["2"]["A"]) == 1.0


def test_driver_without_data_in_the_study_area(tmp_path):
    p = Planted(tmp_path / "in")
    empty = np.full_like(p.A, -9999.0)
    empty[0, 0] = 1.0                       # only under the map's nodata
    stack = write_stack(tmp_path / "e.tif", [p.A, empty], ["A", "E"])
    with pytest.raises(LandCarbonError,
                       match=r"Driver E \(e.tif band 2\) has no data in the study area"):
        leas.run_leas(p.start, p.end, [stack], str(tmp_path / "out" / "prob.tif"))
    assert listdir(tmp_path / "out") == []


def test_drivers_on_another_grid(tmp_path):
    p = Planted(tmp_path / "in")
    other = write_raster(tmp_path / "other.tif", p.A, geotransform=(500000.0, 25.0, 0,
                                                                    1000000.0, 0, -25.0))
    with pytest.raises(GridMismatchError, match="other.tif differs.*cell size 30 x 30 vs 25 x 25"):
        leas.run_leas(p.start, p.end, [other], str(tmp_path / "out" / "prob.tif"))
    assert listdir(tmp_path / "out") == []


def test_identical_maps(tmp_path):
    p = Planted(tmp_path / "in")
    with pytest.raises(LandCarbonError, match="No cell changed class.*single-map mode"):
        leas.run_leas(p.end, p.end, [p.stack], str(tmp_path / "out" / "prob.tif"))


@pytest.mark.parametrize("settings,message", [
    ({"sampling_rate": 0.0}, "SAMPLING_RATE is 0"),
    ({"sampling_rate": 1.5}, "SAMPLING_RATE is 1.5"),
    ({"trees": 0}, "TREES is 0"),
    ({"mtry": 3}, "MTRY is 3, but there are 2 drivers"),
    ({"threads": -1}, "THREADS is -1"),
    ({"training": "changed"}, "TRAINING is changed; it must be one of expansion, all"),
    ({"training": "all", "balanced": True}, "BALANCED draws the same number of expansion cells"),
    ({"training": "all", "sampling_rate": 2.0}, "SAMPLING_RATE is 2; it must be above 0 and "
                                                "at most 1. .*cells valid in both maps"),
    ({"min_samples_leaf": 0}, "MIN_SAMPLES_LEAF is 0"),
])
def test_bad_settings(tmp_path, settings, message):
    p = Planted(tmp_path / "in")
    with pytest.raises(LandCarbonError, match=message):
        leas.run_leas(p.start, p.end, [p.stack], str(tmp_path / "out" / "prob.tif"),
                      settings=leas.LeasSettings(**settings))
    assert listdir(tmp_path / "out") == []


def test_mtry_is_passed_to_the_forests(tmp_path):
    p = Planted(tmp_path / "in")
    model = leas.train_leas(p.start, p.end, [p.stack],
                            settings=leas.LeasSettings(sampling_rate=0.2, mtry=1, trees=5))
    assert {f.max_features for f in model.forests if f is not None} == {1}
    model = leas.train_leas(p.start, p.end, [p.stack],
                            settings=leas.LeasSettings(sampling_rate=0.2, trees=5))
    forest = [f for f in model.forests if f is not None][0]
    assert forest.max_features == 2 and forest.n_estimators == 5 and forest.bootstrap


# ---------------------------------------------------------------------------
# model files
# ---------------------------------------------------------------------------

def test_model_round_trip_and_reordered_bands(tmp_path):
    p = Planted(tmp_path / "in")
    model, _s = leas.run_leas(p.start, p.end, [p.stack], str(tmp_path / "prob.tif"),
                              settings=leas.LeasSettings(sampling_rate=0.2, seed=4),
                              **outputs(tmp_path))
    loaded, _s = leas.run_leas_predict(str(tmp_path / "model.leas"), [p.stack], p.end,
                                       str(tmp_path / "again.tif"))
    assert loaded.driver_names == ["A", "B"] and loaded.codes == [1, 2, 3, 4]
    assert loaded.driver_min == [0.0, pytest.approx(float(p.B.min()))]
    assert loaded.results[1].contribution.shares == model.results[1].contribution.shares
    assert read_bands(tmp_path / "again.tif")[1].tobytes() == \
        read_bands(tmp_path / "prob.tif")[1].tobytes()
    swapped = write_stack(tmp_path / "swapped.tif", [p.B, p.A], ["B", "A"])
    progress = Progress()
    leas.run_leas_predict(str(tmp_path / "model.leas"), [swapped], p.end,
                          str(tmp_path / "swapped_prob.tif"), progress=progress)
    assert any("matched by name" in i for i in progress.infos)
    np.testing.assert_array_equal(read_bands(tmp_path / "swapped_prob.tif")[1],
                                  read_bands(tmp_path / "prob.tif")[1])


def test_planning_update_changes_probabilities(tmp_path):
    p = Planted(tmp_path / "in")
    leas.run_leas(p.start, p.end, [p.stack], str(tmp_path / "prob.tif"),
                  settings=leas.LeasSettings(sampling_rate=0.2), **outputs(tmp_path))
    planned = p.A.copy()
    planned[:, :20] = 100.0                 # the plan makes the west look like the east
    stack = write_stack(tmp_path / "plan.tif", [planned, p.B], ["A", "B"])
    leas.run_leas_predict(str(tmp_path / "model.leas"), [stack], p.end, str(tmp_path / "new.tif"))
    before, after = read_bands(tmp_path / "prob.tif")[1], read_bands(tmp_path / "new.tif")[1]
    valid = p.end_array != 255
    assert after[1][:, :20][valid[:, :20]].mean() > 0.9 > before[1][:, :20][valid[:, :20]].mean()
    np.testing.assert_array_equal(after[:, :, 20:], before[:, :, 20:])


@pytest.mark.parametrize("names,count", [(["A", "C"], 2), (["A"], 1), (["A", "B", "C"], 3)])
def test_stack_that_does_not_match_the_model(tmp_path, names, count):
    p = Planted(tmp_path / "in")
    leas.run_leas(p.start, p.end, [p.stack], str(tmp_path / "prob.tif"),
                  settings=leas.LeasSettings(sampling_rate=0.2), **outputs(tmp_path))
    bands = [p.A, p.B, p.B][:len(names)]
    stack = write_stack(tmp_path / "other.tif", bands, names)
    out = tmp_path / "out"
    with pytest.raises(LandCarbonError, match=r"do not match the model: the model was trained on "
                                              r"2 driver\(s\) \[A, B\], the driver stack has %d"
                                              % count):
        leas.run_leas_predict(str(tmp_path / "model.leas"), [stack], p.end, str(out / "p.tif"))
    assert listdir(out) == []


@pytest.mark.parametrize("key,value,message", [
    ("landcarbon", "0.0.9", "trained with LandCarbon 0.0.9 and scikit-learn"),
    ("scikit-learn", "0.24.2", "and scikit-learn 0.24.2; this is LandCarbon"),
])
def test_model_from_another_version_is_refused(tmp_path, key, value, message):
    p = Planted(tmp_path / "in")
    model = leas.train_leas(p.start, p.end, [p.stack],
                            settings=leas.LeasSettings(sampling_rate=0.2, trees=3))
    model.versions[key] = value          # as written by that other version
    leas.save_model(model, str(tmp_path / "old.leas"))
    out = tmp_path / "out"
    with pytest.raises(LandCarbonError, match=message + ".*train the model again"):
        leas.run_leas_predict(str(tmp_path / "old.leas"), [p.stack], p.end, str(out / "p.tif"))
    assert listdir(out) == []


def test_file_that_is_not_a_model(tmp_path):
    bad = tmp_path / "notes.leas"
    bad.write_text("hello")
    with pytest.raises(LandCarbonError, match="notes.leas is not a LEAS model file"):
        leas.load_model(str(bad))
    import pickle
    with open(tmp_path / "dict.leas", "wb") as fh:
        pickle.dump({"format": "something else"}, fh)
    with pytest.raises(LandCarbonError, match="dict.leas is not a LEAS model file"):
        leas.load_model(str(tmp_path / "dict.leas"))


def test_model_header_is_plain_python(tmp_path):
    """The header must load without LandCarbon's classes (the plugin folder may
    have another package name elsewhere) and without scikit-learn."""
    import pickle
    p = Planted(tmp_path / "in")
    model = leas.train_leas(p.start, p.end, [p.stack],
                            settings=leas.LeasSettings(sampling_rate=0.2, trees=2))
    leas.save_model(model, str(tmp_path / "m.leas"))

    class Strict(pickle.Unpickler):
        def find_class(self, module, name):
            raise AssertionError("header refers to %s.%s" % (module, name))
    with open(tmp_path / "m.leas", "rb") as fh:
        header = Strict(fh).load()
    assert header["format"] == leas.MODEL_FORMAT and header["driver_names"] == ["A", "B"]


# ---------------------------------------------------------------------------
# scikit-learn missing
# ---------------------------------------------------------------------------

def test_scikit_learn_missing(tmp_path, monkeypatch):
    p = Planted(tmp_path / "in")
    monkeypatch.setitem(sys.modules, "sklearn", None)       # import sklearn -> ImportError
    monkeypatch.setitem(sys.modules, "sklearn.ensemble", None)
    out = tmp_path / "out"
    for call in (lambda: leas.run_leas(p.start, p.end, [p.stack], str(out / "p.tif"),
                                       **outputs(out)),
                 lambda: leas.run_leas_predict(str(tmp_path / "m.leas"), [p.stack], p.end,
                                               str(out / "p.tif"))):
        with pytest.raises(LandCarbonError) as info:
            call()
        message = str(info.value)
        assert "needs the Python package scikit-learn" in message
        assert "sudo apt install python3-sklearn" in message
        assert "python -m pip install scikit-learn" in message and "macOS" in message
    assert listdir(out) == []
