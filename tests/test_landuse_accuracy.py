"""core.landuse.accuracy: every statistic against a hand calculation."""

import numpy as np
import pytest
from helpers import listdir, read_raster, write_raster

from landcarbon.core.common import random, raster
from landcarbon.core.common.errors import LandCarbonError
from landcarbon.core.common.progress import Progress
from landcarbon.core.landuse import AccuracySettings
from landcarbon.core.landuse.accuracy import (
    FALSE_ALARM,
    HIT,
    MISS,
    WRONG_HIT,
    assess_accuracy,
    confusion_statistics,
    fom_statistics,
)


def test_two_class_confusion_by_hand():
    # rows = simulated, columns = observed; N = 50
    s = confusion_statistics([[20, 5], [10, 15]])
    assert s["overall_accuracy"] == pytest.approx(0.7)          # 35 / 50
    assert s["expected_agreement"] == pytest.approx(0.5)        # .5*.6 + .5*.4
    assert s["kappa"] == pytest.approx(0.4)                     # (.7 - .5) / .5
    assert s["producers_accuracy"] == pytest.approx([20 / 30, 15 / 20])
    assert s["users_accuracy"] == pytest.approx([20 / 25, 15 / 25])
    assert s["quantity_disagreement"] == pytest.approx(0.1)     # (|.5-.6| + |.5-.4|) / 2
    assert s["allocation_disagreement"] == pytest.approx(0.2)   # (2*.1 + 2*.1) / 2
    assert s["kappa_histogram"] == pytest.approx(0.8)           # (.9 - .5) / .5
    assert s["kappa_location"] == pytest.approx(0.5)            # (.7 - .5) / (.9 - .5)


def test_three_class_confusion_by_hand():
    n = [[10, 2, 0],
         [3, 8, 1],
         [1, 0, 5]]
    s = confusion_statistics(n)
    # N = 30, diagonal 23; simulated totals 12, 12, 6; observed totals 14, 10, 6
    pe = (12 * 14 + 12 * 10 + 6 * 6) / 900
    assert pe == pytest.approx(0.36)
    assert s["overall_accuracy"] == pytest.approx(23 / 30)
    assert s["kappa"] == pytest.approx((23 / 30 - 0.36) / 0.64)
    assert s["producers_accuracy"] == pytest.approx([10 / 14, 8 / 10, 5 / 6])
    assert s["users_accuracy"] == pytest.approx([10 / 12, 8 / 12, 5 / 6])
    # quantity: (|12-14| + |12-10| + |6-6|) / 2 / 30; allocation: 2 min(12-10, 14-10)
    # + 2 min(12-8, 10-8) + 2 min(6-5, 6-5) = 10 -> / 2 / 30
    assert s["quantity_disagreement"] == pytest.approx(2 / 30)
    assert s["allocation_disagreement"] == pytest.approx(5 / 30)
    assert s["quantity_disagreement"] + s["allocation_disagreement"] == pytest.approx(
        1 - s["overall_accuracy"])
    pmax = 28 / 30   # min(12,14) + min(12,10) + min(6,6)
    assert s["kappa_histogram"] == pytest.approx((pmax - 0.36) / 0.64)
    assert s["kappa_location"] == pytest.approx((23 / 30 - 0.36) / (pmax - 0.36))
    assert s["kappa_histogram"] * s["kappa_location"] == pytest.approx(s["kappa"])


def test_disagreement_parts_add_up_on_random_matrices():
    rng = np.random.default_rng(5)
    for _ in range(50):
        n = rng.integers(0, 50, size=(4, 4))
        s = confusion_statistics(n)
        assert s["quantity_disagreement"] + s["allocation_disagreement"] == pytest.approx(
            1 - s["overall_accuracy"])


