"""core/leas/toc.py: the AUC against scikit-learn's roc_auc_score, the TOC
against a brute-force threshold sweep written here, the TOC's area against
the AUC (Pontius & Si 2014), hand cases; strips, chunks and Dask give the
same counts; the leas step's AUC and TOC outputs."""

import dataclasses
import os

import numpy as np
import pytest
from helpers import listdir, read_csv, write_raster
from test_leas import Planted, outputs

from landcarbon.core import leas
from landcarbon.core.common import raster
from landcarbon.core.common.errors import LandCarbonError
from landcarbon.core.common.landmap import open_landuse
from landcarbon.core.common.progress import Progress
from landcarbon.core.leas.toc import BINS, IN_SAMPLE, OUT_OF_SAMPLE, probability_skill

ND = 255
CODES = [1, 2, 5]


def write_case(folder, p, first, second):
    """The probability stack (float32, FLOAT32_NODATA where the second map
    is nodata) and the two maps."""
    os.makedirs(folder, exist_ok=True)
    p = np.where((second == ND)[None], raster.FLOAT32_NODATA, p).astype(np.float32)
    prob = write_raster(os.path.join(folder, "p.tif"), p, nodata=raster.FLOAT32_NODATA)
    a = write_raster(os.path.join(folder, "a.tif"), first.astype(np.uint8), nodata=ND)
    b = write_raster(os.path.join(folder, "b.tif"), second.astype(np.uint8), nodata=ND)
    return prob, a, b


def random_case(rng, shape=(41, 37), grid=None):
    """Maps of the codes CODES with nodata, probabilities either continuous
    (many values per bin) or multiples of 1 / ``grid``."""
    first = rng.choice(CODES, size=shape)
    second = np.where(rng.random(shape) < 0.3, rng.choice(CODES, size=shape), first)
    first[0, :4] = ND
    second[3, 3:9] = ND
    p = rng.random((len(CODES),) + shape)
    # gains more likely where P is high: a skilful but imperfect P
    for c, code in enumerate(CODES):
        p[c] = np.clip(0.6 * p[c] + 0.4 * (second == code) * rng.random(shape), 0, 1)
    p[:, :5, :5] = 0.0
    p[:, 5:8, :5] = 1.0
    if grid:
        p = np.round(p * grid) / grid
    return p.astype(np.float32), first, second


def skill_of(paths, **kwargs):
    prob, a, b = paths
    return probability_skill(raster.open_band(prob), open_landuse(a), open_landuse(b),
                             CODES, **kwargs)


def candidates(p, first, second, c):
    """P of the candidates of class c and which of them are gains."""
    code = CODES[c]
    cand = (first != ND) & (second != ND) & (first != code)
    return p[c][cand].astype(np.float64), second[cand] == code


@pytest.mark.parametrize("grid", [20, None])
def test_auc_equals_roc_auc_score(tmp_path, grid):
    from sklearn.metrics import roc_auc_score
    p, first, second = random_case(np.random.default_rng(grid or 1), grid=grid)
    skill = skill_of(write_case(tmp_path, p, first, second))
    for c, cls in enumerate(skill.classes):
        values, positive = candidates(p, first, second, c)
        expected = roc_auc_score(positive, values)
        assert cls.gains == positive.sum() and cls.candidates == positive.size
        if grid:
            assert cls.auc == pytest.approx(expected, abs=1e-12) and cls.auc_error_max == 0
        else:
            assert abs(cls.auc - expected) <= cls.auc_error_max + 1e-12
            assert cls.auc_error_max < 1e-3


def test_toc_points_equal_a_threshold_sweep(tmp_path):
    p, first, second = random_case(np.random.default_rng(7), grid=50)
    skill = skill_of(write_case(tmp_path, p, first, second))
    for c, cls in enumerate(skill.classes):
        values, positive = candidates(p, first, second, c)
        assert cls.points[0] == (None, 0, 0)
        thresholds = sorted(set(np.floor(values * BINS) / BINS), reverse=True)
        assert [t for t, _d, _h in cls.points[1:]] == thresholds
        for t, diagnosed, hits in cls.points[1:]:
            flagged = values >= t
            assert diagnosed == flagged.sum() and hits == (flagged & positive).sum()
        # the area under the TOC above the minimum curve is A N AUC
        x = np.array([d for _t, d, _h in cls.points], float)
        y = np.array([h for _t, _d, h in cls.points], float)
        area = np.sum((x[1:] - x[:-1]) * (y[1:] + y[:-1]) / 2)
        a, n = cls.gains, cls.negatives
        assert (area - a * a / 2.0) / (a * n) == pytest.approx(cls.auc, abs=1e-12)


def test_auc_and_toc_by_hand(tmp_path):
    """One row of candidates of class 2, P = .9 .8 .7 .6 .5 .4, gains at
    .9 and .7: the gain at .9 ranks above the 4 negatives, the one at .7
    above 3 of them -> AUC 7/8; a tie (.5 gain and .5 negative) counts
    half."""
    first = np.array([[1, 1, 1, 1, 1, 1, 1, 1]])
    second = np.array([[2, 1, 2, 1, 1, 1, 2, 1]])
    p = np.zeros((3, 1, 8), np.float32)
    p[1, 0] = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.3]
    skill = skill_of(write_case(tmp_path, p, first, second))
    cls = skill.classes[1]
    assert (cls.candidates, cls.gains) == (8, 3)
    # gains .9 (beats 5 negatives), .7 (beats 4), .3 (ties one .3 negative: 1/2)
    assert cls.auc == pytest.approx((5 + 4 + 0.5) / 15)
    assert [(d, h) for _t, d, h in cls.points] == [(0, 0), (1, 1), (2, 1), (3, 2), (4, 2),
                                                  (5, 2), (6, 2), (8, 3)]
    assert skill.classes[0].gains == 0 and skill.classes[0].auc is None    # nothing became 1


