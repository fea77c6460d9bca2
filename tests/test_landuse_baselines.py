"""core.landuse.baselines: the random and nearest-patch baselines of the
accuracy step (docs/accuracy.md, "Baselines"), against maps worked out by
hand and a slow cell-by-cell reference written here; their scores against a
second scorer written here."""

import os
import tempfile

import numpy as np
import pytest
from helpers import listdir, read_csv, write_raster

from landcarbon.core.common import random as lcr
from landcarbon.core.common import raster
from landcarbon.core.common.errors import Cancelled, LandCarbonError
from landcarbon.core.common.landmap import open_landuse_set, scan_codes
from landcarbon.core.common.progress import Progress
from landcarbon.core.landuse import baselines
from landcarbon.core.landuse.accuracy import assess_accuracy, run_accuracy

ND = 255


def draw(seed, step, index):
    """The documented draw of a cell: bits(seed, BASELINE, step, index)."""
    return int(lcr.bits(seed, lcr.BASELINE, step, np.array([index], np.uint64))[0])


def write_maps(folder, start, observed, simulated):
    folder.mkdir(parents=True, exist_ok=True)
    return [write_raster(folder / ("%s.tif" % name), np.asarray(a, np.uint8), nodata=ND)
            for name, a in (("start", start), ("observed", observed),
                            ("simulated", simulated))]


def built(paths, seed=0, folder=None, progress=None):
    """Both baseline maps as class codes (ND where not assessed)."""
    infos = open_landuse_set(paths, ["S", "O", "M"], Progress())
    codes, _nodata = scan_codes(infos)
    folder = str(folder or os.path.dirname(paths[0]))
    with baselines.build_baselines(infos, codes, seed, folder,
                                   progress or Progress()) as maps:
        index = maps.read(0, infos[0].grid.ysize)
    lut = np.array(codes + [ND])
    return {name: lut[i] for name, i in zip(baselines.NAMES, index)}


# ---------------------------------------------------------------------------
# The slow reference: the method as documented, cell by cell
# ---------------------------------------------------------------------------

def reference(start, observed, simulated, seed):
    start, observed, simulated = (np.asarray(a, int) for a in (start, observed, simulated))
    h, w = start.shape
    codes = sorted({int(v) for a in (start, observed, simulated) for v in a.ravel()} - {ND})
    assessed = (start != ND) & (observed != ND) & (simulated != ND)
    pairs = {}
    for y in range(h):
        for x in range(w):
            if assessed[y, x] and start[y, x] != simulated[y, x]:
                pair = (start[y, x], simulated[y, x])
                pairs[pair] = pairs.get(pair, 0) + 1
    nearest_d2 = {}
    for k in codes:
        # squared distance from each cell centre to the nearest cell of the
        # start map holding k (0 everywhere when there is none: ties only)
        py, px = np.nonzero(start == k)
        d2 = np.zeros((h, w), int)
        if py.size:
            for y in range(h):
                for x in range(w):
                    d2[y, x] = ((py - y) ** 2 + (px - x) ** 2).min()
        nearest_d2[k] = d2
    out = {}
    for name, step in (("random", 0), ("nearest", 1)):
        result = np.where(assessed, start, ND)
        for c in codes:
            for k in codes:                          # targets in ascending code
                n = pairs.get((c, k), 0)
                if c == k or n == 0:
                    continue
                keys = []
                for y in range(h):
                    for x in range(w):
                        if assessed[y, x] and start[y, x] == c and result[y, x] == c:
                            d2 = nearest_d2[k][y, x] if name == "nearest" else 0
                            keys.append((d2, draw(seed, step, y * w + x), y, x))
                for _d2, _draw, y, x in sorted(keys)[:n]:
                    result[y, x] = k
        out[name] = result
    return out