def test_undefined_statistics():
    s = confusion_statistics([[5, 0], [0, 0]])    # one class only, everywhere
    assert s["overall_accuracy"] == 1.0
    assert s["kappa"] is None and s["kappa_histogram"] is None
    assert s["users_accuracy"][1] is None and s["producers_accuracy"][1] is None
    assert fom_statistics(0, 0, 0, 0) == {"fom": None, "fom_producers_accuracy": None,
                                          "fom_users_accuracy": None}
    assert fom_statistics(2, 0, 0, 0)["fom_users_accuracy"] is None


# A tiny hand-made triple. 255 = nodata; the bottom row has a nodata cell in
# each map except at its last column.
INITIAL = [[1, 1, 1, 1],
           [2, 2, 2, 2],
           [3, 3, 3, 3],
           [1, 1, 255, 2]]
OBSERVED = [[1, 2, 2, 1],
            [2, 2, 3, 3],
            [3, 3, 3, 1],
            [1, 255, 1, 2]]
SIMULATED = [[1, 2, 3, 2],
             [2, 2, 2, 3],
             [3, 1, 3, 3],
             [255, 1, 1, 2]]
# by hand, cell by cell: 0 persistence, 1 A miss, 2 B hit, 3 C wrong hit, 4 D false alarm
EXPECTED_MAP = [[0, 2, 3, 4],
                [0, 0, 1, 2],
                [0, 4, 0, 1],
                [255, 255, 255, 0]]
# simulated (rows) x observed (columns), 13 valid cells, counted by hand
EXPECTED_CONFUSION = [[1, 0, 1],
                      [1, 4, 1],
                      [1, 1, 3]]


def _triple(folder):
    return [write_raster(folder / ("%s.tif" % name), np.array(a, np.uint8), nodata=255)
            for name, a in (("initial", INITIAL), ("observed", OBSERVED),
                            ("simulated", SIMULATED))]


def test_fom_and_map_on_hand_made_triple(tmp_path):
    paths = _triple(tmp_path)
    progress = Progress()
    result = assess_accuracy(*paths, output_map=str(tmp_path / "out" / "abcd.tif"),
                             progress=progress)
    assert (result.a, result.b, result.c, result.d) == (2, 2, 1, 2)
    assert result.persistence == 6
    assert result.fom == pytest.approx(2 / 7)
    assert result.fom_producers_accuracy == pytest.approx(2 / 5)
    assert result.fom_users_accuracy == pytest.approx(2 / 5)
    np.testing.assert_array_equal(result.confusion, EXPECTED_CONFUSION)
    assert result.cells == 13 and result.codes == [1, 2, 3]
    assert result.overall_accuracy == pytest.approx(8 / 13)
    # Kappa by hand: simulated totals 2, 6, 5; observed 3, 5, 5
    pe = (2 * 3 + 6 * 5 + 5 * 5) / 169
    assert result.kappa == pytest.approx((8 / 13 - pe) / (1 - pe))
    np.testing.assert_array_equal(read_raster(tmp_path / "out" / "abcd.tif"), EXPECTED_MAP)
    assert (MISS, HIT, WRONG_HIT, FALSE_ALARM) == (1, 2, 3, 4)
    files = listdir(tmp_path / "out")
    assert "abcd.tif" in files and "abcd.qml" in files
    assert not [f for f in files if "partial" in f]
    assert any("FoM 0.2857" in line for line in progress.infos)


def _reference_sample(paths, rate, seed):
    """Second implementation: the whole arrays at once, one counter-based
    draw per cell (stream SAMPLE, step 2, index row * width + column)."""
    init, obs, sim = [read_raster(p).astype(int) for p in paths]
    valid = (init != 255) & (obs != 255) & (sim != 255)
    draws = random.uniform(seed, random.SAMPLE, 2, np.arange(init.size), np.float64)
    keep = valid & (draws.reshape(init.shape) < rate)
    conf = np.zeros((3, 3), int)
    for s, o in zip(sim[keep], obs[keep]):
        conf[s - 1, o - 1] += 1
    return conf