def test_thinned_toc_keeps_exact_points(tmp_path):
    from landcarbon.core.leas import toc
    p, first, second = random_case(np.random.default_rng(3), shape=(120, 110))
    paths = write_case(tmp_path, p, first, second)
    original = toc.TOC_POINTS
    try:
        toc.TOC_POINTS = BINS + 2
        full = skill_of(paths)
        toc.TOC_POINTS = 25
        thin = probability_skill(raster.open_band(paths[0]), open_landuse(paths[1]),
                                 open_landuse(paths[2]), CODES)
    finally:
        toc.TOC_POINTS = original
    for a, b in zip(full.classes, thin.classes):
        assert len(b.points) <= 25 and b.points[-1] == a.points[-1]
        assert set(b.points) <= set(a.points) and b.auc == a.auc


def test_same_counts_for_any_strip_height(tmp_path, monkeypatch):
    p, first, second = random_case(np.random.default_rng(5))
    paths = write_case(tmp_path, p, first, second)
    whole = skill_of(paths)
    monkeypatch.setattr(raster, "strip_rows", lambda grid, block_rows=1: 3)
    strips = skill_of(paths)
    assert strips == whole


def test_toc_on_dask_equals_one_machine(tmp_path, dask_cluster):
    p, first, second = random_case(np.random.default_rng(9), shape=(61, 53))
    paths = write_case(tmp_path, p, first, second)
    here = skill_of(paths)
    for chunks in ((16, 16), (13, 29)):
        cluster = dataclasses.replace(dask_cluster, chunk_rows=chunks[0], chunk_cols=chunks[1])
        assert skill_of(paths, cluster=cluster) == here


# ---------------------------------------------------------------------------
# The leas step
# ---------------------------------------------------------------------------

def next_map(case, folder):
    """A third map: more cells of the start class become 2 in the east, 4
    in the west, as in the training interval."""
    rng = np.random.default_rng(4)
    nxt = case.end_array.copy()
    change = (rng.random(nxt.shape) < 0.3) & (nxt == 1)
    nxt[change & (case.A > 50)] = 2
    nxt[change & (case.A <= 50)] = 4
    return write_raster(os.path.join(folder, "next.tif"), nxt, nodata=255)


def test_leas_writes_the_skill_out_of_sample(tmp_path):
    case = Planted(str(tmp_path / "in"))
    nxt = next_map(case, str(tmp_path / "in"))
    out = str(tmp_path / "out")
    progress = Progress()
    leas.run_leas(case.start, case.end, [case.stack], os.path.join(out, "p.tif"),
                  settings=leas.LeasSettings(sampling_rate=0.5, trees=10), landuse_next=nxt,
                  output_auc=os.path.join(out, "auc.csv"), output_toc=os.path.join(out, "toc.csv"),
                  output_toc_chart=os.path.join(out, "toc.png"), progress=progress,
                  **outputs(out))
    rows = {int(r["code"]): r for r in read_csv(os.path.join(out, "auc.csv"))}
    assert {r["evaluation"] for r in rows.values()} == {OUT_OF_SAMPLE}
    assert rows[2]["from_map"] == "end.tif" and rows[2]["to_map"] == "next.tif"
    # the planted drivers say where 2 and 4 grow (not whether a cell changes, which
    # is random here): well above 0.5, below 1
    assert 0.75 < float(rows[2]["auc"]) < 1 and 0.75 < float(rows[4]["auc"]) < 1
    assert rows[1]["auc"] == "" and rows[1]["note"].startswith("no gain")
    toc = read_csv(os.path.join(out, "toc.csv"))
    assert {int(r["code"]) for r in toc} == {1, 2, 3, 4}
    assert os.path.getsize(os.path.join(out, "toc.png")) > 1000
    assert any(line.startswith("AUC of the probabilities against the gains end.tif -> "
                               "next.tif (out of sample)") for line in progress.infos)


def test_leas_without_next_map_is_in_sample_and_says_so(tmp_path):
    case = Planted(str(tmp_path / "in"))
    out = str(tmp_path / "out")
    progress = Progress()
    leas.run_leas(case.start, case.end, [case.stack], os.path.join(out, "p.tif"),
                  settings=leas.LeasSettings(sampling_rate=0.5, trees=10),
                  output_auc=os.path.join(out, "auc.csv"), progress=progress)
    rows = read_csv(os.path.join(out, "auc.csv"))
    assert {r["evaluation"] for r in rows} == {IN_SAMPLE}
    assert any("(in sample), which flatters the model" in w for w in progress.warnings)


def test_single_map_without_next_map_is_refused_before_work(tmp_path):
    case = Planted(str(tmp_path / "in"))
    out = str(tmp_path / "out")
    with pytest.raises(LandCarbonError, match="give LANDUSE_NEXT"):
        leas.run_leas(None, case.end, [case.stack], os.path.join(out, "p.tif"),
                      output_toc=os.path.join(out, "toc.csv"))
    assert listdir(out) == []