def random_maps(seed, shape=(30, 40), classes=4, absent=False):
    """A patchy start map, observed and simulated maps with ~20 % changes,
    nodata sprinkled in each; ``absent``: a class that only M creates."""
    rng = np.random.default_rng(seed)
    h, w = shape
    blocks = rng.integers(1, classes + 1, size=(h // 5 + 1, w // 5 + 1))
    start = np.kron(blocks, np.ones((5, 5), int))[:h, :w]
    noise = rng.random(shape) < 0.1
    start[noise] = rng.integers(1, classes + 1, size=noise.sum())
    maps = [start]
    for _ in range(2):
        other = start.copy()
        change = rng.random(shape) < 0.2
        other[change] = rng.integers(1, classes + 1 + absent, size=change.sum())
        maps.append(other)
    for a in maps:
        a[rng.random(shape) < 0.03] = ND
    return [a.astype(np.uint8) for a in maps]


def transitions(start, simulated, assessed, codes):
    return {(c, k): int(np.sum(assessed & (start == c) & (simulated == k)))
            for c in codes for k in codes}


# ---------------------------------------------------------------------------
# Building blocks
# ---------------------------------------------------------------------------

def test_row_envelope_is_the_minimum_over_columns():
    rng = np.random.default_rng(0)
    for _ in range(200):
        width, rows = int(rng.integers(1, 30)), int(rng.integers(1, 6))
        columns = np.sort(rng.choice(width, size=rng.integers(1, width + 1), replace=False))
        gap = rng.integers(0, 15, size=(rows, columns.size))
        expected = np.array([[min((x - q) ** 2 + gap[r, j] ** 2 for j, q in enumerate(columns))
                              for x in range(width)] for r in range(rows)])
        np.testing.assert_array_equal(baselines.row_envelope(gap * gap, columns, width),
                                      expected)


@pytest.mark.parametrize("collect", [0, 1, 3, 1 << 18])
def test_smallest_keys_selects_exactly_the_n_smallest(monkeypatch, collect):
    monkeypatch.setattr(baselines, "COLLECT_CELLS", collect)
    rng = np.random.default_rng(collect)
    cells = 3000
    group = rng.integers(0, 3, size=cells)
    primary = rng.integers(0, 40, size=cells).astype(np.uint64)   # many ties
    primary[group == 2] = 0                                         # a draw-only group
    index = rng.permutation(cells).astype(np.uint64)
    need = [int((group == 0).sum()) // 3, 1, int((group == 2).sum())]
    steps = [1, 1, 0]
    select = baselines.SmallestKeys(need, np.bincount(group), [6, 6, 0], 9, steps)
    chunks = np.array_split(np.arange(cells), 7)                   # "strips"
    while select.pending():
        for chunk in chunks:
            for g in range(3):
                mine = chunk[group[chunk] == g]
                select.scan(g, None if g == 2 else primary[mine], index[mine])
        select.finish_pass()
    if collect == 0:
        assert select.passes > 2
    for g in range(3):
        mine = np.flatnonzero(group == g)
        keys = sorted((int(primary[i]), draw(9, steps[g], int(index[i])), i) for i in mine)
        expected = sorted(i for _p, _d, i in keys[:need[g]])
        chosen = select.selected(g, None if g == 2 else primary[mine], index[mine])
        assert sorted(mine[chosen]) == expected


# ---------------------------------------------------------------------------
# Maps worked out by hand
# ---------------------------------------------------------------------------

def test_one_row_targets_in_ascending_code(tmp_path):
    # class-1 cells at x = 1, 2, 3 and 5, 6, 7; class 2 at x = 0, class 3 at x = 4.
    # The simulation turns three class-1 cells into 2 and two into 3.
    start = [[2, 1, 1, 1, 3, 1, 1, 1]]
    simulated = [[2, 3, 3, 2, 3, 2, 2, 1]]
    paths = write_maps(tmp_path, start, start, simulated)
    maps = built(paths, seed=3)
    # target 2 first: the class-1 cells nearest to x = 0 are x = 1, 2, 3 (x = 3
    # is as near to class 3, but 2 comes first); target 3 then takes the
    # nearest free cells to x = 4: x = 5 and 6
    np.testing.assert_array_equal(maps["nearest"], [[2, 2, 2, 2, 3, 3, 3, 1]])
    # random: the class-1 cells in increasing draw order, 3 to class 2, 2 to class 3
    order = sorted([1, 2, 3, 5, 6, 7], key=lambda x: draw(3, 0, x))
    expected = np.array(start[0])
    expected[order[:3]] = 2
    expected[order[3:5]] = 3
    np.testing.assert_array_equal(maps["random"], [expected])


def test_ties_at_equal_distance_follow_the_draw(tmp_path):
    start = [[1, 1, 1, 2, 1, 1, 1, 1]]
    simulated = [[1, 1, 1, 2, 1, 1, 1, 2]]     # one cell 1 -> 2
    paths = write_maps(tmp_path, start, start, simulated)
    winners = set()
    for seed in range(8):
        # x = 2 and x = 4 are both one cell from the class-2 cell
        winner = min((2, 4), key=lambda x: draw(seed, 1, x))
        expected = np.array(start[0])
        expected[winner] = 2
        np.testing.assert_array_equal(built(paths, seed)["nearest"], [expected])
        winners.add(winner)
    assert winners == {2, 4}


def test_distance_is_euclidean_between_cell_centres(tmp_path):
    start = np.ones((5, 5), np.uint8)
    start[0, 0] = 2
    simulated = start.copy()
    simulated[4, 2:5] = 2                         # three cells 1 -> 2, far away
    maps = built(write_maps(tmp_path, start, start, simulated), seed=1)
    # squared distances 1, 1 and 2: (0, 1), (1, 0), (1, 1); (0, 2) and (2, 0)
    # are at 4 (Manhattan distance would tie them with (1, 1))
    expected = np.ones((5, 5), int)
    expected[0, 0] = expected[0, 1] = expected[1, 0] = expected[1, 1] = 2
    np.testing.assert_array_equal(maps["nearest"], expected)


def test_patches_outside_the_assessed_cells_count(tmp_path):
    start = [[2, 1, 1, 1, 1, 1, 1, 1]]
    observed = [[ND, 1, 1, 1, 1, 1, 1, 1]]         # the class-2 cell is not assessed
    simulated = [[2, 1, 1, 1, 1, 1, 1, 2]]
    paths = write_maps(tmp_path, start, observed, simulated)
    for seed in range(5):
        maps = built(paths, seed)
        np.testing.assert_array_equal(maps["nearest"], [[ND, 2, 1, 1, 1, 1, 1, 1]])
        assert (maps["random"] == 2).sum() == 1 and maps["random"][0, 0] == ND


def test_a_class_new_to_the_start_map_is_placed_by_the_draw(tmp_path):
    start = [[1] * 8]
    simulated = [[1, 1, 2, 1, 1, 1, 1, 2]]
    maps = built(write_maps(tmp_path, start, start, simulated), seed=5)
    for name, step in (("random", 0), ("nearest", 1)):
        order = sorted(range(8), key=lambda x: draw(5, step, x))
        expected = np.ones(8, int)
        expected[order[:2]] = 2
        np.testing.assert_array_equal(maps[name], [expected])


# ---------------------------------------------------------------------------
# The reference on random maps
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("case,classes,absent,collect,strip", [
    (0, 3, False, None, None),
    (1, 4, False, None, None),
    (2, 4, True, None, None),
    (3, 4, False, 2, 3),           # histogram passes, 3-row strips
    (4, 3, True, 0, 7),
])
def test_baselines_match_the_reference(tmp_path, monkeypatch, case, classes, absent, collect,
                                       strip):
    if collect is not None:
        monkeypatch.setattr(baselines, "COLLECT_CELLS", collect)
    if strip is not None:
        monkeypatch.setattr(raster, "strip_rows", lambda grid, block_rows=1: strip)
    start, observed, simulated = random_maps(case, classes=classes, absent=absent)
    maps = built(write_maps(tmp_path, start, observed, simulated), seed=case)
    expected = reference(start, observed, simulated, seed=case)
    assessed = (start != ND) & (observed != ND) & (simulated != ND)
    codes = sorted(set(np.unique(np.stack([start, observed, simulated]))) - {ND})
    for name in baselines.NAMES:
        np.testing.assert_array_equal(maps[name], expected[name])
        assert (maps[name] != ND).sum() == assessed.sum()
        # the simulation's transition counts, hence its class totals
        assert transitions(start, maps[name], assessed, codes) == \
            transitions(start, simulated, assessed, codes)
    assert (maps["random"] != maps["nearest"]).any()


def test_more_than_127_classes(tmp_path):
    # 2K + 1 state values no longer fit a byte: the work raster is UInt16
    rng = np.random.default_rng(1)
    start = rng.integers(1, 151, size=(20, 20)).astype(np.uint8)
    observed = start.copy()
    observed[rng.random(start.shape) < 0.3] = 7
    simulated = start.copy()
    change = rng.random(start.shape) < 0.3
    simulated[change] = rng.integers(1, 151, size=change.sum())
    maps = built(write_maps(tmp_path, start, observed, simulated), seed=2)
    expected = reference(start, observed, simulated, seed=2)
    for name in baselines.NAMES:
        np.testing.assert_array_equal(maps[name], expected[name])


def test_same_seed_same_maps_and_report_bytes(tmp_path):
    start, observed, simulated = random_maps(7)
    paths = write_maps(tmp_path / "in", start, observed, simulated)
    first, second = built(paths, seed=4), built(paths, seed=4)
    other = built(paths, seed=5)
    for name in baselines.NAMES:
        np.testing.assert_array_equal(first[name], second[name])
    assert (first["random"] != other["random"]).any()
    reports = []
    for out in ("a", "b"):
        run_accuracy(*paths, seed=4, output_report=str(tmp_path / out / "report.csv"),
                     output_map=str(tmp_path / out / "map.tif"))
        reports.append(open(tmp_path / out / "report.csv", "rb").read())
    assert reports[0] == reports[1]


def test_strip_size_does_not_matter(tmp_path, monkeypatch):
    start, observed, simulated = random_maps(8, shape=(37, 23))
    paths = write_maps(tmp_path, start, observed, simulated)
    whole = built(paths, seed=2)
    monkeypatch.setattr(raster, "strip_rows", lambda grid, block_rows=1: 4)
    monkeypatch.setattr(baselines, "ENVELOPE_CELLS", 30)        # 1-row envelope blocks
    strips = built(paths, seed=2)
    for name in baselines.NAMES:
        np.testing.assert_array_equal(whole[name], strips[name])


# ---------------------------------------------------------------------------
# Scores on the model's cells
# ---------------------------------------------------------------------------

def second_scorer(initial, observed, mapped, keep):
    """FoM, Kappa, OA and A/B/C/D of a map on the cells ``keep``."""
    i, o, m = initial[keep], observed[keep], mapped[keep]
    a = int(np.sum((i != o) & (m == i)))
    b = int(np.sum((i != o) & (m != i) & (m == o)))
    c = int(np.sum((i != o) & (m != i) & (m != o)))
    d = int(np.sum((i == o) & (m != i)))
    oa = float(np.mean(m == o))
    pe = sum(np.mean(m == v) * np.mean(o == v) for v in np.unique(np.concatenate([o, m])))
    return {"fom": b / (a + b + c + d), "kappa": (oa - pe) / (1 - pe),
            "overall_accuracy": oa, "a": a, "b": b, "c": c, "d": d}


@pytest.mark.parametrize("rate", [None, 0.4])
def test_baselines_are_scored_on_the_model_cells(tmp_path, rate):
    start, observed, simulated = random_maps(9)
    paths = write_maps(tmp_path, start, observed, simulated)
    progress = Progress()
    result = assess_accuracy(*paths, sampling_rate=rate, seed=6, progress=progress)
    maps = reference(start, observed, simulated, seed=6)
    keep = (start != ND) & (observed != ND) & (simulated != ND)
    if rate:
        draws = lcr.uniform(6, lcr.SAMPLE, 2, np.arange(start.size), np.float64)
        keep &= draws.reshape(start.shape) < rate
    model = second_scorer(start, observed, simulated, keep)
    assert result.fom == pytest.approx(model["fom"])
    assert set(result.baselines) == {"random", "nearest"}
    for name, score in result.baselines.items():
        expected = second_scorer(start, observed, maps[name], keep)
        assert (score.a, score.b, score.c, score.d) == tuple(expected[x] for x in "abcd")
        for stat in ("fom", "kappa", "overall_accuracy"):
            assert getattr(score, stat) == pytest.approx(expected[stat])
        assert score.fom_multiple == pytest.approx(model["fom"] / expected["fom"])
        assert score.confusion.sum() == keep.sum()
    line = [t for t in progress.infos if t.startswith("Baselines on the same cells")][0]
    assert "random allocation FoM %.4f" % result.baselines["random"].fom in line
    assert "nearest to existing patches FoM %.4f" % result.baselines["nearest"].fom in line
    assert "the model's FoM is %.2fx the random" % result.baselines["random"].fom_multiple \
        in line


def test_a_perfect_simulation_beats_both_baselines(tmp_path):
    start, observed, _simulated = random_maps(10)
    paths = write_maps(tmp_path, start, observed, observed)
    result = assess_accuracy(*paths)
    assert result.fom == 1.0
    for score in result.baselines.values():
        assert score.fom < 1.0 and score.fom_multiple == pytest.approx(1.0 / score.fom)
        assert score.a == score.d        # same change per class: misses = false alarms


def test_report_rows(tmp_path):
    start, observed, simulated = random_maps(11)
    paths = write_maps(tmp_path / "in", start, observed, simulated)
    with_b = run_accuracy(*paths, output_report=str(tmp_path / "b" / "report.csv"))
    run_accuracy(*paths, baselines=False, output_report=str(tmp_path / "n" / "report.csv"))
    rows_b = read_csv(tmp_path / "b" / "report.csv")
    rows_n = read_csv(tmp_path / "n" / "report.csv")
    # every row of the report without baselines is still there, in order
    assert [r for r in rows_b if "baseline" not in r["statistic"]] == rows_n
    assert list(rows_b[0]) == list(rows_n[0])
    values = {r["statistic"]: r for r in rows_b}
    for name, score in with_b.baselines.items():
        assert float(values["fom_baseline_%s" % name]["value"]) == pytest.approx(score.fom)
        assert float(values["kappa_baseline_%s" % name]["value"]) == pytest.approx(score.kappa)
        assert float(values["overall_accuracy_baseline_%s" % name]["value"]) == \
            pytest.approx(score.overall_accuracy)
        assert int(values["b_hits_baseline_%s" % name]["value"]) == score.b
        assert float(values["fom_multiple_of_baseline_%s" % name]["value"]) == \
            pytest.approx(with_b.fom / score.fom)


def test_baselines_off(tmp_path):
    paths = write_maps(tmp_path, *random_maps(12))
    progress = Progress()
    result = assess_accuracy(*paths, baselines=False, progress=progress)
    assert result.baselines == {}
    assert not [t for t in progress.infos if "aseline" in t]


def test_undefined_multiple_when_the_simulation_changes_nothing(tmp_path):
    start, observed, _s = random_maps(13)
    paths = write_maps(tmp_path, start, observed, start)
    progress = Progress()
    result = assess_accuracy(*paths, progress=progress)
    # no simulated change: the baselines are the start map, FoM 0 everywhere
    assert result.fom == 0.0
    for score in result.baselines.values():
        assert score.fom == 0.0 and score.fom_multiple is None
    assert any("as a multiple of the random baseline's is undefined" in t
               for t in progress.infos)


# ---------------------------------------------------------------------------
# Temporary files and bad input
# ---------------------------------------------------------------------------

def leftovers(folder):
    return [f for f in listdir(folder) if f.startswith(".landcarbon-baselines-")]


def test_nothing_left_after_success_error_and_cancel(tmp_path, monkeypatch):
    paths = write_maps(tmp_path / "in", *random_maps(14))
    system_temp = tmp_path / "system"
    system_temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(system_temp))
    out = tmp_path / "out"
    run_accuracy(*paths, output_report=str(out / "report.csv"))
    assert listdir(out) == ["report.csv"]
    assess_accuracy(*paths)                               # no output: the system's temp folder
    assert listdir(system_temp) == []

    def broken(*_args, **_kwargs):
        raise MemoryError("out of memory in the envelope")
    with monkeypatch.context() as patch:
        patch.setattr(baselines, "row_envelope", broken)
        with pytest.raises(MemoryError):
            run_accuracy(*paths, output_report=str(tmp_path / "err" / "report.csv"),
                         output_map=str(tmp_path / "err" / "map.tif"))
    assert listdir(tmp_path / "err") == []

    seen = []

    def report(fraction, _message):
        seen.append(fraction)
    cancel = Progress(report=report, cancelled=lambda: bool(seen) and seen[-1] > 0.5)
    with pytest.raises(Cancelled):
        run_accuracy(*paths, output_report=str(tmp_path / "cancel" / "report.csv"),
                     progress=cancel)
    assert 0.5 < seen[-1] < 0.8          # inside the baselines
    assert listdir(tmp_path / "cancel") == []
    assert listdir(system_temp) == [] and leftovers(tmp_path / "in") == []


def test_grid_too_large_for_the_nearest_baseline(tmp_path):
    start = np.ones((1, 65537), np.uint8)
    simulated = start.copy()
    simulated[0, 0] = 2
    paths = write_maps(tmp_path / "in", start, start, simulated)
    with pytest.raises(LandCarbonError, match="65537 x 1 cells.*Switch BASELINES off"):
        run_accuracy(*paths, output_report=str(tmp_path / "out" / "report.csv"))
    assert listdir(tmp_path / "out") == []
    result = run_accuracy(*paths, baselines=False)
    assert result.baselines == {} and result.d == 1