def test_sampling_is_seeded_and_independent_of_the_strip_size(tmp_path, monkeypatch):
    rng = np.random.default_rng(1)
    arrays = [rng.integers(1, 4, size=(40, 30)).astype(np.uint8) for _ in range(3)]
    arrays[1][0, :5] = 255
    paths = [write_raster(tmp_path / ("m%d.tif" % i), a, nodata=255)
             for i, a in enumerate(arrays)]
    whole = assess_accuracy(*paths, sampling_rate=0.3, seed=7)
    np.testing.assert_array_equal(whole.confusion, _reference_sample(paths, 0.3, 7))
    assert 0.2 < whole.cells / whole.valid_cells < 0.4
    monkeypatch.setattr(raster, "strip_rows", lambda grid, block_rows=1: 3)
    strips = assess_accuracy(*paths, sampling_rate=0.3, seed=7)
    np.testing.assert_array_equal(strips.confusion, whole.confusion)
    other = assess_accuracy(*paths, sampling_rate=0.3, seed=8)
    assert not np.array_equal(other.confusion, whole.confusion)
    full = assess_accuracy(*paths)
    assert full.cells == full.valid_cells == 40 * 30 - 5


@pytest.mark.parametrize("rate", [0, -0.1, 1.5])
def test_bad_sampling_rate(tmp_path, rate):
    """Refused before any map is opened (they do not exist here)."""
    missing = [str(tmp_path / n) for n in ("a.tif", "b.tif", "c.tif")]
    with pytest.raises(LandCarbonError, match="SAMPLING_RATE is %g; it must be above 0 and "
                                              "at most 1" % rate):
        assess_accuracy(*missing, sampling_rate=rate)


def test_full_rate_is_the_full_map():
    assert AccuracySettings(sampling_rate=1).sample_share is None
    assert AccuracySettings().sample_share is None
    assert AccuracySettings(sampling_rate=0.5).sample_share == 0.5


def test_maps_without_common_cells(tmp_path):
    a = write_raster(tmp_path / "a.tif", np.array([[1, 255]], np.uint8), nodata=255)
    b = write_raster(tmp_path / "b.tif", np.array([[255, 1]], np.uint8), nodata=255)
    with pytest.raises(LandCarbonError, match="No cell holds a class in all three maps"):
        assess_accuracy(a, b, a, output_map=str(tmp_path / "out" / "m.tif"))
    assert listdir(tmp_path / "out") == []


def test_no_observed_change_warns(tmp_path):
    a = write_raster(tmp_path / "a.tif", np.array([[1, 2], [2, 1]], np.uint8))
    s = write_raster(tmp_path / "s.tif", np.array([[1, 2], [2, 2]], np.uint8))
    progress = Progress()
    result = assess_accuracy(a, a, s, progress=progress)
    assert result.fom == 0.0 and result.fom_producers_accuracy is None
    assert result.d == 1
    assert any("No cell changed class between the INITIAL and the OBSERVED" in w
               for w in progress.warnings)


def test_baselines_leave_the_model_statistics_unchanged(tmp_path):
    paths = _triple(tmp_path)
    on = assess_accuracy(*paths, output_map=str(tmp_path / "on" / "abcd.tif"))
    off = assess_accuracy(*paths, baselines=False, output_map=str(tmp_path / "off" / "abcd.tif"))
    assert off.baselines == {} and set(on.baselines) == {"random", "nearest"}
    np.testing.assert_array_equal(on.confusion, EXPECTED_CONFUSION)
    assert (on.a, on.b, on.c, on.d, on.persistence) == (off.a, off.b, off.c, off.d, 6)
    assert on.fom == off.fom == pytest.approx(2 / 7) and on.kappa == off.kappa
    np.testing.assert_array_equal(read_raster(tmp_path / "on" / "abcd.tif"), EXPECTED_MAP)
    assert [f for f in listdir(tmp_path / "on") if f.startswith(".")] == []
    for score in on.baselines.values():
        # the simulation changes 5 of the 13 assessed cells (B + C + D); so does
        # each baseline
        assert score.b + score.c + score.d == 5 and score.confusion.sum() == 13
